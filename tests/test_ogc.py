"""OGC API Features at /ogc/ (issue 18 item 1), read by clients no one here wrote.

GDAL's OAPIF driver from Debian (``ogrinfo``/``ogr2ogr``, GDAL 3.6) reads every
collection, pages over next links, sends bbox and equality filters to the
server; the GDAL bundled with pyogrio (3.7 or newer) also speaks Part 2 and
asks for EPSG:28992. Expected answers come from SQL on the same database, on
SpatiaLite and PostGIS.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import requests
import shapely
from pyproj import Transformer
from sqlalchemy import text

from wijkkaart import create_app
from wijkkaart.kern.vocabulaire import SOORTEN_LOCATIE
from wijkkaart.opslag.engine import make_engine

from .helpers import draaiende_server, haarlem_met_voorbeeldaanbod

RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
LAGEN = ["gemeenten", "wijken", "buurten", "locaties", "aanbod", "gaten"]


@pytest.fixture
def haarlem_url(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    with engine.begin() as c:
        # An archived aanbod must not leave through the API.
        c.execute(text("UPDATE aanbod SET gearchiveerd = :ja WHERE naam = 'Inloop wijkteam'"), {"ja": True})
    engine.dispose()
    return database_url


@pytest.fixture
def basis(haarlem_url):
    app = create_app({"DATABASE_URL": haarlem_url, "TESTING": True})
    with draaiende_server(app) as url:
        yield url


def _sql(url: str, query: str, **params):
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(text(query), params).all()
    finally:
        engine.dispose()


def _ogr2ogr(basis: str, laag: str, doel, *opties: str) -> tuple[dict, list[str]]:
    """The layer as GeoJSON written by ogr2ogr, and the URLs GDAL fetched."""
    proces = subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", str(doel), f"OAPIF:{basis}/ogc/", laag, *opties, "--debug", "on"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(doel.read_text("utf-8")), re.findall(r"Fetch\((\S+)\)", proces.stderr)


def _verwacht(url: str) -> dict[str, int]:
    rij = lambda q: _sql(url, q, nee=False)[0][0]  # noqa: E731
    gebieden = "SELECT COUNT(DISTINCT code) FROM gebied WHERE water = :nee AND niveau = "
    return {
        "gemeenten": rij(gebieden + "'gemeente'"),
        "wijken": rij(gebieden + "'wijk'"),
        "buurten": rij(gebieden + "'buurt'"),
        "gaten": rij(gebieden + "'buurt'"),
        "aanbod": rij(
            "SELECT COUNT(*) FROM aanbod_locatie al JOIN aanbod a ON a.id = al.aanbod_id "
            "JOIN locatie l ON l.id = al.locatie_id WHERE NOT a.gearchiveerd AND NOT l.gearchiveerd"
        ),
        "locaties": rij(
            "SELECT COUNT(*) FROM locatie WHERE NOT gearchiveerd AND soort IN ("
            + ", ".join(f"'{s}'" for s in SOORTEN_LOCATIE)
            + ")"
        ),
    }


def test_gdal_lists_and_reads_every_collection_paging_over_next_links(basis, haarlem_url, tmp_path):
    lijst = subprocess.run(["ogrinfo", "-ro", "-q", f"OAPIF:{basis}/ogc/"], capture_output=True, text=True, check=True)
    assert re.findall(r"^\d+: (\w+)", lijst.stdout, re.M) == LAGEN
    verwacht = _verwacht(haarlem_url)
    for laag in LAGEN:
        data, urls = _ogr2ogr(basis, laag, tmp_path / f"{laag}.geojson", "-oo", "PAGE_SIZE=25")
        assert len(data["features"]) == verwacht[laag], laag
        ids = [f["properties"]["id"] for f in data["features"]]
        assert len(set(ids)) == len(ids), laag  # no feature twice across pages
        paginas = [u for u in urls if f"/collections/{laag}/items" in u and "limit=25" in u]
        # More than one page: GDAL followed the next links (offset is only inside those links).
        assert len(paginas) >= -(-verwacht[laag] // 25), (laag, paginas)
    buurten = json.loads((tmp_path / "buurten.geojson").read_text("utf-8"))
    inwoners = {f["properties"]["code"]: f["properties"]["inwoners"] for f in buurten["features"]}
    for code, aantal in _sql(haarlem_url, "SELECT code, inwoners FROM gebied WHERE niveau = 'buurt' AND NOT water"):
        assert inwoners[code] == aantal
    assert "Inloop wijkteam" not in (tmp_path / "aanbod.geojson").read_text("utf-8")


def test_masked_addresses_never_leave_through_the_api(basis, haarlem_url, tmp_path):
    (x, y, straat, postcode) = _sql(
        haarlem_url,
        "SELECT ST_X(geom), ST_Y(geom), straat, postcode FROM locatie WHERE adres_verbergen = :ja",
        ja=True,
    )[0]
    naar_wgs84 = Transformer.from_crs("EPSG:28992", "OGC:CRS84", always_xy=True)
    echt = shapely.Point(naar_wgs84.transform(x, y))
    gezien = 0
    for laag in ("aanbod", "locaties"):
        tekst = _ogr2ogr(basis, laag, tmp_path / f"{laag}.geojson")[0]
        ruw = json.dumps(tekst, ensure_ascii=False)
        assert straat not in ruw and postcode not in ruw and postcode[:4] + " " + postcode[4:] not in ruw
        for f in tekst["features"]:
            punt = shapely.geometry.shape(f["geometry"])
            # Not at its real place: more than 10 m away (a degree is ~68 km east-west here).
            assert punt.distance(echt) > 10 / 68_000, f["properties"].get("naam")
            gezien += f["properties"].get("adres_verborgen") is True
    assert gezien >= 1  # the masked one is there, at its buurt's point
    rd = requests.get(f"{basis}/ogc/collections/aanbod/items", params={"crs": RD, "limit": 1000}, timeout=30).json()
    assert all(shapely.geometry.shape(f["geometry"]).distance(shapely.Point(x, y)) > 10 for f in rd["features"])


def test_bbox_and_equality_filters_run_on_the_server(basis, haarlem_url, tmp_path):
    alles = _ogr2ogr(basis, "buurten", tmp_path / "alle.geojson")[0]
    kader = (4.62, 52.37, 4.65, 52.39)
    data, urls = _ogr2ogr(basis, "buurten", tmp_path / "kader.geojson", "-spat", *map(str, kader))
    assert any("bbox=" in u for u in urls)
    verwacht = {
        f["properties"]["code"]
        for f in alles["features"]
        if shapely.geometry.shape(f["geometry"]).intersects(shapely.box(*kader))
    }
    assert {f["properties"]["code"] for f in data["features"]} == verwacht and 0 < len(verwacht) < 111
    wijk = "WK039201"
    data, urls = _ogr2ogr(basis, "buurten", tmp_path / "wijk.geojson", "-where", f"wijkcode = '{wijk}'")
    assert any(f"wijkcode={wijk}" in u for u in urls)  # sent to the server, not filtered page by page
    in_wijk = _sql(haarlem_url, "SELECT code FROM gebied WHERE niveau = 'buurt' AND wijkcode = :w", w=wijk)
    assert sorted(f["properties"]["code"] for f in data["features"]) == sorted(r[0] for r in in_wijk)


def test_a_newer_gdal_asks_for_rd_new_and_gets_metres(basis, haarlem_url):
    """Part 2 (CRS by reference): pyogrio's bundled GDAL sends crs=…/28992; points land on the stored RD ones."""
    # In a process of its own: GDAL holds the interpreter while it waits for this process's server.
    lezer = (
        "import json, sys, pyogrio; f = pyogrio.read_dataframe(sys.argv[1], layer='locaties', CRS='EPSG:28992'); "
        "print(json.dumps({'epsg': f.crs.to_epsg(), 'punten': [[n, p.x, p.y] for n, p in zip(f['naam'], f.geometry)]}))"
    )
    uit = subprocess.run(
        [sys.executable, "-c", lezer, f"OAPIF:{basis}/ogc/"], capture_output=True, text=True, check=True, timeout=120
    )
    gelezen = json.loads(uit.stdout)
    assert gelezen["epsg"] == 28992 and gelezen["punten"]
    opgeslagen = {
        naam: (x, y)
        for naam, x, y in _sql(
            haarlem_url, "SELECT naam, ST_X(geom), ST_Y(geom) FROM locatie WHERE adres_verbergen = :nee", nee=False
        )
    }
    for naam, x, y in gelezen["punten"]:
        assert abs(x - opgeslagen[naam][0]) < 0.5 and abs(y - opgeslagen[naam][1]) < 0.5
    antwoord = requests.get(f"{basis}/ogc/collections/buurten/items", params={"crs": RD, "limit": 1}, timeout=30)
    assert antwoord.headers["Content-Crs"] == f"<{RD}>"
    x, y = shapely.geometry.shape(antwoord.json()["features"][0]["geometry"]).centroid.coords[0]
    assert 90_000 < x < 115_000 and 480_000 < y < 500_000  # Haarlem in metres


