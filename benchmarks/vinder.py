"""Benchmark: server time of the residents' finder for a postcode search on the demo data.

Loads the demo (``wijkkaart demo``: Haarlem, Huizen, Amsterdam, Enschede, Den
Haag, Zoetermeer with their real aanbod) into a fresh SpatiaLite file, then
times ``GET /zoek?q=<postcode>`` through Flask's test client for postcodes in
busy and quiet places, geocoded offline by the PC4 table (PDOK is the default
online; its answer time is the network's, not ours). Prints median and 95th
percentile per postcode, peak memory, and the ratio against a named baseline
in the same process: ``GET /`` (the start page, one query and a template).

Usage::

    .venv/bin/python benchmarks/vinder.py [--data DIR] [--herhaal 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wijkkaart import create_app
from wijkkaart.diensten.demo import laad_demo
from wijkkaart.invoer.geocoding import Keten, Pc4Tabel
from wijkkaart.kern.settings import default_data_dir

#: Busy Amsterdam (many places within 3 km), Enschede, Haarlem (no real aanbod: widens to 10 km), Den Haag.
POSTCODES = ("1018", "1102", "7511", "2011", "2515")


def tijden(client, url: str, herhaal: int) -> list[float]:
    uit = []
    for _ in range(herhaal):
        start = time.perf_counter()
        antwoord = client.get(url)
        uit.append(time.perf_counter() - start)
        assert antwoord.status_code == 200, (url, antwoord.status_code)
    return uit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--herhaal", type=int, default=50)
    args = parser.parse_args()
    data = args.data or default_data_dir()
    with tempfile.TemporaryDirectory() as map_:
        app = create_app(
            {"DATABASE_URL": f"sqlite:///{Path(map_) / 'demo.sqlite'}", "TESTING": True, "BASEMAP": "geen"}
        )
        start = time.perf_counter()
        for _ in laad_demo(app.extensions["wijkkaart.engine"], data):
            pass
        print(f"demo geladen in {time.perf_counter() - start:.1f} s (niet gemeten)")
        app.config["ZOEK_GEOCODERS"] = Keten([Pc4Tabel.laad(data / "nl_pc4_4pp_2014.csv")])
        client = app.test_client()
        for url in ["/", *(f"/zoek?q={pc}" for pc in POSTCODES)]:
            client.get(url)  # warm-up: template compile, caches
        basis = tijden(client, "/", args.herhaal)
        print(f"basislijn GET /: mediaan {statistics.median(basis) * 1000:.1f} ms")
        alle = []
        for pc in POSTCODES:
            t = tijden(client, f"/zoek?q={pc}", args.herhaal)
            alle += t
            html = client.get(f"/zoek?q={pc}").get_data(as_text=True)
            aantal = html.count('class="treffer ')
            p95 = sorted(t)[int(0.95 * len(t)) - 1]
            print(
                f"/zoek?q={pc}: {aantal:2d} treffers, mediaan {statistics.median(t) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms"
            )
        tracemalloc.start()
        client.get(f"/zoek?q={POSTCODES[0]}")
        _, piek = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        mediaan = statistics.median(alle)
        print(
            f"alle zoekvragen: mediaan {mediaan * 1000:.1f} ms, p95 {sorted(alle)[int(0.95 * len(alle)) - 1] * 1000:.1f} ms, "
            f"max {max(alle) * 1000:.1f} ms (doel < 200 ms)"
        )
        print(f"piekgeheugen van één zoekvraag: {piek / 2**20:.1f} MiB")
        print(f"verhouding zoekvraag / startpagina (mediaan): {mediaan / statistics.median(basis):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
