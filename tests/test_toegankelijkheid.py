"""axe-core (from npm, run in real Chromium) finds no WCAG 2.1 A/AA or best-practice violation on any page.

Every HTML page of the app must have an example URL here: a new page without one fails
``test_every_page_has_an_example``, so it cannot escape the check.
"""

from __future__ import annotations

import pytest

from wijkkaart import create_app
from wijkkaart.kern.settings import PROJECT_ROOT

from .helpers import draaiende_server, haarlem_app
from .osmbouw import netwerk_over_haarlem
from .test_browser import Watched, browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
REGELS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: Best-practice rules a page may break, and why. Redoc (the API documentation viewer) numbers its own headings
#: h1, h2, h5 for an operation's parameters; no WCAG rule is involved, and every WCAG rule still holds there.
UITZONDERINGEN = {"/api/v1/docs": {"heading-order"}}
#: Endpoint → example URLs (Haarlem with the example aanbod). The error page is reached through a 404.
VOORBEELDEN = {
    "pages.index": ["/", "/?q=haar"],
    "pages.gemeente": [
        "/gemeente/GM0392",
        "/gemeente/GM0392?kerncijfer=gatscore",
        "/gemeente/GM0392?kerncijfer=loopminuten",
    ],
    "gaten.tabelpagina": ["/gemeente/GM0392/gaten", "/gemeente/GM0392/gaten?soort=inloopspreekuur"],
    "gaten.buurtpagina": ["/buurt/BU03922002", "/buurt/BU03921104"],
    "gaten.wijkenpagina": ["/gemeente/GM0392/wijken", "/gemeente/GM0392/wijken?dagdeel=weekend_avond"],
    "rapporten.rapport": ["/rapport/GM0392.html", "/rapport/BU03922002.html"],
    "gaten.methodepagina": ["/methode", "/methode?drempel=1200&dagdeel=werkdag_avond&soort=inloopspreekuur"],
    "vinder.zoekpagina": ["/zoek?q=2011", "/zoek?q=2011&thema=ontmoeten&nu_open=1", "/zoek?q=onzin"],
    "foutpagina": ["/gemeente/GM9999"],
    "accounts.inloggen": ["/inloggen"],
    "meldingen.initiatief": ["/meld"],
    "meldingen.correctie_aanbod": ["/meld/aanbod/1"],
    "meldingen.correctie_locatie": ["/meld/locatie/1"],
    "meldingen.bedankt": ["/meld/bedankt"],
    # OGC API Features as HTML (f=html) and the API documentation (Swagger UI, served locally).
    "ogc.landing": ["/ogc/?f=html"],
    "ogc.conformance": ["/ogc/conformance?f=html"],
    "ogc.collecties": ["/ogc/collections?f=html"],
    "ogc.collectie": ["/ogc/collections/buurten?f=html"],
    "ogc.items": ["/ogc/collections/aanbod/items?f=html", "/ogc/collections/buurten/items?f=html&limit=5"],
    "ogc.item": ["/ogc/collections/buurten/items/BU03922002?f=html"],
    "apidocs.pagina": ["/api/v1/docs", "/api/v1/docs?api=hsds"],
    # An aanbod's public page: recurring hours with its calendar link, and a masked address.
    "aanbod.pagina": ["/aanbod/1", "/aanbod/3"],
    # The embeddable maps, as a framing site shows them (no header).
    "insluiten.kaart": ["/embed/gemeente/GM0392", "/embed/wijk/WK039204", "/embed/buurt/BU03920101"],
}
#: Pages for editors, checked logged in as the beheerder (who may open every one of them).
VOORBEELDEN_INGELOGD = {
    "bewerken.overzicht": ["/bewerken"],
    "bewerken.te_verifieren_lijst": ["/bewerken/te-verifieren"],
    "bewerken.nieuw_aanbod": ["/bewerken/aanbod/nieuw"],
    "bewerken.aanbod": ["/bewerken/aanbod/1", "/bewerken/aanbod/2"],  # 2: hours read from Dutch text
    "bewerken.nieuwe_locatie": ["/bewerken/locatie/nieuw"],
    "bewerken.locatie": ["/bewerken/locatie/2"],
    "moderatie.wachtrij_pagina": ["/bewerken/inzendingen"],
    "moderatie.inzending": ["/bewerken/inzendingen/1"],
    "beheer.gebruikers": ["/beheer/gebruikers"],
    "importeren.upload": ["/bewerken/importeren"],
    "scenarios.lijst": ["/gemeente/GM0392/scenarios"],
    "scenarios.scenario": ["/scenario/1"],
}
#: Endpoints that answer with data or a redirect, not a page.
GEEN_PAGINA = {
    "pages.favicon",
    "taal.kies",
    "static",
    "api.gebieden",
    "api.aanbod",
    "api.locaties",
    "api.gemeenten",
    "gaten.api_gaten",
    "gaten.download",
    "pages.kaartbeeld",
    "api.openingstijden_voorbeeld",
    "accounts.uitloggen",
    "bewerken.verifieer_aanbod",
    "bewerken.archiveer_aanbod",
    "bewerken.herstel_aanbod",
    "bewerken.archiveer_locatie",
    "bewerken.herstel_locatie",
    "bewerken.bevestig_uren",
    "bewerken.plaats_wachtenden",
    "bewerken.voeg_samen",
    # Pages of one upload (its token is made by the upload): opened in Chromium in test_browser_import.py.
    "importeren.kolommen",
    "importeren.mapping",
    "bewerken.adres_voorbeeld",
    "bewerken.veroudering",
    "beheer.nieuwe_gebruiker",
    "beheer.wijzig_gebruiker",
    # A planner's scenario: the layer it fetches and the buttons that post (its pages are checked logged in).
    "scenarios.laag",
    "scenarios.voeg_toe",
    "scenarios.verwijder_aanbod",
    "scenarios.sluit",
    "scenarios.heropen",
    "scenarios.verwijder",
    # Machine-readable documents: the OpenAPI descriptions and JSON Schemas.
    "apidocs.openapi_json",
    "ogc.api_document",
    "ogc.queryables",
    "ogc.schema",
    # The HSDS 3 API answers JSON only (checked against the official schemas in test_hsds_api.py).
    "hsds.info",
    "hsds.openapi",
    "hsds.services",
    "hsds.service",
    "hsds.service_at_locations",
    "hsds.organizations",
    "hsds.organization",
    "hsds.taxonomy_terms",
    # Calendar feeds (text/calendar), read back with icalendar in test_agenda.py.
    "aanbod.aanbod_agenda",
    "aanbod.gebied_agenda",
}
ROUTES = [url for urls in (*VOORBEELDEN.values(), *VOORBEELDEN_INGELOGD.values()) for url in urls]
INGELOGD = {url for urls in VOORBEELDEN_INGELOGD.values() for url in urls}


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_data):
    from .bewerkhulp import maak_accounts

    tmp = tmp_path_factory.mktemp("axe")
    # Every editing page is opened after its own login: the login limit is not what is tested here.
    app = haarlem_app(
        tmp,
        shared_data,
        INLOG_LIMIET="1000 per minute",
        INZENDING_LIMIET="1000 per minute",
        RAPPORT_LIMIET="1000 per minute",
    )
    maak_accounts(app.extensions["wijkkaart.engine"])
    _scenario_met_inhoud(app.extensions["wijkkaart.engine"])
    # A walking network over Haarlem, so the buurt pages show their walking map and the map its minutes.
    netwerk_over_haarlem(app, tmp)
    with draaiende_server(app) as basis:
        yield basis


