"""/api/v1/aanbod and /api/v1/locaties on both backends: filters, escaping, masked addresses, open at a moment."""

from __future__ import annotations

import pytest

from wijkkaart import create_app
from wijkkaart.aanbod.geocoding import maak_keten
from wijkkaart.aanbod.importeren import importeer_aanbod
from wijkkaart.db import init_db, make_engine

from .helpers import haarlem_punten, load_haarlem
from .test_import_aanbod import KOP, schrijf_csv

XSS = '<img src=x onerror="window.__xss=1">Buurt<script>window.__xss=2</script>'


def laad_voorbeeldaanbod(engine, tmp_path):
    """A few records of our own, marked as example data (voorbeeld=ja)."""
    p = haarlem_punten(engine, 4, seed=21)
    kop = KOP + ["adres_verbergen", "voorbeeld"]
    rijen = [
        ["v1", XSS, "activiteit", "Geheimstraat", "1", "2011AA", "Haarlem", p[0][1], p[0][0], "Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off", "ontmoeten", "ouderen", "nee", "ja"],
        ["v2", "Inloop wijkteam", "inloopspreekuur", "", "", "", "", p[1][1], p[1][0], "Mo-Fr 13:00-15:00", "advies", "iedereen", "nee", "ja"],
        ["v3", "Huiskamer bij Ans", "bewonersinitiatief", "Privéweg", "7", "2011AB", "Haarlem", p[2][1], p[2][0], "Th 10:00-12:00", "ontmoeten", "", "ja", "ja"],
        ["v4", "Buurthuis Oost", "buurthuis", "", "", "", "", p[3][1], p[3][0], "elke dag open", "", "", "nee", "ja"],
    ]
    bestand = schrijf_csv(tmp_path / "voorbeeld.csv", rijen, kop=kop)
    importeer_aanbod(engine, bestand, maak_keten(["bestand"]), bron="voorbeeld", rapport=tmp_path / "r.csv", toon_voortgang=False)
    return p


@pytest.fixture
def client(database_url, shared_data, tmp_path):
    engine = make_engine(database_url)
    init_db(engine)
    load_haarlem(engine, shared_data)
    laad_voorbeeldaanbod(engine, tmp_path)
    engine.dispose()
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    yield app.test_client()


def test_aanbod_met_filters(client):
    alles = client.get("/api/v1/aanbod?gemeente=GM0392").get_json()
    assert sorted(f["properties"]["naam"] for f in alles["features"]) == sorted([XSS, "Inloop wijkteam", "Huiskamer bij Ans"])
    inloop = client.get("/api/v1/aanbod?gemeente=GM0392&soort=inloopspreekuur").get_json()
    assert [f["properties"]["laag"] for f in inloop["features"]] == ["inloopspreekuren"]
    thema = client.get("/api/v1/aanbod?gemeente=GM0392&thema=Ontmoeten").get_json()
    assert len(thema["features"]) == 2
    doelgroep = client.get("/api/v1/aanbod?gemeente=GM0392&doelgroep=ouderen").get_json()
    assert [f["properties"]["naam"] for f in doelgroep["features"]] == [XSS]
    buurt = alles["features"][0]["properties"]["buurtcode"]
    per_buurt = client.get(f"/api/v1/aanbod?buurt={buurt}").get_json()
    assert all(f["properties"]["buurtcode"] == buurt for f in per_buurt["features"]) and per_buurt["features"]


def test_open_op_een_moment(client):
    # Monday 23 November 2026, 10:00: the activity is open, the walk-in hour is not.
    maandag = client.get("/api/v1/aanbod?gemeente=GM0392&open_op=2026-11-23T10:00").get_json()
    assert [f["properties"]["naam"] for f in maandag["features"]] == [XSS]
    # Koningsdag 2026 is a Monday: PH off closes it.
    koningsdag = client.get("/api/v1/aanbod?gemeente=GM0392&open_op=2026-04-27T10:00").get_json()
    assert koningsdag["features"] == []
    # Second Tuesday evening.
    assert len(client.get("/api/v1/aanbod?gemeente=GM0392&open_op=2026-11-10T20:00").get_json()["features"]) == 1
    assert client.get("/api/v1/aanbod?gemeente=GM0392&open_op=morgen").status_code == 400


def test_leesbare_uren_voorbeeld_en_verborgen_adres(client):
    features = {f["properties"]["naam"]: f for f in client.get("/api/v1/aanbod?gemeente=GM0392").get_json()["features"]}
    eerste = features[XSS]["properties"]
    assert eerste["openingstijden_leesbaar"] == "ma en wo 9:00–12:00; elke 2e di 19:00–21:00; feestdagen gesloten"
    assert eerste["voorbeeld"] is True and eerste["adres"] == "Geheimstraat 1, 2011 AA Haarlem"
    ans = features["Huiskamer bij Ans"]["properties"]
    assert ans["adres"] is None and ans["adres_verborgen"] is True
    assert "Privéweg" not in str(features["Huiskamer bij Ans"])
    locaties = client.get("/api/v1/locaties?gemeente=GM0392").get_json()["features"]
    buurthuis = next(f["properties"] for f in locaties if f["properties"]["naam"] == "Buurthuis Oost")
    assert buurthuis["openingstijden"] is None and buurthuis["openingstijden_tekst"] == "elke dag open"


def test_verborgen_adres_staat_niet_op_het_echte_punt(client, database_url):
    from sqlalchemy import func, select

    from wijkkaart.aanbod.model import Locatie

    engine = make_engine(database_url)
    with engine.connect() as conn:
        x, y = conn.execute(select(func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom)).where(Locatie.straat == "Privéweg")).one()
    engine.dispose()
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(x, y)
    f = next(f for f in client.get("/api/v1/aanbod?gemeente=GM0392").get_json()["features"] if f["properties"]["naam"] == "Huiskamer bij Ans")
    assert f["geometry"]["coordinates"] != [round(lon, 6), round(lat, 6)]


@pytest.mark.parametrize("query", ["", "gemeente=0392", "gemeente=GM0392&soort=feest", "wijk=WK12"])
def test_foute_vragen(client, query):
    r = client.get(f"/api/v1/aanbod?{query}")
    assert r.status_code == 400 and r.get_json()["fout"]
