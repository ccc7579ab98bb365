"""The finder in real Chromium: postcode → list and markers, filters, "nu open" at a frozen clock, keyboard only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wijkkaart.kern.crs import naar_rd

from .helpers import XSS, draaiende_server, haarlem_app, haarlem_punten
from .test_browser import Watched, browser  # noqa: F401  (fixture)
from .test_vinder import EERSTE_DINSDAG, KONINGSDAG, MAANDAG_AVOND, MAANDAG_OCHTEND, TWEEDE_DINSDAG, ZONDAG

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_en_url(tmp_path_factory, shared_data):
    tmp = tmp_path_factory.mktemp("vinder")
    # Offline geocoding: the PC4 table, with the PC4 of the example activity moved onto it, so a
    # search for that postcode has the activity at distance 0 and the others around it.
    app = haarlem_app(tmp, shared_data, BASEMAP="geen")
    pc4 = app.extensions["wijkkaart.geocoders"]["vinder"].geocoders[0]
    pc4.centroiden["1999"] = naar_rd(*haarlem_punten(app.extensions["wijkkaart.engine"], 4, seed=21)[0])
    with draaiende_server(app) as basis:
        yield app, basis


def zoek_via_startpagina(page, basis, tekst="1999"):
    page.goto(basis + "/")
    page.get_by_label("Wat is er bij u in de buurt? Postcode of adres").fill(tekst)
    page.get_by_role("button", name="Zoek aanbod").click()
    page.wait_for_url("**/zoek?q=*")


@pytest.mark.parametrize(
    "klok, open_items",
    [
        (MAANDAG_OCHTEND, {XSS}),  # Mo,We 09-12
        (MAANDAG_AVOND, set()),
        (ZONDAG, set()),
        (KONINGSDAG, set()),  # a Monday, but PH off
        (TWEEDE_DINSDAG.replace(hour=19, minute=30), {XSS}),  # Tu[2] 19-21
        (EERSTE_DINSDAG.replace(hour=19, minute=30), set()),
    ],
    ids=["werkdagochtend", "werkdagavond", "zondag", "koningsdag", "2e-dinsdag", "1e-dinsdag"],
)
def test_postcode_list_markers_and_nu_open_at_a_frozen_clock(app_en_url, browser, klok, open_items):  # noqa: F811
    app, basis = app_en_url
    app.config["KLOK"] = lambda: klok
    w = Watched(browser)
    page = w.page
    zoek_via_startpagina(page, basis)
    items = page.locator("#trefferlijst li")
    expect(items).to_have_count(4)
    expect(page.locator("#vinderkaart")).to_have_attribute("data-markers", "4")
    assert page.locator(".vinder-marker").count() == 4
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Inzoomen")
    # The first is the activity at the searched place; its name shows as text, its script never runs.
    expect(items.first.locator("h2")).to_contain_text(XSS)
    # Its description: the first part, then "meer" for the rest; markup stays text.
    beschrijving = items.first.locator("details.beschrijving")
    expect(beschrijving.locator("summary")).to_contain_text("<b>Vet</b> Elke week samen koffie")
    expect(beschrijving.locator("summary")).not_to_contain_text("EINDE VAN DE TEKST")
    assert beschrijving.locator("b").count() == 0
    assert page.evaluate("window.__xss") is None
    # "nu open" in the list agrees with the hours at the frozen moment, and the filter keeps exactly those.
    open_in_lijst = {
        li.locator("h2").inner_text().split(" ", 1)[1]
        for li in items.all()
        if li.get_attribute("data-status") == "open"
    }
    assert open_in_lijst == open_items
    page.get_by_label("nu open").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**nu_open=1**")
    assert {h.split(" ", 1)[1] for h in page.locator("#trefferlijst h2").all_inner_texts()} == open_items
    assert not w.errors, w.errors


def test_filters_unknown_place_and_screenshots(app_en_url, browser, artifacts):  # noqa: F811
    app, basis = app_en_url
    app.config["KLOK"] = lambda: MAANDAG_OCHTEND
    for breedte in (1280, 360):
        w = Watched(browser, width=breedte)
        zoek_via_startpagina(w.page, basis)
        expect(w.page.locator("#trefferlijst li")).to_have_count(4)
        w.page.wait_for_timeout(300)
        w.page.screenshot(path=str(artifacts / f"vinder_{breedte}.png"), full_page=True)
        if breedte == 360:
            # List first, map second, nothing wider than the screen.
            lijst, kaart = w.page.locator("#trefferlijst").bounding_box(), w.page.locator("#vinderkaart").bounding_box()
            assert lijst["y"] < kaart["y"]
            assert w.page.evaluate("document.documentElement.scrollWidth") <= 360
        assert not w.errors, w.errors
    page = Watched(browser).page
    zoek_via_startpagina(page, basis)
    page.select_option("#f-thema", "ontmoeten")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#trefferlijst li")).to_have_count(2)
    page.select_option("#f-thema", "")
    page.select_option("#f-dag", "do")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#trefferlijst li")).to_have_count(2)  # Th 10-12 and Mo-Fr 13-15
    # An unknown place: a message that says what to type, not an empty page.
    zoek_via_startpagina(page, basis, "1234 ZZ 999x")
    expect(page.get_by_role("alert")).to_contain_text("Typ een postcode")
    zoek_via_startpagina(page, basis, "Nergensstraat 1, Nergens")
    expect(page.get_by_role("alert")).to_contain_text("We vinden “Nergensstraat 1, Nergens” niet")


def test_keyboard_only_search_filter_and_open_an_item(app_en_url, browser):  # noqa: F811
    app, basis = app_en_url
    app.config["KLOK"] = lambda: MAANDAG_OCHTEND
    page = Watched(browser).page
    page.goto(basis + "/")
    gevonden = False
    for _ in range(12):  # Tab from the top of the page to the search field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "vinder-q":
            gevonden = True
            break
    assert gevonden, "het zoekveld is niet met Tab te bereiken"
    # The focus is visible: a real outline, not the browser's 'none'.
    rand = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert rand not in ("none", "")
    page.keyboard.type("1999")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoek?q=1999")
    while page.evaluate("document.activeElement.id") != "f-nu":
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Filter"
    page.keyboard.press("Enter")
    page.wait_for_url("**nu_open=1**")
    expect(page.locator("#trefferlijst li")).to_have_count(1)


def test_print_view_is_the_list_on_a4(app_en_url, browser, artifacts):  # noqa: F811
    import re

    app, basis = app_en_url
    app.config["KLOK"] = lambda: MAANDAG_OCHTEND
    page = Watched(browser).page
    zoek_via_startpagina(page, basis)
    page.emulate_media(media="print")
    # On paper: the place and the moment of the search, the list; no search form, filters or map.
    expect(page.get_by_role("heading", name="Aanbod bij 1999")).to_be_visible()
    expect(page.locator(".zoekinfo")).to_contain_text("Gezocht op maandag 23 november 2026, 10:00")
    for verborgen in ("#vinderkaart", ".zoekvak", ".zoekfilter", ".kop"):
        expect(page.locator(verborgen)).to_be_hidden()
    expect(page.locator("#trefferlijst li")).to_have_count(4)
    pdf = page.pdf(format="A4", print_background=False)
    (artifacts / "vinder_afdruk.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
