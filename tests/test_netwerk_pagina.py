"""Where people see walking distances: the buurt page's 5/10/15-minute map and the gap map's minutes, in Chromium.

Haarlem gets a street grid with a river that only a bridge every kilometre
crosses (tests/osmbouw.py): no OpenStreetMap download is needed, and the river
is a barrier whose effect can be checked.
"""

from __future__ import annotations

import html
import json
import re

import geopandas as gpd
import pytest
import shapely
from playwright.sync_api import expect

from wijkkaart.diensten import gaten as gaten_diensten
from wijkkaart.kern.filters import GatenFilter
from wijkkaart.kern.lopen import LOOPSNELHEID

from .helpers import draaiende_server, haarlem_app
from .osmbouw import netwerk_over_haarlem
from .test_browser import Watched, browser  # noqa: F401  (fixture)

BUURT = "BU03922002"


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_data):
    tmp = tmp_path_factory.mktemp("netwerkpagina")
    app = haarlem_app(tmp, shared_data)
    netwerk_over_haarlem(app, tmp)
    return app


def _loopgebied(html_: str) -> dict:
    data = re.search(r'data-loopgebied="([^"]*)"', html_)
    assert data, "de buurtpagina heeft geen loopkaart"
    return json.loads(html.unescape(data.group(1)))


def test_the_walking_areas_are_nested_and_never_reach_further_than_a_straight_line(app):
    data = _loopgebied(app.test_client().get(f"/buurt/{BUURT}").get_data(as_text=True))
    soorten = [f["properties"]["soort"] for f in data["features"]]
    assert soorten[:4] == ["band", "band", "band", "buurt"] and set(soorten[4:]) <= {"aanbod"}
    kaart = gpd.GeoDataFrame.from_features(data["features"], crs=4326).to_crs(28992)
    band = {int(r.minuten): r.geometry for r in kaart[kaart["soort"] == "band"].itertuples()}
    assert sorted(band) == [5, 10, 15]
    assert band[5].buffer(1).contains(band[10].intersection(band[5]))
    assert band[10].buffer(1).within(band[15].buffer(2))
    assert band[5].buffer(1).within(band[10].buffer(2))
    # Over streets a walk never beats the crow: each band lies within the circles of that many minutes
    # around the aanbod (plus the street's width), and the river and the grid make it clearly smaller.
    aanbod = [g for g in gaten_diensten.analyse(app.extensions["wijkkaart.engine"], ["GM0392"]).aanbod.geometry]
    for minuten, vlak in band.items():
        cirkels = shapely.union_all([shapely.buffer(p, minuten * LOOPSNELHEID + 41) for p in aanbod])
        assert vlak.within(cirkels), minuten
        assert vlak.area < 0.9 * vlak.envelope.intersection(cirkels).area
    zichtbaar = [shapely.Point(p.x, p.y) for p in kaart[kaart["soort"] == "aanbod"].geometry]
    assert zichtbaar and all(band[5].buffer(1).contains(p) for p in zichtbaar)


def test_residents_outside_each_band_agree_with_the_gap_analysis(app):
    engine = app.extensions["wijkkaart.engine"]
    pagina = gaten_diensten.buurtpagina(engine, BUURT, GatenFilter())
    b = pagina.profiel.rij
    buiten = {m: (inwoners, aandeel) for m, inwoners, aandeel in pagina.loopgebied.banden}
    assert buiten[5][1] >= buiten[10][1] >= buiten[15][1]
    assert buiten[5][0] == pytest.approx(b["inwoners"] * buiten[5][1])
    # The threshold (800 m) is 10.7 minutes: the analysis's reach lies between the 10 and 15-minute shares.
    assert 1 - buiten[10][1] - 1e-9 <= b["bereik"] <= 1 - buiten[15][1] + 1e-9
    assert "minuten lopen" in b["uitleg"]


