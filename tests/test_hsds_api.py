"""The Open Referral HSDS 3 API at /hsds/ (issue 18 item 3) and the HSDS export, against the official schemas.

Every answer is validated with the compiled JSON Schemas of HSDS 3.0 (``../shared/hsds3``, copied unchanged
from openreferral/specification) and formats checked; expected contents come from SQL and the PC4 table.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import os
from pathlib import Path

import jsonschema
import pytest
from pyproj import Transformer
from sqlalchemy import text

from wijkkaart import create_app
from wijkkaart.invoer.geocoding import Keten, Pc4Tabel
from wijkkaart.kern.settings import default_data_dir
from wijkkaart.opslag.engine import make_engine

from .helpers import haarlem_met_voorbeeldaanbod, wijkkaart_cli

NAAR_RD = Transformer.from_crs("OGC:CRS84", "EPSG:28992", always_xy=True)


@pytest.fixture
def haarlem_url(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    with engine.begin() as c:
        # Private contact details (no consent) must stay out; published ones must be there.
        c.execute(
            text(
                "UPDATE aanbod SET telefoon = '023 111 1111', email = 'prive@example.org', contact_openbaar = :nee "
                "WHERE naam = 'Huiskamer bij Ans'"
            ),
            {"nee": False},
        )
        c.execute(
            text("UPDATE aanbod SET telefoon = '023 222 2222', contact_openbaar = :ja WHERE soort = 'inloopspreekuur'"),
            {"ja": True},
        )
        # An organisation behind the walk-in hour: the organisation endpoints and the export must carry it validly.
        c.execute(
            text(
                "INSERT INTO organisatie (bron, naam, kvk, website, voorbeeld) "
                "VALUES ('voorbeeld', 'Sociaal Wijkteam Haarlem', '12345678', 'https://wijkteam.example', :ja)"
            ),
            {"ja": True},
        )
        c.execute(
            text(
                "UPDATE aanbod SET organisatie_id = (SELECT id FROM organisatie WHERE naam = 'Sociaal Wijkteam Haarlem') "
                "WHERE soort = 'inloopspreekuur'"
            )
        )
        # A change in the trail after everything else: modified_after must single it out.
        aanbod_id = c.execute(text("SELECT id FROM aanbod WHERE soort = 'inloopspreekuur'")).scalar_one()
        c.execute(
            text(
                "INSERT INTO wijziging (moment, gebruiker_naam, soort, item_id, actie, veld, oud, nieuw) "
                "VALUES ('2030-05-01 10:00:00', 'test', 'aanbod', :id, 'gewijzigd', 'naam', 'a', 'b')"
            ),
            {"id": aanbod_id},
        )
    engine.dispose()
    return database_url


@pytest.fixture
def client(haarlem_url, shared_data):
    app = create_app({"DATABASE_URL": haarlem_url, "TESTING": True})
    app.extensions["wijkkaart.geocoders"]["vinder"] = Keten([Pc4Tabel.laad(shared_data / "nl_pc4_4pp_2014.csv")])
    return app.test_client()


def _validator(naam: str, shared_data) -> jsonschema.Draft202012Validator:
    schema = json.loads((shared_data.parent / "hsds3" / "schema" / "compiled" / f"{naam}.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _geldig(validator, record) -> None:
    fouten = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(record)]
    assert not fouten, fouten


@functools.cache
def _officiele_page() -> dict:
    """The paging envelope of the official HSDS 3 OpenAPI document (next to the shared data, as the fixture finds it)."""
    data = Path(os.environ.get("WIJKKAART_DATA_DIR") or default_data_dir())
    openapi = json.loads((data.parent / "hsds3" / "schema" / "openapi.json").read_text("utf-8"))
    return openapi["components"]["schemas"]["Page"]


PAGE = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")


def _pagina(client, pad, **params) -> dict:
    antwoord = client.get(pad, query_string=params)
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    data = antwoord.get_json()
    assert set(PAGE) <= set(data) and data["size"] == len(data["contents"])
    # The envelope as the official HSDS 3 OpenAPI document defines it (components.schemas.Page).
    _geldig(jsonschema.Draft202012Validator(_officiele_page()), data)
    return data


def test_every_answer_validates_against_the_official_compiled_schemas(client, shared_data):
    info = client.get("/hsds/").get_json()
    assert info["version"].startswith("3.0") and info["openapi_url"].endswith("/hsds/openapi.json")
    lijst = _pagina(client, "/hsds/services", per_page=500)
    assert lijst["total_items"] >= 3
    for s in lijst["contents"]:
        _geldig(_validator("service_list", shared_data), s)
        _geldig(_validator("service", shared_data), client.get(f"/hsds/services/{s['id']}").get_json())
    for s in _pagina(client, "/hsds/services", full="true")["contents"]:
        _geldig(_validator("service", shared_data), s)
    for sal in _pagina(client, "/hsds/service_at_locations")["contents"]:
        _geldig(_validator("service_at_location_list", shared_data), sal)
    for sal in _pagina(client, "/hsds/service_at_locations", full="true")["contents"]:
        _geldig(_validator("service_at_location", shared_data), sal)
    organisaties = _pagina(client, "/hsds/organizations")["contents"]
    assert [o["name"] for o in organisaties] == ["Sociaal Wijkteam Haarlem"]
    for o in organisaties:
        _geldig(_validator("organization_list", shared_data), o)
        _geldig(_validator("organization", shared_data), client.get(f"/hsds/organizations/{o['id']}").get_json())
    assert client.get("/hsds/services/bestaat-niet").status_code == 404


def test_postcode_and_proximity_give_the_nearest_within_the_distance(client, shared_data):
    with (shared_data / "nl_pc4_4pp_2014.csv").open(encoding="utf-8") as f:
        rij = next(r for r in csv.DictReader(f) if r["postcode"] == "2011")
    midden = NAAR_RD.transform(float(rij["longitude"]), float(rij["latitude"]))
    alle = _pagina(client, "/hsds/service_at_locations", per_page=500)["contents"]

    def afstand(sal):
        x, y = NAAR_RD.transform(sal["location"]["longitude"], sal["location"]["latitude"])
        return math.hypot(x - midden[0], y - midden[1])

    grens = sorted(afstand(s) for s in alle)[len(alle) // 2] + 1  # about half of them are inside
    dichtbij = _pagina(client, "/hsds/service_at_locations", postcode="2011", proximity=round(grens), per_page=500)
    verwacht = sorted((s["id"] for s in alle if afstand(s) <= round(grens)), key=lambda i: i)
    assert sorted(s["id"] for s in dichtbij["contents"]) == verwacht and 0 < len(verwacht) < len(alle)
    afstanden = [s["x_wijkkaart_afstand_m"] for s in dichtbij["contents"]]
    assert afstanden == sorted(afstanden)
    assert all(abs(s["x_wijkkaart_afstand_m"] - afstand(s)) < 2 for s in dichtbij["contents"])
    onbekend = client.get("/hsds/service_at_locations", query_string={"postcode": "1004AB"})
    assert onbekend.status_code == 404 and "1004AB" in onbekend.get_json()["description"]


def test_taxonomy_term_and_modified_after_select_like_sql(client, haarlem_url):
    termen = _pagina(client, "/hsds/taxonomy_terms", per_page=500)["contents"]
    ontmoeten = next(t for t in termen if t["taxonomy"] == "wijkkaart:thema" and t["code"] == "ontmoeten")
    gekozen = _pagina(client, "/hsds/services", taxonomy_term_id=ontmoeten["id"], per_page=500)["contents"]
    engine = make_engine(haarlem_url)
    with engine.connect() as c:
        namen = c.execute(
            text(
                "SELECT a.naam FROM aanbod a JOIN aanbod_thema t ON t.aanbod_id = a.id "
                "WHERE t.thema = 'ontmoeten' AND NOT a.gearchiveerd"
            )
        ).scalars()
        verwacht = sorted(namen)
    engine.dispose()
    assert sorted(s["name"] for s in gekozen) == verwacht and verwacht
    recent = _pagina(client, "/hsds/services", modified_after="2030-01-01T00:00:00Z")["contents"]
    assert [s["name"] for s in recent] == ["Inloop wijkteam"]
    assert recent[0]["last_modified"] == "2030-05-01T10:00:00Z"
    assert _pagina(client, "/hsds/services", modified_after="2031-01-01")["empty"] is True


def test_masked_addresses_and_private_contacts_never_leave(client):
    teksten = [
        client.get(pad, query_string={"full": "true", "per_page": 500}).get_data(as_text=True)
        for pad in ("/hsds/services", "/hsds/service_at_locations", "/hsds/organizations")
    ]
    teksten += [
        client.get(f"/hsds/organizations/{o['id']}").get_data(as_text=True)
        for o in _pagina(client, "/hsds/organizations")["contents"]
    ]
    alles = "\n".join(teksten)
    for geheim in ("Privéweg", "Priv\\u00e9weg", "2011AB", "023 111 1111", "prive@example.org"):
        assert geheim not in alles, geheim
    assert "023 222 2222" in alles  # published with consent


@pytest.mark.parametrize(
    ("params", "woord"),
    [
        ({"per_page": "0"}, "per_page"),
        ({"page": "x"}, "page"),
        ({"modified_after": "gisteren"}, "modified_after"),
        ({"format": "ndjson"}, "format"),
    ],
)
def test_bad_parameters_are_named(client, params, woord):
    antwoord = client.get("/hsds/services", query_string=params)
    assert antwoord.status_code == 400 and woord in antwoord.get_json()["description"]


def test_paging_envelope_counts_pages(client):
    eerste = _pagina(client, "/hsds/services", per_page=1)
    assert eerste["total_pages"] == eerste["total_items"] and eerste["first_page"] and not eerste["last_page"]
    laatste = _pagina(client, "/hsds/services", per_page=1, page=eerste["total_items"])
    assert laatste["last_page"] and laatste["size"] == 1
    voorbij = _pagina(client, "/hsds/services", per_page=1, page=eerste["total_items"] + 1)
    assert voorbij["size"] == 0 and voorbij["contents"] == []


def test_the_hsds_export_validates_too(haarlem_url, shared_data, tmp_path):
    uit = tmp_path / "aanbod.json"
    proces = wijkkaart_cli("--database", haarlem_url, "export-aanbod", str(uit), "--formaat", "hsds-json")
    assert proces.returncode == 0, proces.stderr
    data = json.loads(uit.read_text("utf-8"))
    assert any(s.get("organization") for s in data["services"])  # an organisation is checked too
    for s in data["services"]:
        _geldig(_validator("service", shared_data), s)


def test_the_openapi_document_is_valid_with_the_official_schemas(client, shared_data):
    from openapi_spec_validator import validate

    document = client.get("/hsds/openapi.json").get_json()
    lokaal = (shared_data.parent / "hsds3" / "schema" / "compiled").as_uri() + "/"
    validate(
        json.loads(
            json.dumps(document).replace(
                "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/", lokaal
            )
        )
    )
    assert set(document["paths"]) >= {"/", "/services", "/services/{id}", "/service_at_locations", "/organizations"}
