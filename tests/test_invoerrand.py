"""Input at the edge: control characters, overlong texts and return targets, the same on SpatiaLite and PostGIS."""

from __future__ import annotations

import csv
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from wijkkaart import create_app
from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.opslag.engine import make_engine
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodThema
from wijkkaart.opslag.tabellen.inzending import Inzending
from wijkkaart.web.taal import veilige_terugweg

from .bewerkhulp import csrf, log_in, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod, haarlem_punten, wijkkaart_cli


@pytest.fixture
def app(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "INZENDING_LIMIET": "100 per minute"})
    maak_accounts(app.extensions["wijkkaart.engine"])
    return app


@pytest.mark.parametrize(
    ("url", "veld"),
    [
        ("/api/v1/aanbod?gemeente=GM0392&thema=%00", "thema"),
        ("/api/v1/locaties?gemeente=GM0392&doelgroep=%00", "doelgroep"),
        ("/zoek?q=2011&thema=ontmoeten%00", "thema"),
        ("/zoek?q=2011%01AB", "q"),
        ("/gemeente/GM0392/gaten?soort=%00", "soort"),
    ],
)
def test_a_control_character_in_a_parameter_is_a_400_naming_it(app, url, veld):
    antwoord = app.test_client().get(url)
    assert antwoord.status_code == 400
    tekst = antwoord.get_json()["fout"] if url.startswith("/api/") else antwoord.get_data(as_text=True)
    assert f"‘{veld}’" in tekst and "stuurteken" in tekst


def test_a_control_character_in_a_form_is_refused_and_nothing_is_stored(app):
    client = app.test_client()
    engine = app.extensions["wijkkaart.engine"]
    with engine.connect() as c:
        voor = c.scalar(select(func.count()).select_from(Inzending))
    antwoord = client.post(
        "/meld",
        data={
            "csrf_token": csrf(client, "/meld"),
            "naam": "Buurt\x00soep",
            "beschrijving": "Soep op\nwoensdag",
            "toestemming": "y",
        },
    )
    assert antwoord.status_code == 400 and "‘naam’" in antwoord.get_data(as_text=True)
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(Inzending)) == voor
    # Logged in, the editors' search too.
    log_in(client, "beheer@example.org")
    assert client.get("/bewerken?q=%00").status_code == 400
    assert client.get("/bewerken?q=soep").status_code == 200


