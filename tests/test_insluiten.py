"""Embeddable maps (issue 18 item 5): framed by another site in Chromium, no cookies, only the basemap as third party."""

from __future__ import annotations

import html
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from wijkkaart import create_app

from .helpers import draaiende_server, haarlem_met_voorbeeldaanbod, wijk_met_aanbod
from .test_browser import TILE_HOST, Watched, browser  # noqa: F401  (fixture)


@pytest.fixture
def haarlem_url(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return database_url


class _Krant:
    """A wijkkrant's page on another origin that frames the embed."""

    def __init__(self, src: str):
        pagina = (
            '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Wijkkrant</title></head><body>'
            f'<h1>Wijkkrant</h1><iframe src="{html.escape(src)}" title="Aanbod" width="100%" height="560"></iframe>'
            "</body></html>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(pagina)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_port}/"

    def stop(self):
        self.http.shutdown()


@pytest.mark.browser
def test_a_wijkkrant_frames_the_wijk_map_without_cookies_or_other_third_parties(haarlem_url, browser):  # noqa: F811
    wijk, namen = wijk_met_aanbod(haarlem_url)
    app = create_app({"DATABASE_URL": haarlem_url, "TESTING": True})
    with draaiende_server(app) as basis:
        # Another origin than the map's server: localhost versus 127.0.0.1.
        krant = _Krant(basis.replace("127.0.0.1", "localhost") + f"/embed/wijk/{wijk}")
        try:
            w = Watched(browser, width=360)
            w.page.goto(krant.url)
            frame = w.page.frame_locator("iframe")
            lijst = frame.locator("#embedlijst li a")
            lijst.first.wait_for()
            assert set(lijst.all_text_contents()) <= namen and lijst.count() >= 1
            kaart = frame.locator("#embedkaart")
            kaart.locator(".leaflet-marker-icon").first.wait_for()
            assert kaart.get_attribute("data-markers") == str(lijst.count())
            assert w.page.context.cookies() == []
            eigen = {urlsplit(krant.url).netloc, urlsplit(basis.replace("127.0.0.1", "localhost")).netloc}
            assert w.hosts <= eigen | {TILE_HOST}, w.hosts
            assert w.errors == []
        finally:
            krant.stop()


@pytest.mark.browser
def test_a_site_outside_the_allow_list_cannot_frame_it(haarlem_url, browser):  # noqa: F811
    wijk, _ = wijk_met_aanbod(haarlem_url)
    app = create_app({"DATABASE_URL": haarlem_url, "TESTING": True, "EMBED_TOEGESTAAN": "https://wijkkrant.example"})
    with draaiende_server(app) as basis:
        krant = _Krant(basis.replace("127.0.0.1", "localhost") + f"/embed/wijk/{wijk}")
        try:
            w = Watched(browser)
            w.page.goto(krant.url)
            w.page.wait_for_timeout(1500)
            frame = w.page.frames[-1]
            assert frame.url.endswith(f"/embed/wijk/{wijk}") or frame.url in (
                "",
                "about:blank",
                "chrome-error://chromewebdata/",
            )
            assert w.page.frame_locator("iframe").locator("#embedkaart").count() == 0
        finally:
            krant.stop()


def test_headers_language_and_bad_codes(haarlem_url):
    wijk, _ = wijk_met_aanbod(haarlem_url)
    client = create_app(
        {"DATABASE_URL": haarlem_url, "TESTING": True, "EMBED_TOEGESTAAN": "https://wijkkrant.example"}
    ).test_client()
    antwoord = client.get(f"/embed/wijk/{wijk}")
    assert antwoord.status_code == 200 and "Set-Cookie" not in antwoord.headers
    assert re.search(r"frame-ancestors https://wijkkrant\.example(;|$)", antwoord.headers["Content-Security-Policy"])
    assert "frame-ancestors 'none'" in client.get("/gemeente/GM0392").headers["Content-Security-Policy"]
    assert "<header" not in antwoord.get_data(as_text=True) and "csrf_token" not in antwoord.get_data(as_text=True)
    engels = client.get(f"/embed/wijk/{wijk}?taal=en").get_data(as_text=True)
    assert 'lang="en"' in engels and "Offer in" in engels
    assert client.get("/embed/wijk/WK999999").status_code == 404
    assert client.get("/embed/buurt/onzin").status_code == 404
    # The "insluiten" code on the buurt page frames a page that exists.
    buurt = client.get("/buurt/BU03920101").get_data(as_text=True)
    code = html.unescape(re.search(r'<textarea id="insluiten-BU03920101"[^>]*>(.*?)</textarea>', buurt, re.S).group(1))
    src = re.search(r'src="([^"]+)"', code).group(1)
    assert client.get(urlsplit(src).path).status_code == 200
