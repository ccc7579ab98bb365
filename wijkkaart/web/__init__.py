"""The Flask application: factory, extensions, blueprints, error pages, security headers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException

from ..db import init_db, make_engine, session_factory
from ..settings import PROJECT_ROOT, Basemap, basemap_from, from_env
from .accounts import init_accounts
from .taal import init_taal

csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    """Return a configured wijkkaart app.

    Parameters
    ----------
    test_config : dict, optional
        Overrides of the settings read from the environment (``DATABASE_URL``,
        ``BASEMAP``, ``SECRET_KEY``, …).
    """
    settings = from_env()
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(Path(__file__).resolve().parent.parent / "templates"),
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
        # The finder's geocoders: PDOK (also a bare PC6 postcode), then PC4 centroids when that table exists.
        ZOEK_GEOCODERS=None,
        PC4_TABEL=settings.data_dir / "nl_pc4_4pp_2014.csv",
        PDOK_URL=settings.pdok_url,
        CACHE_DIR=settings.cache_dir,
        # A callable returning the moment "now" means; tests freeze it.
        KLOK=None,
    )
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False  # keep GeoJSON members in the order RFC 7946 shows them
    if not isinstance(app.config["BASEMAP"], Basemap):
        app.config["BASEMAP"] = basemap_from(app.config["BASEMAP"])
    if app.config["ACHTER_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # One proxy in front: its X-Forwarded-For is the client (rate limits), -Proto says https (cookies).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    register_extensions(app)
    register_template_filters(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    return app


def register_extensions(app: Flask) -> None:
    """Create the engine (and tables) and enable CSRF protection on every state change."""
    engine = make_engine(app.config["DATABASE_URL"])
    init_db(engine)
    app.extensions["wijkkaart.engine"] = engine
    app.extensions["wijkkaart.sessions"] = session_factory(engine)
    # The language first: a request CSRF refuses still gets its error page in the visitor's language.
    init_taal(app)
    csrf.init_app(app)
    init_accounts(app)

    @app.teardown_appcontext
    def _close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def db_session():
    """Return the request's database session, opened on first use."""
    from flask import current_app

    if "db_session" not in g:
        g.db_session = current_app.extensions["wijkkaart.sessions"]()
    return g.db_session


def register_template_filters(app: Flask) -> None:
    """Numbers in the reader's language in templates: ``{{ value|getal }}`` (``1.234,5`` in Dutch)."""
    from ..getallen import formatteer

    app.jinja_env.filters["getal"] = formatteer


def register_blueprints(app: Flask) -> None:
    from .accounts import accounts
    from .api import api
    from .beheer import beheer
    from .bewerken import bewerken
    from .gaten import gaten
    from .meldingen import meldingen
    from .moderatie import moderatie
    from .pages import pages
    from .taal import taalkeuze
    from .vinder import vinder

    app.register_blueprint(pages)
    app.register_blueprint(vinder)
    app.register_blueprint(api)
    app.register_blueprint(gaten)
    app.register_blueprint(taalkeuze)
    app.register_blueprint(accounts)
    app.register_blueprint(bewerken)
    app.register_blueprint(beheer)
    app.register_blueprint(meldingen)
    app.register_blueprint(moderatie)


def register_errorhandlers(app: Flask) -> None:
    """Error pages for people in their language, JSON errors for the API."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code == 429:
            from ..taal import gettext as _

            # Flask-Limiter's own description is English ("5 per 1 minute").
            exc.description = _("Te veel pogingen achter elkaar. Wacht even en probeer het dan opnieuw.")
        if request.path.startswith("/api/"):
            return {"fout": exc.description, "status": exc.code}, exc.code
        return render_template("fout.html", fout=exc), exc.code


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
