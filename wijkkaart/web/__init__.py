"""The Flask application: factory, extensions, blueprints, error pages, security headers.

Views are thin: they parse the request, call one use-case of
:mod:`wijkkaart.diensten` and render. Errors a person can act on arrive as
:class:`~wijkkaart.kern.fouten.WijkkaartFout` and become the error page (or
JSON under ``/api/``) with their own HTTP status, in one handler.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.middleware.proxy_fix import ProxyFix

from ..diensten import database
from ..kern.fouten import WijkkaartFout
from ..kern.getallen import formatteer
from ..kern.openingstijden import leesbaar
from ..kern.settings import PROJECT_ROOT, Basemap, basemap_from, from_env
from ..kern.taal import gettext as _
from . import accounts, api, beheer, bewerken, gaten, meldingen, moderatie, pages, taal, vinder, voorkant
from .context import Geocoders

csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    """Return a configured wijkkaart app.

    Parameters
    ----------
    test_config : dict, optional
        Overrides of the settings read from the environment (``DATABASE_URL``,
        ``BASEMAP``, ``SECRET_KEY``, …).

    Raises
    ------
    SchemaVerouderd
        When the database was made by an older wijkkaart (``wijkkaart db upgrade`` first).
    """
    settings = from_env()
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(Path(__file__).resolve().parent / "templates"),
    )
    app.config.from_mapping(
        DATABASE_URL=settings.database_url,
        SECRET_KEY=settings.secret_key,
        BASEMAP=settings.basemap,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Secure always with WIJKKAART_HTTPS=ja; otherwise on every https request (web/accounts.py).
        SESSION_COOKIE_SECURE=settings.https,
        # Idle limit of a login: the signed cookie is refused after this long without a request.
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=settings.sessie_minuten),
        ACHTER_PROXY=settings.achter_proxy,
        RATELIMIT_STORAGE_URI=settings.limiet_opslag,
        RATELIMIT_HEADERS_ENABLED=True,
        # Per address and per e-mail address; both must hold.
        INLOG_LIMIET="5 per minute; 20 per hour",
        INZENDING_LIMIET="5 per hour",
        VERIFICATIE_DAGEN=settings.verificatie_dagen,
        PDOK_URL=settings.pdok_url,
        CACHE_DIR=settings.cache_dir,
        DATA_DIR=settings.data_dir,
        # A callable returning the moment "now" means; tests freeze it.
        KLOK=None,
    )
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False  # keep GeoJSON members in the order RFC 7946 shows them
    if not isinstance(app.config["BASEMAP"], Basemap):
        app.config["BASEMAP"] = basemap_from(app.config["BASEMAP"])
    if app.config["ACHTER_PROXY"]:
        # One proxy in front: its X-Forwarded-For is the client (rate limits), -Proto says https (cookies).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    settings = dataclasses.replace(
        settings,
        database_url=app.config["DATABASE_URL"],
        pdok_url=app.config["PDOK_URL"],
        cache_dir=Path(app.config["CACHE_DIR"]),
        data_dir=Path(app.config["DATA_DIR"]),
    )
    register_extensions(app, settings)
    register_template_filters(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    return app


def register_extensions(app: Flask, settings) -> None:
    """The engine (its schema checked), the geocoders, language, CSRF on every state change, accounts."""
    engine = database.verbind(app.config["DATABASE_URL"])
    database.bereid_voor(engine)
    app.extensions["wijkkaart.engine"] = engine
    app.extensions["wijkkaart.geocoders"] = Geocoders(settings)
    # The language first: a request CSRF refuses still gets its error page in the visitor's language.
    taal.init_taal(app)
    csrf.init_app(app)
    accounts.init_accounts(app)


def register_template_filters(app: Flask) -> None:
    """Numbers in the reader's language (``{{ value|getal }}``: ``1.234,5`` in Dutch), hours in words, the page's script."""
    app.jinja_env.filters["getal"] = formatteer
    voorkant.init_voorkant(app)
    app.jinja_env.filters["leesbare_tijden"] = lambda osm: leesbaar(osm) if osm else ""


def register_blueprints(app: Flask) -> None:
    """Every blueprint of the app."""
    for blueprint in (
        pages.pages,
        vinder.vinder,
        api.api,
        gaten.gaten,
        taal.taalkeuze,
        accounts.accounts,
        bewerken.bewerken,
        beheer.beheer,
        meldingen.meldingen,
        moderatie.moderatie,
    ):
        app.register_blueprint(blueprint)


def _antwoord(exc: HTTPException):
    if request.path.startswith("/api/"):
        return {"fout": exc.description, "status": exc.code}, exc.code
    return render_template("fout.html", fout=exc), exc.code


def register_errorhandlers(app: Flask) -> None:
    """Error pages for people in their language, JSON errors for the API; a domain error keeps its status."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code == 429:
            # Flask-Limiter's own description is English ("5 per 1 minute").
            exc.description = _("Te veel pogingen achter elkaar. Wacht even en probeer het dan opnieuw.")
        return _antwoord(exc)

    @app.errorhandler(WijkkaartFout)
    def _domeinfout(exc: WijkkaartFout):
        return _antwoord(default_exceptions[exc.http_status](description=str(exc)))


def register_security_headers(app: Flask) -> None:
    """Send a Content-Security-Policy that allows only this server and the basemap host."""
    basemap: Basemap = app.config["BASEMAP"]
    tiles = ""
    if basemap.url:
        parts = urlsplit(basemap.url)
        tiles = f" {parts.scheme}://{parts.netloc}"
    policy = (
        "default-src 'self'; "
        f"img-src 'self' data:{tiles}; "
        # folium emits its map set-up as an inline script and inline styles.
        "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
