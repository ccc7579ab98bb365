"""Benchmark: OGC API Features pages against the map's own GeoJSON of the same buurten.

A GIS user opens the buurten layer in QGIS; what does a page of 1000 cost the server?
Measured in one process on the demo database (``wijkkaart demo``: Haarlem and
Amsterdam, 590 buurten), rounds interleaved (the machine is shared):

- **gebieden** (the baseline): ``/api/v1/gebieden?gemeente=GM0363&niveau=buurt&velden=alle``,
  Amsterdam's 479 buurten with every kerncijfer, made each time (no kept answers);
- **ogc_koud**: ``/ogc/collections/buurten/items?limit=1000``, all 590 buurten, with nothing kept:
  the collection read from the database, reprojected, paged and written;
- **ogc_warm**: the same page with the collection kept (as after the first request of a data
  version); the bbox differs a little each round, so no answer is reused;
- **ogc_filter**: as warm, with a CQL2 filter (``inwoners > 5000 AND pct_65_plus > 15``);
- **ogc_rd**: as warm, in EPSG:28992.

Printed: min/median/max seconds, each one's ratio to the baseline of the same round, peak RSS.

Usage::

    .venv/bin/python benchmarks/ogc.py [--rondes 7]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wijkkaart import create_app

WIJKKAART = str(Path(sys.executable).with_name("wijkkaart"))
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"


def _tijd(client, url: str) -> float:
    begin = time.perf_counter()
    antwoord = client.get(url, headers={"Accept": "application/geo+json"})
    duur = time.perf_counter() - begin
    assert antwoord.status_code == 200, (url, antwoord.status_code)
    return duur


def main() -> None:
    """Load the demo, then time the baseline and the OGC pages in turn, round after round."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rondes", type=int, default=7)
    opties = args.parse_args()
    with tempfile.TemporaryDirectory() as map_:
        url = f"sqlite:///{Path(map_) / 'demo.sqlite'}"
        subprocess.run([WIJKKAART, "--database", url, "demo"], check=True, capture_output=True)
        koud = create_app({"DATABASE_URL": url, "CACHE_OPSLAG": "geen", "TESTING": True}).test_client()
        warm = create_app({"DATABASE_URL": url, "TESTING": True}).test_client()
        items = "/ogc/collections/buurten/items?limit=1000"
        _tijd(warm, items)  # the first request of a data version keeps the collection
        vragen = {
            "gebieden": lambda r: (koud, "/api/v1/gebieden?gemeente=GM0363&niveau=buurt&velden=alle"),
            "ogc_koud": lambda r: (koud, items),
            "ogc_warm": lambda r: (warm, f"{items}&bbox=4.{r},52.0,5.5,52.6"),
            "ogc_filter": lambda r: (warm, f"{items}&bbox=4.{r},52.0,5.5,52.6&filter=inwoners>5000 AND pct_65_plus>15"),
            "ogc_rd": lambda r: (warm, f"{items}&bbox=4.{r},52.0,5.5,52.6&crs={RD}"),
        }
        metingen: dict[str, list[float]] = {naam: [] for naam in vragen}
        verhoudingen: dict[str, list[float]] = {naam: [] for naam in vragen if naam != "gebieden"}
        for ronde in range(opties.rondes):
            volgorde = list(vragen) if ronde % 2 == 0 else list(reversed(vragen))
            for naam in volgorde:
                client, pad = vragen[naam](ronde)
                metingen[naam].append(_tijd(client, pad))
            for naam in verhoudingen:
                verhoudingen[naam].append(metingen[naam][-1] / metingen["gebieden"][-1])
    print(f"OGC API Features, {opties.rondes} rondes (min / median / max; verhouding tot gebieden):")
    for naam, tijden in metingen.items():
        regel = f"  {naam:<10} {min(tijden):6.3f} / {statistics.median(tijden):6.3f} / {max(tijden):6.3f} s"
        if naam in verhoudingen:
            v = verhoudingen[naam]
            regel += f"   × {min(v):.2f} / {statistics.median(v):.2f} / {max(v):.2f}"
        print(regel)
    print(f"  piek RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
