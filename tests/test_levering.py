"""Lean, cacheable answers (issue 16): compressed, revalidated by ETag from the data version, fingerprinted files."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from sqlalchemy import event

from wijkkaart import create_app
from wijkkaart.opslag.engine import transaction
from wijkkaart.opslag.tabellen.aanbod import Aanbod
from wijkkaart.web import levering

from .helpers import haarlem_met_voorbeeldaanbod

GEBIEDEN = "/api/v1/gebieden?gemeente=GM0392&niveau=buurt&zoom=13&velden=inwoners"


@pytest.fixture
def app(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return create_app({"DATABASE_URL": database_url, "TESTING": True})


def zonder_toeval(inhoud: bytes) -> bytes:
    """A page without what differs per request by design: CSP nonce, CSRF token (signed with the time), folium ids."""
    inhoud = re.sub(rb'name="csrf_token"[^>]*>', b"", re.sub(rb'nonce="[^"]+"', b"", inhoud))
    return re.sub(rb"[0-9a-f]{32}", b"", inhoud)


@pytest.mark.parametrize("pad", ["/gemeente/GM0392", GEBIEDEN, "/api/v1/aanbod?gemeente=GM0392"])
def test_pages_and_geojson_are_compressed_with_what_the_browser_accepts(app, pad):
    client = app.test_client()
    kaal = client.get(pad, headers={"Accept-Encoding": "identity"})
    assert kaal.status_code == 200 and "Content-Encoding" not in kaal.headers
    br = client.get(pad, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br" and "Accept-Encoding" in br.headers["Vary"]
    assert zonder_toeval(brotli.decompress(br.data)) == zonder_toeval(kaal.data)
    gz = client.get(pad, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert zonder_toeval(gzip.decompress(gz.data)) == zonder_toeval(kaal.data)
    assert len(br.data) < 0.5 * len(kaal.data)


def test_a_reload_of_unchanged_geojson_costs_no_body_and_an_edit_changes_it(app):
    client = app.test_client()
    eerste = client.get(GEBIEDEN)
    etag = eerste.headers["ETag"]
    assert etag.startswith('W/"') and eerste.headers["Cache-Control"] == "no-cache"
    assert eerste.headers["Last-Modified"]
    opnieuw = client.get(GEBIEDEN, headers={"If-None-Match": etag})
    assert opnieuw.status_code == 304 and opnieuw.data == b"" and opnieuw.headers["ETag"] == etag
    # Another question is another answer.
    assert client.get(GEBIEDEN + ",pct_65_plus", headers={"If-None-Match": etag}).status_code == 200
    # The language is part of it: the English reader does not get the Dutch answer's 304.
    client.set_cookie("taal", "en")
    assert client.get(GEBIEDEN, headers={"If-None-Match": etag}).status_code == 200
    client.set_cookie("taal", "nl")
    with transaction(app.extensions["wijkkaart.engine"]) as s:
        s.get(Aanbod, 1).naam = "Nieuwe naam"
    na = client.get(GEBIEDEN, headers={"If-None-Match": etag})
    assert na.status_code == 200 and na.headers["ETag"] != etag and na.json["features"]


def test_answers_that_follow_the_clock_are_not_given_an_etag(app):
    antwoord = app.test_client().get("/api/v1/aanbod?gemeente=GM0392&open_op=nu")
    assert antwoord.status_code == 200 and "ETag" not in antwoord.headers
    assert antwoord.headers["Cache-Control"] == "no-cache"


def test_static_files_are_fingerprinted_and_kept_for_a_year(app):
    client = app.test_client()
    html = client.get("/gemeente/GM0392").get_data(as_text=True)
    bestanden = [b for b in re.findall(r'(?:src|href)="(/static/[^"]+)"', html) if not b.startswith("/static/js/")]
    assert len(bestanden) >= 4 and all(re.search(r"[?&]v=[0-9a-f]{12}", b) for b in bestanden), bestanden
    for pad in bestanden[:5]:
        antwoord = client.get(pad.replace("&amp;", "&"))
        assert antwoord.status_code == 200
        assert antwoord.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # Without the fingerprint a file is not promised to stay the same.
    zonder = client.get(bestanden[0].split("?")[0])
    assert "immutable" not in zonder.headers.get("Cache-Control", "")


def test_static_files_are_compressed_once_and_modules_still_revalidate(app, monkeypatch):
    """Leaflet and the project's modules arrive compressed, byte for byte the file; a module reload is a 304."""
    gemaakt = []
    echt = levering.EENMALIG["br"]
    monkeypatch.setitem(levering.EENMALIG, "br", lambda data: gemaakt.append(len(data)) or echt(data))
    client = app.test_client()
    html = client.get("/gemeente/GM0392").get_data(as_text=True)
    leaflet = re.search(r'src="(/static/vendor/leaflet/leaflet\.js\?v=[0-9a-f]+)"', html).group(1)
    bestand = (Path(app.static_folder) / "vendor/leaflet/leaflet.js").read_bytes()
    for _ in range(3):
        antwoord = client.get(leaflet, headers={"Accept-Encoding": "gzip, br"})
        assert antwoord.headers["Content-Encoding"] == "br" and brotli.decompress(antwoord.data) == bestand
    gz = client.get(leaflet, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.data) == bestand
    assert gemaakt == [len(bestand)]  # three brotli answers, compressed once
    module = client.get("/static/js/lib/kaart.js", headers={"Accept-Encoding": "br"})
    assert module.status_code == 200 and module.headers["Content-Encoding"] == "br"
    opnieuw = client.get(
        "/static/js/lib/kaart.js", headers={"Accept-Encoding": "br", "If-None-Match": module.headers["ETag"]}
    )
    assert opnieuw.status_code == 304 and opnieuw.data == b""


def test_an_answer_is_made_once_per_data_version_for_every_visitor(app):
    """A second visitor (no ETag of their own) gets the kept answer: no area row is read again."""
    gelezen = []
    event.listen(
        app.extensions["wijkkaart.engine"],
        "before_cursor_execute",
        lambda _c, _k, sql, *_: re.search(r"\bFROM gebied\b", sql) and gelezen.append(sql),
    )
    eerste = app.test_client().get(GEBIEDEN)
    assert gelezen
    gelezen.clear()
    tweede = app.test_client().get(GEBIEDEN)
    assert gelezen == [] and tweede.data == eerste.data and tweede.headers["ETag"] == eerste.headers["ETag"]
    with transaction(app.extensions["wijkkaart.engine"]) as s:
        s.get(Aanbod, 1).naam = "Nieuwe naam"
    derde = app.test_client().get(GEBIEDEN)
    assert gelezen and derde.headers["ETag"] != eerste.headers["ETag"]
