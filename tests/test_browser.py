"""Pages in real headless Chromium (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd
import pytest
from playwright.sync_api import expect, sync_playwright

from wijkkaart import create_app
from wijkkaart.diensten import gebieden as services

from .helpers import draaiende_server, load_haarlem
from .test_pages import XSS

CHROMIUM = "/usr/bin/chromium"
TILE_HOST = "tile.openstreetmap.org"
# A 1×1 transparent PNG: tiles are answered locally, since there is no internet here.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_data):
    tmp = tmp_path_factory.mktemp("browser")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp / 'w.sqlite'}", "TESTING": True})
    engine = app.extensions["wijkkaart.engine"]
    load_haarlem(engine, shared_data)
    services.import_cbs(engine, shared_data / "GM0406_huizen_cbs_2024.gpkg")
    bu = gpd.read_file(shared_data / "GM0406_huizen_buurten_2019.gpkg")
    bu["statcode"] = "BU0999" + bu["statcode"].str[-4:]
    bu["statnaam"] = XSS
    bu.to_file(tmp / "xss_buurten_2019.gpkg")
    services.import_cbs(engine, tmp / "xss_buurten_2019.gpkg")
    with draaiende_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class Watched:
    """A page that records console errors, page errors and every host it contacts."""

    def __init__(self, browser, width=1280):
        self.page = browser.new_page(viewport={"width": width, "height": 800})
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.hosts.add(urlsplit(r.url).netloc))
        self.page.route(
            f"https://{TILE_HOST}/**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG)
        )


def test_gemeente_map_draws_one_shape_per_buurt(server, browser, artifacts, shared_data):
    csv = pd.read_csv(shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv")
    buurt_rows = csv[csv.niveau == "buurt"]
    # Buurten under 100 inwoners get no class for a percentage ("te weinig inwoners"); the rest without a value are unknown.
    weinig = buurt_rows.AantalInwoners_5 < 100
    unknown_65 = int((~weinig & (buurt_rows.k_65JaarOfOuder_12.isna() | buurt_rows.AantalInwoners_5.isna())).sum())
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392")
    buurten = page.locator(".leaflet-gebieden-pane path")
    expect(buurten).to_have_count(111, timeout=15000)
    expect(page.locator(".leaflet-grenzen-pane path")).to_have_count(21)
    legend = page.locator(".legenda")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("65 jaar en ouder")
    expect(legend).to_contain_text(f"onbekend of geheim ({unknown_65})")
    expect(legend).to_contain_text(f"te weinig inwoners (minder dan 100) ({int(weinig.sum())})")
    expect(page.locator(".leaflet-control-layers")).to_contain_text("Wijkgrenzen")
    fills = buurten.evaluate_all("els => els.map(e => e.getAttribute('fill'))")
    assert len(set(fills)) >= 5  # five classes plus grey for unknown
    # Those with too few inwoners are drawn in their own pale grey, as the legend shows.
    assert fills.count("#f3f3f3") == int(weinig.sum())
    page.screenshot(path=artifacts / "gemeente-haarlem.png")

    # Zooming in refetches finer geometry; still one shape per buurt.
    with page.expect_response(lambda r: "/api/v1/gebieden" in r.url and "zoom=" in r.url):
        page.locator(".leaflet-control-zoom-in").click()
    expect(buurten).to_have_count(111)

    # Picking another kerncijfer recolours the map.
    page.select_option("#kerncijfer", "inwoners")
    expect(page.locator(".legenda h2")).to_have_text("Inwoners")
    expect(buurten).to_have_count(111, timeout=15000)

    assert w.errors == []
    assert w.hosts <= {urlsplit(server).netloc, TILE_HOST}, w.hosts


def test_tooltip_shows_name_and_figures(server, browser):
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392")
    expect(page.locator(".leaflet-gebieden-pane path")).to_have_count(111, timeout=15000)
    page.locator(".leaflet-gebieden-pane path").nth(10).hover(force=True)
    tooltip = page.locator(".leaflet-tooltip .gebied-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Inwoners")
    expect(tooltip).to_contain_text("BU0392")
    assert w.errors == []


def test_names_from_data_files_are_shown_as_text(server, browser):
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0999")
    paths = page.locator(".leaflet-gebieden-pane path")
    expect(paths).to_have_count(30, timeout=15000)
    paths.first.hover(force=True)
    expect(page.locator(".leaflet-tooltip strong")).to_have_text(XSS)
    assert page.evaluate("window.__xss") is None
    assert w.errors == []


def test_index_search_filters_as_you_type(server, browser, artifacts):
    w = Watched(browser)
    page = w.page
    page.goto(server + "/")
    rows = page.locator("#gemeenten tbody tr")
    expect(rows).to_have_count(3)
    page.fill("#zoek", "huiz")
    expect(page.locator("#gemeenten tbody tr:visible")).to_have_count(1)
    expect(page.locator("#gemeenten tbody tr:visible")).to_contain_text("Huizen")
    expect(page.locator("#aantal-gemeenten")).to_have_text("1 van 3 gemeenten")
    page.screenshot(path=artifacts / "index.png")
    assert w.errors == []


def test_the_whole_countrys_start_page_searches_the_server_as_you_type(browser, tmp_path, shared_data, artifacts):
    """342 gemeenten: the page carries one page of them; typing asks /api/v1/gemeenten for all matches."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'nl.sqlite'}", "TESTING": True})
    services.import_cbs(app.extensions["wijkkaart.engine"], shared_data / "nl_gemeenten_2024_cbs.gpkg")
    with draaiende_server(app) as url:
        w = Watched(browser)
        page = w.page
        page.goto(url + "/")
        expect(page.locator("#gemeenten tbody tr")).to_have_count(50)
        expect(page.locator("#aantal-gemeenten")).to_contain_text("342 van 342 gemeenten")
        with page.expect_response(lambda r: "/api/v1/gemeenten?q=zwol" in r.url):
            page.fill("#zoek", "zwol")
        expect(page.locator("#gemeenten tbody tr")).to_have_count(1)
        expect(page.locator("#gemeenten tbody tr a")).to_have_text("Zwolle")
        expect(page.locator("#aantal-gemeenten")).to_have_text("1 van 342 gemeenten")
        expect(page.locator("nav.paginas")).to_be_hidden()
        page.fill("#zoek", "")
        expect(page.locator("#gemeenten tbody tr")).to_have_count(50)
        # Back to the page the server sent: its counter with the page, its page links.
        expect(page.locator("#aantal-gemeenten")).to_have_text("342 van 342 gemeenten · pagina 1 van 7")
        expect(page.locator("nav.paginas")).to_be_visible()
        page.screenshot(path=artifacts / "index_nationaal.png", full_page=False)
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(url + "/?pagina=7")
        expect(page.locator("#gemeenten tbody tr")).to_have_count(42)
        page.screenshot(path=artifacts / "index_nationaal_360.png", full_page=True)
        assert w.errors == []