def test_the_gap_map_offers_minutes_walk_and_a_gemeente_without_network_says_why(app, tmp_path, shared_data):
    client = app.test_client()
    pagina = client.get("/gemeente/GM0392").get_data(as_text=True)
    assert '<option value="loopminuten"' in pagina
    kaart = client.get("/gemeente/GM0392?kerncijfer=loopminuten").get_data(as_text=True)
    assert "Minuten lopen tot het dichtstbijzijnde aanbod" in kaart
    laag = client.get("/api/v1/gaten?gemeente=GM0392").get_json()
    assert laag["wijkkaart"]["afstand"] == "netwerk"
    minuten = [f["properties"]["minuten_lopen"] for f in laag["features"]]
    assert all(isinstance(m, int | float) and m >= 0 for m in minuten)

    # The method page says how it measures: walking where a network is loaded (and straight without one, below).
    assert "800 m over straat en pad waar een loopnetwerk geladen is" in client.get("/methode").get_data(as_text=True)

    zonder = haarlem_app(tmp_path, shared_data).test_client()
    assert "800 m hemelsbreed" in zonder.get("/methode").get_data(as_text=True)
    assert '<option value="loopminuten"' not in zonder.get("/gemeente/GM0392").get_data(as_text=True)
    antwoord = zonder.get("/gemeente/GM0392?kerncijfer=loopminuten")
    assert antwoord.status_code == 404
    assert "Voor Haarlem is geen loopnetwerk geladen" in antwoord.get_data(as_text=True)
    buurt = zonder.get(f"/buurt/{BUURT}").get_data(as_text=True)
    assert "data-loopgebied" not in buurt and "voor deze gemeente is geen loopnetwerk geladen" in buurt


@pytest.mark.parametrize("breedte", [1280, 360])
def test_chromium_draws_the_three_walking_bands_and_the_minutes_map(app, browser, breedte):  # noqa: F811
    with draaiende_server(app) as basis:
        w = Watched(browser, width=breedte)
        w.page.goto(f"{basis}/buurt/{BUURT}")
        expect(w.page.locator("#loopkaart")).to_have_attribute("data-banden", "3", timeout=15000)
        # Three bands and the buurt's outline as shapes, and the aanbod as dots.
        assert w.page.locator("#loopkaart path.leaflet-interactive, #loopkaart svg path").count() >= 4
        expect(w.page.locator(".loopbanden-tabel tbody tr")).to_have_count(3)
        w.page.goto(f"{basis}/gemeente/GM0392?kerncijfer=loopminuten")
        expect(w.page.locator(".leaflet-gebieden-pane path")).to_have_count(111, timeout=15000)
        expect(w.page.locator(".legenda")).to_contain_text("Minuten lopen tot het dichtstbijzijnde aanbod")
        assert not [e for e in w.errors if "tile" not in e], w.errors
        w.page.close()


def test_a_scenario_walks_over_the_same_network_as_the_analysis_before(app):
    from cachelib import SimpleCache

    from wijkkaart.diensten import scenarios
    from wijkkaart.diensten.bewerken import Pin
    from wijkkaart.diensten.rapport import BEHEER

    engine = app.extensions["wijkkaart.engine"]
    nummer = scenarios.nieuw(engine, BEHEER, "GM0392", "Huiskamer", "Wat als hier een huiskamer komt?")
    scenarios.voeg_aanbod_toe(engine, BEHEER, nummer, "Huiskamer", "ontmoetingsplek", "di 10-12 uur", Pin(4.65, 52.37))
    # With a cache the analysis before comes back without its network (kept apart): the scenario must fetch it.
    for cache in (None, SimpleCache()):
        uit = scenarios.uitkomst(engine, BEHEER, nummer, GatenFilter(), cache=cache)
        assert uit.voor.lopen and uit.na.lopen
        assert (
            uit.na.buurten["afstand_m"].fillna(0)
            <= uit.voor.buurten.set_index("code").reindex(uit.na.buurten["code"])["afstand_m"].fillna(0).to_numpy()
            + 1e-6
        ).all()
        assert uit.na.buurten["uitleg"].str.contains("minuten lopen").any()


def test_the_finder_page_gives_minutes_walked_over_streets(app):
    html_ = app.test_client().get("/zoek?q=2011").get_data(as_text=True)
    assert "Loopminuten over straat en pad (OpenStreetMap), in een rustig tempo." in html_
    regels = re.findall(r'<p class="afstand">([^<]*)</p>', html_)
    assert regels and all(
        re.fullmatch(r"\d+ min lopen · [\d.]+ m over straat en pad", html.unescape(r)) for r in regels
    )
    # Nearest walk first.
    meters = [int(re.search(r"· ([\d.]+) m", html.unescape(r)).group(1).replace(".", "")) for r in regels]
    assert meters == sorted(meters)
