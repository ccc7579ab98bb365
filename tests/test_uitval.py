"""PostGIS going away under load (issue 16): clean 503s with Retry-After, no hang, and back without a restart."""

from __future__ import annotations

import threading
import time

import psycopg
import requests

from .helpers import haarlem_met_voorbeeldaanbod
from .pg_server import PostgresServer
from .serverproces import server

PADEN = (
    "/api/v1/gebieden?gemeente=GM0392&niveau=buurt&zoom=13&velden=inwoners",
    "/gemeente/GM0392",
    "/api/v1/aanbod?gemeente=GM0392",
    "/api/v1/gaten?gemeente=GM0392",
)


def test_a_database_outage_of_ten_seconds_gives_clean_503s_and_heals_itself(shared_data, tmp_path):
    pg = PostgresServer().start()
    try:
        beheer = pg.url().replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(beheer, autocommit=True) as conn:
            conn.execute("CREATE DATABASE uitval")
        with psycopg.connect(beheer.rsplit("/", 1)[0] + "/uitval", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        url = pg.url("uitval")
        haarlem_met_voorbeeldaanbod(url, shared_data, tmp_path)
        antwoorden: list[tuple[float, str, int, float, str | None, str]] = []
        stop = threading.Event()
        with server(url, env={"WIJKKAART_SECRET_KEY": "uitvaltest"}) as (basis, _):
            start = time.monotonic()

            def belast(n: int):
                while not stop.is_set():
                    pad = PADEN[n % len(PADEN)]
                    n += 1
                    begin = time.monotonic()
                    r = requests.get(basis + pad, timeout=30)
                    antwoorden.append(
                        (
                            begin - start,
                            pad,
                            r.status_code,
                            time.monotonic() - begin,
                            r.headers.get("Retry-After"),
                            r.text,
                        )
                    )

            draden = [threading.Thread(target=belast, args=(i,)) for i in range(4)]
            for d in draden:
                d.start()
            time.sleep(3)
            uit = time.monotonic() - start
            pg.pauzeer()
            time.sleep(10)
            aan = time.monotonic() - start
            pg.hervat()
            time.sleep(6)
            stop.set()
            for d in draden:
                d.join(60)
        tijdens = [a for a in antwoorden if uit + 0.5 < a[0] < aan - 0.5]
        daarna = [a for a in antwoorden if a[0] > aan + 3]
        assert tijdens and daarna and len(antwoorden) > 40
        assert {a[2] for a in antwoorden} <= {200, 503}
        assert {a[2] for a in tijdens} == {503}, sorted({(a[1], a[2]) for a in tijdens})
        for _, pad, status, _duur, opnieuw, tekst in antwoorden:
            if status == 503:
                assert opnieuw == "30" and "Traceback" not in tekst and "psycopg" not in tekst, (pad, tekst[:300])
        assert max(a[3] for a in antwoorden) < 6, "no request may hang on a database that is away"
        assert {a[2] for a in daarna} == {200}, "service must come back without a restart"
        # The API speaks JSON, the pages speak to people.
        api_fout = next(a for a in tijdens if a[1].startswith("/api/"))
        assert '"status": 503' in api_fout[5] or '"status":503' in api_fout[5]
        pagina_fout = next(a for a in tijdens if a[1] == "/gemeente/GM0392")
        assert "database is even niet bereikbaar" in pagina_fout[5]
    finally:
        pg.stop()
