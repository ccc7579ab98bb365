"""The front end: one entry script per page, settings and URLs from the page, colours as CSS custom properties, an icon."""

from __future__ import annotations

import json
import re

import pytest

from wijkkaart.kern.settings import PROJECT_ROOT

from .helpers import haarlem_app

JS = PROJECT_ROOT / "static" / "js"
CSS = PROJECT_ROOT / "static" / "css" / "wijkkaart.css"
TEMPLATES = PROJECT_ROOT / "wijkkaart" / "web" / "templates"
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")
#: Pages that run a script, and the entry they load.
ENTREES = {
    "/": "pagina/index.js",
    "/gemeente/GM0392": "pagina/gemeente.js",
    "/gemeente/GM0392/gaten": "pagina/gaten.js",
    # The wijken side by side sort with the gap table's script.
    "/gemeente/GM0392/wijken": "pagina/gaten.js",
    "/zoek?q=2011": "pagina/zoek.js",
    # The OGC API's items and item pages share one map script; the API documentation starts Swagger UI.
    "/ogc/collections/buurten/items?f=html": "pagina/ogc.js",
    "/api/v1/docs": "pagina/apidocs.js",
    "/embed/gemeente/GM0392": "pagina/embed.js",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory, shared_data):
    return haarlem_app(tmp_path_factory.mktemp("voorkant"), shared_data).test_client()


def _scripts(html: str) -> list[str]:
    return re.findall(r'<script[^>]*src="/static/js/([^"]+)"', html)


@pytest.mark.parametrize(
    "route",
    [
        "/",
        "/gemeente/GM0392",
        "/gemeente/GM0392?kerncijfer=gatscore",
        "/gemeente/GM0392/gaten",
        "/buurt/BU03922002",
        "/zoek?q=2011",
        "/meld",
        "/inloggen",
    ],
)
def test_each_page_loads_at_most_one_entry_script_as_a_module(client, route):
    html = client.get(route).get_data(as_text=True)
    eigen = _scripts(html)
    assert len(eigen) <= 1, eigen
    assert eigen == ([ENTREES[route.split("?kerncijfer")[0]]] if route.split("?kerncijfer")[0] in ENTREES else [])
    for script in eigen:
        assert f'<script type="module" src="/static/js/{script}">' in html


def test_every_template_script_is_a_page_entry():
    entrees = []
    for pad in TEMPLATES.rglob("*.html"):
        tekst = pad.read_text("utf-8")
        assert "filename='js/" not in tekst, pad.name  # the project's scripts come in through entree()
        entrees += re.findall(r'entree\("([^"]+)"\)', tekst)
    # Pages behind a login (the editor's and the planner's scenario), and the buurt page's walking map,
    # which only a gemeente with a walking network has (tests/test_netwerk_pagina.py).
    assert sorted(entrees) == sorted([*ENTREES.values(), "pagina/bewerken.js", "pagina/scenario.js", "pagina/buurt.js"])
    assert all((JS / e).exists() for e in entrees)


def test_an_entry_announces_every_module_it_imports(client):
    """The browser fetches the whole module graph at once, so the page's script runs before a visitor clicks."""
    html = client.get("/gemeente/GM0392").get_data(as_text=True)
    vooraf = re.findall(r'<link rel="modulepreload" href="/static/js/([^"]+)">', html)
    assert sorted(vooraf) == ["lib/aanbod.js", "lib/kaart.js", "lib/taal.js"]
    assert html.index("modulepreload") < html.index("</head>")


def test_scripts_hard_code_no_url_and_no_setting():
    """URLs come from the settings block base.html writes; a path literal in a script would go stale."""
    for pad in JS.rglob("*.js"):
        tekst = pad.read_text("utf-8")
        assert not re.search(r"""["'`]/(?!/)[a-z]""", tekst), pad.name
        assert "location.pathname" not in tekst, pad.name


def test_the_settings_block_names_every_url_the_scripts_ask_for(client):
    html = client.get("/").get_data(as_text=True)
    blok = re.search(r'<script id="wijkkaart-instellingen" type="application/json">(.*?)</script>', html, re.S)
    gevraagd = {m for pad in JS.rglob("*.js") for m in re.findall(r'url\(\s*"(\w+)"', pad.read_text("utf-8"))}
    gevraagd |= {"meld_aanbod", "meld_locatie"}  # asked for by a computed name
    urls = json.loads(blok.group(1))["urls"]
    assert gevraagd <= set(urls), gevraagd - set(urls)
    assert urls["adres"] == "/bewerken/adres" and urls["meld_aanbod"] == "/meld/aanbod/{id}"


def test_colours_live_only_in_the_stylesheets_custom_properties():
    css = CSS.read_text("utf-8")
    wortel_einde = css.index("}", css.index(":root"))
    assert HEX.findall(css[wortel_einde:]) == []
    assert len(HEX.findall(css[:wortel_einde])) >= 50
    for pad in [*JS.rglob("*.js"), PROJECT_ROOT / "wijkkaart" / "uitvoer" / "kaarten.py"]:
        assert HEX.findall(pad.read_text("utf-8")) == [], pad.name
    # One focus colour.
    assert len(set(re.findall(r"outline: 3px solid ([^;]+);", css))) == 1


def test_the_site_has_an_icon(client):
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg\?v=[0-9a-f]{12}" type="image/svg\+xml">', html)
    for pad in ("/static/favicon.svg", "/favicon.ico"):
        antwoord = client.get(pad)
        assert antwoord.status_code == 200 and antwoord.mimetype == "image/svg+xml"
        assert b"<svg" in antwoord.data
