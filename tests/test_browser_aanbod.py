"""The aanbod layers in real headless Chromium: toggling, clusters, popups with escaped text and Dutch hours."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from wijkkaart.diensten.aanbod import importeer_aanbod
from wijkkaart.invoer.geocoding import maak_keten

from .helpers import XSS, draaiende_server, haarlem_app, haarlem_punten
from .test_browser import Watched, browser  # noqa: F401  (fixture)
from .test_import_aanbod import schrijf_csv

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_data):
    tmp = tmp_path_factory.mktemp("aanbod-browser")
    app = haarlem_app(tmp, shared_data)
    engine = app.extensions["wijkkaart.engine"]
    # Forty activities close together, so the aanbod layer clusters at the gemeente's zoom level.
    ((lon, lat),) = haarlem_punten(engine, 1, seed=4)
    rijen = [
        [
            f"c{i}",
            f"Activiteit {i:02d}",
            "activiteit",
            "",
            "",
            "",
            "",
            lat + (i % 7) * 0.0004,
            lon + (i // 7) * 0.0004,
            "",
            "",
            "",
            "nee",
            "ja",
        ]
        for i in range(40)
    ]
    bestand = schrijf_csv(
        tmp / "cluster.csv",
        rijen,
        kop=[
            "id",
            "naam",
            "soort",
            "straat",
            "huisnummer",
            "postcode",
            "plaats",
            "lat",
            "lon",
            "openingstijden",
            "themas",
            "doelgroepen",
            "adres_verbergen",
            "voorbeeld",
        ],
    )
    importeer_aanbod(
        engine, bestand, maak_keten(["bestand"]), bron="voorbeeld", rapport=tmp / "r.csv", toon_voortgang=False
    )
    with draaiende_server(app) as url:
        yield url


def test_lagen_clusters_en_popups(server, browser, artifacts):  # noqa: F811
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392")
    kaart = page.locator(".folium-map")
    expect(kaart).to_have_attribute("data-geladen-aanbod", "42", timeout=15000)
    expect(kaart).to_have_attribute("data-geladen-inloopspreekuren", "1")
    expect(kaart).to_have_attribute("data-geladen-locaties", "1")
    lijst = page.locator("#aanbodlijst-items li")
    expect(lijst).to_have_count(44)
    # The list shows the start of each description, as text (the <b> in it stays visible text).
    regel = page.locator(".lijst-knop", has_text="<script>").locator(".lijst-beschrijving")
    expect(regel).to_have_text(re.compile(r"^<b>Vet</b> Elke week samen koffie drinken .*…$"))
    assert "EINDE VAN DE TEKST" not in regel.inner_text() and page.locator(".lijst-knop b").count() == 0

    # Clusters: the forty close activities are one cluster; clicking it zooms in and splits it.
    cluster = page.locator(".aanbod-cluster--aanbod").first
    expect(cluster).to_be_visible()
    losse_voor = page.locator(".aanbod-icoon--aanbod").count()
    cluster.click()
    # The zoom is animated and slower on a loaded machine: wait for the split instead of a fixed time.
    page.wait_for_function(
        "n => document.querySelectorAll('.aanbod-icoon--aanbod').length"
        " + document.querySelectorAll('.aanbod-cluster--aanbod').length > n",
        arg=losse_voor + 1,
        timeout=10000,
    )

    # Toggle the walk-in layer off and on through the layer control.
    keuze = page.locator(".leaflet-control-layers label", has_text="Inloopspreekuren").locator("input")
    keuze.uncheck()
    expect(page.locator(".aanbod-icoon--inloopspreekuren")).to_have_count(0)
    expect(lijst).to_have_count(43)
    keuze.check()
    expect(lijst).to_have_count(44)
    page.locator(".leaflet-control-layers label", has_text="Locaties").locator("input").uncheck()
    expect(page.locator(".aanbod-icoon--locaties")).to_have_count(0)
    expect(lijst).to_have_count(43)

    # The popup of the item with a script payload: shown as text, never run; hours in Dutch.
    page.locator(".lijst-knop", has_text="<script>").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(XSS)
    expect(popup).to_contain_text("ma en wo 9:00–12:00; elke 2e di 19:00–21:00; feestdagen gesloten")
    expect(popup).to_contain_text("Voorbeeld: geen echte gegevens")
    assert popup.locator("script, img").count() == 0
    assert page.evaluate("window.__xss") is None
    # The description: shortened, markup shown as text, the rest one click away.
    beschrijving = popup.locator(".popup-beschrijving")
    expect(beschrijving).to_contain_text("<b>Vet</b> Elke week samen koffie")
    expect(beschrijving).not_to_contain_text("EINDE VAN DE TEKST")
    assert beschrijving.locator("b").count() == 0
    page.screenshot(path=artifacts / "aanbod-popup.png")
    beschrijving.get_by_role("button", name="meer").click()
    expect(beschrijving).to_contain_text("EINDE VAN DE TEKST")
    expect(beschrijving.get_by_role("button", name="minder")).to_have_attribute("aria-expanded", "true")

    # Hours read from Dutch text say so, with the words they were read from.
    page.locator(".lijst-knop", has_text="Inloop wijkteam").click()
    inloop = page.locator(".leaflet-popup-content", has_text="Inloop wijkteam")
    expect(inloop).to_contain_text("Tijden: ma t/m vr 13:00–15:00")
    expect(inloop.locator(".popup-afgeleid")).to_have_text("afgeleid uit: Inloop ma t/m vr 13-15 uur")
    page.screenshot(path=artifacts / "aanbod-popup-afgeleid.png")

    # A masked address shows only the buurt.
    page.locator(".lijst-knop", has_text="Huiskamer bij Ans").click()
    ans = page.locator(".leaflet-popup-content", has_text="Huiskamer bij Ans")
    expect(ans).to_contain_text("adres niet openbaar")
    expect(ans).not_to_contain_text("Privéweg")
    assert w.errors == [], w.errors
