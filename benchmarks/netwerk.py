"""Benchmark: the gap analysis over a walking network against the straight-line analysis of the same points.

A synthetic city (issue 19 item 5): a street grid of 318 × 318 nodes 50 m
apart (201,612 edges before the cuts, 15.9 km square) cut by a canal and a railway that only
every tenth street crosses; 10,000 aanbod (five soorten, four thema's, four
kinds of opening hours) and 100,000 woonpunten (the ``adressen`` method,
random points), in 1,024 buurten of 500 m. Both analyses run in the same
process on the same points, interleaved round after round (the machine is
shared); min / median / max over the rounds, each round's ratio network /
straight line, and the peak memory (tracemalloc) of one run of each.

Usage::

    .venv/bin/python benchmarks/netwerk.py [--rondes 5] [--aanbod 10000]

With 10,000 aanbod in 240 km² a woonpunt has some 80 aanbod within 800 m,
and the straight-line analysis goes through every such pair; the network
runs do not look at pairs at all. ``--aanbod 1000`` shows the other end: a
cheap straight line against the same network work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wijkkaart.gaten import Instellingen, analyseer
from wijkkaart.gaten.netwerk import Netwerk

X0, Y0 = 100_000.0, 450_000.0
N, STAP = 318, 50.0
SOORTEN = ["buurthuis", "inloopspreekuur", "activiteit", "bewonersinitiatief", "ontmoetingsplek"]
THEMAS = ["eenzaamheid", "taal", "armoede", "gezondheid"]
UREN = ["Mo-Fr 09:00-17:00", "Mo,We 19:00-22:00", "Sa 10:00-16:00", None]


def stad(seed: int = 19):
    """The grid, with the edges across the canal (x = middle) and the railway (y = middle) mostly removed."""
    k = np.arange(N * N).reshape(N, N)  # k[i, j]: node at column i, row j
    xy = np.column_stack([X0 + (k // N).ravel() * STAP, Y0 + (k % N).ravel() * STAP]).astype(float)
    xy = np.empty((N * N, 2))
    ii, jj = np.divmod(np.arange(N * N), N)
    xy[:, 0], xy[:, 1] = X0 + ii * STAP, Y0 + jj * STAP
    horizontaal = (k[:-1, :].ravel(), k[1:, :].ravel())  # column i to i + 1 along a row
    verticaal = (k[:, :-1].ravel(), k[:, 1:].ravel())
    van = np.concatenate([horizontaal[0], verticaal[0]])
    naar = np.concatenate([horizontaal[1], verticaal[1]])
    midden = N // 2
    i_van, j_van = np.divmod(van, N)
    i_naar, j_naar = np.divmod(naar, N)
    gracht = (i_van == midden) & (i_naar == midden + 1) & (j_van % 10 != 0)
    spoor = (j_van == midden) & (j_naar == midden + 1) & (i_van % 10 != 0)
    houd = ~(gracht | spoor)
    van, naar = van[houd], naar[houd]
    netwerk = Netwerk(xy, van, naar, np.hypot(*(xy[naar] - xy[van]).T))
    return netwerk, np.random.default_rng(seed)


def gegevens(rng, n_aanbod: int = 10_000):
    """Buurten of 500 m, ``n_aanbod`` aanbod and 100,000 woonpunten at random places in the city."""
    zijde = N * STAP
    per = int(zijde // 500)
    vakken = [
        shapely.box(X0 + i * 500, Y0 + j * 500, X0 + (i + 1) * 500, Y0 + (j + 1) * 500)
        for i in range(per)
        for j in range(per)
    ]
    buurten = gpd.GeoDataFrame(
        {
            "code": [f"BU9999{n:04d}" for n in range(len(vakken))],
            "naam": [f"Buurt {n}" for n in range(len(vakken))],
            "wijkcode": [f"WK9999{n // 100:02d}" for n in range(len(vakken))],
            "gemeentecode": "GM9999",
            "inwoners": rng.integers(200, 3000, len(vakken)).astype(float),
            "pct_65_plus": rng.uniform(5, 35, len(vakken)),
        },
        geometry=vakken,
        crs=28992,
    )
    grens = per * 500

    def punten(n):
        return shapely.points(np.column_stack([X0 + rng.uniform(0, grens, n), Y0 + rng.uniform(0, grens, n)]))

    aanbod = gpd.GeoDataFrame(
        {
            "id": np.arange(n_aanbod),
            "naam": [f"Aanbod {n}" for n in range(n_aanbod)],
            "soort": rng.choice(SOORTEN, n_aanbod),
            "themas": [list(rng.choice(THEMAS, rng.integers(0, 3), replace=False)) for _ in range(n_aanbod)],
            "openingstijden": rng.choice(np.array(UREN, dtype=object), n_aanbod),
        },
        geometry=punten(n_aanbod),
        crs=28992,
    )
    adressen = gpd.GeoDataFrame(geometry=punten(100_000), crs=28992)
    return buurten, aanbod, adressen


def main() -> int:
    """Build the city, then time both analyses in turn, round after round."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rondes", type=int, default=5)
    args.add_argument(
        "--aanbod", type=int, default=10_000, help="aantal aanbod (standaard 10.000, zoals issue 19 vraagt)"
    )
    opties = args.parse_args()
    begin = time.perf_counter()
    netwerk, rng = stad()
    buurten, aanbod, adressen = gegevens(rng, opties.aanbod)
    print(
        f"stad: {len(netwerk.van):,} randen, {len(netwerk.xy):,} knopen, {len(buurten):,} buurten, "
        f"{len(aanbod):,} aanbod, {len(adressen):,} woonpunten (opgebouwd in {time.perf_counter() - begin:.1f} s)"
    )
    lijnen = shapely.linestrings(np.stack([netwerk.xy[netwerk.van], netwerk.xy[netwerk.naar]], axis=1))
    begin = time.perf_counter()
    Netwerk.uit_lijnen(lijnen)
    print(f"netwerk uit {len(lijnen):,} lijnen (zoals uit de database): {time.perf_counter() - begin:.2f} s")
    peil = dt.date(2026, 11, 23)
    soorten = {
        "hemelsbreed": (Instellingen(methode="adressen", afstand="hemelsbreed", peildatum=peil), None),
        "netwerk": (Instellingen(methode="adressen", afstand="netwerk", peildatum=peil), netwerk),
    }

    def draai(naam):
        ins, net = soorten[naam]
        return analyseer(buurten, aanbod, ins, adressen=adressen, netwerk=net)

    tijden: dict[str, list[float]] = {naam: [] for naam in soorten}
    verhouding = []
    for ronde in range(opties.rondes):
        for naam in soorten if ronde % 2 == 0 else reversed(soorten):
            begin = time.perf_counter()
            uitkomst = draai(naam)
            tijden[naam].append(time.perf_counter() - begin)
        verhouding.append(tijden["netwerk"][-1] / tijden["hemelsbreed"][-1])
    piek = {}
    for naam in soorten:
        tracemalloc.start()
        draai(naam)
        piek[naam] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    b = uitkomst.buurten
    print(f"{opties.rondes} rondes, min / median / max:")
    for naam, t in tijden.items():
        print(
            f"  {naam:<12} {min(t):6.2f} / {statistics.median(t):6.2f} / {max(t):6.2f} s   piekgeheugen {piek[naam]:,.0f} MiB"
        )
    print(
        f"  verhouding netwerk / hemelsbreed: {min(verhouding):.2f} / {statistics.median(verhouding):.2f} / "
        f"{max(verhouding):.2f} (doel <= 5, en netwerk < 10 s)"
    )
    print(
        f"uitkomst ({uitkomst.instellingen.afstand}): mediaan afstand {b['afstand_m'].median():.0f} m, "
        f"mediaan bereik {b['bereik'].median():.2f}, woonpunten buiten het netwerk {int(b['woonpunten_buiten_netwerk'].sum())}"
    )
    goed = statistics.median(verhouding) <= 5 and statistics.median(tijden["netwerk"]) < 10
    return 0 if goed else 1


if __name__ == "__main__":
    raise SystemExit(main())
