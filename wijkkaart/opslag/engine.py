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
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..kern.fouten import DatabaseBezig, DatabaseNietBereikbaar, WijkkaartFout
from . import versie

#: How long a SpatiaLite writer waits for another writer before it gives up (milliseconds).
SQLITE_WACHTTIJD_MS = 30_000
#: How long a PostGIS connection attempt may take before the database counts as unreachable (seconds).
PG_VERBINDEN_S = 5
#: Execution option that marks a connection's transactions as writing (see :func:`transaction`).
SCHRIJVEN = "wijkkaart_schrijven"


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


def _bezet(fout: BaseException | None) -> bool:
    """True for "waited too long for another writer": SQLite's lock, PostgreSQL's lock or statement timeout."""
    if fout is None:
        return False
    if isinstance(fout, sqlite3.OperationalError) or type(fout).__name__ == "OperationalError":
        tekst = str(fout).lower()
        if "database is locked" in tekst or "database is busy" in tekst:
            return True
    # psycopg's SQLSTATE: 55P03 lock_not_available, 57014 query_canceled (statement_timeout).
    return getattr(fout, "sqlstate", None) in ("55P03", "57014")


def _meld_onbereikbaar(engine: Engine) -> Engine:
    """Turn a failure to connect (no server, wrong password, a file that cannot be opened) into one clear error.

    Raised where it happens, in any layer, so the CLI prints one line and the
    web answers 503 instead of a traceback. An error in a statement (a missing
    table, say) is a bug and keeps its own traceback.
    """

    @event.listens_for(engine, "handle_error")
    def _fout(context):
        reden = str(context.original_exception).strip().splitlines()[0] if context.original_exception else ""
        if _bezet(context.original_exception):
            raise DatabaseBezig(
                f"de database was bezet door een andere schrijfactie (een import?) en er is niets bewaard: {reden}"
            ) from context.original_exception
        verbinden = context.statement is None or context.is_disconnect
        if verbinden and isinstance(context.sqlalchemy_exception, OperationalError):
            raise DatabaseNietBereikbaar(
                f"database niet bereikbaar of beschadigd: {reden}"
            ) from context.original_exception

    return engine


def make_engine(url: str, wachttijd_s: float | None = None, **kwargs) -> Engine:
    """Return an engine for ``url`` with its spatial extension ready.

    Parameters
    ----------
    url : str
        SQLAlchemy database URL.
    wachttijd_s : float, optional
        Longest a statement may run or wait for a lock (the web server's
        requests: a clean 503 instead of a hanging worker). Default: no limit
        on PostGIS, :data:`SQLITE_WACHTTIJD_MS` for SpatiaLite's lock.
    **kwargs
        Passed on to :func:`sqlalchemy.create_engine`.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        wacht_ms = int(wachttijd_s * 1000) if wachttijd_s else SQLITE_WACHTTIJD_MS
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
            # A writer waits this long for another (an import, an editor's save) before giving up.
            dbapi_conn.execute(f"PRAGMA busy_timeout = {wacht_ms}")
            # Readers never wait for a writer and a writer never waits for readers: the map keeps
            # answering while an import runs. (A no-op on ":memory:".)
            dbapi_conn.execute("PRAGMA journal_mode = WAL")
            dbapi_conn.execute("PRAGMA synchronous = NORMAL")

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # A write transaction takes the write lock at its start (BEGIN IMMEDIATE), where SQLite's
            # busy timeout applies. A deferred BEGIN that reads first and writes later would get
            # "database is locked" at once when another writer got in between, without waiting.
            schrijven = conn.get_execution_options().get(SCHRIJVEN, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if schrijven else "BEGIN")

        versie.volg(engine)
        return _meld_onbereikbaar(engine)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        # Give up on a server that does not answer instead of hanging the request (or the worker).
        connect_args = kwargs.setdefault("connect_args", {})
        connect_args.setdefault("connect_timeout", PG_VERBINDEN_S)
        if wachttijd_s:
            ms = int(wachttijd_s * 1000)
            connect_args.setdefault("options", f"-c statement_timeout={ms} -c lock_timeout={ms}")
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
    schrijver = engine.execution_options(**{SCHRIJVEN: True})
    with session_factory(schrijver)() as session, session.begin():
        yield session
        versie.verhoog_als_gewijzigd(session)


#: The advisory lock every import takes on PostGIS (any number that no other application on the server uses).
IMPORTSLOT = 0x77696A6B  # "wijk"


def een_import_tegelijk(session: Session) -> None:
    """Wait until no other import is writing, then hold that turn until this transaction ends.

    Two imports of the same file at once would each see the other's new rows
    as missing and insert them twice (a unique-key violation on PostGIS).
    PostGIS: a transaction-scoped advisory lock. SpatiaLite: the write lock
    that every :func:`transaction` takes at its start already does this.
    """
    if not is_sqlite(session.get_bind()):
        session.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": IMPORTSLOT})


@contextmanager
def lezen(engine: Engine):
    """Yield a session for reading; nothing it does is committed."""
    with session_factory(engine)() as session:
        yield session
