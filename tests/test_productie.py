"""Production mode (issue 16): gunicorn workers on PostGIS and Redis share sessions, results and rate limits.

Every server here is a real process: ``wijkkaart serve`` (waitress) or
``wijkkaart serve --production`` (gunicorn with two workers), talked to over
HTTP with ``requests``. Which worker answered comes from gunicorn's access log.
"""

from __future__ import annotations

import re

import pytest
import requests

from wijkkaart.opslag.engine import make_engine
from wijkkaart.opslag.schema import upgrade

from .helpers import haarlem_met_voorbeeldaanbod, wijkkaart_cli
from .serverproces import server

GATEN = "/api/v1/gaten?gemeente=GM0392"
SLEUTEL = "een-test-sleutel-die-alle-workers-delen-0123456789"


def productie_env(redis_server) -> dict[str, str]:
    return {
        "WIJKKAART_SECRET_KEY": SLEUTEL,
        "WIJKKAART_LIMIET_OPSLAG": redis_server.url(1),
        "WIJKKAART_CACHE_OPSLAG": redis_server.url(2),
    }


def scores(basis: str, sessie=None) -> dict[str, float]:
    antwoord = (sessie or requests).get(basis + GATEN, timeout=30)
    assert antwoord.status_code == 200, antwoord.text[:500]
    return {f["properties"]["code"]: f["properties"]["score"] for f in antwoord.json()["features"]}


def csrf(sessie: requests.Session, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', sessie.get(url, timeout=30).text).group(1)


def archiveer_als_beheerder(basis: str, database_url: str, extern_id: str) -> None:
    """Log in as a beheerder over HTTP and archive one example aanbod (each request may reach another worker)."""
    from sqlalchemy import select

    from wijkkaart.bewerken import accounts
    from wijkkaart.opslag.engine import transaction
    from wijkkaart.opslag.tabellen.aanbod import Aanbod

    engine = make_engine(database_url)
    with transaction(engine) as s:
        accounts.maak_gebruiker(s, "beheer@example.org", "Bea Beheer", "correct paard batterij nietje", "beheerder")
        aanbod_id = s.scalars(select(Aanbod.id).where(Aanbod.extern_id == extern_id)).one()
    engine.dispose()
    sessie = requests.Session()
    inloggen = sessie.post(
        basis + "/inloggen",
        data={
            "email": "beheer@example.org",
            "wachtwoord": "correct paard batterij nietje",
            "csrf_token": csrf(sessie, basis + "/inloggen"),
        },
        timeout=30,
    )
    assert inloggen.status_code == 200 and "Uitloggen" in inloggen.text, inloggen.text[:300]
    pad = f"{basis}/bewerken/aanbod/{aanbod_id}"
    antwoord = sessie.post(pad + "/archiveren", data={"csrf_token": csrf(sessie, pad)}, timeout=30)
    assert antwoord.status_code == 200 and "Gearchiveerd" in antwoord.text, antwoord.text[:300]


@pytest.mark.parametrize("backend", ["postgis"])
def test_production_mode_refuses_to_start_and_names_what_is_missing(nieuwe_database, redis_server):
    url = nieuwe_database()
    uit = wijkkaart_cli("--database", url, "serve", "--production", env={"WIJKKAART_SECRET_KEY": ""})
    assert uit.returncode == 2
    assert "WIJKKAART_SECRET_KEY" in uit.stderr and "WIJKKAART_LIMIET_OPSLAG" in uit.stderr
    assert "WIJKKAART_CACHE_OPSLAG" in uit.stderr and "Traceback" not in uit.stderr
    # Redis named but not running.
    env = {**productie_env(redis_server), "WIJKKAART_CACHE_OPSLAG": "redis://127.0.0.1:1/0"}
    uit = wijkkaart_cli("--database", url, "serve", "--production", env=env)
    assert uit.returncode == 2 and "antwoordt niet" in uit.stderr and "WIJKKAART_SECRET_KEY" not in uit.stderr
    # The embedded database is not for several processes.
    uit = wijkkaart_cli("--database", "sqlite:///x.sqlite", "serve", "--production", env=productie_env(redis_server))
    assert uit.returncode == 2 and "PostGIS" in uit.stderr
    # An older schema: upgrade first.
    oud = nieuwe_database(leeg=True)
    engine = make_engine(oud)
    upgrade(engine, "0006_trefwoorden")
    engine.dispose()
    uit = wijkkaart_cli("--database", oud, "serve", "--production", env=productie_env(redis_server))
    assert uit.returncode == 2 and "wijkkaart db upgrade" in uit.stderr


@pytest.mark.parametrize("backend", ["postgis"])
def test_two_gunicorn_workers_share_logins_results_and_rate_limits(database_url, shared_data, tmp_path, redis_server):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    log = tmp_path / "toegang.log"
    args = ("--production", "--workers", "2", "--toegangslog", str(log))
    with server(database_url, *args, env=productie_env(redis_server)) as (basis, _):
        voor = [scores(basis) for _ in range(12)]
        assert all(v == voor[0] for v in voor)
        archiveer_als_beheerder(basis, database_url, "v2")
        na = [scores(basis) for _ in range(12)]
        assert all(n == na[0] for n in na), "every worker must show the edit at once"
        assert any(na[0][c] > voor[0][c] for c in voor[0])
        # Five failed logins are allowed per minute per address, counted over both workers.
        statussen = []
        for _ in range(7):
            sessie = requests.Session()
            data = {
                "email": "niemand@example.org",
                "wachtwoord": "fout",
                "csrf_token": csrf(sessie, basis + "/inloggen"),
            }
            statussen.append(sessie.post(basis + "/inloggen", data=data, timeout=30).status_code)
        assert statussen[:5] == [401] * 5 and statussen[5:] == [429, 429], statussen
        # Redis gone: pages and the gap layer keep working (computed again), limits count per process.
        redis_server.stop()
        try:
            assert scores(basis) == na[0]
            assert requests.get(basis + "/gemeente/GM0392", timeout=30).status_code == 200
        finally:
            redis_server.start()
    pids = set(re.findall(r"^\S+ <(\d+)> ", log.read_text(), re.M))
    assert len(pids) == 2, "both workers must have answered"


def test_two_servers_on_one_database_see_each_others_edits(database_url, shared_data, tmp_path):
    """Without Redis each process keeps its own results; the data version in the database keeps them honest."""
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    env = {"WIJKKAART_SECRET_KEY": SLEUTEL}
    with server(database_url, env=env) as (a, _), server(database_url, env=env) as (b, _):
        voor_a, voor_b = scores(a), scores(b)
        assert voor_a == voor_b
        archiveer_als_beheerder(a, database_url, "v2")
        na_b = scores(b)
        assert na_b != voor_b and na_b == scores(a)