def test_the_first_shapes_are_preloaded_and_the_markers_wait_for_them(server, browser):
    """The buurten's GeoJSON is asked for by the page itself (preload), used by the map, and asked once."""
    w = Watched(browser)
    page = w.page
    verzoeken: list[tuple[str, float]] = []
    klaar: dict[str, float] = {}
    page.on("request", lambda r: "/api/v1/" in r.url and verzoeken.append((r.url, time.monotonic())))
    page.on("requestfinished", lambda r: "/api/v1/" in r.url and klaar.setdefault(r.url, time.monotonic()))
    page.goto(f"{server}/gemeente/GM0392")
    expect(page.locator(".leaflet-gebieden-pane path")).to_have_count(111, timeout=15000)
    expect(page.locator(".folium-map")).to_have_attribute("data-geladen-aanbod", re.compile(r"\d+"), timeout=15000)
    html = page.content()
    voorgeladen = re.search(r'<link rel="preload" href="([^"]+)" as="fetch"', html).group(1).replace("&amp;", "&")
    buurten = [u for u, _ in verzoeken if "niveau=buurt" in u]
    assert len(buurten) == 1 and buurten[0].endswith(voorgeladen), (buurten, voorgeladen)
    punten = [t for u, t in verzoeken if "/api/v1/aanbod" in u or "/api/v1/locaties" in u]
    assert punten and min(punten) >= klaar[buurten[0]] - 0.05, "markers must not be asked for before the shapes"
    assert w.errors == []
