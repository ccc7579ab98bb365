"""Benchmark: the server under load, with wrk on loopback, against a static file served by the same server.

Two servers on the demo data (Haarlem, Huizen, Amsterdam, Enschede, Den Haag,
Zoetermeer with their real aanbod):

- ``wijkkaart serve`` (waitress, SpatiaLite, in-process cache): the quick start;
- ``wijkkaart serve --production`` (gunicorn, PostGIS, Redis): production mode,
  with a throw-away PostgreSQL and Redis (``tests/pg_server.py``,
  ``tests/redis_server.py``) unless ``--postgres``/``--redis`` name running ones.

For each endpoint and each number of connections, wrk runs ``--duur`` seconds
against the endpoint, right after the same run against the baseline (a
fingerprinted static file from the same server), so a busy neighbour hits
both. Printed per run: requests/s, p50 and p99 latency, errors (socket errors
and non-2xx/3xx answers), and the ratio of the endpoint's requests/s to the
baseline's. Each endpoint is asked once before it is measured (a first
request fills the cache; that is measured separately as "koud").

Goals (issue 16, production mode, 2 cores): 0 errors, p99 < 250 ms at 64
connections, each endpoint ≥ 0.3× the baseline's requests/s.

Usage::

    .venv/bin/python benchmarks/belasting.py [--duur 60] [--verbindingen 16,64] [--modus beide|serve|productie]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pg_server import PostgresServer
from tests.redis_server import RedisServer
from tests.serverproces import server
from wijkkaart.kern.settings import default_data_dir

WIJKKAART = str(Path(sys.executable).with_name("wijkkaart"))
ENDPOINTS = (
    "/",
    "/gemeente/GM0363",
    "/api/v1/gebieden?gemeente=GM0363&niveau=buurt&zoom=13&velden=pct_65_plus,inwoners,huishoudens,pct_eenpersoonshuishoudens",
    "/api/v1/aanbod?gemeente=GM0363",
    "/api/v1/gaten?gemeente=GM0392",
    "/zoek?q=1018",
)


#: wrk's threads (``--wrk-draden``). On this 2-core machine 1, 2 and 4 gave the same requests/s and
#: p99 within the noise (2026-12-01): the load generator's own threads do not explain the tail.
WRK_DRADEN = 4


def _eenheid(waarde: str) -> float:
    """Wrk's latency ("12.34ms", "1.2s", "850.00us") in milliseconds."""
    getal, eenheid = re.fullmatch(r"([\d.]+)(us|ms|s|m)", waarde).groups()
    return float(getal) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[eenheid]