def test_an_import_strips_control_characters_and_rejects_overlong_texts(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    (lon1, lat1), (lon2, lat2), (lon3, lat3) = haarlem_punten(engine, 3, seed=5)
    bestand = tmp_path / "aanbod.csv"
    with bestand.open("w", encoding="utf-8", newline="") as uit:
        schrijver = csv.writer(uit, delimiter=";")
        schrijver.writerow(["id", "naam", "soort", "themas", "beschrijving", "lat", "lon"])
        schrijver.writerow(["n1", "Buurt\x00soep\x07", "activiteit", "ontmoeten", "Elke\twoensdag\nsoep", lat1, lon1])
        schrijver.writerow(["n2", "Lang thema", "activiteit", "t" * 6000, "", lat2, lon2])
        schrijver.writerow(["n3", "N" * 301, "activiteit", "", "", lat3, lon3])
    env = {"WIJKKAART_DATABASE_URL": database_url}
    uit = wijkkaart_cli("import-aanbod", bestand, "--geocoder", "bestand", "--rapport", tmp_path / "r.csv", env=env)
    assert uit.returncode != 0 and "geïmporteerd: 1" in uit.stdout and "afgewezen: 2" in uit.stdout, uit.stdout
    rapport = {(r["rij"], r["veld"]): r for r in lees_rapport(tmp_path / "r.csv")}
    assert rapport[("2", "naam")]["gevolg"] == "geïmporteerd, met waarschuwing"
    assert "stuurtekens" in rapport[("2", "naam")]["reden"]
    # A 6000-character "thema" is no thema of the list: it would be kept as text, which is too long too.
    assert rapport[("3", "trefwoorden")]["gevolg"] == "afgewezen"
    assert "6000 tekens, hoogstens 2000" in rapport[("3", "trefwoorden")]["reden"]
    assert rapport[("4", "naam")]["reden"] == "301 tekens, hoogstens 300"
    with engine.connect() as c:
        namen = {
            r[0]: r[1] for r in c.execute(select(Aanbod.extern_id, Aanbod.beschrijving).where(Aanbod.bron == "aanbod"))
        }
        assert c.scalar(select(Aanbod.naam).where(Aanbod.extern_id == "n1")) == "Buurtsoep"
        assert namen == {"n1": "Elke\twoensdag\nsoep"}  # tab and line break are text, not control characters
        assert c.scalar(select(func.max(func.length(AanbodThema.thema)))) <= 60
    engine.dispose()


# --- return targets of the language switch -------------------------------------------------------------------

SITE = "https://wijkkaart.example/gemeente/GM0392"


def _blijft_op_de_site(doel: str) -> bool:
    """Where a browser would go: the same host, by the WHATWG rule that drops tabs and line breaks."""
    schoon = "".join(t for t in doel if t not in "\t\n\r").replace("\\", "/")
    return urlsplit(urljoin(SITE, schoon)).netloc == "wijkkaart.example"


@pytest.mark.parametrize(
    "doel",
    [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\nLocation: https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        " //evil.example",
        "/%09/evil.example",
        "//／",  # found by the fuzz test in CI: urllib raised on a host that changes under NFKC (a 500)
        "/／evil.example",
        "",
    ],
)
def test_the_language_switch_never_sends_anyone_to_another_site(app, doel):
    client = app.test_client()
    antwoord = client.post("/taal", data={"taal": "en", "terug": doel, "csrf_token": csrf(client, "/")})
    assert antwoord.status_code == 303
    locatie = antwoord.headers["Location"]
    assert _blijft_op_de_site(locatie), locatie


def test_a_path_on_the_site_is_kept():
    assert (
        veilige_terugweg("/gemeente/GM0392?kerncijfer=gatscore#kaart") == "/gemeente/GM0392?kerncijfer=gatscore#kaart"
    )


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*list("/\\:.@evil\t\n\r \x00\x0b%09?#"), "\u3000", "／"]), max_size=16))
def test_fuzzed_return_targets_stay_on_the_site(doel):
    uitkomst = veilige_terugweg(doel)
    assert uitkomst.startswith("/") and not uitkomst.startswith("//")
    assert _blijft_op_de_site(uitkomst), repr(doel)


def test_forms_imports_and_columns_agree_on_every_length():
    """One number per field: a value a form accepts fits the column and imports; the other way round too."""
    from wtforms.validators import Length

    from wijkkaart.kern.tekst import LENGTES
    from wijkkaart.opslag.tabellen import registreer
    from wijkkaart.web import formulieren

    app = create_app({"DATABASE_URL": "sqlite://", "TESTING": True, "WTF_CSRF_ENABLED": False})
    verschillen = []
    with app.test_request_context():
        for formulier in (
            formulieren.AanbodFormulier,
            formulieren.LocatieFormulier,
            formulieren.InitiatiefFormulier,
            formulieren.NieuwAanbodFormulier,
            formulieren.CorrectieFormulier,
        ):
            for naam, veld in formulier().__dict__["_fields"].items():
                grenzen = [v.max for v in veld.validators if isinstance(v, Length) and v.max and v.max > 0]
                if naam in LENGTES and grenzen and grenzen[0] != LENGTES[naam]:
                    verschillen.append(f"{formulier.__name__}.{naam}: {grenzen[0]} ≠ {LENGTES[naam]}")
    for tabel in ("aanbod", "locatie", "organisatie", "inzending"):
        for kolom in registreer().tables[tabel].columns:
            lengte = getattr(kolom.type, "length", None)
            if kolom.name in LENGTES and lengte is not None and lengte < LENGTES[kolom.name]:
                verschillen.append(f"{tabel}.{kolom.name}: kolom {lengte} < {LENGTES[kolom.name]}")
    for tabel, kolom in (("aanbod_thema", "thema"), ("aanbod_doelgroep", "doelgroep")):
        assert registreer().tables[tabel].columns[kolom].type.length == LENGTES["woord"]
    assert not verschillen, verschillen
