"""How responses travel: compressed, fingerprinted static files, and API answers a browser can revalidate.

- Pages, GeoJSON, scripts and styles above :data:`MIN_GROOTTE` bytes go out
  with brotli or gzip (Flask-Compress), whichever the browser prefers.
- ``url_for("static", …)`` adds ``?v=<hash of the file>`` to styles, Leaflet
  and images; a request with that fingerprint gets a year's ``max-age`` and
  ``immutable``: a new release changes the hash, so nobody keeps an old file.
  The project's own ES modules are not fingerprinted (they import each other
  by plain relative URLs); they revalidate by ETag.

Answers kept per data version (ETags, 304s, pages for visitors) are in
:mod:`wijkkaart.web.bewaard`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, request
from flask_compress import Compress

#: Smaller answers are sent as they are: compressing them costs more than it saves.
MIN_GROOTTE = 500
#: What is compressed: the defaults plus GeoJSON.
GECOMPRIMEERD = (
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "image/svg+xml",
)
#: A fingerprinted static file may be kept this long (a year, as for any hashed asset).
JAAR_S = 365 * 24 * 3600
compress = Compress()


def init_levering(app: Flask) -> None:
    """Compression, static fingerprints and their cache headers on ``app``."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br"])
    app.config.setdefault("COMPRESS_MIMETYPES", list(GECOMPRIMEERD))
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_GROOTTE)
    compress.init_app(app)
    vingerafdrukken: dict[str, tuple[float, str]] = {}

    @app.url_defaults
    def _vingerafdruk(endpoint, values):
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        if values["filename"].startswith("js/"):
            # ES modules import each other by plain relative URLs: a fingerprinted entry would be fetched
            # twice (once by its preload, once by the import). They revalidate by ETag instead.
            return
        pad = Path(app.static_folder) / values["filename"]
        try:
            stand = pad.stat().st_mtime
        except OSError:
            return
        bekend = vingerafdrukken.get(values["filename"])
        if bekend is None or bekend[0] != stand:
            bekend = (stand, hashlib.sha256(pad.read_bytes()).hexdigest()[:12])
            vingerafdrukken[values["filename"]] = bekend
        values["v"] = bekend[1]

    @app.after_request
    def _lang_bewaren(response: Response) -> Response:
        if request.endpoint == "static" and request.args.get("v") and response.status_code in (200, 304):
            response.headers["Cache-Control"] = f"public, max-age={JAAR_S}, immutable"
        return response
