"""Fixtures: shared CBS data, both storage backends (SpatiaLite file, real PostGIS), the app.

Storage tests take the ``database_url`` fixture and run once per backend. A
backend that cannot be started fails the run: nothing here skips.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select, text

from wijkkaart.kern.settings import PROJECT_ROOT, default_data_dir
from wijkkaart.opslag.engine import is_sqlite, make_engine
from wijkkaart.opslag.schema import bereid_voor
from wijkkaart.opslag.tabellen.gebied import GEBIED_ATTRIBUTEN, Gebied

from .pg_server import PostgresServer
from .redis_server import RedisServer

BACKENDS = ("spatialite", "postgis")
#: PostGIS templates: one with only the extension (an empty database), one migrated to the newest schema.
TEMPLATE_DB = "wijkkaart_template"
TEMPLATE_KLAAR = "wijkkaart_template_klaar"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared real CBS data (``WIJKKAART_DATA_DIR``, else :func:`wijkkaart.settings.default_data_dir`)."""
    path = Path(os.environ.get("WIJKKAART_DATA_DIR") or default_data_dir())
    if not (path / "SOURCES.md").exists():
        pytest.fail(f"gedeelde CBS-data niet gevonden in {path}: zet WIJKKAART_DATA_DIR")
    return path


@pytest.fixture(scope="session")
def postgis():
    """A running PostgreSQL server with a PostGIS template database.

    ``WIJKKAART_TEST_POSTGRES_URL`` (a superuser URL) uses an existing server instead.
    """
    external = os.environ.get("WIJKKAART_TEST_POSTGRES_URL")
    server = None
    if external:
        admin_url = external
    else:
        server = PostgresServer().start()
        admin_url = server.url()
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE_DB}")
        conn.execute(f"CREATE DATABASE {TEMPLATE_DB}")
    template_info = conninfo.rsplit("/", 1)[0] + "/" + TEMPLATE_DB
    with psycopg.connect(template_info, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION postgis")
    # Migrated once here; every test database at the newest schema is a copy of it.
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE_KLAAR}")
        conn.execute(f"CREATE DATABASE {TEMPLATE_KLAAR} TEMPLATE {TEMPLATE_DB}")
    klaar = make_engine(
        conninfo.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + TEMPLATE_KLAAR
    )
    bereid_voor(klaar)
    klaar.dispose()
    yield conninfo
    if server is not None:
        server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """A running Redis server (Debian's redis-server) on loopback; production mode and its tests need it."""
    server = RedisServer().start()
    yield server
    server.opruimen()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Each storage backend in turn."""
    return request.param


@pytest.fixture(scope="session")
def spatialite_sjabloon(tmp_path_factory) -> Path:
    """A SpatiaLite file at the newest schema, made once; test databases start as copies of it."""
    pad = tmp_path_factory.mktemp("sjabloon") / "klaar.sqlite"
    engine = make_engine(f"sqlite:///{pad}")
    bereid_voor(engine)
    engine.dispose()
    return pad


@pytest.fixture
def nieuwe_database(backend, request, tmp_path):
    """Factory of databases on the current backend, at the newest schema (``leeg=True``: nothing in it at all)."""
    gemaakt = []
    bestanden = []

    def maak(leeg: bool = False) -> str:
        if backend == "spatialite":
            bestanden.append(tmp_path / f"wijkkaart_{len(bestanden)}.sqlite")
            if not leeg:
                shutil.copyfile(request.getfixturevalue("spatialite_sjabloon"), bestanden[-1])
            return f"sqlite:///{bestanden[-1]}"
        conninfo = request.getfixturevalue("postgis")
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB if leeg else TEMPLATE_KLAAR}")
        gemaakt.append((conninfo, name))
        base = conninfo.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        return f"{base}/{name}"

    yield maak
    for conninfo, name in gemaakt:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def database_url(nieuwe_database):
    """A database at the newest schema, without rows, on each backend in turn."""
    return nieuwe_database()


@pytest.fixture
def lege_database_url(nieuwe_database):
    """A database with nothing in it (no tables, no version), on each backend in turn."""
    return nieuwe_database(leeg=True)


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    bereid_voor(engine)
    yield engine
    engine.dispose()


def dump(engine) -> list[tuple]:
    """Return every stored region with all its values and geometry, to compare states."""
    with engine.connect() as conn:
        tables = sorted(
            conn.execute(
                text("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite%'")
                if is_sqlite(engine)
                else text("SELECT tablename FROM pg_tables WHERE schemaname='public'")
            ).scalars()
        )
        if "gebied" not in tables:
            return [("tables", tuple(tables))]
        columns = [getattr(Gebied, a) for a in GEBIED_ATTRIBUTEN]
        rows = conn.execute(select(Gebied.id, *columns, Gebied.geom.ST_AsBinary()).order_by(Gebied.id)).all()
    return [("tables", tuple(tables))] + [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
