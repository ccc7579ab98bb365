"""What-if scenarios (issue 17 item 2): a planner adds hypothetical aanbod or closes a locatie and sees per buurt
the score before and after; residents and the normal analysis never see a scenario."""

from __future__ import annotations

import re
import subprocess

import geopandas as gpd
import pandas as pd
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select, text

from wijkkaart import create_app
from wijkkaart.diensten import gaten as gaten_diensten
from wijkkaart.gaten import analyseer
from wijkkaart.kern.crs import naar_wgs84
from wijkkaart.kern.filters import GatenFilter
from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.scenario import Scenario, ScenarioAanbod, ScenarioGesloten

from .bewerkhulp import WACHTWOORD, csrf, log_in, maak_accounts
from .helpers import draaiende_server, haarlem_app, haarlem_met_voorbeeldaanbod, wijkkaart_cli
from .test_browser import Watched, browser  # noqa: F401  (fixture)


def maak_planners(engine) -> None:
    from wijkkaart.bewerken import accounts
    from wijkkaart.opslag.engine import transaction

    with transaction(engine) as s:
        accounts.maak_gebruiker(s, "plan@example.org", "Pim Planner", WACHTWOORD, "planner", ["GM0392"])
        accounts.maak_gebruiker(s, "elders@example.org", "Els Elders", WACHTWOORD, "planner", ["WK039201"])


