"""``wijkkaart serve`` as a real process: behind one trusted proxy, and with several processes sharing one key."""

from __future__ import annotations

import http.client
import os
import re
import socket
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from wijkkaart.opslag.engine import make_engine

from .bewerkhulp import WACHTWOORD, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def draaiende_serve(database_url: str, **omgeving: str):
    """``wijkkaart serve`` in its own process with ``omgeving`` set (and no secret key unless given)."""
    poort = _vrije_poort()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKKAART_")}
    env.update(WIJKKAART_DATABASE_URL=database_url, **omgeving)
    proces = subprocess.Popen(
        [sys.executable, "-m", "wijkkaart.cli", "serve", "--port", str(poort), "--threads", "4"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        einde = time.monotonic() + 60
        while True:
            if proces.poll() is not None:
                pytest.fail(f"wijkkaart serve stopte: {proces.stderr.read()}")
            try:
                socket.create_connection(("127.0.0.1", poort), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > einde:
                    pytest.fail("wijkkaart serve startte niet binnen een minuut")
                time.sleep(0.2)
        yield poort
    finally:
        proces.terminate()
        proces.wait(timeout=20)


class Browser:
    """A minimal HTTP client with cookies, a chosen source address and extra headers on every request."""

    def __init__(self, poort: int, bron: str = "127.0.0.1", **kopregels: str):
        self.poort, self.bron, self.kopregels = poort, bron, kopregels
        self.cookies: dict[str, str] = {}

    def vraag(self, methode: str, pad: str, data: dict | None = None, poort: int | None = None):
        verbinding = http.client.HTTPConnection(
            "127.0.0.1", poort or self.poort, timeout=30, source_address=(self.bron, 0)
        )
        kop = dict(self.kopregels)
        if self.cookies:
            kop["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            kop["Content-Type"] = "application/x-www-form-urlencoded"
            kop["Referer"] = (
                f"{'https' if kop.get('X-Forwarded-Proto') == 'https' else 'http'}://127.0.0.1:{poort or self.poort}{pad}"
            )
        verbinding.request(methode, pad, body=body, headers=kop)
        antwoord = verbinding.getresponse()
        antwoord.tekst = antwoord.read().decode()
        for regel in antwoord.headers.get_all("Set-Cookie") or []:
            for naam, morsel in SimpleCookie(regel).items():
                self.cookies[naam] = morsel.value
        verbinding.close()
        return antwoord

    def token(self, pad: str = "/inloggen", poort: int | None = None) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.vraag("GET", pad, poort=poort).tekst).group(1)

    def log_in(self, email: str, wachtwoord: str, poort: int | None = None):
        data = {"email": email, "wachtwoord": wachtwoord, "csrf_token": self.token(poort=poort)}
        return self.vraag("POST", "/inloggen", data, poort=poort)


@pytest.fixture
def sqlite_url(shared_data, tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    haarlem_met_voorbeeldaanbod(url, shared_data, tmp_path)
    engine = make_engine(url)
    maak_accounts(engine)
    engine.dispose()
    return url


def _mislukt(poort: int, klant: str | None, bron: str = "127.0.0.1", nummer: list[int] = [0]) -> int:  # noqa: B006
    """One failed login (for a new e-mail address each time, so only the address limit counts)."""
    nummer[0] += 1
    kop = {"X-Forwarded-For": klant} if klant else {}
    return Browser(poort, bron, **kop).log_in(f"raad{nummer[0]}@example.org", "fout fout fout").status


def test_behind_the_proxy_each_client_has_its_own_limit_and_forged_headers_count_for_nothing(sqlite_url, tmp_path):
    with draaiende_serve(
        sqlite_url,
        WIJKKAART_ACHTER_PROXY="ja",
        WIJKKAART_PROXY_ADRES="127.0.0.1",
        WIJKKAART_SECRET_KEY="x" * 64,
    ) as poort:
        # Through the proxy: five failures from one resident, then that resident waits; another does not.
        assert [_mislukt(poort, "198.51.100.1") for _ in range(5)] == [401] * 5
        assert _mislukt(poort, "198.51.100.1") == 429
        assert _mislukt(poort, "198.51.100.2") == 401
        # A client that writes its own X-Forwarded-For: the proxy appends the real address, and that one counts.
        assert _mislukt(poort, "198.51.100.2, 198.51.100.1") == 429
        # Straight to the server from another address, not the proxy: its headers are ignored.
        vreemd = [_mislukt(poort, f"198.51.100.{10 + i}", bron="127.0.0.2") for i in range(6)]
        assert vreemd == [401] * 5 + [429]
        # https at the proxy: Secure cookies and HSTS; the same header from elsewhere changes nothing.
        via_proxy = Browser(poort, **{"X-Forwarded-For": "198.51.100.30", "X-Forwarded-Proto": "https"})
        antwoord = via_proxy.log_in("a@example.org", WACHTWOORD)
        assert antwoord.status == 303, antwoord.tekst[:500]
        assert "Secure" in antwoord.headers["Set-Cookie"] and "Strict-Transport-Security" in antwoord.headers
        direct = Browser(poort, "127.0.0.3", **{"X-Forwarded-Proto": "https"})
        antwoord = direct.vraag("GET", "/inloggen")
        assert "Secure" not in antwoord.headers["Set-Cookie"] and "Strict-Transport-Security" not in antwoord.headers


def test_two_processes_without_a_configured_key_share_one_made_once(sqlite_url, tmp_path):
    instance = tmp_path / "instance"
    omgeving = {"WIJKKAART_INSTANCE_DIR": str(instance)}
    with draaiende_serve(sqlite_url, **omgeving) as a, draaiende_serve(sqlite_url, **omgeving) as b:
        sleutel = instance / "secret_key"
        assert stat.S_IMODE(sleutel.stat().st_mode) == 0o600 and stat.S_IMODE(instance.stat().st_mode) == 0o700
        assert sorted(p.name for p in instance.iterdir()) == ["secret_key"]
        mens = Browser(a)
        assert mens.log_in("beheer@example.org", WACHTWOORD).status == 303
        statussen = [mens.vraag("GET", "/bewerken", poort=poort).status for poort in (a, b) * 10]
        assert statussen == [200] * 20
        # A form from one process, sent to the other (the language switch's CSRF token).
        for van, naar in ((a, b), (b, a)) * 5:
            token = mens.token("/", poort=van)
            assert (
                mens.vraag("POST", "/taal", {"taal": "en", "terug": "/", "csrf_token": token}, poort=naar).status == 303
            )
    # A key file others may read is refused, with the fix in the message.
    sleutel.chmod(0o644)
    uit = subprocess.run(
        [sys.executable, "-m", "wijkkaart.cli", "serve", "--port", str(_vrije_poort())],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("WIJKKAART_")},
            "WIJKKAART_DATABASE_URL": sqlite_url,
            **omgeving,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uit.returncode == 2 and f"chmod 600 {sleutel}" in uit.stderr and "Traceback" not in uit.stderr, uit.stderr
