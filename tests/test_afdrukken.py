"""Print and download (issue 17 items 4 and 8): printed pages without controls, the map fitted to the gemeente
with its legend and scale, whole table rows; the current map view as PNG and SVG; a folded legend on a phone.

Pages are printed by real headless Chromium (``page.pdf`` with print media) and read back with poppler.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from playwright.sync_api import expect

from wijkkaart import create_app

from .helpers import draaiende_server, haarlem_app, haarlem_met_voorbeeldaanbod
from .test_browser import Watched, browser  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_data):
    with draaiende_server(haarlem_app(tmp_path_factory.mktemp("afdrukken"), shared_data)) as url:
        yield url


def svg_teksten(svg: str | bytes) -> set[str]:
    """The texts an SVG shows, read by an XML parser (entities resolved)."""
    return {"".join(t.itertext()).strip() for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}


def afgedrukt(page, pad, controle=None) -> list[str]:
    """Print ``page`` to A4 PDF as a reader's browser would, and return the text of each page.

    ``controle`` runs once the print layout is in place, before the PDF is made (making it ends the print).
    """
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    if controle is not None:
        controle()
    page.pdf(path=str(pad), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pad)], capture_output=True, text=True, check=True).stdout
    aantal = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pad), "-"], capture_output=True, text=True
        ).stdout
        for i in range(1, aantal + 1)
    ]


@pytest.mark.browser
def test_the_printed_gap_table_has_no_controls_and_every_row_whole(server, browser, tmp_path):  # noqa: F811
    w = Watched(browser)
    w.page.goto(f"{server}/gemeente/GM0392/gaten")
    codes = w.page.eval_on_selector_all("table.gatentabel tbody tr", "rijen => rijen.map(r => r.dataset.code)")
    rangen = w.page.eval_on_selector_all("table.gatentabel tbody tr", "rijen => rijen.map(r => r.cells[0].innerText)")
    paginas = afgedrukt(w.page, tmp_path / "gaten.pdf")
    assert len(paginas) <= 7, f"{len(paginas)} pagina's (het waren er 25)"
    alles = "\n".join(paginas)
    for besturing in (
        "alle thema's",
        "alle soorten",
        "Toon",
        "Download deze tabel",
        "Rapport over",
        "Meld een initiatief",
    ):
        assert besturing not in alles, besturing
    # Each row on one page: its rank and its code on the same line (a split row would part them).
    for rang, code in zip(rangen, codes, strict=True):
        patroon = rf"^\s*{rang}\s+\S[^\n]*(?:\n[^\n]*){{0,3}}?{code}"
        assert sum(len(re.findall(patroon, p, re.M)) for p in paginas) == 1, code
    # The header comes back on every page.
    assert all("Gatscore" in p and "Inwoners" in p for p in paginas)
    assert not w.errors, w.errors


@pytest.mark.browser
def test_the_printed_map_shows_the_whole_gemeente_with_legend_and_scale(server, browser, tmp_path):  # noqa: F811
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392?kerncijfer=gatscore")
    expect(page.locator(".folium-map")).to_have_attribute("data-geladen-vlakken", "111", timeout=15000)
    # The reader zooms in on one corner: on screen most buurten are then outside the map.
    for _ in range(3):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(350)
    binnen = """() => { const k = document.querySelector('.folium-map').getBoundingClientRect();
      return [...document.querySelectorAll('.leaflet-gebieden-pane path')].filter(p => {
        const b = p.getBoundingClientRect();
        return b.width > 0 && b.left >= k.left - 1 && b.right <= k.right + 1 && b.top >= k.top - 1 && b.bottom <= k.bottom + 1;
      }).length; }"""
    assert page.evaluate(binnen) < 111

    def zoals_afgedrukt():
        # Printed: the map is fitted to the gemeente, every buurt inside it, legend open, no controls.
        assert page.evaluate(binnen) == 111
        for besturing in (".leaflet-control-zoom", ".leaflet-control-layers", ".kleurkeuze", ".kop", ".rapportknoppen"):
            assert not page.locator(besturing).first.is_visible(), besturing
        expect(page.locator(".legenda")).to_be_visible()
        expect(page.locator(".leaflet-control-scale")).to_be_visible()
        assert page.locator("details.legenda-vouw").evaluate("d => d.open")

    paginas = afgedrukt(page, tmp_path / "kaart.pdf", zoals_afgedrukt)
    assert len(paginas) == 1
    assert "Gatscore" in paginas[0] and re.search(r"\d+ km", paginas[0]) and "wijkgrens" in paginas[0]
    assert "Buurten: gatscore" not in paginas[0]  # the layer control
    # After printing the reader's own view comes back.
    page.emulate_media(media="screen")
    page.wait_for_timeout(300)
    assert page.evaluate(binnen) < 111
    assert not w.errors, w.errors


@pytest.mark.browser
def test_the_wijken_side_by_side_print_on_landscape_pages(server, browser, tmp_path):  # noqa: F811
    w = Watched(browser)
    w.page.goto(f"{server}/gemeente/GM0392/wijken")
    paginas = afgedrukt(w.page, tmp_path / "wijken.pdf")
    breedte = subprocess.run(["pdfinfo", str(tmp_path / "wijken.pdf")], capture_output=True, text=True).stdout
    b, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", breedte).groups())
    assert b > h, "liggend"
    alles = "\n".join(paginas)
    # The last columns are on the paper too (a portrait page cut them off).
    assert "Toon" not in alles and "Wie er wonen" in alles and "Dekking per dagdeel" in alles
    gemeente = next(r for r in alles.splitlines() if r.strip().startswith("Gemeente Haarlem"))
    assert len(re.findall(r"\d%", gemeente)) >= 10  # bereik, six day parts, the week and the indicators


@pytest.mark.browser
def test_download_kaart_draws_the_view_the_reader_sees(server, browser):  # noqa: F811
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392?kerncijfer=gatscore")
    expect(page.locator(".folium-map")).to_have_attribute("data-geladen-vlakken", "111", timeout=15000)
    svg_link = page.locator("a[data-kaartbeeld][href*='.svg']")
    expect(svg_link).to_have_attribute("href", re.compile(r"bbox="))

    def bbox() -> list[float]:
        return [float(x) for x in re.search(r"bbox=([^&]+)", svg_link.get_attribute("href")).group(1).split("%2C")]

    heel = bbox()
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(400)
    dichtbij = bbox()
    assert dichtbij[2] - dichtbij[0] < (heel[2] - heel[0]) * 0.6  # a zoomed-in view is a smaller box

    def polygonen(svg: bytes) -> int:
        boom = ET.fromstring(svg)
        groepen = [g for g in boom.iter("{http://www.w3.org/2000/svg}g") if "PolyCollection" in (g.get("id") or "")]
        return sum(1 for g in groepen for _p in g.iter("{http://www.w3.org/2000/svg}path"))

    antwoord = page.request.get(server + svg_link.get_attribute("href"))
    assert antwoord.ok and antwoord.headers["content-type"].startswith("image/svg+xml")
    legenda = page.eval_on_selector_all(".legenda li", "els => els.map(e => e.innerText.trim())")
    teksten = svg_teksten(antwoord.body())
    assert set(legenda) <= teksten and "N" in teksten and any(re.fullmatch(r"\d+ k?m", t) for t in teksten)
    alles = page.request.get(f"{server}/gemeente/GM0392/kaart.svg?kerncijfer=gatscore")
    assert 0 < polygonen(antwoord.body()) < polygonen(alles.body())
    png = page.request.get(server + page.locator("a[data-kaartbeeld][href*='.png']").get_attribute("href"))
    beeld = Image.open(io.BytesIO(png.body()))
    assert beeld.format == "PNG" and beeld.width >= 800
    assert not w.errors, w.errors


@pytest.mark.browser
def test_on_a_phone_the_legend_is_folded_and_covers_at_most_a_quarter_of_the_map(server, browser):  # noqa: F811
    w = Watched(browser, width=360)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392")
    expect(page.locator(".folium-map")).to_have_attribute("data-geladen-vlakken", "111", timeout=15000)
    vouw = page.locator("details.legenda-vouw")
    assert not vouw.evaluate("d => d.open")
    kaart = page.locator(".folium-map").bounding_box()
    legenda = page.locator(".legenda").bounding_box()
    assert legenda["width"] * legenda["height"] <= 0.25 * kaart["width"] * kaart["height"]
    expect(page.locator(".legenda h2")).to_be_visible()  # the title says what the colours are
    page.locator(".legenda summary").first.click()
    assert vouw.evaluate("d => d.open")
    expect(page.locator(".legenda li").first).to_be_visible()


@pytest.fixture
def client(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return create_app({"DATABASE_URL": database_url, "TESTING": True}).test_client()


def test_the_map_image_of_a_kerncijfer_and_bad_requests(client):
    antwoord = client.get("/gemeente/GM0392/kaart.svg?niveau=buurt&kerncijfer=pct_65_plus")
    assert antwoord.status_code == 200 and antwoord.mimetype == "image/svg+xml"
    assert "attachment" in antwoord.headers["Content-Disposition"]
    teksten = svg_teksten(antwoord.data)
    assert {"65 jaar en ouder (%)", "te weinig inwoners (minder dan 100)"} <= teksten
    pagina = client.get("/gemeente/GM0392?niveau=buurt&kerncijfer=pct_65_plus").get_data(as_text=True)
    klassen = re.findall(r'<span class="vlak" style="[^"]*"></span>([^<]+)</li>', pagina)
    assert len(klassen) >= 3 and {html.unescape(k.strip()) for k in klassen} <= teksten
    png = client.get("/gemeente/GM0392/kaart.png?kerncijfer=gatscore&bbox=4.60,52.35,4.66,52.40")
    assert png.status_code == 200 and Image.open(io.BytesIO(png.data)).format == "PNG"
    for url, status in (
        ("/gemeente/GM0392/kaart.png?bbox=4.6,52.3", 400),
        ("/gemeente/GM0392/kaart.png?bbox=100,0,101,1", 400),
        ("/gemeente/GM0392/kaart.png?bbox=4.7,52.3,4.6,52.4", 400),
        ("/gemeente/GM0392/kaart.gif", 404),
        ("/gemeente/GM9999/kaart.png", 404),
    ):
        assert client.get(url).status_code == status, url
