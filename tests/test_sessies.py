"""Sessions that really end (logout, role change) and login throttling that slows guessing without locking anyone out."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import select

from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod

from .bewerkhulp import WACHTWOORD, csrf, log_in, maak_accounts
from .helpers import haarlem_app, wijkkaart_cli


class Klok:
    """A clock the test moves by hand (the app's ``KLOK``)."""

    def __init__(self):
        self.nu = dt.datetime(2026, 11, 30, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.nu

    def verder(self, seconden: float) -> None:
        self.nu += dt.timedelta(seconds=seconden)


@pytest.fixture
def klok():
    return Klok()


@pytest.fixture
def app(tmp_path, shared_data, klok):
    app = haarlem_app(tmp_path, shared_data, KLOK=klok)
    app.opzet = maak_accounts(app.extensions["wijkkaart.engine"])
    return app


def _geverifieerd(app, aanbod_id: int):
    with session_factory(app.extensions["wijkkaart.engine"])() as s:
        return s.scalar(select(Aanbod.laatst_geverifieerd).where(Aanbod.id == aanbod_id))


def _beheerder_op_aanbod(app):
    """A logged-in beheerder on aanbod A's edit page: (client, aanbod id, its form token, the session cookie)."""
    client = app.test_client()
    assert log_in(client, "beheer@example.org").status_code == 303
    aanbod = app.opzet.aanbod_a
    token = csrf(client, f"/bewerken/aanbod/{aanbod}")
    return client, aanbod, token, client.get_cookie("session").value


def test_a_cookie_kept_from_before_logout_opens_nothing(app):
    client, aanbod, token, bewaard = _beheerder_op_aanbod(app)
    assert client.post("/uitloggen", data={"csrf_token": token}).status_code == 303

    dief = app.test_client()
    dief.set_cookie("session", bewaard)
    pagina = dief.get("/bewerken")
    assert pagina.status_code == 403 and "Log in" in pagina.get_data(as_text=True)
    voor = _geverifieerd(app, aanbod)
    assert dief.post(f"/bewerken/aanbod/{aanbod}/verifieren", data={"csrf_token": token}).status_code == 403
    assert _geverifieerd(app, aanbod) == voor
    # Logging in again works, with a new session.
    assert log_in(client, "beheer@example.org").status_code == 303
    assert client.get("/bewerken").status_code == 200


def test_a_background_request_in_flight_during_a_post_does_not_undo_its_message(app):
    """The hours preview is fetched while someone clicks a button; its late answer keeps the new cookie."""
    client, aanbod, token, voor_de_klik = _beheerder_op_aanbod(app)
    # A page view still renews the cookie's lifetime (a working editor stays logged in).
    assert any(c.startswith("session=") for c in client.get("/bewerken").headers.getlist("Set-Cookie"))
    assert client.post(f"/bewerken/aanbod/{aanbod}/verifieren", data={"csrf_token": token}).status_code == 303
    # The preview request left before the post's answer came back, so it carries the old cookie.
    laat = app.test_client()
    laat.set_cookie("session", voor_de_klik)
    antwoord = laat.get("/api/v1/openingstijden?osm=Mo-Fr%2009:00-12:00")
    assert antwoord.status_code == 200
    assert not [c for c in antwoord.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "Gemarkeerd als gecontroleerd" in client.get(f"/bewerken/aanbod/{aanbod}").get_data(as_text=True)


def test_a_new_role_ends_the_accounts_sessions_but_new_gebieden_do_not(app):
    client = app.test_client()
    log_in(client, "a@example.org")
    assert client.get("/bewerken").status_code == 200
    env = {"WIJKKAART_DATABASE_URL": app.config["DATABASE_URL"]}
    uit = wijkkaart_cli(
        "set-role", "a@example.org", "--gebied", app.opzet.wijk_a, "--gebied", app.opzet.wijk_b, env=env
    )
    assert uit.returncode == 0, uit.stderr
    assert client.get("/bewerken").status_code == 200  # rights are read on every request; nothing to end
    assert wijkkaart_cli("set-role", "a@example.org", "--rol", "publiek", env=env).returncode == 0
    pagina = client.get("/bewerken")
    assert pagina.status_code == 403 and "Log in" in pagina.get_data(as_text=True)


def _poging(app, email: str, wachtwoord: str, adres: str):
    """One login attempt from client address ``adres`` (a fresh browser each time)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = adres
    return client.post("/inloggen", data={"email": email, "wachtwoord": wachtwoord, "csrf_token": csrf(client)})


def test_failed_logins_slow_the_account_down_but_never_lock_its_owner_out(app, klok, caplog):
    caplog.set_level(logging.WARNING, logger="wijkkaart.beveiliging")
    # An attacker spreads guesses over addresses, below each address's own limit.
    for i in range(5):
        assert _poging(app, "a@example.org", f"geraden {i} geraden", f"198.51.100.{i}").status_code == 401
    # The owner, from the office: the sixth try waits a second, however right the password.
    te_vroeg = _poging(app, "a@example.org", WACHTWOORD, "203.0.113.10")
    assert te_vroeg.status_code == 429 and te_vroeg.headers["Retry-After"] == "1"
    assert "Probeer het over 1 seconden opnieuw" in te_vroeg.get_data(as_text=True)
    assert len([r for r in caplog.records if "inloggen vertraagd" in r.getMessage()]) == 1
    assert "203.0.113.10" in caplog.records[-1].getMessage()
    klok.verder(1)
    assert _poging(app, "a@example.org", WACHTWOORD, "203.0.113.10").status_code == 303
    # A success forgets the failures: the next wrong password is answered at once.
    assert _poging(app, "a@example.org", "fout fout fout", "198.51.100.9").status_code == 401
    assert _poging(app, "a@example.org", WACHTWOORD, "203.0.113.10").status_code == 303


def _raad_zestien_keer(app, klok, email: str) -> list[int]:
    """Sixteen wrong passwords, each from its own address, waiting whenever asked; returns the waits."""
    wachttijden = []
    for i in range(16):
        antwoord = _poging(app, email, "nog steeds fout", f"192.0.2.{i}")
        if antwoord.status_code == 429:
            wachttijden.append(int(antwoord.headers["Retry-After"]))
            klok.verder(wachttijden[-1])
            antwoord = _poging(app, email, "nog steeds fout", f"192.0.2.{i}")
        assert antwoord.status_code == 401, (email, i)
    return wachttijden


def test_the_delay_doubles_up_to_a_minute_and_unknown_addresses_are_slowed_alike(app, klok):
    verdubbeling = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60]
    assert _raad_zestien_keer(app, klok, "a@example.org") == verdubbeling
    # The owner waits at most a minute, from any address.
    assert _poging(app, "a@example.org", WACHTWOORD, "203.0.113.20").status_code == 429
    klok.verder(60)
    assert _poging(app, "a@example.org", WACHTWOORD, "203.0.113.20").status_code == 303
    # An address without an account is slowed down the same way: the delay tells nothing.
    assert _raad_zestien_keer(app, klok, "bestaat-niet@example.org") == verdubbeling


def test_one_address_is_still_limited_on_its_own(app):
    for _ in range(5):
        assert _poging(app, f"iemand{_}@example.org", "raden raden raden", "198.51.100.50").status_code == 401
    assert _poging(app, "b@example.org", WACHTWOORD, "198.51.100.50").status_code == 429
    assert _poging(app, "b@example.org", WACHTWOORD, "198.51.100.51").status_code == 303
