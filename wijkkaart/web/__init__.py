"""The Flask application: factory, extensions, blueprints, error pages (security headers: :mod:`.beveiliging`).

Views are thin: they parse the request, call one use-case of
:mod:`wijkkaart.diensten` and render. Errors a person can act on arrive as
:class:`~wijkkaart.kern.fouten.WijkkaartFout` and become the error page (or
JSON under ``/api/``) with their own HTTP status, in one handler.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException, TooManyRequests, default_exceptions
from werkzeug.middleware.proxy_fix import ProxyFix

from ..diensten import database
from ..kern import geheim
from ..kern.fouten import DienstNietBereikbaar, WijkkaartFout
from ..kern.getallen import formatteer
from ..kern.settings import PROJECT_ROOT, Basemap, basemap_from, from_env
from ..kern.taal import gettext as _
from ..kern.uren_tekst import lees_invoer
from ..kern.woorden import label as woordlabel
from . import (
    aanbod,
    accounts,
    api,
    beheer,
    beveiliging,
    bewerken,
    gaten,
    hsds,
    importeren,
    insluiten,
    levering,
    meldingen,
    moderatie,
    ogc,
    openapi,
    pages,
    rapporten,
    resultaten,
    scenarios,
    storing,
    taal,
    vinder,
    voorkant,
)
from .context import Geocoders

csrf = CSRFProtect()
#: Largest request body: the browser import takes files up to 20 MB; nothing else needs a large body.
MAX_VERZOEK = 25 * 1024 * 1024


def _instellingen(settings) -> dict:
    """The app's configuration from the environment's settings (``create_app``'s ``test_config`` may override)."""
    return dict(
        DATABASE_URL=settings.database_url,
        # A request's statement, or its wait for another writer (an import), ends after this long: 503, not a hang.
        DATABASE_WACHTTIJD_S=database.WEB_WACHTTIJD_S,
        # None: made once into INSTANCE_DIR (kern/geheim.py), so every worker signs with the same key.
        SECRET_KEY=settings.secret_key,
        INSTANCE_DIR=settings.instance_dir,
        MAX_CONTENT_LENGTH=MAX_VERZOEK,
        BASEMAP=settings.basemap,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Secure always with WIJKKAART_HTTPS=ja; otherwise on every https request (web/accounts.py).
        SESSION_COOKIE_SECURE=settings.https,
        # Idle limit of a login: the signed cookie is refused after this long without a request.
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=settings.sessie_minuten),
        ACHTER_PROXY=settings.achter_proxy,
        # True when the WSGI server itself trusts the proxy (wijkkaart serve: waitress's trusted_proxy).
        PROXY_IN_SERVER=False,
        RATELIMIT_STORAGE_URI=settings.limiet_opslag,
        # Redis gone: count in this process until it is back (fail safe, not open: docs/productie.md).
        # The per-account login delay lives in the database and holds regardless.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
        if settings.limiet_opslag.startswith(("redis", "unix"))
        else {},
        # Where the gap analysis is kept between requests (web/resultaten.py).
        CACHE_OPSLAG=settings.cache_opslag,
        # No X-RateLimit headers on every response: a refused request gets its own Retry-After.
        RATELIMIT_HEADERS_ENABLED=False,
        # Failed logins per client address (per account: a growing delay, bewerken/accounts.py).
        INLOG_LIMIET="5 per minute; 20 per hour",
        INZENDING_LIMIET="5 per hour",
        # Reports and map images take seconds of CPU each (matplotlib, WeasyPrint): per client address.
        RAPPORT_LIMIET="20 per minute; 200 per hour",
        VERIFICATIE_DAGEN=settings.verificatie_dagen,
        # Who may frame /embed/… pages (Content-Security-Policy frame-ancestors); every other page: nobody.
        EMBED_TOEGESTAAN=settings.embed_toegestaan,
        PDOK_URL=settings.pdok_url,
        CACHE_DIR=settings.cache_dir,
        DATA_DIR=settings.data_dir,
        # A callable returning the moment "now" means; tests freeze it.
        KLOK=None,
    )


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
    app.config.from_mapping(_instellingen(settings))
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False  # keep GeoJSON members in the order RFC 7946 shows them
    if not isinstance(app.config["BASEMAP"], Basemap):
        app.config["BASEMAP"] = basemap_from(app.config["BASEMAP"])
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = geheim.lees_of_maak(Path(app.config["INSTANCE_DIR"]) / "secret_key")
    if app.config["ACHTER_PROXY"] and not app.config["PROXY_IN_SERVER"]:
        # One proxy in front: its X-Forwarded-For is the client (rate limits), -Proto says https (cookies).
        # Under wijkkaart serve, waitress does this itself, for the proxy's address only.
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
    beveiliging.init_beveiliging(app)
    storing.init_storing(app)
    resultaten.init_resultaten(app)
    levering.init_levering(app)
    return app


