"""The Flask application: factory, extensions, blueprints, error pages, security headers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException

from ..db import init_db, make_engine, session_factory
from ..settings import PROJECT_ROOT, Basemap, basemap_from, from_env
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
    from .api import api
    from .gaten import gaten
    from .pages import pages
    from .taal import taalkeuze
    from .vinder import vinder

    app.register_blueprint(pages)
    app.register_blueprint(vinder)
    app.register_blueprint(api)
    app.register_blueprint(gaten)
    app.register_blueprint(taalkeuze)


def register_errorhandlers(app: Flask) -> None:
    """Error pages for people in their language, JSON errors for the API."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
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
