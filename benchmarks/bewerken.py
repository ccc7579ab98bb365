"""Benchmark: server time of the editing pages and of saving an edit (with its audit rows) on the demo data.

Loads the demo (``wijkkaart demo``: six gemeenten with their real aanbod) into a
fresh SpatiaLite file, makes a beheerder (who sees all of it) and an
opbouwwerker for one Amsterdam wijk, and times through Flask's test client:
logging in (one Argon2id verification), the overview, the te-verifiëren list,
the edit page of an aanbod, and saving a change of one field (the change and
its trail row in one transaction). CSRF is switched off here: the token is
not what is measured. Prints median and 95th percentile, peak memory of one
save, and each median's ratio against a named baseline in the same process:
``GET /`` (the start page, one query and a template).

Usage::

    .venv/bin/python benchmarks/bewerken.py [--data DIR] [--herhaal 30]
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

from sqlalchemy import func, select

from wijkkaart import create_app
from wijkkaart.bewerken import accounts as diensten
from wijkkaart.bewerken.wijzigen import aanbod_waarden
from wijkkaart.diensten.demo import laad_demo
from wijkkaart.kern.settings import default_data_dir
from wijkkaart.opslag.engine import session_factory, transaction
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie
from wijkkaart.opslag.tabellen.audit import Wijziging

WACHTWOORD = "benchmark wachtwoord 1"


def tijden(doe, herhaal: int) -> list[float]:
    uit = []
    for i in range(herhaal):
        start = time.perf_counter()
        doe(i)
        uit.append(time.perf_counter() - start)
    return uit


def regel(naam: str, t: list[float], basis: float) -> None:
    p95 = sorted(t)[max(0, int(0.95 * len(t)) - 1)]
    print(
        f"{naam:<34} mediaan {statistics.median(t) * 1000:7.1f} ms, p95 {p95 * 1000:7.1f} ms, "
        f"{statistics.median(t) / basis:5.1f}x de startpagina"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--herhaal", type=int, default=30)
    args = parser.parse_args()
    data = args.data or default_data_dir()
    with tempfile.TemporaryDirectory() as map_:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{Path(map_) / 'demo.sqlite'}",
                "TESTING": True,
                "BASEMAP": "geen",
                "WTF_CSRF_ENABLED": False,
                "INLOG_LIMIET": "100000 per minute",
            }
        )
        engine = app.extensions["wijkkaart.engine"]
        start = time.perf_counter()
        laad_demo(engine, data, toon_voortgang=False)
        print(f"demo geladen in {time.perf_counter() - start:.1f} s (niet gemeten)")
        with transaction(engine) as s:
            wijk, aanbod_id = s.execute(
                select(Locatie.wijkcode, func.min(Aanbod.id))
                .join(AanbodLocatie, AanbodLocatie.locatie_id == Locatie.id)
                .join(Aanbod, Aanbod.id == AanbodLocatie.aanbod_id)
                .where(Locatie.gemeentecode == "GM0363")
                .group_by(Locatie.wijkcode)
                .order_by(func.count().desc())
                .limit(1)
            ).one()
            diensten.maak_gebruiker(s, "beheer@example.org", "Beheer", WACHTWOORD, "beheerder")
            diensten.maak_gebruiker(s, "wijk@example.org", "Opbouw", WACHTWOORD, "opbouwwerker", [wijk])
            totaal = s.scalar(select(func.count()).select_from(Aanbod))
            plekken = s.scalar(select(func.count()).select_from(Locatie))
            formulier = aanbod_waarden(s, s.get(Aanbod, aanbod_id))
        print(
            f"{totaal} aanbod en {plekken} locaties in de demo; opbouwwerker voor {wijk}, aanbod {aanbod_id} wordt gewijzigd"
        )

        bezoeker = app.test_client()
        beheer, wijkwerker = app.test_client(), app.test_client()
        for client, email in ((beheer, "beheer@example.org"), (wijkwerker, "wijk@example.org")):
            assert client.post("/inloggen", data={"email": email, "wachtwoord": WACHTWOORD}).status_code == 303
        data = {k: ("" if v is None else v) for k, v in formulier.items() if not isinstance(v, bool)}
        data.update({k: "y" for k, v in formulier.items() if v is True})
        for url in ("/", "/bewerken", "/bewerken/te-verifieren", f"/bewerken/aanbod/{aanbod_id}"):
            beheer.get(url)  # warm-up: templates, caches

        def get(client, url):
            def doe(_i):
                assert client.get(url).status_code == 200, url

            return doe

        def inloggen(_i):
            assert (
                app.test_client()
                .post("/inloggen", data={"email": "wijk@example.org", "wachtwoord": WACHTWOORD})
                .status_code
                == 303
            )

        def opslaan(i):
            # A new value each time, so each save is one real change (and one trail row).
            antwoord = wijkwerker.post(f"/bewerken/aanbod/{aanbod_id}", data={**data, "kosten": f"€ {i} per keer"})
            assert antwoord.status_code == 303

        basis = statistics.median(tijden(get(bezoeker, "/"), args.herhaal))
        print(f"basislijn GET /: mediaan {basis * 1000:.1f} ms")
        regel("inloggen (Argon2id)", tijden(inloggen, args.herhaal), basis)
        regel("GET /bewerken (beheerder, alles)", tijden(get(beheer, "/bewerken"), args.herhaal), basis)
        regel("GET /bewerken (één wijk)", tijden(get(wijkwerker, "/bewerken"), args.herhaal), basis)
        regel(
            "GET /bewerken/te-verifieren (alles)", tijden(get(beheer, "/bewerken/te-verifieren"), args.herhaal), basis
        )
        regel(
            "GET /bewerken/aanbod/<id>", tijden(get(wijkwerker, f"/bewerken/aanbod/{aanbod_id}"), args.herhaal), basis
        )
        regel("POST wijziging (1 veld + audit)", tijden(opslaan, args.herhaal), basis)
        tracemalloc.start()
        opslaan(-1)
        _, piek = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"piekgeheugen van één wijziging: {piek / 2**20:.1f} MiB")
        with session_factory(engine)() as s:
            rijen = s.scalar(
                select(func.count())
                .select_from(Wijziging)
                .where(Wijziging.item_id == aanbod_id, Wijziging.soort == "aanbod")
            )
        print(f"auditrijen voor dit aanbod: {rijen} (één per wijziging: {args.herhaal + 1} verwacht)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
