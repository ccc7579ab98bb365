"""The gap layer, its legend, the ranked table (sorting, export) and the buurt page in real headless Chromium."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import expect

from .helpers import draaiende_server, haarlem_app
from .test_browser import Watched, browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_data):
    tmp = tmp_path_factory.mktemp("gaten-browser")
    with draaiende_server(haarlem_app(tmp, shared_data)) as url:
        yield url


def test_gap_layer_and_legend_on_the_haarlem_map(server, browser, artifacts):  # noqa: F811
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392?kerncijfer=gatscore")
    kaart = page.locator(".folium-map")
    expect(kaart).to_have_attribute("data-geladen-vlakken", "111", timeout=15000)
    legenda = page.locator(".legenda")
    expect(legenda.locator("h2")).to_have_text("Gatscore")
    expect(legenda).to_contain_text("donkerder = groter gat")
    # The legend leaves the layer control free (it used to grow over it on an 800 px high window).
    onder_control = page.locator(".leaflet-control-layers").bounding_box()
    vak = legenda.bounding_box()
    assert vak["y"] >= onder_control["y"] + onder_control["height"]
    klassen = legenda.locator("li")
    assert klassen.count() >= 3
    # The buurten are filled with the legend's colours, and more than one of them.
    kleuren = set(
        page.eval_on_selector_all(".leaflet-gebieden-pane path", "els => els.map(e => e.getAttribute('fill'))")
    )
    legendakleuren = set(
        page.eval_on_selector_all(".legenda li .vlak", "els => els.map(e => getComputedStyle(e).backgroundColor)")
    )
    assert len(kleuren) >= 3 and len(legendakleuren) >= 3
    # Hovering a buurt tells its score and explanation; clicking opens its page.
    vlak = page.locator(".leaflet-gebieden-pane path").nth(5)
    vlak.hover(force=True)
    tip = page.locator(".gebied-tooltip")
    expect(tip).to_contain_text("Gatscore")
    expect(tip.locator(".uitleg")).to_contain_text("inwoners")
    page.screenshot(path=str(artifacts / "gaten_kaart_haarlem.png"))
    vlak.click(force=True)
    page.wait_for_url("**/buurt/BU0392*")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("table.dagdelen tbody tr")).to_have_count(6)
    page.screenshot(path=str(artifacts / "gaten_buurt.png"), full_page=True)
    assert not w.errors, w.errors


def test_table_sorts_and_exports(server, browser, artifacts, tmp_path):  # noqa: F811
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392/gaten")
    rijen = page.locator("table.gatentabel tbody tr")
    expect(rijen).to_have_count(111)
    volgorde = rijen.evaluate_all("rs => rs.map(r => r.dataset.code)")

    # Export before sorting: the file holds the same rows in the ranked order.
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    pad = tmp_path / "gaten.xlsx"
    download.value.save_as(pad)
    blad = openpyxl.load_workbook(pad, read_only=True)["buurten"]
    data = list(blad.iter_rows(values_only=True))
    assert [r[data[0].index("Buurtcode")] for r in data[1:]] == volgorde

    # Sort by inwoners: ascending, then descending; unknown values stay last.
    knop = page.get_by_role("button", name="Inwoners")
    knop.click()
    expect(page.locator("th", has=knop)).to_have_attribute("aria-sort", "ascending")
    waarden = rijen.evaluate_all("rs => rs.map(r => r.cells[2].dataset.waarde)")
    getallen = [float(v) for v in waarden if v]
    assert getallen == sorted(getallen) and all(v == "" for v in waarden[len(getallen) :])
    knop.click()
    expect(page.locator("th", has=knop)).to_have_attribute("aria-sort", "descending")
    waarden = rijen.evaluate_all("rs => rs.map(r => r.cells[2].dataset.waarde)")
    getallen = [float(v) for v in waarden if v]
    assert getallen == sorted(getallen, reverse=True)
    # Keyboard: the header buttons are reachable and work with Enter.
    page.get_by_role("button", name="Gatscore").focus()
    page.keyboard.press("Enter")
    scores = [float(v) for v in rijen.evaluate_all("rs => rs.map(r => r.cells[3].dataset.waarde)")]
    assert scores == sorted(scores)

    # A filter narrows what counts; the export link carries it.
    page.select_option("#f-soort", "inloopspreekuur")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**soort=inloopspreekuur**")
    expect(page.get_by_role("link", name="CSV", exact=True)).to_have_attribute(
        "href", "/gemeente/GM0392/gaten.csv?soort=inloopspreekuur"
    )
    expect(page.get_by_role("link", name="CSV (internationaal)")).to_have_attribute(
        "href", "/gemeente/GM0392/gaten.csv?csv=int&soort=inloopspreekuur"
    )
    expect(page.locator(".samenvatting")).to_contain_text("1 aanbod in de analyse")
    page.screenshot(path=str(artifacts / "gaten_tabel.png"))
    assert not w.errors, w.errors
