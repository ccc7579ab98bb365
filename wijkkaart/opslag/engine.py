"""The one place that creates database engines.

The backend is chosen by the URL alone: ``sqlite:///path`` is a SpatiaLite
file, ``postgresql+psycopg://…`` is PostGIS. Everything above this module
talks SQLAlchemy and GeoAlchemy2 and behaves the same on both.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

# pyogrio's wheel bundles its own GDAL, SQLite and PROJ. If mod_spatialite
# (linked to the system's copies) is loaded into the process first and pyogrio
# after it, the process corrupts its heap and aborts at exit ("double free or
# corruption"). Loading pyogrio before any SpatiaLite connection avoids that.
import pyogrio  # noqa: F401  (imported for its load order, see above)
from geoalchemy2.admin.dialects.sqlite import load_spatialite
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..kern.fouten import DatabaseNietBereikbaar, WijkkaartFout
from . import versie


def _sqlite_module():
    """Return a DB-API sqlite module that can load extensions.

    Some CPython builds (pyenv's among them) compile ``sqlite3`` without
    ``enable_load_extension``; ``pysqlite3-binary`` ships one that has it.
    """
    if hasattr(sqlite3.Connection, "enable_load_extension"):
        return sqlite3
    try:
        # Only on machines whose Python lacks load_extension: an optional dependency, imported where needed.
        from pysqlite3 import dbapi2  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise WijkkaartFout(
            "deze Python kan geen SQLite-extensies laden en pysqlite3-binary ontbreekt; "
            "installeer het project opnieuw (pip install -e .)"
        ) from exc
    return dbapi2


def is_sqlite(engine_or_url) -> bool:
    """Return True when the engine or URL is the embedded SpatiaLite backend."""
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(str(engine_or_url))
    return url.get_backend_name() == "sqlite"


def _meld_onbereikbaar(engine: Engine) -> Engine:
    """Turn a failure to connect (no server, wrong password, a file that cannot be opened) into one clear error.

    Raised where it happens, in any layer, so the CLI prints one line and the
    web answers 503 instead of a traceback. An error in a statement (a missing
    table, say) is a bug and keeps its own traceback.
    """

    @event.listens_for(engine, "handle_error")
    def _fout(context):
        verbinden = context.statement is None or context.is_disconnect
        if verbinden and isinstance(context.sqlalchemy_exception, OperationalError):
            reden = str(context.original_exception).strip().splitlines()[0] if context.original_exception else ""
            raise DatabaseNietBereikbaar(
                f"database niet bereikbaar of beschadigd: {reden}"
            ) from context.original_exception

    return engine


def make_engine(url: str, **kwargs) -> Engine:
    """Return an engine for ``url`` with its spatial extension ready.

    Parameters
    ----------
    url : str
        SQLAlchemy database URL.
    **kwargs
        Passed on to :func:`sqlalchemy.create_engine`.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed.set(drivername="sqlite+pysqlite"), module=_sqlite_module(), **kwargs)

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            # Let SQLAlchemy, not the driver, decide where transactions begin:
            # otherwise pysqlite commits implicitly before DDL and an import
            # that fails half-way could not be rolled back completely.
            dbapi_conn.isolation_level = None
            dbapi_conn.enable_load_extension(True)
            load_spatialite(dbapi_conn, transaction=True)
            dbapi_conn.enable_load_extension(False)
            dbapi_conn.execute("PRAGMA foreign_keys = ON")
            dbapi_conn.execute("PRAGMA busy_timeout = 10000")

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN")

        versie.volg(engine)
        return _meld_onbereikbaar(engine)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, pool_pre_ping=True, **kwargs)
        versie.volg(engine)
        return _meld_onbereikbaar(engine)
    raise WijkkaartFout(
        f"database-URL {parsed.render_as_string(hide_password=True)!r} wordt niet ondersteund: "
        "gebruik sqlite:///pad/naar/bestand.sqlite (SpatiaLite) of postgresql+psycopg://… (PostGIS)"
    )


def engine_naam(engine_of_verbinding) -> str:
    """The database URL without its password, for messages."""
    engine = getattr(engine_of_verbinding, "engine", engine_of_verbinding)
    return engine.url.render_as_string(hide_password=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory bound to ``engine``."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine):
    """Yield a session whose work is committed together or not at all.

    A transaction that changed what the maps show raises the data version
    (:mod:`.versie`) just before it commits, so caches everywhere see it.
    """
    with session_factory(engine)() as session, session.begin():
        yield session
        versie.verhoog_als_gewijzigd(session)


@contextmanager
def lezen(engine: Engine):
    """Yield a session for reading; nothing it does is committed."""
    with session_factory(engine)() as session:
        yield session
