"""In real Chromium: change language by keyboard, the map in English, opening a map item by keyboard, the phone map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import draaiende_server, haarlem_app
from .test_browser import Watched, browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def basis(tmp_path_factory, shared_data):
    with draaiende_server(haarlem_app(tmp_path_factory.mktemp("taal"), shared_data, BASEMAP="geen")) as url:
        yield url


def tab_naar(page, selector: str, maximaal: int = 400) -> None:
    """Press Tab until the focused element matches ``selector``; fail when it is never reached."""
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is niet met Tab te bereiken")


def focus_zichtbaar(page) -> bool:
    stijl = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
    )
    return stijl[0] not in ("none", "") and stijl[1] != "0px"


def test_change_language_by_keyboard_and_back(basis, browser):  # noqa: F811
    page = Watched(browser).page
    page.goto(basis + "/gemeente/GM0392/gaten?soort=inloopspreekuur")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    tab_naar(page, ".taalkeuze button", maximaal=5)
    assert page.evaluate("document.activeElement.textContent") == "English"
    assert focus_zichtbaar(page)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Same page, same filters, now in English; numbers in English notation.
    assert page.url.endswith("/gemeente/GM0392/gaten?soort=inloopspreekuur")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gaps in the collective offer: Haarlem")
    expect(page.locator("#f-soort")).to_have_value("inloopspreekuur")
    expect(page.locator("caption")).to_contain_text("neighbourhoods, ranked by gap score")
    tab_naar(page, ".taalkeuze button", maximaal=5)
    assert page.evaluate("document.activeElement.textContent") == "Nederlands"
    assert focus_zichtbaar(page)
    page.keyboard.press("Space")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gaten in het collectieve aanbod: Haarlem")


def test_the_map_and_its_popups_speak_english(basis, browser):  # noqa: F811
    w = Watched(browser)
    page = w.page
    page.context.add_cookies([{"name": "taal", "value": "en", "url": basis}])
    page.goto(basis + "/gemeente/GM0392")
    expect(page.locator(".leaflet-gebieden-pane path")).to_have_count(111, timeout=15000)
    expect(page.locator(".legenda h2")).to_have_text("Aged 65 and over (%)")
    expect(page.locator(".leaflet-control-layers")).to_contain_text("District boundaries")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoom in")
    page.locator(".leaflet-gebieden-pane path").first.hover()
    expect(page.locator(".gebied-tooltip")).to_contain_text("Residents")
    page.locator(".lijst-knop", has_text="Huiskamer bij Ans").click()
    popup = page.locator(".aanbod-popup")
    expect(popup).to_contain_text("Hours")
    expect(popup).to_contain_text("Example: not real data")
    expect(popup.locator(".popup-bron")).to_contain_text("checked 14 September 2026")
    assert not w.errors


def test_open_a_map_item_by_keyboard_and_return(basis, browser):  # noqa: F811
    """Tab to an item of the list beside the map, Enter opens its popup with focus inside, Escape goes back."""
    w = Watched(browser)
    page = w.page
    page.goto(basis + "/gemeente/GM0392")
    expect(page.locator("#aanbodlijst-items li")).not_to_have_count(0, timeout=15000)
    tab_naar(page, ".lijst-knop")
    naam = page.evaluate("document.activeElement.querySelector('.lijst-naam').textContent")
    assert focus_zichtbaar(page)
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup.locator("h3")).to_have_text(naam)
    page.wait_for_function("document.activeElement.closest('.leaflet-popup') !== null")
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    assert page.evaluate("document.activeElement.classList.contains('lijst-knop')")
    assert page.evaluate("document.activeElement.querySelector('.lijst-naam').textContent") == naam
    # Dates in the popup the Dutch way.
    page.locator(".lijst-knop", has_text="Huiskamer bij Ans").press("Enter")
    expect(popup.locator(".popup-bron")).to_contain_text("gecontroleerd 14 september 2026")
    assert not w.errors


def test_layer_list_folds_on_a_phone_and_opens_by_keyboard(basis, browser, artifacts):  # noqa: F811
    telefoon = Watched(browser, width=360).page
    telefoon.goto(basis + "/gemeente/GM0392")
    expect(telefoon.locator(".leaflet-gebieden-pane path")).to_have_count(111, timeout=15000)
    lagen = telefoon.locator(".leaflet-control-layers")
    assert not lagen.evaluate("e => e.classList.contains('leaflet-control-layers-expanded')")
    kaart = telefoon.locator(".folium-map").bounding_box()
    vak = lagen.bounding_box()
    assert vak["width"] * vak["height"] < 0.05 * kaart["width"] * kaart["height"]
    telefoon.screenshot(path=artifacts / "gemeente_360.png")
    knop = telefoon.locator(".leaflet-control-layers-toggle")
    expect(knop).to_have_attribute("title", "Kaartlagen")
    knop.focus()
    telefoon.keyboard.press("Enter")
    expect(telefoon.locator(".leaflet-control-layers-list")).to_be_visible()
    expect(lagen).to_contain_text("Wijkgrenzen")
    bureau = Watched(browser, width=1280).page
    bureau.goto(basis + "/gemeente/GM0392")
    expect(bureau.locator(".leaflet-control-layers-list")).to_be_visible()
