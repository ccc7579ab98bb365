"""Benchmark: how much slower each page gets when the whole country is loaded (demo → national).

Two SpatiaLite files, measured in one process:

- **demo**: ``wijkkaart demo`` (Haarlem, Huizen, Amsterdam, Enschede, Den Haag,
  Zoetermeer and their real aanbod);
- **land**: a copy of it, plus every other gemeente and wijk of 2024 and every
  other buurt of 2019 (the shared national files) and ``--aanbod`` offers spread
  over those other gemeenten (a CSV with coordinates, imported through
  ``import-aanbod`` like any user file).

The demo gemeenten are identical in both and the synthetic aanbod keeps
12 km away from them, so the gemeente pages, the gap table and the finder
show the same content (checked: the gap API answers the same on both); only
the rest of the database grew. The start page shows 6 gemeenten on the demo and 342 (50 per page) on
the land, which is the growth the issue asks about.

Each page is asked through Flask's test client, interleaved (demo, land, then
land, demo the next round) in two modes: **bewaard** (the normal case: kept
pages and results on) and **koud** (``WIJKKAART_CACHE_OPSLAG=geen``: every
request computes its answer). Printed per page and mode: the median time on
each side and the growth factor land / demo per round as min / median / max.
Goal (issue 16): ≤ 1.5× for each page.

Usage::

    .venv/bin/python benchmarks/schaal.py [--data DIR] [--aanbod 10000] [--rondes 5] [--herhaal 20]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyogrio
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wijkkaart import create_app
from wijkkaart.diensten.aanbod import importeer_aanbod
from wijkkaart.diensten.database import verbind
from wijkkaart.diensten.demo import laad_demo
from wijkkaart.diensten.gebieden import import_cbs
from wijkkaart.invoer.geocoding import Keten, Pc4Tabel, maak_keten
from wijkkaart.kern.settings import default_data_dir

PAGINAS = (
    "/",
    "/gemeente/GM0363",
    "/api/v1/gebieden?gemeente=GM0363&niveau=buurt&zoom=13&velden=pct_65_plus,inwoners",
    "/gemeente/GM0392/gaten",
    "/zoek?q=1018",
)
DEMO_GEMEENTEN = {"GM0392", "GM0406", "GM0363", "GM0153", "GM0518", "GM0637"}
#: No synthetic aanbod this close to a demo gemeente (beyond the gap analysis' and the finder's reach).
MARGE_M = 12_000
SOORTEN = ("activiteit", "bewonersinitiatief", "inloopspreekuur", "ontmoetingsplek")
UREN = ("ma-vr 9:00-17:00", "di 19:00-21:00", "za 10:00-13:00", "woensdagmiddag 13:30-16:00", "")


def _overige(data: Path, bestand: str) -> list[str]:
    """The gemeentecodes in ``bestand`` other than the demo's."""
    frame = pyogrio.read_dataframe(data / bestand, read_geometry=False)
    return sorted(set(_gemeente(frame)) - DEMO_GEMEENTEN)


def _gemeente(frame) -> list[str]:
    """Each row's gemeentecode: its own column, or from the buurt code (BU0363xxxx → GM0363)."""
    if "gemeentecode" in frame.columns:
        return frame["gemeentecode"].astype(str).tolist()
    return ["GM" + code[2:6] for code in frame["statcode"].astype(str)]


def _aanbod_csv(data: Path, pad: Path, aantal: int) -> None:
    """``aantal`` offers at random points in random buurten outside the demo gemeenten, as a CSV with lat/lon."""
    buurten = pyogrio.read_dataframe(data / "nl_buurten_2019_gegeneraliseerd.gpkg").to_crs(28992)
    gemeenten = pyogrio.read_dataframe(data / "nl_gemeenten_2024_cbs.gpkg").to_crs(28992)
    # Not within reach of a demo gemeente either: its gap analysis and finder look across its border, and
    # the pages compared must show the same content on both sides.
    rond_demo = gemeenten[gemeenten["gemeentecode"].isin(DEMO_GEMEENTEN)].buffer(MARGE_M).union_all()
    buurten = buurten[~buurten.intersects(rond_demo)].to_crs(4326)
    rng = np.random.default_rng(2026)
    vormen = buurten.geometry.values
    gekozen = rng.integers(0, len(vormen), aantal * 3)
    grenzen = shapely.bounds(vormen[gekozen])
    x, y = rng.uniform(grenzen[:, 0], grenzen[:, 2]), rng.uniform(grenzen[:, 1], grenzen[:, 3])
    binnen = np.flatnonzero(shapely.contains_xy(vormen[gekozen], x, y))[:aantal]
    with pad.open("w", newline="", encoding="utf-8") as uit:
        schrijver = csv.writer(uit)
        schrijver.writerow(["naam", "soort", "openingstijden", "lat", "lon"])
        for n, i in enumerate(binnen):
            schrijver.writerow(
                [f"Buurtplek {n + 1}", SOORTEN[n % len(SOORTEN)], UREN[n % len(UREN)], f"{y[i]:.6f}", f"{x[i]:.6f}"]
            )