def wrk(url: str, verbindingen: int, duur: int, draden: int = WRK_DRADEN) -> dict:
    """One wrk run: requests/s, p50/p99 in ms and the number of errors."""
    draden = min(verbindingen, draden)
    uit = subprocess.run(
        ["wrk", "-t", str(draden), "-c", str(verbindingen), "-d", f"{duur}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    per_s = float(re.search(r"Requests/sec:\s+([\d.]+)", uit).group(1))
    p50 = _eenheid(re.search(r"\s50%\s+(\S+)", uit).group(1))
    p99 = _eenheid(re.search(r"\s99%\s+(\S+)", uit).group(1))
    fouten = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", uit))
    niet_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", uit)
    fouten += int(niet_2xx.group(1)) if niet_2xx else 0
    return {"per_s": per_s, "p50": p50, "p99": p99, "fouten": fouten}


def _statisch(basis: str) -> str:
    """The fingerprinted URL of the site's stylesheet, as a page links it."""
    with urllib.request.urlopen(basis + "/") as antwoord:
        html = antwoord.read().decode()
    return re.search(r'href="(/static/css/wijkkaart\.css\?v=[0-9a-f]+)"', html).group(1)


def _koud(basis: str, pad: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(basis + pad, timeout=120) as antwoord:
        antwoord.read()
    return time.perf_counter() - start


def meet(
    naam: str, basis: str, verbindingen: list[int], duur: int, alleen: str = "", draden: int = WRK_DRADEN
) -> list[dict]:
    statisch = _statisch(basis)
    rijen = []
    print(f"\n== {naam} ({basis}) ==")
    for pad in (p for p in ENDPOINTS if alleen in p):
        koud = _koud(basis, pad)
        for c in verbindingen:
            basislijn = wrk(basis + statisch, c, duur, draden)
            punt = wrk(basis + pad, c, duur, draden)
            rij = {
                "modus": naam,
                "pad": pad,
                "c": c,
                "koud_ms": koud * 1000,
                **punt,
                "basis_per_s": basislijn["per_s"],
                "basis_p99": basislijn["p99"],
            }
            rij["verhouding"] = punt["per_s"] / basislijn["per_s"] if basislijn["per_s"] else float("nan")
            rijen.append(rij)
            print(
                f"{pad[:60]:<60} c={c:<3} {punt['per_s']:8.1f}/s  p50 {punt['p50']:7.1f} ms  p99 {punt['p99']:7.1f} ms"
                f"  fouten {punt['fouten']:<4} basislijn {basislijn['per_s']:8.1f}/s p99 {basislijn['p99']:6.1f} ms"
                f"  verhouding {rij['verhouding']:.2f}"
                f"  (koud {koud * 1000:.0f} ms)",
                flush=True,
            )
    return rijen


def _demo(url: str, data: Path) -> None:
    subprocess.run(
        [WIJKKAART, "--database", url, "demo", "--data-dir", str(data)], check=True, capture_output=True, text=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--duur", type=int, default=60, help="seconden per wrk-run (het issue vraagt 60)")
    parser.add_argument("--verbindingen", default="16,64")
    parser.add_argument("--modus", choices=("beide", "serve", "productie"), default="beide")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--alleen", default="", help="alleen endpoints waarin deze tekst staat")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker in productie")
    parser.add_argument("--wrk-draden", type=int, default=WRK_DRADEN, help="threads van wrk zelf")
    parser.add_argument("--postgres", help="superuser-URL van een bestaande server (anders een tijdelijke)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk ontbreekt: bash scripts/install.sh installeert het")
    data = args.data or default_data_dir()
    verbindingen = [int(c) for c in args.verbindingen.split(",")]
    # The finder's online geocoder cannot be reached here: point it at a closed port so it fails at once
    # and the PC4 table answers (as it does when PDOK is down).
    env = {"WIJKKAART_PDOK_URL": "http://127.0.0.1:9/", "WIJKKAART_BASEMAP": "geen"}
    with tempfile.TemporaryDirectory() as map_:
        if args.modus in ("beide", "serve"):
            url = f"sqlite:///{Path(map_) / 'demo.sqlite'}"
            _demo(url, data)
            with server(url, env={**env, "WIJKKAART_SECRET_KEY": "belasting"}, wacht_s=90) as (basis, _):
                meet(
                    "wijkkaart serve (waitress, SpatiaLite)",
                    basis,
                    verbindingen,
                    args.duur,
                    args.alleen,
                    args.wrk_draden,
                )
        if args.modus in ("beide", "productie"):
            pg = None if args.postgres else PostgresServer().start()
            redis = RedisServer().start()
            try:
                beheer = args.postgres or pg.url()
                url = beheer.rsplit("/", 1)[0] + "/belasting"
                import psycopg

                conninfo = beheer.replace("postgresql+psycopg://", "postgresql://")
                with psycopg.connect(conninfo, autocommit=True) as conn:
                    conn.execute("DROP DATABASE IF EXISTS belasting")
                    conn.execute("CREATE DATABASE belasting")
                with psycopg.connect(conninfo.rsplit("/", 1)[0] + "/belasting", autocommit=True) as conn:
                    conn.execute("CREATE EXTENSION postgis")
                _demo(url, data)
                productie = {
                    **env,
                    "WIJKKAART_SECRET_KEY": "belasting-productie-sleutel",
                    "WIJKKAART_LIMIET_OPSLAG": redis.url(1),
                    "WIJKKAART_CACHE_OPSLAG": redis.url(2),
                }
                extra = ["--workers", str(args.workers)] if args.workers else []
                extra += ["--threads", str(args.threads)] if args.threads else []
                with server(url, "--production", *extra, env=productie, wacht_s=90) as (basis, _):
                    meet(
                        "productie (gunicorn, PostGIS, Redis)",
                        basis,
                        verbindingen,
                        args.duur,
                        args.alleen,
                        args.wrk_draden,
                    )
            finally:
                redis.opruimen()
                if pg is not None:
                    pg.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
