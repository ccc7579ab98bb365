"""A database that goes away: 503 with Retry-After in the visitor's language, one log line, and back when it is back."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from wijkkaart import create_app

from .helpers import haarlem_met_voorbeeldaanbod


class Storing:
    """Takes the database away and brings it back, the way it happens on each backend."""

    def __init__(self, app, request):
        self.engine = app.extensions["wijkkaart.engine"]
        self.url = make_url(app.config["DATABASE_URL"])
        self.request = request

    def begin(self) -> None:
        """PostGIS stops taking connections (and drops the open ones); the SpatiaLite file's folder is gone."""
        if self.url.get_backend_name() == "postgresql":
            with psycopg.connect(self.request.getfixturevalue("postgis"), autocommit=True) as c:
                c.execute(f'ALTER DATABASE "{self.url.database}" ALLOW_CONNECTIONS false')
                c.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [self.url.database]
                )
        else:
            map_ = Path(self.url.database).parent
            shutil.move(map_, map_.with_name(map_.name + "-weg"))
            self.engine.dispose()  # pooled connections still hold the old file open

    def einde(self) -> None:
        """Everything as it was."""
        if self.url.get_backend_name() == "postgresql":
            with psycopg.connect(self.request.getfixturevalue("postgis"), autocommit=True) as c:
                c.execute(f'ALTER DATABASE "{self.url.database}" ALLOW_CONNECTIONS true')
        else:
            map_ = Path(self.url.database).parent
            shutil.move(map_.with_name(map_.name + "-weg"), map_)


@pytest.fixture
def app(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return create_app({"DATABASE_URL": database_url, "TESTING": True})


def test_an_outage_is_a_503_in_the_visitors_language_logged_once(app, request, caplog):
    client = app.test_client()
    assert client.get("/gemeente/GM0392").status_code == 200
    storing = Storing(app, request)
    caplog.set_level(logging.INFO)
    storing.begin()
    try:
        pagina = client.get("/gemeente/GM0392")
        assert pagina.status_code == 503 and pagina.headers["Retry-After"] == "30"
        tekst = pagina.get_data(as_text=True)
        assert "De database is even niet bereikbaar" in tekst
        assert "Traceback" not in tekst and "psycopg" not in tekst and "sqlite" not in tekst.lower()
        api = client.get("/api/v1/aanbod?gemeente=GM0392")
        assert api.status_code == 503 and api.headers["Retry-After"] == "30"
        assert api.get_json() == {
            "fout": "De database is even niet bereikbaar. Probeer het over een halve minuut opnieuw.",
            "status": 503,
        }
        client.set_cookie("taal", "en")
        engels = client.get("/zoek?q=2011").get_data(as_text=True)
        assert "The database cannot be reached just now" in engels and "De database" not in engels
        for _ in range(20):
            assert client.get("/").status_code == 503
    finally:
        storing.einde()
    # One line for 23 failures within the interval, with the driver's reason for whoever runs the server.
    regels = [r for r in caplog.records if r.name.startswith("wijkkaart")]
    assert len(regels) == 1 and regels[0].levelno == logging.ERROR, [r.getMessage() for r in regels]
    assert "database niet bereikbaar" in regels[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)
    # Back when the database is back, without a restart.
    client.delete_cookie("taal")
    assert client.get("/gemeente/GM0392").status_code == 200
