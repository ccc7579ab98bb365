"""Benchmark: importing the national buurten (13,594, 2019) against ogr2ogr into the same backend.

Each round, on a fresh empty database each time and in an order that turns every round:

- **ogr2ogr** (GDAL's own C++ loader, Debian's ``gdal-bin``) copies the layer
  into a fresh SpatiaLite file (``-dsco SPATIALITE=YES``, spatial index on) or
  a fresh PostGIS database (``-lco SPATIAL_INDEX=GIST``): the floor for moving
  these rows and shapes into this database;
- **ogr2ogr, zelfde werk**: the same copy, but asked to do what wijkkaart
  does to every shape as well: reproject to RD New (``-t_srs EPSG:28992``;
  the file is in WGS 84 and wijkkaart stores RD New), make every shape a
  MultiPolygon (``-nlt PROMOTE_TO_MULTI``) and repair invalid ones
  (``-makevalid``). The goal (≤ 2×) is measured against this one, the floor
  for the same result; the ratio against the plain copy is printed too;
- **wijkkaart**: ``wijkkaart import-cbs`` as a user runs it, a process from
  start to exit: reading, checking codes and levels, repairing geometry,
  reprojecting, writing (bulk ``COPY`` / ``executemany``), linking locaties,
  the summary. The same process also reports how long the import itself took
  (``werk``: without starting Python and importing geopandas, pandas and
  SQLAlchemy, which every command that reads a file pays).

All are whole processes timed from outside, so interpreter start-up counts
for wijkkaart (it is what a user waits for); the ratios are given both ways.
Printed: min/median/max of each, the ratios per round, and the
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
#: What wijkkaart does to every shape, asked of ogr2ogr.
ZELFDE_WERK = ["-t_srs", "EPSG:28992", "-nlt", "PROMOTE_TO_MULTI", "-makevalid"]


#: ``wijkkaart --database URL import-cbs FILE`` as the command runs it, printing how long the import itself took
#: (from after the command's imports to its summary).
WERK = """
import sys, time
from wijkkaart.cli import cli
from wijkkaart.cli import gebieden  # the command's module, as the command line loads it before it runs
start = time.perf_counter()
cli.main(["--database", sys.argv[1], "import-cbs", sys.argv[2]], standalone_mode=False)
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

    def ogr2ogr_zelfde(self, bron: Path) -> list[str]:
        """ogr2ogr doing the same work on the shapes as wijkkaart (RD New, MultiPolygon, repaired)."""
        return self.ogr2ogr(bron) + ZELFDE_WERK


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

    def ogr2ogr_zelfde(self, bron: Path) -> list[str]:
        """ogr2ogr doing the same work on the shapes as wijkkaart (RD New, MultiPolygon, repaired)."""
        return self.ogr2ogr(bron) + ZELFDE_WERK


def meet(backend, bron: Path, rondes: int) -> None:
    reeks: dict[str, list[float]] = {n: [] for n in ("ogr", "zelfde", "wk", "werk", "rss")}
    for ronde in range(rondes):
        # Interleaved, the order turning each round, so a busy neighbour hits every side alike.
        volgorde = ["ogr", "zelfde", "wk"]
        volgorde = volgorde[ronde % 3 :] + volgorde[: ronde % 3]
        for wie in volgorde:
            if wie == "ogr":
                reeks["ogr"].append(_tijd(backend.ogr2ogr(bron))[0])
            elif wie == "zelfde":
                reeks["zelfde"].append(_tijd(backend.ogr2ogr_zelfde(bron))[0])
            else:
                _, url = backend.nieuw()
                subprocess.run([WIJKKAART, "--database", url, "db", "upgrade"], check=True, capture_output=True)
                duur, rss, werk = _tijd([sys.executable, "-c", WERK, url, str(bron)])
                reeks["wk"].append(duur)
                reeks["werk"].append(werk)
                reeks["rss"].append(rss)
        print(
            f"  ronde {ronde + 1}: ogr2ogr {reeks['ogr'][-1]:.2f} s, zelfde werk {reeks['zelfde'][-1]:.2f} s, "
            f"wijkkaart {reeks['wk'][-1]:.2f} s (waarvan import {reeks['werk'][-1]:.2f} s)",
            flush=True,
        )

    def mmm(x):
        return f"{min(x):.2f} / {statistics.median(x):.2f} / {max(x):.2f}"

    def per_ronde(teller, noemer):
        return [t / n for t, n in zip(reeks[teller], reeks[noemer], strict=True)]

    print(f"{backend.naam}: {rondes} rondes, min / mediaan / max")
    print(f"  ogr2ogr, kopie               {mmm(reeks['ogr'])} s")
    print(f"  ogr2ogr, zelfde werk         {mmm(reeks['zelfde'])} s (basislijn)")
    print(f"  wijkkaart, proces            {mmm(reeks['wk'])} s, piek-RSS {max(reeks['rss']):.0f} MiB")
    print(f"  wijkkaart, import            {mmm(reeks['werk'])} s (zonder Python te starten)")
    print(f"  import / zelfde werk         {mmm(per_ronde('werk', 'zelfde'))} (doel: ≤ 2)")
    print(f"  import / kopie               {mmm(per_ronde('werk', 'ogr'))}")
    print(f"  proces / zelfde werk         {mmm(per_ronde('wk', 'zelfde'))}")
    print(f"  proces / kopie               {mmm(per_ronde('wk', 'ogr'))}")


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
