"""How responses travel: compressed, fingerprinted static files, and API answers a browser can revalidate.

- Pages, GeoJSON, scripts and styles above :data:`MIN_GROOTTE` bytes go out
  with brotli or gzip (Flask-Compress), whichever the browser prefers.
  Static files are compressed once per version and encoding, harder than per
  request, and kept in the process (:class:`StatischeCompressie`): Leaflet took
  5 ms per request to compress, more than the rest of its answer.
- ``url_for("static", …)`` adds ``?v=<hash of the file>`` to styles, Leaflet
  and images; a request with that fingerprint gets a year's ``max-age`` and
  ``immutable``: a new release changes the hash, so nobody keeps an old file.
  The project's own ES modules are not fingerprinted (they import each other
  by plain relative URLs); they revalidate by ETag.

Answers kept per data version (ETags, 304s, pages for visitors) are in
:mod:`wijkkaart.web.bewaard`.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

import brotli
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
#: For what is compressed once and kept (static files here, kept answers in :mod:`.bewaard`): harder than
#: Flask-Compress's per-request 4 and 6, but not brotli 11, which would take a third of a second for Leaflet
#: and keep the first visitor after a restart waiting.
EENMALIG = {
    "br": lambda data: brotli.compress(data, quality=9),
    "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
}


def init_levering(app: Flask) -> None:
    """Compression, static fingerprints and their cache headers on ``app``."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br"])
    app.config.setdefault("COMPRESS_MIMETYPES", list(GECOMPRIMEERD))
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_GROOTTE)
    compress.init_app(app)
    # Registered after Flask-Compress, so it runs before it (after_request runs in reverse order); a static
    # answer leaves here with its encoding set, and Flask-Compress then leaves it alone.
    app.after_request(StatischeCompressie())
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


class StatischeCompressie:
    """Static files compressed once per (file, version, encoding) and kept in this process.

    Static files only change with a release, and their ETag (from the file's
    time and size) names the version, so each is compressed once, harder
    than per request, instead of on every request. At most :attr:`MAX_BYTES` are
    kept (the least recently used go first); the project's own files are a
    few hundred kilobytes.
    """

    MAX_BYTES = 16 * 1024 * 1024

    def __init__(self):
        self._bewaard: OrderedDict[tuple, bytes] = OrderedDict()
        self._bytes = 0
        self._slot = threading.Lock()

    def __call__(self, response: Response) -> Response:
        """Compress a static answer from the kept copy (made now when missing)."""
        if (
            request.endpoint != "static"
            or response.status_code != 200
            or response.mimetype not in GECOMPRIMEERD
            or "Content-Encoding" in response.headers
            or (response.content_length or 0) < MIN_GROOTTE
        ):
            return response
        codering = request.accept_encodings.best_match(list(EENMALIG))
        etag, _zwak = response.get_etag()
        if codering is None or etag is None:
            return response
        sleutel = (request.view_args.get("filename"), etag, codering)
        with self._slot:
            lichaam = self._bewaard.get(sleutel)
            if lichaam is not None:
                self._bewaard.move_to_end(sleutel)
        response.direct_passthrough = False
        if lichaam is None:
            lichaam = EENMALIG[codering](response.get_data())
            self._bewaar(sleutel, lichaam)
        response.set_data(lichaam)
        response.headers["Content-Encoding"] = codering
        response.vary.add("Accept-Encoding")
        # Another representation of the same file: its own validator, as Flask-Compress does; and a browser
        # revalidating it (the ES modules are not fingerprinted) gets its 304.
        response.set_etag(f"{etag}:{codering}")
        return response.make_conditional(request)

    def _bewaar(self, sleutel: tuple, lichaam: bytes) -> None:
        with self._slot:
            if sleutel not in self._bewaard:
                self._bewaard[sleutel] = lichaam
                self._bytes += len(lichaam)
            while self._bytes > self.MAX_BYTES and self._bewaard:
                _, oud = self._bewaard.popitem(last=False)
                self._bytes -= len(oud)
