"""Accounts and logged-in clients for the editing tests: Haarlem with example aanbod, three editors."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select

from wijkkaart.bewerken import accounts as diensten
from wijkkaart.opslag.engine import transaction
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie
from wijkkaart.opslag.tabellen.gebied import Gebied

WACHTWOORD = "correct paard batterij nietje"


@dataclass
class Opzet:
    """Who is who in the Haarlem test database."""

    wijk_a: str  # the wijk of example aanbod v1 ("<img…>Buurt<script>")
    wijk_b: str  # another Haarlem wijk without example aanbod
    aanbod_a: int
    locatie_a: int


def maak_accounts(engine) -> Opzet:
    """A beheerder, an opbouwwerker for wijk A, one for wijk B, and a publiek account."""
    with transaction(engine) as s:
        aanbod_a, locatie_a, wijk_a = s.execute(
            select(Aanbod.id, Locatie.id, Locatie.wijkcode)
            .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
            .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
            .where(Aanbod.extern_id == "v1")
        ).one()
        bezet = set(s.scalars(select(Locatie.wijkcode)))
        wijk_b = next(
            c
            for c in s.scalars(
                select(Gebied.code)
                .where(Gebied.niveau == "wijk", Gebied.gemeentecode == "GM0392")
                .order_by(Gebied.code)
            )
            if c not in bezet
        )
        diensten.maak_gebruiker(s, "beheer@example.org", "Bea Beheer", WACHTWOORD, "beheerder")
        diensten.maak_gebruiker(s, "a@example.org", "Ali Opbouw", WACHTWOORD, "opbouwwerker", [wijk_a])
        diensten.maak_gebruiker(s, "b@example.org", "Bo Anderwijk", WACHTWOORD, "opbouwwerker", [wijk_b])
        diensten.maak_gebruiker(s, "p@example.org", "Piet Publiek", WACHTWOORD, "publiek")
    return Opzet(wijk_a, wijk_b, aanbod_a, locatie_a)


def csrf(client, pad: str = "/inloggen") -> str:
    """The CSRF token of the form at ``pad``, as a browser would have it."""
    html = client.get(pad).get_data(as_text=True)
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return m.group(1)


def log_in(client, email: str, wachtwoord: str = WACHTWOORD):
    """Log ``client`` in through the login form."""
    return client.post("/inloggen", data={"email": email, "wachtwoord": wachtwoord, "csrf_token": csrf(client)})


def formulierdata(engine, aanbod_id: int, **wijzig) -> dict:
    """What the aanbod form posts when nothing is touched, with ``wijzig`` applied."""
    from wijkkaart.bewerken.wijzigen import aanbod_waarden
    from wijkkaart.opslag.engine import session_factory

    with session_factory(engine)() as s:
        w = aanbod_waarden(s, s.get(Aanbod, aanbod_id))
    w.update(wijzig)
    data = {k: ("" if v is None else v) for k, v in w.items() if not isinstance(v, bool)}
    for vink in ("collectief", "contact_openbaar"):
        if w.get(vink):
            data[vink] = "y"
        else:
            data.pop(vink, None)
    return data


@contextmanager
def bewerkapp(tmp, shared_data, adres: tuple[str, str], oostwaarts_m: float = 0.0):
    """Haarlem with the example aanbod and :func:`maak_accounts`; the forms look addresses up at a local
    stand-in of the PDOK Locatieserver, which places ``adres`` (postcode, huisnummer) ``oostwaarts_m``
    metres east of example locatie A (so inside wijk A). Yields (app, opzet, the address's RD point).
    """
    from wijkkaart.invoer.geocoding import Keten, PdokLocatieserver
    from wijkkaart.opslag.aanbod import punt_van
    from wijkkaart.opslag.engine import session_factory

    from .helpers import haarlem_app
    from .test_geocoding import FakeLocatieserver

    app = haarlem_app(tmp, shared_data)
    engine = app.extensions["wijkkaart.engine"]
    opzet = maak_accounts(engine)
    with session_factory(engine)() as s:
        x, y = punt_van(s, s.get(Locatie, opzet.locatie_a))
    punt = (x + oostwaarts_m, y)
    pdok = FakeLocatieserver(shared_data, {adres: punt})
    app.extensions["wijkkaart.geocoders"]["formulier"] = Keten([PdokLocatieserver(pdok.url, pogingen=0)])
    try:
        yield app, opzet, punt
    finally:
        pdok.stop()
