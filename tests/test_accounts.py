"""Accounts: Argon2id hashes, the CLI, the login rate limit, cookie flags and sessions that end."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from wijkkaart.cli import main
from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.gebruiker import Gebruiker

from .bewerkhulp import WACHTWOORD, csrf, log_in, maak_accounts
from .helpers import haarlem_app


@pytest.fixture
def app(tmp_path, shared_data):
    app = haarlem_app(tmp_path, shared_data)
    maak_accounts(app.extensions["wijkkaart.engine"])
    return app


def test_wachtwoord_als_argon2id_en_inloggen(app):
    with session_factory(app.extensions["wijkkaart.engine"])() as s:
        opgeslagen = s.scalar(select(Gebruiker.wachtwoord_hash).where(Gebruiker.email == "a@example.org"))
    assert opgeslagen.startswith("$argon2id$") and WACHTWOORD not in opgeslagen
    client = app.test_client()
    fout = log_in(client, "a@example.org", "fout wachtwoord 123")
    assert fout.status_code == 401 and "klopt niet" in fout.get_data(as_text=True)
    assert log_in(client, "onbekend@example.org").status_code == 401
    assert client.get("/bewerken").status_code == 403
    assert log_in(client, "A@Example.org").status_code == 303
    assert client.get("/bewerken").status_code == 200


def test_inlogpogingen_worden_begrensd(app):
    client = app.test_client()
    for _ in range(5):
        assert log_in(client, "a@example.org", "raden raden raden").status_code == 401
    geweigerd = log_in(client, "a@example.org")  # even the right password waits now
    assert geweigerd.status_code == 429
    assert "Te veel pogingen" in geweigerd.get_data(as_text=True) and "Retry-After" in geweigerd.headers
    assert client.get("/bewerken").status_code == 403


def test_sessiecookie_veilig_en_sessie_verloopt(tmp_path, shared_data):
    import datetime as dt

    app = haarlem_app(tmp_path, shared_data, PERMANENT_SESSION_LIFETIME=dt.timedelta(seconds=1))
    maak_accounts(app.extensions["wijkkaart.engine"])
    https = app.test_client()
    https.get("/inloggen", base_url="https://localhost")
    token = csrf(https, "https://localhost/inloggen")
    # Over https Flask-WTF also checks that the form came from this site (Referer), as a browser sends it.
    r = https.post(
        "/inloggen",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/inloggen"},
        data={"email": "a@example.org", "wachtwoord": WACHTWOORD, "csrf_token": token},
    )
    cookie = next(c for c in r.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert https.get("/bewerken", base_url="https://localhost").status_code == 200
    time.sleep(2.2)
    assert https.get("/bewerken", base_url="https://localhost").status_code == 403
    http = app.test_client()
    r = log_in(http, "a@example.org")
    assert "Secure" not in next(c for c in r.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_nieuw_wachtwoord_of_inactief_beeindigt_sessies(app):
    client = app.test_client()
    log_in(client, "a@example.org")
    assert client.get("/bewerken").status_code == 200
    with pytest.raises(SystemExit) as uit:
        main(["--database", app.config["DATABASE_URL"], "set-role", "a@example.org", "--inactief"])
    assert uit.value.code == 0
    assert client.get("/bewerken").status_code == 403
    assert log_in(client, "a@example.org").status_code == 401


def test_create_user_en_set_role_via_cli(tmp_path, shared_data, monkeypatch, capsys):
    import io

    app = haarlem_app(tmp_path, shared_data)
    url = app.config["DATABASE_URL"]

    def cli(*args, stdin=""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        with pytest.raises(SystemExit) as uit:
            main(["--database", url, *args])
        return uit.value.code, capsys.readouterr()

    code, out = cli(
        "create-user",
        "ans@example.org",
        "--naam",
        "Ans",
        "--rol",
        "opbouwwerker",
        "--gebied",
        "WK039211",
        "--wachtwoord-stdin",
        stdin=WACHTWOORD + "\n",
    )
    assert code == 0 and "WK039211" in out.out
    for args, stdin, melding in [
        (
            (
                "create-user",
                "x@example.org",
                "--naam",
                "X",
                "--rol",
                "opbouwwerker",
                "--gebied",
                "WK999999",
                "--wachtwoord-stdin",
            ),
            WACHTWOORD,
            "WK999999",
        ),
        (
            ("create-user", "y@example.org", "--naam", "Y", "--rol", "beheerder", "--wachtwoord-stdin"),
            "kort",
            "12 tekens",
        ),
        (
            ("create-user", "ans@example.org", "--naam", "Ans", "--rol", "beheerder", "--wachtwoord-stdin"),
            WACHTWOORD,
            "al een account",
        ),
        (("set-role", "niemand@example.org", "--rol", "beheerder"), "", "geen account"),
    ]:
        code, out = cli(*args, stdin=stdin)
        assert code == 2 and melding in out.err, args
    code, out = cli("set-role", "ans@example.org", "--rol", "beheerder", "--gebied", "GM0392")
    assert code == 0 and "beheerder" in out.out and "GM0392" in out.out
    with session_factory(app.extensions["wijkkaart.engine"])() as s:
        assert [g.email for g in s.scalars(select(Gebruiker))] == ["ans@example.org"]
    client = app.test_client()
    assert log_in(client, "ans@example.org").status_code == 303
    assert client.get("/beheer/gebruikers").status_code == 200


def test_beheerpagina_maakt_account_en_wijst_wijk_toe(app):
    client = app.test_client()
    log_in(client, "beheer@example.org")
    token = csrf(client, "/beheer/gebruikers")
    r = client.post(
        "/beheer/gebruikers",
        data={
            "email": "nieuw@example.org",
            "naam": "Nina",
            "rol": "opbouwwerker",
            "gebieden": "WK039201, GM9999",
            "wachtwoord": WACHTWOORD,
            "csrf_token": token,
        },
    )
    assert r.status_code == 400 and "GM9999" in r.get_data(as_text=True)
    r = client.post(
        "/beheer/gebruikers",
        data={
            "email": "nieuw@example.org",
            "naam": "Nina",
            "rol": "opbouwwerker",
            "gebieden": "WK039201",
            "wachtwoord": WACHTWOORD,
            "csrf_token": token,
        },
    )
    assert r.status_code == 303
    nina = app.test_client()
    assert log_in(nina, "nieuw@example.org").status_code == 303
    assert nina.get("/beheer/gebruikers").status_code == 403


def test_sessie_eindigt_altijd_na_de_maximale_duur(app, monkeypatch):
    import datetime as dt

    from wijkkaart.web import accounts

    client = app.test_client()
    log_in(client, "a@example.org")
    assert client.get("/bewerken").status_code == 200
    monkeypatch.setattr(accounts, "MAXIMALE_SESSIE", dt.timedelta(seconds=1))
    time.sleep(1.5)
    assert client.get("/bewerken").status_code == 403  # active all along, still logged out
