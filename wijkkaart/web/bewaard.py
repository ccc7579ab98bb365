"""Answers kept per data version: ETags and 304s for the API, ready pages for visitors.

- :func:`met_versie` gives an API view a weak ETag and ``Last-Modified`` made
  from the data version (:mod:`wijkkaart.opslag.versie`) and answers
  ``If-None-Match`` with 304 before any row is read: a reload costs one
  small query and no body. The answer itself is kept per ETag, compressed
  once per encoding, so the next visitor costs a lookup and no compression.
- :func:`bewaarde_pagina` keeps the HTML of a page for visitors who are not
  logged in. What differs per request (the CSP nonce, the CSRF token of the
  language form) is put in fresh on every answer, so no two visitors share
  a token.

Logged-in people bypass both: nothing they see is stored for others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import zlib
from functools import wraps

from flask import Response, current_app, request, session
from flask_wtf.csrf import generate_csrf

from ..diensten import database
from ..diensten.resultaatcache import LEVENSDUUR_S
from ..kern import taal
from ..kern.uitgave import VERSIE
from .beveiliging import nonce
from .context import engine, moment
from .levering import EENMALIG, MIN_GROOTTE
from .resultaten import resultaten

#: Headers of an answer that are part of it and kept with its body (the CRS of OGC API coordinates).
BEWAARDE_KOPPEN = ("Content-Crs",)
#: Answers larger than this are made again each time rather than kept (a whole country's buurten, say).
MAX_BEWAARD = 8 * 1024 * 1024


#: Striped locks: at most one thread per process makes a missing answer, the others wait and read it.
_SLOTEN = tuple(threading.Lock() for _ in range(64))


def _beurt(sleutel: str) -> threading.Lock:
    """The lock for making ``sleutel``'s answer in this process.

    Without it, the moment a kept answer lapses (the finder's minute, a new
    data version) every thread that asks makes it again at once: under load
    dozens of the same search side by side, and seconds of waiting for all.
    """
    return _SLOTEN[zlib.crc32(sleutel.encode()) % len(_SLOTEN)]


def _etag(nummer: int, vorm: str = "") -> str:
    # Everything an answer depends on: the code, the data, the exact question and the reader's language.
    # The date too: "te verifiëren" and the gap analysis's reference week move with the calendar.
    # The host: OGC API and HSDS answers carry absolute links. ``vorm``: what content negotiation chose.
    inhoud = (
        f"{VERSIE}|{nummer}|{moment().date().isoformat()}|{request.host_url}|{request.full_path}|{taal.actief()}|{vorm}"
    )
    return hashlib.sha256(inhoud.encode()).hexdigest()[:24]


def _voor_iedereen() -> bool:
    """True when this request's answer may be kept for, or taken from, other visitors."""
    return (
        request.method in ("GET", "HEAD")
        and not session.get("_user_id")
        # A message waiting for this visitor ("Opgeslagen") is theirs alone.
        and not session.get("_flashes")
    )


def _gecomprimeerd(cache, sleutel: str, ruw: bytes, mimetype: str, koppen: dict | None = None) -> Response:
    """The kept answer, compressed once per encoding the browser accepts and kept that way too."""
    codering = request.accept_encodings.best_match(list(EENMALIG)) if len(ruw) >= MIN_GROOTTE else None
    if codering is None:
        return Response(ruw, status=200, content_type=mimetype, headers=koppen)
    lichaam = cache.get(f"{sleutel};{codering}")
    if lichaam is None:
        lichaam = EENMALIG[codering](ruw)
        cache.set(f"{sleutel};{codering}", lichaam, timeout=LEVENSDUUR_S)
    antwoord = Response(lichaam, status=200, content_type=mimetype, headers=koppen)
    # Flask-Compress leaves an answer alone once it has an encoding.
    antwoord.headers["Content-Encoding"] = codering
    antwoord.vary.add("Accept-Encoding")
    return antwoord


