"""Security at the web's edge: control characters refused, a strict Content-Security-Policy, and the other headers.

- Every request's path, query parameters and form fields are checked for
  control characters (NUL and the like) before any view or query sees them: a
  400 that names the field, the same on SpatiaLite and PostGIS (PostgreSQL
  refuses NUL in text, SQLite stores it).
- Scripts run only from this server or with the request's nonce: the inline
  scripts (folium's map set-up, its header) carry ``nonce="…"``, so
  ``'unsafe-inline'`` is not needed and an injected ``<script>`` would not run
  even if escaping ever failed.
- HSTS on https; ``Cache-Control: no-store`` on everything a logged-in person
  sees and on the login and editing pages (contact details of residents,
  accounts); a ``Permissions-Policy`` that switches off what the site never
  uses; ``Referrer-Policy: same-origin``.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, abort, g, request, session
from markupsafe import Markup

from ..kern.settings import Basemap
from ..kern.taal import gettext as _
from ..kern.tekst import STUURTEKENS, STUURTEKENS_EEN_REGEL

#: Paths whose pages are never stored by a browser or a proxy, logged in or not.
PRIVE_PADEN = ("/bewerken", "/beheer", "/inloggen")
#: Endpoints that serve the same public file to everyone: cached as usual, also for someone logged in.
OPENBARE_BESTANDEN = {"static", "pages.favicon"}
#: Browser features the site does not use, switched off for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
#: A year, as the HSTS preload list asks; sent only on https (browsers ignore it on http).
HSTS = "max-age=31536000; includeSubDomains"
_SCRIPT_TAG = re.compile(r"<script\b(?![^>]*\bnonce=)", re.IGNORECASE)


def nonce() -> str:
    """The Content-Security-Policy nonce of this request (templates: ``{{ csp_nonce() }}``)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def met_nonce(html: str) -> Markup:
    """``html`` (trusted markup such as folium's header) with this request's nonce on every ``<script>``."""
    return Markup(_SCRIPT_TAG.sub(f'<script nonce="{nonce()}"', str(html)))


def beleid(basemap: Basemap, nonce_: str, frame_ancestors: str = "'none'") -> str:
    """The Content-Security-Policy of a page: own scripts (and the nonce), the basemap's tiles, framed by ``frame_ancestors``."""
    tiles = ""
    if basemap.url:
        parts = urlsplit(basemap.url)
        tiles = f" {parts.scheme}://{parts.netloc}"
    return (
        "default-src 'self'; "
        f"img-src 'self' data:{tiles}; "
        f"script-src 'self' 'nonce-{nonce_}'; "
        # Leaflet positions tiles and markers with style attributes, folium writes <style> blocks.
        "style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; "
        f"base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )


def _veld_met_stuurteken() -> str | None:
    """The name of the first part of the request that holds a control character, or None."""
    if STUURTEKENS_EEN_REGEL.search(request.path):
        return "pad"
    for naam, waarde in request.args.items(multi=True):
        if STUURTEKENS_EEN_REGEL.search(naam) or STUURTEKENS_EEN_REGEL.search(waarde):
            return naam
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for naam, waarde in request.form.items(multi=True):
            # Text areas may hold tabs and line breaks; nothing else invisible.
            if STUURTEKENS_EEN_REGEL.search(naam) or STUURTEKENS.search(waarde):
                return naam
    return None


def init_beveiliging(app: Flask) -> None:
    """Register the edge check, the nonce and the headers on ``app``."""
    app.jinja_env.globals["csp_nonce"] = nonce
    app.jinja_env.filters["met_nonce"] = met_nonce

    @app.before_request
    def _weiger_stuurtekens():
        veld = _veld_met_stuurteken()
        if veld is not None:
            abort(400, _("Het veld ‘%(veld)s’ bevat een onzichtbaar stuurteken (zoals NUL); haal het weg.", veld=veld))

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", beleid(app.config["BASEMAP"], nonce()))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        # The session alone says whether someone is logged in: a static file does not load the account.
        if request.endpoint not in OPENBARE_BESTANDEN and (
            request.path.startswith(PRIVE_PADEN) or session.get("_user_id")
        ):
            response.headers["Cache-Control"] = "no-store"
        return response
