"""Benchmark: when the first buurt shapes are on screen, wijkkaart's gemeente page against a naive folium page.

Both in headless Chromium (Debian's ``chromium``) with a cold browser cache
(a new context per load), both on loopback:

- **wijkkaart**: ``/gemeente/<code>`` from ``wijkkaart serve`` (the quick
  start: waitress, SpatiaLite) on the demo data: the page, its scripts, and
  the buurt layer's GeoJSON (preloaded by the page) from the API;
- **naive folium** (the baseline): what one writes in a notebook: the same
  buurten with every kerncijfer as one ``folium.GeoJson`` inlined in a single
  HTML file, saved by folium and served as a static file. Leaflet comes from
  the same wijkkaart server for both (folium's CDN links point there instead;
  there is no internet here), so both pay the same for it. Its other CDN
  assets (jQuery, Bootstrap) are left out: a naive page loading them would
  only be slower.

Measured: ``performance.now()`` at the first animation frame after the first
SVG path of a shape enters the map (time from navigation start), in
alternating order per round. Printed: min / median / max of each and of the
ratio wijkkaart / folium per round, and the bytes each page transferred.
Goal (issue 16): the ratio at or below 1 (the shapes no later than naive).

Usage::

    .venv/bin/python benchmarks/eerste_vormen.py [--data DIR] [--rondes 9] [--gemeente GM0363]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import folium
import requests
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.serverproces import server, vrije_poort
from wijkkaart.diensten.database import verbind
from wijkkaart.diensten.demo import laad_demo
from wijkkaart.kern.settings import default_data_dir

CHROMIUM = "/usr/bin/chromium"

#: Records when the first shape is drawn: the first frame after an SVG path enters Leaflet's overlay pane.
WACHTER = """
window.__eerste = null;
new MutationObserver((_, waarnemer) => {
  if (document.querySelector(".leaflet-pane path.leaflet-interactive")) {
    waarnemer.disconnect();
    requestAnimationFrame(() => { window.__eerste = performance.now(); });
  }
}).observe(document, { subtree: true, childList: true });
"""


def naieve_pagina(basis: str, gemeente: str, map_: Path) -> Path:
    """The folium page a notebook would make: every buurt and all its figures inlined."""
    geojson = requests.get(
        f"{basis}/api/v1/gebieden", params={"gemeente": gemeente, "niveau": "buurt", "velden": "alle"}
    )
    geojson.raise_for_status()
    data = geojson.json()
    kaart = folium.Map(location=[52.37, 4.9], zoom_start=12, tiles=None)
    folium.GeoJson(
        data,
        style_function=lambda f: {"fillColor": "#41b6c4", "color": "#333", "weight": 1, "fillOpacity": 0.6},
    ).add_to(kaart)
    kaart.fit_bounds(folium.GeoJson(data).get_bounds())
    html = kaart.get_root().render()
    pagina = requests.get(f"{basis}/gemeente/{gemeente}").text
    js = re.search(r'src="(/static/vendor/leaflet/leaflet\.js[^"]*)"', pagina).group(1)
    css = re.search(r'href="(/static/vendor/leaflet/leaflet\.css[^"]*)"', pagina).group(1)
    html = re.sub(
        r'<script src="https://[^"]*leaflet[^"]*\.js"></script>', f'<script src="{basis}{js}"></script>', html
    )
    html = re.sub(
        r'<link rel="stylesheet" href="https://[^"]*leaflet[^"]*\.css"/>',
        f'<link rel="stylesheet" href="{basis}{css}"/>',
        html,
    )
    html = re.sub(r'<script src="https://[^"]*"></script>', "", html)
    html = re.sub(r'<link rel="stylesheet" href="https://[^"]*"/>', "", html)
    pad = map_ / "naief.html"
    pad.write_text(html, encoding="utf-8")
    return pad


class _Stil(SimpleHTTPRequestHandler):
    """A static file server that does not log every request to the terminal."""

    def log_message(self, *args) -> None:
        pass


def _statisch(map_: Path) -> tuple[str, ThreadingHTTPServer]:
    poort = vrije_poort()
    httpd = ThreadingHTTPServer(("127.0.0.1", poort), partial(_Stil, directory=str(map_)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{poort}", httpd


def eerste_vormen(browser, url: str) -> tuple[float, int]:
    """Milliseconds from navigation start to the first drawn shape, and the bytes the page transferred."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        pagina = context.new_page()
        pagina.add_init_script(WACHTER)
        pagina.goto(url, wait_until="commit")
        pagina.wait_for_function("() => window.__eerste !== null", timeout=60_000)
        ms = pagina.evaluate("window.__eerste")
        pagina.wait_for_load_state("load")
        bytes_ = pagina.evaluate(
            "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".reduce((s, e) => s + (e.transferSize || 0), 0)"
        )
        return ms, bytes_
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--rondes", type=int, default=9)
    parser.add_argument("--gemeente", default="GM0363")
    args = parser.parse_args()
    data = args.data or default_data_dir()
    with tempfile.TemporaryDirectory() as tijdelijk:
        map_ = Path(tijdelijk)
        url = f"sqlite:///{map_ / 'demo.sqlite'}"
        engine = verbind(url)
        for _ in laad_demo(engine, data):
            pass
        engine.dispose()
        env = {"WIJKKAART_BASEMAP": "geen", "WIJKKAART_SECRET_KEY": "eerste-vormen"}
        with server(url, env=env, wacht_s=90) as (basis, _):
            naief = naieve_pagina(basis, args.gemeente, map_)
            statisch, httpd = _statisch(map_)
            adressen = {"wijkkaart": f"{basis}/gemeente/{args.gemeente}", "folium": f"{statisch}/{naief.name}"}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for adres in adressen.values():
                    eerste_vormen(browser, adres)  # warm: the server's kept page, the OS file cache
                ms: dict[str, list[float]] = {k: [] for k in adressen}
                grootte: dict[str, int] = {}
                for ronde in range(args.rondes):
                    for wie in adressen if ronde % 2 == 0 else reversed(list(adressen)):
                        tijd, grootte[wie] = eerste_vormen(browser, adressen[wie])
                        ms[wie].append(tijd)
                browser.close()
            httpd.shutdown()

    def mmm(x):
        return f"{min(x):.0f} / {statistics.median(x):.0f} / {max(x):.0f}"

    verhouding = [w / f for w, f in zip(ms["wijkkaart"], ms["folium"], strict=True)]
    print(f"{args.gemeente}, {args.rondes} rondes, koude browsercache; ms tot de eerste vormen, min / mediaan / max")
    print(f"  naïeve folium-pagina (basislijn): {mmm(ms['folium'])} ms, {grootte['folium'] / 1024:.0f} KiB")
    print(f"  wijkkaart /gemeente:              {mmm(ms['wijkkaart'])} ms, {grootte['wijkkaart'] / 1024:.0f} KiB")
    print(
        f"  verhouding wijkkaart / folium:    {min(verhouding):.2f} / {statistics.median(verhouding):.2f} / {max(verhouding):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