def bouw(map_: Path, data: Path, aanbod: int) -> tuple[Path, Path]:
    """The demo file and the national file (a copy of the demo with the rest of the country)."""
    demo = map_ / "demo.sqlite"
    start = time.perf_counter()
    engine = verbind(f"sqlite:///{demo}")
    for _ in laad_demo(engine, data):
        pass
    engine.dispose()
    print(f"demo geladen in {time.perf_counter() - start:.0f} s", flush=True)
    land = map_ / "land.sqlite"
    shutil.copy(demo, land)
    engine = verbind(f"sqlite:///{land}")
    for bestand in ("nl_gemeenten_2024_cbs.gpkg", "nl_wijken_2024_cbs.gpkg", "nl_buurten_2019_gegeneraliseerd.gpkg"):
        import_cbs(engine, data / bestand, gemeenten=_overige(data, bestand))
    csv_pad = map_ / "aanbod_land.csv"
    _aanbod_csv(data, csv_pad, aanbod)
    samenvatting = importeer_aanbod(engine, csv_pad, maak_keten(["bestand"]), rapport=map_ / "rapport.csv")
    engine.dispose()
    print(f"land geladen in {time.perf_counter() - start:.0f} s ({samenvatting.regels()[1].strip()})", flush=True)
    return demo, land


def _app(pad: Path, data: Path, bewaard: bool):
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{pad}",
            "TESTING": True,
            "BASEMAP": "geen",
            "CACHE_OPSLAG": "memory://" if bewaard else "geen",
            "RATELIMIT_ENABLED": False,
        }
    )
    app.config["ZOEK_GEOCODERS"] = Keten([Pc4Tabel.laad(data / "nl_pc4_4pp_2014.csv")])
    return app.test_client()


def _mediaan_ms(client, url: str, herhaal: int) -> float:
    tijden = []
    for _ in range(herhaal):
        start = time.perf_counter()
        antwoord = client.get(url)
        tijden.append(time.perf_counter() - start)
        if antwoord.status_code != 200:
            raise SystemExit(f"{url}: HTTP {antwoord.status_code}")
    return statistics.median(tijden) * 1000


def meet(demo: Path, land: Path, data: Path, rondes: int, herhaal: int) -> None:
    def mmm(x):
        return f"{min(x):.2f} / {statistics.median(x):.2f} / {max(x):.2f}"

    for modus, bewaard in (("bewaard", True), ("koud", False)):
        clients = {"demo": _app(demo, data, bewaard), "land": _app(land, data, bewaard)}
        gaten = [c.get("/api/v1/gaten?gemeente=GM0392").get_json() for c in clients.values()]
        if gaten[0] != gaten[1]:
            raise SystemExit("de gatenanalyse van Haarlem verschilt tussen demo en land: geen eerlijke vergelijking")
        for client in clients.values():
            for url in PAGINAS:
                client.get(url)  # warm: templates, first queries
        print(f"\n{modus}: {rondes} rondes × {herhaal} verzoeken; mediaan ms demo → land; groei min / mediaan / max")
        for url in PAGINAS:
            ms: dict[str, list[float]] = {"demo": [], "land": []}
            for ronde in range(rondes):
                for kant in ("demo", "land") if ronde % 2 == 0 else ("land", "demo"):
                    ms[kant].append(_mediaan_ms(clients[kant], url, herhaal))
            groei = [land_ / demo_ for demo_, land_ in zip(ms["demo"], ms["land"], strict=True)]
            print(
                f"  {url[:60]:60s} {statistics.median(ms['demo']):7.1f} → {statistics.median(ms['land']):7.1f}"
                f"   {mmm(groei)}{'' if statistics.median(groei) <= 1.5 else '  (boven 1,5)'}",
                flush=True,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--aanbod", type=int, default=10_000)
    parser.add_argument("--rondes", type=int, default=5)
    parser.add_argument("--herhaal", type=int, default=20)
    parser.add_argument("--map", type=Path, help="bouw de twee bestanden hier en gebruik ze opnieuw als ze er al zijn")
    args = parser.parse_args()
    data = args.data or default_data_dir()
    if args.map and (args.map / "land.sqlite").exists():
        meet(args.map / "demo.sqlite", args.map / "land.sqlite", data, args.rondes, args.herhaal)
        return 0
    with tempfile.TemporaryDirectory() as tijdelijk:
        map_ = args.map or Path(tijdelijk)
        map_.mkdir(parents=True, exist_ok=True)
        demo, land = bouw(map_, data, args.aanbod)
        meet(demo, land, data, args.rondes, args.herhaal)
    return 0


if __name__ == "__main__":
    sys.exit(main())
