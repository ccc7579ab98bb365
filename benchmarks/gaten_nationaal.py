"""Benchmark: the gap analysis for the whole country.

All 13,594 buurten of ``nl_buurten_2019_gegeneraliseerd.gpkg`` with the 2024
wijk kerncijfers as need (the 2019 file has codes only, so every buurt takes
its wijk's figures where the wijk code still exists), and 100,000 collective
offers spread over the country: each in a random buurt (so cities, with many
small buurten, get more), with a random soort, one or two thema's and
opening hours drawn from a list of real-looking schedules (a fifth unknown).

Prints wall time and peak memory of the full computation
(:func:`wijkkaart.gaten.analyseer`, reading the files excluded), and the
ratio against the floor: a bare shapely STRtree nearest query from the same
woonpunten to the same 100,000 points, tree build included, in this process.

Usage::

    .venv/bin/python benchmarks/gaten_nationaal.py [--data DIR] [--aanbod 100000] [--herhaal 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wijkkaart.gaten import Instellingen, analyseer
from wijkkaart.gaten.woonpunten import maak_woonpunten
from wijkkaart.invoer.cbs.gebieden import lees_gebieden
from wijkkaart.kern.settings import default_data_dir

SOORTEN = ("activiteit", "bewonersinitiatief", "inloopspreekuur", "ontmoetingsplek")
THEMAS = ("ontmoeten", "bewegen", "taal", "geldzaken", "opvoeden", "eenzaamheid")
UREN = (
    "Mo-Fr 09:00-17:00",
    "Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off",
    "Tu 19:00-21:00",
    "Sa 10:00-13:00",
    "Mo-Sa 08:30-22:00; Su 12:00-17:00",
    "We 13:30-16:00",
    "Th 10:00-12:00; PH off",
    "Fr 22:00-02:00",
    "Su 14:00-17:00",
    "Mo-Th 18:30-21:30",
    None,
    "elke tweede woensdag",  # free text: unknown hours
)


def aanbod_over_het_land(buurten: gpd.GeoDataFrame, n: int, seed: int = 2026) -> gpd.GeoDataFrame:
    """``n`` offers, each at a random point inside a randomly chosen buurt."""
    rng = np.random.default_rng(seed)
    geoms = buurten.geometry.values
    shapely.prepare(geoms)
    gekozen = rng.integers(0, len(geoms), n)
    xs, ys = np.empty(n), np.empty(n)
    open_ = np.arange(n)
    grenzen = shapely.bounds(geoms)
    while len(open_):
        g = gekozen[open_]
        x = rng.uniform(grenzen[g, 0], grenzen[g, 2])
        y = rng.uniform(grenzen[g, 1], grenzen[g, 3])
        ok = shapely.contains_xy(geoms[g], x, y)
        xs[open_[ok]], ys[open_[ok]] = x[ok], y[ok]
        open_ = open_[~ok]
    themas = [list(rng.choice(THEMAS, size=rng.integers(1, 3), replace=False)) for _ in range(n)]
    return gpd.GeoDataFrame(
        {
            "id": np.arange(n),
            "soort": rng.choice(SOORTEN, n),
            "themas": themas,
            "openingstijden": [UREN[i] for i in rng.integers(0, len(UREN), n)],
            # Import links every locatie to its buurt; the generator knows it already.
            "buurtcode": buurten["code"].to_numpy()[gekozen],
        },
        geometry=gpd.points_from_xy(xs, ys),
        crs=28992,
    )


def gemeten(functie, herhaal: int):
    """Best wall time over ``herhaal`` runs, peak traced memory of one run, and its result."""
    tijden = []
    for _ in range(herhaal):
        start = time.perf_counter()
        uitkomst = functie()
        tijden.append(time.perf_counter() - start)
    tracemalloc.start()
    functie()
    _, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(tijden), piek, uitkomst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="map met de gedeelde CBS-data")
    parser.add_argument("--aanbod", type=int, default=100_000)
    parser.add_argument("--herhaal", type=int, default=3)
    args = parser.parse_args()
    data = args.data or default_data_dir()
    if data is None or not (data / "nl_buurten_2019_gegeneraliseerd.gpkg").exists():
        print(
            "fout: nl_buurten_2019_gegeneraliseerd.gpkg niet gevonden; geef --data of WIJKKAART_DATA_DIR",
            file=sys.stderr,
        )
        return 2

    start = time.perf_counter()
    buurten = lees_gebieden(data / "nl_buurten_2019_gegeneraliseerd.gpkg", jaar=2019).gebieden
    wijken = lees_gebieden(data / "nl_wijken_2024_cbs.gpkg", jaar=2024).gebieden.set_index("code")
    aanbod = aanbod_over_het_land(buurten, args.aanbod)
    inlezen = time.perf_counter() - start
    instellingen = Instellingen(peildatum=dt.date(2026, 11, 23))

    # The floor: the same woonpunten, the same points, one STRtree nearest query.
    _, woonpunten, _ = maak_woonpunten(np.asarray(buurten.sort_values("code").geometry.values, dtype=object))
    punten = np.asarray(aanbod.geometry.values, dtype=object)

    def vloer():
        return shapely.STRtree(punten).query_nearest(woonpunten, return_distance=True, all_matches=False)

    def volledig():
        return analyseer(buurten, aanbod, instellingen, wijken=wijken)

    t_vloer, m_vloer, _ = gemeten(vloer, args.herhaal)
    t_vol, m_vol, uitkomst = gemeten(volledig, args.herhaal)
    b = uitkomst.buurten
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, shapely {shapely.__version__}")
    print(
        f"invoer: {len(buurten):,} buurten, {len(aanbod):,} aanbod, {len(woonpunten):,} woonpunten; inlezen {inlezen:.2f} s (niet gemeten)"
    )
    print(
        f"uitkomst: {b['behoefte_bekend'].sum():,} buurten met bekende behoefte, mediaan bereik {b['bereik'].median():.2f}, "
        f"{len(uitkomst.groepen)} groepen (soort/thema), hoogste score {b['score'].iloc[0]:.1f} ({b['code'].iloc[0]})"
    )
    print(f"vloer (STRtree nearest, zelfde punten): {t_vloer:.3f} s, piekgeheugen {m_vloer / 2**20:.1f} MiB")
    print(f"volledige gatenanalyse:                 {t_vol:.3f} s, piekgeheugen {m_vol / 2**20:.1f} MiB")
    print(f"verhouding volledig / vloer: {t_vol / t_vloer:.2f}x  (doel: < 2 s en <= 3x)")
    print(f"max RSS van het proces: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
