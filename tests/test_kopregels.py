"""Security headers: a script policy without 'unsafe-inline', HSTS on https, nothing private kept in a cache."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .bewerkhulp import csrf, log_in, maak_accounts
from .helpers import draaiende_server, haarlem_app
from .test_browser import Watched, browser  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_data):
    app = haarlem_app(tmp_path_factory.mktemp("koppen"), shared_data)
    maak_accounts(app.extensions["wijkkaart.engine"])
    return app


def _scriptbeleid(antwoord) -> str:
    beleid = dict(
        deel.strip().split(" ", 1) for deel in antwoord.headers["Content-Security-Policy"].split(";") if deel.strip()
    )
    return beleid["script-src"]


def test_inline_scripts_run_only_with_this_responses_nonce(app):
    client = app.test_client()
    eerste, tweede = client.get("/gemeente/GM0392"), client.get("/gemeente/GM0392")
    beleid = _scriptbeleid(eerste)
    assert "'unsafe-inline'" not in beleid and "'unsafe-eval'" not in beleid
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9_-]{20,})'", beleid).group(1)
    assert nonce not in _scriptbeleid(tweede)
    html = eerste.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", html)
    assert inline, "de kaartpagina heeft inline scripts (folium)"
    assert all(f'nonce="{nonce}"' in attributen for attributen in inline), inline


def test_headers_on_every_page_and_hsts_only_on_https(app):
    client = app.test_client()
    http = client.get("/")
    assert http.headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in http.headers["Permissions-Policy"] and "camera=()" in http.headers["Permissions-Policy"]
    assert http.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in http.headers
    https = client.get("/", base_url="https://localhost")
    assert https.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_with_private_data_are_never_stored(app):
    client = app.test_client()
    openbaar = client.get("/gemeente/GM0392")
    assert "no-store" not in openbaar.headers.get("Cache-Control", "")
    assert client.get("/inloggen").headers["Cache-Control"] == "no-store"
    # A resident's report with contact details, then the moderation page that shows them.
    gemeld = client.post(
        "/meld/aanbod/1",
        data={
            "csrf_token": csrf(client, "/meld/aanbod/1"),
            "opmerking": "De tijden kloppen niet meer.",
            "contact_email": "bewoner@example.org",
        },
    )
    assert gemeld.status_code == 303, gemeld.get_data(as_text=True)
    log_in(client, "beheer@example.org")
    for pad in ("/bewerken", "/bewerken/inzendingen", "/bewerken/inzendingen/1", "/beheer/gebruikers", "/"):
        antwoord = client.get(pad)
        assert antwoord.status_code == 200, pad
        assert antwoord.headers["Cache-Control"] == "no-store", pad
    assert "bewoner@example.org" in client.get("/bewerken/inzendingen/1").get_data(as_text=True)
    # A public file stays cacheable, also for someone logged in.
    assert "no-store" not in client.get("/static/css/wijkkaart.css").headers.get("Cache-Control", "")


@pytest.mark.browser
def test_the_map_runs_under_the_policy_and_an_injected_script_does_not(app, browser):  # noqa: F811
    with draaiende_server(app) as basis:
        w = Watched(browser)
        w.page.goto(f"{basis}/gemeente/GM0392")
        expect(w.page.locator(".leaflet-gebieden-pane path")).to_have_count(111, timeout=15000)
        assert w.errors == [], w.errors
        # What an XSS would try if escaping ever failed: an inline script the server did not sign.
        uitgevoerd = w.page.evaluate(
            """() => { const s = document.createElement('script'); s.textContent = 'window.__geinjecteerd = 1';
                       document.body.appendChild(s); return window.__geinjecteerd === 1; }"""
        )
        assert not uitgevoerd
        assert any("Content Security Policy" in fout for fout in w.errors), w.errors
        w.page.close()