def _bewaard_of_gemaakt(etag: str, maak) -> Response:
    """The answer kept under ``etag`` (same code, data, date, question and language), else made and kept.

    A GeoJSON of Amsterdam's buurten costs a coverage simplification, a
    reprojection and a compression; with the answer kept per data version
    every later visitor gets it for one lookup, in every worker when the
    cache is Redis.
    """
    cache = resultaten()
    if cache is None or not _voor_iedereen():
        return maak()
    sleutel = f"wijkkaart:antwoord:{etag}"
    bewaard = cache.get(sleutel)
    if bewaard is None:
        with _beurt(sleutel):
            bewaard = cache.get(sleutel)
            if bewaard is None:
                antwoord = maak()
                if antwoord.status_code != 200 or antwoord.is_streamed or len(antwoord.get_data()) > MAX_BEWAARD:
                    return antwoord
                koppen = {k: antwoord.headers[k] for k in BEWAARDE_KOPPEN if k in antwoord.headers}
                bewaard = (antwoord.get_data(), antwoord.content_type, koppen)
                cache.set(sleutel, bewaard, timeout=LEVENSDUUR_S)
    return _gecomprimeerd(cache, sleutel, *bewaard)


def met_versie(view=None, *, vorm=None):
    """Give the API answer of ``view`` an ETag from the data version; 304 when the browser already has it.

    Answers that depend on the clock (``open_op``) are not given one: they
    may change without any write. With ``vorm`` (``@met_versie(vorm=f)``),
    ``f()`` names what content negotiation chose: part of the ETag, and an
    ``html`` answer is made fresh each time (it carries this request's nonce
    and CSRF token).
    """
    if view is None:
        return lambda v: met_versie(v, vorm=vorm)

    @wraps(view)
    def verpakt(*args, **kwargs):
        gekozen = vorm() if vorm else ""
        if request.args.get("open_op") or gekozen == "html":
            antwoord = current_app.make_response(view(*args, **kwargs))
            antwoord.headers["Cache-Control"] = "no-cache"
            return antwoord
        versie = database.dataversie(engine())
        etag = _etag(versie.nummer, gekozen)
        if request.if_none_match.contains_weak(etag):
            antwoord = Response(status=304)
        else:
            antwoord = _bewaard_of_gemaakt(etag, lambda: current_app.make_response(view(*args, **kwargs)))
        antwoord.set_etag(etag, weak=True)
        antwoord.last_modified = versie.gewijzigd.replace(tzinfo=dt.UTC)
        # Revalidate every time (a map edit must show at once), but a revalidation is cheap.
        antwoord.headers["Cache-Control"] = "no-cache"
        antwoord.vary.add("Cookie")
        if vorm:
            antwoord.vary.add("Accept")
        return antwoord

    return verpakt


def bewaarde_pagina(per_minuut: bool = False):
    """Keep the page ``view`` makes for visitors, per data version, day, address and language.

    The kept HTML holds the nonce and CSRF token of the request that made
    it; each later answer swaps in its own. ``per_minuut`` is for pages
    that show what is open now: a page older than this minute is made
    again by one thread, while the others still get last minute's page
    (a new data version is never served stale: it is part of the key).
    """

    def decorator(view):
        @wraps(view)
        def verpakt(*args, **kwargs):
            cache = resultaten()
            if cache is None or not _voor_iedereen():
                return view(*args, **kwargs)
            sleutel = "wijkkaart:pagina:" + _etag(database.dataversie(engine()).nummer)
            minuut = moment().strftime("%Y-%m-%dT%H:%M") if per_minuut else None
            bewaard = cache.get(sleutel)
            if bewaard is not None and bewaard[4] != minuut:
                slot = _beurt(sleutel)
                # Only the thread that gets the turn makes it; under load the rest do not queue behind it.
                if slot.acquire(blocking=False):
                    try:
                        return _maak_en_bewaar(cache, sleutel, minuut, view, args, kwargs)
                    finally:
                        slot.release()
            if bewaard is None:
                with _beurt(sleutel):
                    # Another thread may have made it while this one waited for its turn.
                    bewaard = cache.get(sleutel)
                    if bewaard is None:
                        return _maak_en_bewaar(cache, sleutel, minuut, view, args, kwargs)
            html, mimetype, oude_nonce, oud_token, _minuut = bewaard
            # This request's own nonce (the CSP header names it too) and token (tied to its session).
            html = html.replace(oude_nonce, nonce()).replace(oud_token, generate_csrf())
            return Response(html, status=200, mimetype=mimetype)

        return verpakt

    return decorator


def _maak_en_bewaar(cache, sleutel: str, minuut: str | None, view, args, kwargs) -> Response:
    """Make the page and keep it (an error page is not kept)."""
    antwoord = current_app.make_response(view(*args, **kwargs))
    if antwoord.status_code == 200 and not antwoord.is_streamed:
        bewaard = (antwoord.get_data(as_text=True), antwoord.mimetype, nonce(), generate_csrf(), minuut)
        cache.set(sleutel, bewaard, timeout=LEVENSDUUR_S)
    return antwoord