def test_paging_by_next_links_and_the_limit_maximum(basis):
    gezien, href, paginas = [], f"{basis}/ogc/collections/buurten/items?limit=40", 0
    while href:
        pagina = requests.get(href, headers={"Accept": "application/geo+json"}, timeout=30).json()
        assert pagina["numberMatched"] == 111 and pagina["numberReturned"] == len(pagina["features"])
        gezien += [f["id"] for f in pagina["features"]]
        href = next((link["href"] for link in pagina["links"] if link["rel"] == "next"), None)
        paginas += 1
    assert paginas == 3 and len(set(gezien)) == 111
    groot = requests.get(f"{basis}/ogc/collections/buurten/items?limit=5000", timeout=30).json()
    zelf = next(link["href"] for link in groot["links"] if link["rel"] == "self")
    assert "limit=1000" in zelf and groot["numberReturned"] == 111
    api = requests.get(f"{basis}/ogc/api", timeout=30).json()
    limit = next(p for p in api["paths"]["/collections/buurten/items"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000


def test_cql2_filters_text_and_json_agree_with_sql(basis, haarlem_url):
    rijen = _sql(
        haarlem_url,
        "SELECT code FROM gebied WHERE niveau = 'buurt' AND NOT water AND inwoners > 2000 AND wijkcode = 'WK039201'",
    )
    tekst = requests.get(
        f"{basis}/ogc/collections/buurten/items",
        params={"filter": "inwoners > 2000 AND wijkcode = 'WK039201'"},
        timeout=30,
    ).json()
    als_json = requests.get(
        f"{basis}/ogc/collections/buurten/items",
        params={
            "filter-lang": "cql2-json",
            "filter": json.dumps(
                {
                    "op": "and",
                    "args": [
                        {"op": ">", "args": [{"property": "inwoners"}, 2000]},
                        {"op": "=", "args": [{"property": "wijkcode"}, "WK039201"]},
                    ],
                }
            ),
        },
        timeout=30,
    ).json()
    verwacht = sorted(r[0] for r in rijen)
    assert sorted(f["id"] for f in tekst["features"]) == verwacht == sorted(f["id"] for f in als_json["features"])
    assert tekst["numberMatched"] == len(verwacht)
    ruimte = requests.get(
        f"{basis}/ogc/collections/locaties/items",
        params={"filter": "S_INTERSECTS(geometry, POLYGON((4.5 52.3, 4.8 52.3, 4.8 52.5, 4.5 52.5, 4.5 52.3)))"},
        timeout=30,
    ).json()
    assert ruimte["numberMatched"] == len(
        requests.get(f"{basis}/ogc/collections/locaties/items", timeout=30).json()["features"]
    )
    q = requests.get(f"{basis}/ogc/collections/buurten/queryables", timeout=30)
    assert q.headers["Content-Type"].startswith("application/schema+json")
    assert q.json()["properties"]["inwoners"]["type"] == "number" and "geometry" in q.json()["properties"]


@pytest.mark.parametrize(
    ("pad", "status", "woord"),
    [
        ("/ogc/collections/buurten/items?bbox=a,b,c,d", 400, "bbox"),
        ("/ogc/collections/buurten/items?crs=EPSG:4326", 400, "crs"),
        ("/ogc/collections/buurten/items?onzin=1", 400, "onzin"),
        ("/ogc/collections/buurten/items?limit=0", 400, "limit"),
        ("/ogc/collections/buurten/items?filter=inwoners%20%3E", 400, "filter"),
        ("/ogc/collections/buurten/items?filter=wachtwoord%3D1", 400, "wachtwoord"),
        ("/ogc/collections/buurten/items?filter=foo(inwoners)%3D1", 400, "foo"),
        ("/ogc/collections/buurten/items?inwoners=veel", 400, "inwoners"),
        ("/ogc/collections/geheim/items", 404, "geheim"),
        ("/ogc/collections/buurten/items/BU99999999", 404, "BU99999999"),
    ],
)
def test_bad_requests_name_what_is_wrong(haarlem_url, pad, status, woord):
    client = create_app({"DATABASE_URL": haarlem_url, "TESTING": True}).test_client()
    antwoord = client.get(pad)
    assert antwoord.status_code == status
    assert woord in antwoord.get_json()["description"]


def test_json_and_html_by_accept_header_and_f(haarlem_url):
    client = create_app({"DATABASE_URL": haarlem_url, "TESTING": True}).test_client()
    html = client.get("/ogc/collections/buurten/items?limit=5", headers={"Accept": "text/html"})
    assert html.mimetype == "text/html" and "Stationsbuurt" in html.get_data(as_text=True)
    geo = client.get("/ogc/collections/buurten/items?limit=5", headers={"Accept": "application/geo+json"})
    assert geo.mimetype == "application/geo+json" and len(geo.get_json()["features"]) == 5
    # The same URL kept for one must never be served to the other.
    assert client.get("/ogc/collections/buurten/items?limit=5", headers={"Accept": "text/html"}).mimetype == "text/html"
    landing = client.get("/ogc/").get_json()
    rels = {link["rel"] for link in landing["links"]}
    assert {"service-desc", "service-doc", "conformance", "data"} <= rels
    conformance = client.get("/ogc/conformance").get_json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance
    collectie = client.get("/ogc/collections/buurten").get_json()
    assert collectie["crs"][0] == "http://www.opengis.net/def/crs/OGC/1.3/CRS84" and RD in collectie["crs"]
