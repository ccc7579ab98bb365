"""Pages kept for visitors (issue 16): made once per data version, yet every answer has its own nonce and token.

On both backends. A kept page must never carry another visitor's CSRF token
or CSP nonce, never show a logged-in person's page to anyone else, never eat
a message waiting for one visitor, and change at the first write the page
can show.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from wijkkaart import create_app
from wijkkaart.diensten.database import dataversie
from wijkkaart.opslag.engine import transaction
from wijkkaart.opslag.tabellen.aanbod import Aanbod
from wijkkaart.web.bewaard import _beurt, _etag

from .bewerkhulp import log_in, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod

PAGINAS = ["/", "/gemeente/GM0392", "/gemeente/GM0392/gaten", "/zoek?q=2011"]


@pytest.fixture
def app(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return create_app({"DATABASE_URL": database_url, "TESTING": True})


def gebiedlezingen(app) -> list[str]:
    gelezen: list[str] = []
    event.listen(
        app.extensions["wijkkaart.engine"],
        "before_cursor_execute",
        lambda _c, _k, sql, *_: re.search(r"\bFROM (gebied|aanbod)\b", sql) and gelezen.append(sql),
    )
    return gelezen


def token_en_nonce(antwoord) -> tuple[str, str]:
    html = antwoord.get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    kop = re.search(r"'nonce-([^']+)'", antwoord.headers["Content-Security-Policy"]).group(1)
    # Every script tag in the body has the nonce the header allows, and no other.
    assert set(re.findall(r'nonce="([^"]+)"', html)) <= {kop}
    return token, kop


@pytest.mark.parametrize("pad", PAGINAS)
def test_a_second_visitor_gets_the_kept_page_with_a_token_and_nonce_of_their_own(app, pad):
    gelezen = gebiedlezingen(app)
    eerste, tweede = app.test_client(), app.test_client()
    a = eerste.get(pad)
    assert a.status_code == 200 and gelezen
    gelezen.clear()
    b = tweede.get(pad)
    assert b.status_code == 200 and gelezen == []
    token_a, nonce_a = token_en_nonce(a)
    token_b, nonce_b = token_en_nonce(b)
    assert token_a != token_b and nonce_a != nonce_b
    assert b.get_data(as_text=True).replace(token_b, "").replace(nonce_b, "") == a.get_data(as_text=True).replace(
        token_a, ""
    ).replace(nonce_a, "")
    # Each token works for its own visitor (the language form), and only there.
    taal = {"taal": "en", "terug": "/"}
    assert tweede.post("/taal", data={**taal, "csrf_token": token_b}).status_code == 303
    assert app.test_client().post("/taal", data={**taal, "csrf_token": token_b}).status_code == 400


def test_logged_in_people_and_waiting_messages_bypass_the_kept_page(app):
    maak_accounts(app.extensions["wijkkaart.engine"])
    app.test_client().get("/gemeente/GM0392")  # kept for visitors
    beheer = app.test_client()
    assert log_in(beheer, "beheer@example.org").status_code == 303
    eigen = beheer.get("/gemeente/GM0392").get_data(as_text=True)
    assert "Uitloggen (Bea Beheer)" in eigen and "Aanbod niet op tijd geverifieerd" in eigen
    # A visitor after the beheerder sees the visitor's page, not the beheerder's.
    bezoeker = app.test_client().get("/gemeente/GM0392").get_data(as_text=True)
    assert "Bea Beheer" not in bezoeker and "Aanbod niet op tijd geverifieerd" not in bezoeker
    # A message waiting for one visitor (as a form leaves it) is shown although a kept copy exists.
    wachtend = app.test_client()
    with wachtend.session_transaction() as sessie:
        sessie["_flashes"] = [("message", "Bedankt voor uw melding.")]
    assert "Bedankt voor uw melding." in wachtend.get("/gemeente/GM0392").get_data(as_text=True)
    assert "Bedankt voor uw melding." not in wachtend.get("/gemeente/GM0392").get_data(as_text=True)


def test_a_write_the_page_shows_changes_the_kept_page_at_once(app):
    client = app.test_client()
    assert "Nieuwe naam van de inloop" not in client.get("/zoek?q=2011").get_data(as_text=True)
    with transaction(app.extensions["wijkkaart.engine"]) as s:
        for aanbod in s.query(Aanbod):
            aanbod.naam = "Nieuwe naam van de inloop"
    assert "Nieuwe naam van de inloop" in app.test_client().get("/zoek?q=2011").get_data(as_text=True)


def test_many_visitors_at_once_on_a_page_nobody_kept_yet_make_it_once(app):
    """The moment a kept page lapses, a crowd asking for it must not make it side by side."""
    gelezen = gebiedlezingen(app)
    app.test_client().get("/gemeente/GM0392/gaten?drempel=450")
    eenmaal = len(gelezen)
    assert eenmaal > 0
    gelezen.clear()
    start = threading.Barrier(8)

    def bezoek(_):
        start.wait()
        return app.test_client().get("/gemeente/GM0392/gaten?drempel=400").status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(bezoek, range(8))) == [200] * 8
    assert len(gelezen) == eenmaal


def test_the_finder_is_made_again_each_minute_and_meanwhile_serves_last_minutes_page(
    database_url, shared_data, tmp_path
):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    klok = {"nu": dt.datetime(2026, 12, 1, 9, 0, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))}
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "KLOK": lambda: klok["nu"]})
    gezocht = re.compile(r"Gezocht op [^.]*?(\d\d:\d\d)\.")

    def tijd() -> str:
        return gezocht.search(app.test_client().get("/zoek?q=2011").get_data(as_text=True)).group(1)

    assert tijd() == "09:00"
    klok["nu"] += dt.timedelta(seconds=30)
    assert tijd() == "09:00"  # the same minute: the kept page
    klok["nu"] += dt.timedelta(minutes=1)
    # While one thread is making this minute's page, the others get last minute's page instead of waiting.
    with app.test_request_context("/zoek?q=2011"):
        slot = _beurt("wijkkaart:pagina:" + _etag(_versie(app)))
    with slot:
        assert tijd() == "09:00"
    assert tijd() == "09:01"


def _versie(app) -> int:
    return dataversie(app.extensions["wijkkaart.engine"]).nummer
