"""/api/v1/aanbod and /api/v1/locaties on both backends: filters, escaping, masked addresses, open at a moment."""

from __future__ import annotations

import pytest

from wijkkaart import create_app
from wijkkaart.opslag.engine import make_engine

from .helpers import XSS, haarlem_met_voorbeeldaanbod


@pytest.fixture
def client(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    yield app.test_client()


def test_aanbod_met_filters(client):
    alles = client.get("/api/v1/aanbod?gemeente=GM0392").get_json()
    assert sorted(f["properties"]["naam"] for f in alles["features"]) == sorted(
        [XSS, "Inloop wijkteam", "Huiskamer bij Ans"]
    )
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

    from wijkkaart.opslag.tabellen.aanbod import Locatie

    engine = make_engine(database_url)
    with engine.connect() as conn:
        x, y = conn.execute(
            select(func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom)).where(Locatie.straat == "Privéweg")
        ).one()
    engine.dispose()
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(x, y)
    f = next(
        f
        for f in client.get("/api/v1/aanbod?gemeente=GM0392").get_json()["features"]
        if f["properties"]["naam"] == "Huiskamer bij Ans"
    )
    assert f["geometry"]["coordinates"] != [round(lon, 6), round(lat, 6)]


@pytest.mark.parametrize("query", ["", "gemeente=0392", "gemeente=GM0392&soort=feest", "wijk=WK12"])
def test_foute_vragen(client, query):
    r = client.get(f"/api/v1/aanbod?{query}")
    assert r.status_code == 400 and r.get_json()["fout"]