@pytest.fixture
def app(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    maak_accounts(app.extensions["wijkkaart.engine"])
    maak_planners(app.extensions["wijkkaart.engine"])
    return app


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def nieuw_scenario(client, naam: str = "Buurthuis Schalkwijk") -> int:
    antwoord = client.post(
        "/gemeente/GM0392/scenarios",
        data={"naam": naam, "omschrijving": "Wat als", "csrf_token": csrf(client, "/gemeente/GM0392/scenarios")},
    )
    assert antwoord.status_code == 302, antwoord.get_data(as_text=True)[:500]
    return int(antwoord.headers["Location"].rsplit("/", 1)[1])


def _grootste_gat(engine):
    """The buurt with the highest score and no aanbod in reach, and a point inside it (degrees)."""
    analyse = gaten_diensten.analyse(engine, ["GM0392"], GatenFilter())
    b = analyse.buurten[(analyse.buurten["bereik"] == 0) & (analyse.buurten["inwoners"] > 500)].iloc[0]
    punt = b.geometry.representative_point()
    return analyse, b, naar_wgs84(punt.x, punt.y)


def test_new_aanbod_in_a_gap_shows_before_and_after_and_matches_the_analysis(app):
    engine = app.extensions["wijkkaart.engine"]
    client = app.test_client()
    log_in(client, "plan@example.org")
    nummer = nieuw_scenario(client)
    voor, buurt, (lon, lat) = _grootste_gat(engine)
    openbaar_voor = client.get("/gemeente/GM0392/gaten.csv").data
    antwoord = client.post(
        f"/scenario/{nummer}/aanbod",
        data={
            "naam": "Nieuwe huiskamer",
            "soort": "ontmoetingsplek",
            "openingstijden": "ma t/m vr 9-17 uur",
            "lat": f"{lat:.6f}",
            "lon": f"{lon:.6f}",
            "csrf_token": csrf(client, f"/scenario/{nummer}"),
        },
    )
    assert antwoord.status_code == 302
    html = client.get(f"/scenario/{nummer}").get_data(as_text=True)
    rij = re.search(rf'<tr data-code="{buurt["code"]}">(.*?)</tr>', html, re.S)
    assert rij, "de buurt met het grootste gat verandert"
    cellen = [_tekst(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij.group(1), re.S)]
    # Independently: the same analysis with the real aanbod plus this one point.
    bronnen = gaten_diensten.lees_bronnen(
        session_factory(engine)(), ["GM0392"], GatenFilter(), gaten_diensten.marge_m(voor.instellingen)
    )
    extra = gpd.GeoDataFrame(
        {
            "id": ["x"],
            "naam": ["Nieuwe huiskamer"],
            "soort": ["ontmoetingsplek"],
            "themas": [[]],
            "doelgroepen": [[]],
            "openingstijden": ["Mo-Fr 09:00-17:00"],
            "openingstijden_tekst": [None],
            "buurtcode": [buurt["code"]],
            "voorbeeld": [False],
            "beschrijving": [None],
        },
        geometry=[buurt.geometry.representative_point()],
        crs=28992,
    )
    na = analyseer(
        bronnen.buurten,
        pd.concat([bronnen.aanbod, extra], ignore_index=True),
        voor.instellingen,
        wijken=bronnen.wijken,
        referentie=voor.referentie,
    )
    verwacht = na.buurten.set_index("code").loc[buurt["code"]]

    def getal(tekst: str) -> float:
        return float(tekst.replace(".", "").replace(",", "."))

    # Scores as the page shows them (no decimals from 100 up, one below).
    assert getal(cellen[2]) == pytest.approx(buurt["score"], abs=0.51)
    assert getal(cellen[3]) == pytest.approx(verwacht["score"], abs=0.51)
    assert verwacht["score"] < buurt["score"] and verwacht["bereik"] > 0
    nieuw = int(re.search(r'data-nieuw-bereikt="(\d+)"', html).group(1))
    zonder_voor = voor.buurten["inwoners_zonder_bereik"].fillna(0)
    zonder_na = na.buurten.set_index("code").reindex(voor.buurten["code"])["inwoners_zonder_bereik"].fillna(0)
    assert nieuw == int((zonder_voor.to_numpy() - zonder_na.to_numpy()).clip(min=0).sum()) > 0
    # Residents and the normal analysis never see it.
    for url in (
        "/api/v1/aanbod?gemeente=GM0392",
        "/api/v1/locaties?gemeente=GM0392",
        "/zoek?q=2011",
        "/gemeente/GM0392/gaten",
        f"/buurt/{buurt['code']}",
    ):
        assert "Nieuwe huiskamer" not in client.get(url).get_data(as_text=True), url
    assert client.get("/gemeente/GM0392/gaten.csv").data == openbaar_voor


def test_closing_a_locatie_loses_reach(app):
    engine = app.extensions["wijkkaart.engine"]
    client = app.test_client()
    log_in(client, "plan@example.org")
    nummer = nieuw_scenario(client, "Buurthuis Oost dicht")
    with engine.connect() as c:
        locatie = c.execute(text("SELECT id FROM locatie WHERE naam = 'Buurthuis Oost'")).scalar_one()
    client.post(
        f"/scenario/{nummer}/sluiten", data={"locatie": locatie, "csrf_token": csrf(client, f"/scenario/{nummer}")}
    )
    html = client.get(f"/scenario/{nummer}").get_data(as_text=True)
    assert int(re.search(r'data-niet-meer-bereikt="(\d+)"', html).group(1)) > 0
    assert "Gesloten:" in html
    # Open again: nothing changes any more.
    client.post(f"/scenario/{nummer}/heropen/{locatie}", data={"csrf_token": csrf(client, f"/scenario/{nummer}")})
    html = client.get(f"/scenario/{nummer}").get_data(as_text=True)
    assert 'data-niet-meer-bereikt="0"' in html and "Geen buurt verandert." in html


def test_only_planners_of_the_gemeente_and_beheerders_see_scenarios(app):
    client = app.test_client()
    log_in(client, "plan@example.org")
    nummer = nieuw_scenario(client)
    paginas = [
        "/gemeente/GM0392/scenarios",
        f"/scenario/{nummer}",
        f"/api/v1/scenarios/{nummer}/gaten",
        f"/rapport/GM0392.html?scenario={nummer}",
    ]
    for wie in (None, "p@example.org", "a@example.org", "elders@example.org"):
        ander = app.test_client()
        if wie:
            log_in(ander, wie)
        for url in paginas:
            assert ander.get(url).status_code == 403, (wie, url)
    beheer = app.test_client()
    log_in(beheer, "beheer@example.org")
    assert all(beheer.get(url).status_code == 200 for url in paginas)
    # The gemeente map links to the scenarios for a planner only.
    assert "/gemeente/GM0392/scenarios" in client.get("/gemeente/GM0392").get_data(as_text=True)
    assert "/gemeente/GM0392/scenarios" not in app.test_client().get("/gemeente/GM0392").get_data(as_text=True)


def test_bad_input_is_refused_and_stores_nothing(app):
    engine = app.extensions["wijkkaart.engine"]
    client = app.test_client()
    log_in(client, "plan@example.org")
    nummer = nieuw_scenario(client, "Eerste")

    def aantallen():
        with session_factory(engine)() as s:
            return tuple(
                s.scalar(select(func.count()).select_from(t)) for t in (Scenario, ScenarioAanbod, ScenarioGesloten)
            )

    voor = aantallen()
    token = csrf(client, "/gemeente/GM0392/scenarios")
    dubbel = client.post("/gemeente/GM0392/scenarios", data={"naam": "Eerste", "csrf_token": token})
    assert dubbel.status_code == 400 and "al een scenario met deze naam" in dubbel.get_data(as_text=True)
    assert client.post("/gemeente/GM0392/scenarios", data={"naam": "", "csrf_token": token}).status_code == 400
    token = csrf(client, f"/scenario/{nummer}")
    for fout, melding in (
        ({"openingstijden": "als het regent"}, "Niet te lezen als openingstijden"),
        ({"lat": "noord", "lon": "4,6"}, "De speld op de kaart heeft geen geldige plek"),
        ({"soort": "ufo"}, "Ongeldige keuze"),
    ):
        data = {
            "naam": "X",
            "soort": "activiteit",
            "openingstijden": "",
            "lat": "52.38",
            "lon": "4.64",
            "csrf_token": token,
        }
        antwoord = client.post(f"/scenario/{nummer}/aanbod", data=data | fout)
        assert antwoord.status_code == 400 and melding in antwoord.get_data(as_text=True), fout
    assert client.post(f"/scenario/{nummer}/aanbod", data={"naam": "Zonder token"}).status_code == 400  # CSRF
    assert aantallen() == voor


def test_the_report_carries_the_scenario(app, database_url, tmp_path):
    client = app.test_client()
    log_in(client, "plan@example.org")
    nummer = nieuw_scenario(client, "Rapporttest")
    _voor, buurt, (lon, lat) = _grootste_gat(app.extensions["wijkkaart.engine"])
    client.post(
        f"/scenario/{nummer}/aanbod",
        data={
            "naam": "Huiskamer",
            "soort": "ontmoetingsplek",
            "openingstijden": "za 10-12 uur",
            "lat": f"{lat:.6f}",
            "lon": f"{lon:.6f}",
            "csrf_token": csrf(client, f"/scenario/{nummer}"),
        },
    )
    pdf = tmp_path / "s.pdf"
    uit = wijkkaart_cli(
        "--database", database_url, "rapport", "--gemeente", "GM0392", "--scenario", str(nummer), "-o", str(pdf)
    )
    assert uit.returncode == 0, uit.stderr
    tekst = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert "Scenario: Rapporttest" in tekst and "niet de werkelijkheid" in tekst and buurt["code"] in tekst
    zonder = wijkkaart_cli(
        "--database", database_url, "rapport", "--gemeente", "GM0363", "--scenario", str(nummer), "-o", str(pdf)
    )
    assert zonder.returncode != 0 and "Traceback" not in zonder.stderr


@pytest.mark.browser
def test_a_click_on_the_map_places_new_aanbod(browser, tmp_path, shared_data):  # noqa: F811
    app = haarlem_app(tmp_path, shared_data)
    maak_accounts(app.extensions["wijkkaart.engine"])
    maak_planners(app.extensions["wijkkaart.engine"])
    with draaiende_server(app) as basis:
        w = Watched(browser)
        page = w.page
        page.goto(basis + "/inloggen")
        page.fill("input[name=email]", "plan@example.org")
        page.fill("input[name=wachtwoord]", WACHTWOORD)
        page.click("form.formulier button[type=submit]")
        page.goto(basis + "/gemeente/GM0392/scenarios")
        page.fill("input[name=naam]", "Klik")
        page.click("form.formulier button[type=submit]")
        page.wait_for_url("**/scenario/*")
        expect(page.locator(".folium-map")).to_have_attribute("data-geladen-vlakken", "111", timeout=15000)
        page.locator(".folium-map").click(position={"x": 300, "y": 200})
        assert re.fullmatch(r"5\d\.\d{6}", page.input_value("input[name=lat]"))
        assert re.fullmatch(r"[3-6]\.\d{6}", page.input_value("input[name=lon]"))
        page.fill("form.formulier input[name=naam]", "Op de klikplek")
        page.select_option("select[name=soort]", "ontmoetingsplek")
        page.get_by_role("button", name="Toevoegen", exact=True).click()
        page.wait_for_load_state("networkidle")
        expect(page.locator(".scenario-inhoud")).to_contain_text("Op de klikplek")
        expect(page.locator(".leaflet-control-layers")).to_contain_text("Gatscore met dit scenario")
        assert not w.errors, w.errors


def test_every_scenario_route_refuses_who_may_not_plan_and_changes_nothing(app):
    engine = app.extensions["wijkkaart.engine"]
    planner = app.test_client()
    log_in(planner, "plan@example.org")
    nummer = nieuw_scenario(planner)
    with engine.connect() as c:
        locatie = c.execute(text("SELECT min(id) FROM locatie")).scalar_one()
    regels = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("scenarios.")]
    assert len(regels) >= 8
    with session_factory(engine)() as s:
        voor = [s.scalar(select(func.count()).select_from(t)) for t in (Scenario, ScenarioAanbod, ScenarioGesloten)]
    for wie in (None, "p@example.org", "a@example.org", "elders@example.org"):
        client = app.test_client()
        if wie:
            log_in(client, wie)
        token = csrf(client)
        for regel in regels:
            pad = regel.build({"code": "GM0392", "scenario_id": nummer, "aanbod_id": 1, "locatie_id": locatie})[1]
            for methode in sorted(regel.methods - {"HEAD", "OPTIONS"}):
                data = {
                    "csrf_token": token,
                    "naam": "x",
                    "soort": "activiteit",
                    "lat": "52.38",
                    "lon": "4.64",
                    "locatie": locatie,
                }
                antwoord = client.open(pad, method=methode, data=data if methode == "POST" else None)
                assert antwoord.status_code == 403, (wie, methode, pad)
    with session_factory(engine)() as s:
        na = [s.scalar(select(func.count()).select_from(t)) for t in (Scenario, ScenarioAanbod, ScenarioGesloten)]
    assert na == voor