def register_extensions(app: Flask, settings) -> None:
    """The engine (its schema checked), the geocoders, language, CSRF on every state change, accounts."""
    engine = database.verbind(app.config["DATABASE_URL"], wachttijd_s=app.config["DATABASE_WACHTTIJD_S"])
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
    # Typed hours as the map will show them; nothing (never "None") for a value that cannot be read.
    app.jinja_env.filters["leesbare_tijden"] = lambda waarde: lees_invoer(waarde)[1] or ""
    app.jinja_env.filters["plek"] = plek_label
    # A thema or doelgroep code as residents read it (the controlled list's label in the active language).
    app.jinja_env.filters["woordlabel"] = lambda code, soort: woordlabel(soort, code)


def plek_label(locatie) -> str:
    """A locatie as an editor recognises it: its name, else its address, never an internal id."""
    straat = " ".join(d for d in (locatie.straat, locatie.huisnummer) if d)
    adres = ", ".join(d for d in (straat, locatie.plaats) if d)
    return locatie.naam or adres or _("plek zonder naam of adres")


def register_blueprints(app: Flask) -> None:
    """Every blueprint of the app."""
    for blueprint in (
        pages.pages,
        vinder.vinder,
        api.api,
        openapi.documentatie,
        ogc.ogc,
        hsds.hsds,
        aanbod.aanbod,
        insluiten.insluiten,
        gaten.gaten,
        rapporten.rapporten,
        scenarios.scenarios,
        taal.taalkeuze,
        accounts.accounts,
        bewerken.bewerken,
        importeren.importeren,
        beheer.beheer,
        meldingen.meldingen,
        moderatie.moderatie,
    ):
        app.register_blueprint(blueprint)


def _antwoord(exc: HTTPException):
    # Keep the exception's own headers (Retry-After of a 503 or a 429).
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    if request.path.startswith("/api/"):
        return {"fout": exc.description, "status": exc.code}, exc.code, headers
    if request.path.startswith(("/ogc/", "/hsds/")):
        # The exception body of OGC API Features (and HSDS): a code and what went wrong.
        return {"code": exc.name, "description": exc.description}, exc.code, headers
    return render_template("fout.html", fout=exc), exc.code, headers


def register_errorhandlers(app: Flask) -> None:
    """Error pages for people in their language, JSON errors for the API; a domain error keeps its status."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code == 429:
            # Flask-Limiter's own description is English ("5 per 1 minute"); say it, and how long to wait.
            exc = TooManyRequests(
                description=_("Te veel pogingen achter elkaar. Wacht even en probeer het dan opnieuw."),
                retry_after=accounts.wachttijd_limiet(),
            )
        return _antwoord(exc)

    @app.errorhandler(WijkkaartFout)
    def _domeinfout(exc: WijkkaartFout):
        if isinstance(exc, DienstNietBereikbaar):
            return _antwoord(storing.als_http(exc))
        return _antwoord(default_exceptions[exc.http_status](description=str(exc)))
