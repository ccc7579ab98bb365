"""How responses travel: compressed, fingerprinted static files, and API answers a browser can revalidate.

- Pages, GeoJSON, scripts and styles above :data:`MIN_GROOTTE` bytes go out
  with brotli or gzip (Flask-Compress), whichever the browser prefers.
- ``url_for("static", …)`` adds ``?v=<hash of the file>`` to styles, Leaflet
  and images; a request with that fingerprint gets a year's ``max-age`` and
  ``immutable``: a new release changes the hash, so nobody keeps an old file.
  The project's own ES modules are not fingerprinted (they import each other
  by plain relative URLs); they revalidate by ETag.
- :func:`met_versie` gives an API view a weak ETag and ``Last-Modified`` made
  from the data version (:mod:`wijkkaart.opslag.versie`) and answers
  ``If-None-Match`` with 304 before any row is read: a reload costs one
  small query and no body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import wraps
from pathlib import Path

from flask import Flask, Response, current_app, request, session
from flask_compress import Compress

from ..diensten import database
from ..diensten.resultaatcache import LEVENSDUUR_S
from ..kern import taal
from ..kern.uitgave import VERSIE
from .context import engine, moment
from .resultaten import resultaten

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


def _etag(nummer: int) -> str:
    # Everything an answer depends on: the code, the data, the exact question and the reader's language.
    # The date too: "te verifiëren" and the gap analysis's reference week move with the calendar.
    inhoud = f"{VERSIE}|{nummer}|{moment().date()}|{request.full_path}|{taal.actief()}"
    return hashlib.sha256(inhoud.encode()).hexdigest()[:24]


#: Answers larger than this are made again each time rather than kept (a whole country's buurten, say).
MAX_BEWAARD = 8 * 1024 * 1024


def _bewaard_of_gemaakt(etag: str, maak) -> Response:
    """The answer kept under ``etag`` (same code, data, date, question and language), else made and kept.

    A GeoJSON of Amsterdam's buurten costs a coverage simplification and a
    reprojection; with the answer kept per data version every later visitor
    gets it for one lookup, in every worker when the cache is Redis.
    Logged-in people bypass it: nothing they see is stored for others.
    """
    cache = resultaten()
    if cache is None or session.get("_user_id"):
        return maak()
    sleutel = f"wijkkaart:antwoord:{etag}"
    bewaard = cache.get(sleutel)
    if bewaard is not None:
        return Response(bewaard[0], status=200, mimetype=bewaard[1])
    antwoord = maak()
    if antwoord.status_code == 200 and not antwoord.is_streamed and len(antwoord.get_data()) <= MAX_BEWAARD:
        cache.set(sleutel, (antwoord.get_data(), antwoord.mimetype), timeout=LEVENSDUUR_S)
    return antwoord


def met_versie(view):
    """Give the API answer of ``view`` an ETag from the data version; 304 when the browser already has it.

    Answers that depend on the clock (``open_op``) are not given one: they
    may change without any write.
    """

    @wraps(view)
    def verpakt(*args, **kwargs):
        if request.args.get("open_op"):
            antwoord = current_app.make_response(view(*args, **kwargs))
            antwoord.headers["Cache-Control"] = "no-cache"
            return antwoord
        versie = database.dataversie(engine())
        etag = _etag(versie.nummer)
        if request.if_none_match.contains_weak(etag):
            antwoord = Response(status=304)
        else:
            antwoord = _bewaard_of_gemaakt(etag, lambda: current_app.make_response(view(*args, **kwargs)))
        antwoord.set_etag(etag, weak=True)
        antwoord.last_modified = versie.gewijzigd.replace(tzinfo=dt.UTC)
        # Revalidate every time (a map edit must show at once), but a revalidation is cheap.
        antwoord.headers["Cache-Control"] = "no-cache"
        antwoord.vary.add("Cookie")
        return antwoord

    return verpakt
