"""Benchmark: importing the national buurten (13,594, 2019) against ogr2ogr into the same backend.

Each round, on a fresh empty database each time and in alternating order:

- **ogr2ogr** (GDAL's own C++ loader, Debian's ``gdal-bin``) copies the layer
  into a fresh SpatiaLite file (``-dsco SPATIALITE=YES``, spatial index on) or
  a fresh PostGIS database (``-lco SPATIAL_INDEX=GIST``): the floor for moving
  these rows and shapes into this database;
- **wijkkaart**: ``wijkkaart import-cbs`` as a user runs it, a process from
  start to exit: reading, checking codes and levels, repairing geometry,
  reprojecting, writing (bulk ``COPY`` / ``executemany``), linking locaties,
  the summary. The same process also reports how long the import itself took
  (``werk``: without starting Python and importing geopandas, pandas and
  SQLAlchemy, about 2 s that every command pays).

Both are whole processes timed from outside, so interpreter start-up counts
for wijkkaart (it is what a user waits for); the ratio is given both ways. Printed: min/median/max of both,
the ratio per round (interleaved, so a busy neighbour hits both), and the
peak RSS of the wijkkaart process. PostGIS comes from the test suite's
throw-away server (``tests/pg_server.py``) unless ``--postgres`` names one.

Usage::

    .venv/bin/python benchmarks/import_cbs.py [--data DIR] [--rondes 5] [--backend spatialite|postgis|beide]
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pg_server import PostgresServer
from wijkkaart.kern.settings import default_data_dir

WIJKKAART = str(Path(sys.executable).with_name("wijkkaart"))
BESTAND = "nl_buurten_2019_gegeneraliseerd.gpkg"


#: Runs the import in a process like the command does and prints how long the import itself took.
WERK = """
import sys, time
from wijkkaart.diensten import database, gebieden
engine = database.verbind(sys.argv[1])
start = time.perf_counter()
gebieden.import_cbs(engine, sys.argv[2])
print(f"werk {time.perf_counter() - start:.4f}")
"""


def _tijd(cmd: list[str]) -> tuple[float, float]:
    """Wall time of ``cmd`` and its peak RSS in MiB (it must succeed)."""
    voor = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    uit = subprocess.run(cmd, capture_output=True, text=True)
    duur = time.perf_counter() - start
    if uit.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} faalde:\n{uit.stderr[-2000:]}")
    na = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    werk = re.search(r"^werk ([\d.]+)$", uit.stdout, re.M)
    return duur, max(na, voor) / 1024, float(werk.group(1)) if werk else None


class Spatialite:
    """Fresh SpatiaLite files in a scratch folder."""

    naam = "SpatiaLite"

    def __init__(self, map_: Path):
        self.map = map_

    def nieuw(self) -> tuple[str, str]:
        """A new empty database: (what ogr2ogr takes, wijkkaart's URL)."""
        pad = self.map / f"{uuid.uuid4().hex}.sqlite"
        return str(pad), f"sqlite:///{pad}"

    def ogr2ogr(self, bron: Path) -> list[str]:
        """The ogr2ogr command that loads ``bron`` into a new database."""
        doel, _ = self.nieuw()
        return ["ogr2ogr", "-f", "SQLite", "-dsco", "SPATIALITE=YES", doel, str(bron), "-nln", "buurten"]


class Postgis:
    """Fresh PostGIS databases on one server."""

    naam = "PostGIS"

    def __init__(self, beheer: str):
        self.beheer = beheer

    def nieuw(self) -> tuple[str, str]:
        """A new database with only PostGIS: (libpq URL for ogr2ogr, wijkkaart's URL)."""
        naam = "b_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.beheer, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {naam}")
        basis = self.beheer.rsplit("/", 1)[0]
        with psycopg.connect(f"{basis}/{naam}", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        return f"{basis}/{naam}", f"{basis.replace('postgresql://', 'postgresql+psycopg://')}/{naam}"

    def ogr2ogr(self, bron: Path) -> list[str]:
        """The ogr2ogr command that loads ``bron`` into a new database."""
        conninfo, _ = self.nieuw()
        dsn = "PG:" + psycopg.conninfo.make_conninfo(conninfo)
        return ["ogr2ogr", "-f", "PostgreSQL", dsn, str(bron), "-nln", "buurten", "-lco", "SPATIAL_INDEX=GIST"]


def meet(backend, bron: Path, rondes: int) -> None:
    ogr, wk, werk, verhouding, verhouding_werk, geheugen = [], [], [], [], [], []
    for ronde in range(rondes):
        volgorde = ("ogr", "wk") if ronde % 2 == 0 else ("wk", "ogr")
        uitkomst = {}
        for wie in volgorde:
            if wie == "ogr":
                uitkomst[wie], _, _ = _tijd(backend.ogr2ogr(bron))
            else:
                _, url = backend.nieuw()
                subprocess.run([WIJKKAART, "--database", url, "db", "upgrade"], check=True, capture_output=True)
                uitkomst[wie], rss, uitkomst["werk"] = _tijd([sys.executable, "-c", WERK, url, str(bron)])
                geheugen.append(rss)
        ogr.append(uitkomst["ogr"])
        wk.append(uitkomst["wk"])
        werk.append(uitkomst["werk"])
        verhouding.append(uitkomst["wk"] / uitkomst["ogr"])
        verhouding_werk.append(uitkomst["werk"] / uitkomst["ogr"])
        print(
            f"  ronde {ronde + 1}: ogr2ogr {uitkomst['ogr']:.2f} s, wijkkaart {uitkomst['wk']:.2f} s "
            f"(waarvan import {uitkomst['werk']:.2f} s)",
            flush=True,
        )

    def mmm(x):
        return f"{min(x):.2f} / {statistics.median(x):.2f} / {max(x):.2f}"

    print(f"{backend.naam}: {rondes} rondes, min / mediaan / max")
    print(f"  ogr2ogr (basislijn)  {mmm(ogr)} s")
    print(f"  wijkkaart, proces    {mmm(wk)} s, piek-RSS {max(geheugen):.0f} MiB")
    print(f"  wijkkaart, import    {mmm(werk)} s (zonder Python te starten)")
    print(f"  verhouding proces    {mmm(verhouding)}")
    print(f"  verhouding import    {mmm(verhouding_werk)} (doel: ≤ 2)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--rondes", type=int, default=5)
    parser.add_argument("--backend", choices=("spatialite", "postgis", "beide"), default="beide")
    parser.add_argument("--postgres", help="superuser-URL van een bestaande server (anders een tijdelijke)")
    args = parser.parse_args()
    bron = (args.data or default_data_dir()) / BESTAND
    print(f"bestand: {bron.name}")
    if args.backend in ("spatialite", "beide"):
        with tempfile.TemporaryDirectory() as map_:
            meet(Spatialite(Path(map_)), bron, args.rondes)
    if args.backend in ("postgis", "beide"):
        server = None
        beheer = args.postgres
        if not beheer:
            server = PostgresServer().start()
            beheer = server.url().replace("postgresql+psycopg://", "postgresql://")
        try:
            meet(Postgis(beheer), bron, args.rondes)
        finally:
            if server is not None:
                server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