def _scenario_met_inhoud(engine) -> None:
    """Scenario 1 of Haarlem, with hypothetical aanbod and a closed locatie, so its page shows every part."""
    from sqlalchemy import text

    from wijkkaart.diensten import scenarios
    from wijkkaart.diensten.bewerken import Pin
    from wijkkaart.diensten.rapport import BEHEER

    nummer = scenarios.nieuw(engine, BEHEER, "GM0392", "Nieuwe huiskamer", "Wat als er een huiskamer bij komt?")
    scenarios.voeg_aanbod_toe(engine, BEHEER, nummer, "Huiskamer", "ontmoetingsplek", "di 10-12 uur", Pin(4.65, 52.37))
    with engine.connect() as c:
        locatie = c.execute(text("SELECT min(id) FROM locatie WHERE gemeentecode = 'GM0392'")).scalar_one()
    scenarios.sluit_locatie(engine, BEHEER, nummer, locatie)


def test_every_page_has_an_example():
    app = create_app({"DATABASE_URL": "sqlite://", "TESTING": True})
    eindpunten = {r.endpoint for r in app.url_map.iter_rules()} - GEEN_PAGINA
    assert eindpunten == (set(VOORBEELDEN) | set(VOORBEELDEN_INGELOGD)) - {"foutpagina"}


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("breedte", [1280, 360], ids=["desktop", "telefoon"])
@pytest.mark.parametrize("route", ROUTES)
def test_axe_finds_no_violations(server, browser, route, breedte, taal):  # noqa: F811
    assert AXE.exists(), f"{AXE} ontbreekt: draai scripts/install.sh (npm ci)"
    w = Watched(browser, width=breedte)
    w.page.context.add_cookies([{"name": "taal", "value": taal, "url": server}])
    if route in INGELOGD:
        from .bewerkhulp import WACHTWOORD

        w.page.goto(server + "/inloggen")
        w.page.fill("input[name=email]", "beheer@example.org")
        w.page.fill("input[name=wachtwoord]", WACHTWOORD)
        w.page.click("form.formulier button[type=submit]")
        w.page.wait_for_url("**/bewerken")
        if route == "/bewerken/inzendingen/1":
            w.page.goto(server + "/meld/aanbod/1")
            w.page.fill("textarea[name=opmerking]", "De tijden kloppen niet meer.")
            w.page.click("form.formulier button[type=submit]")
            w.page.wait_for_url("**/meld/bedankt")
    w.page.goto(server + route)
    w.page.wait_for_load_state("networkidle")
    assert w.page.locator("html").get_attribute("lang") == taal
    # Open every <details> (the tables under the maps) so axe checks what they hide too.
    w.page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    w.page.evaluate(AXE.read_text(encoding="utf-8"))
    uitkomst = w.page.evaluate("regels => axe.run(document, {runOnly: {type: 'tag', values: regels}})", REGELS)
    fouten = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in uitkomst["violations"]
        if v["id"] not in UITZONDERINGEN.get(route.split("?")[0], set())
    ]
    assert not fouten, "\n".join(fouten)
    assert uitkomst["passes"], "axe heeft niets gecontroleerd"
    if breedte == 360:
        # No sideways scrolling on a phone: wide tables scroll inside their own box (details opened above).
        breed = w.page.evaluate(
            "() => [document.documentElement.scrollWidth, [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.tabel-schuif, .tabelvak,"
            " .leaflet-container')).slice(0, 3).map(e => e.tagName + '.' + e.className)]"
        )
        assert breed[0] <= 360, f"{route}: {breed[0]} px breed door {breed[1]}"
    w.page.close()
