"""Use-cases of accounts: make one, change its role, gebieden or password, log in, find the account of a session.

The ``create-user`` and ``set-role`` commands and the beheer page call these,
so both check the same things and say the same thing. Accounts come back
detached from their session, with their assigned gebieden loaded.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..bewerken import accounts
from ..kern.fouten import BestaatNiet
from ..kern.taal import gettext as _
from ..opslag.accounts import zoek_gebruiker
from ..opslag.engine import lezen, transaction
from ..opslag.schema import bereid_voor
from ..opslag.tabellen.gebruiker import Gebruiker

#: Security events (slowed-down logins); one line each.
log = logging.getLogger("wijkkaart.beveiliging")


def maak_gebruiker(
    engine: Engine, email: str, naam: str, wachtwoord: str, rol: str, codes: list[str] = ()
) -> Gebruiker:
    """Add an account; raises :class:`~wijkkaart.kern.fouten.WijkkaartFout` naming the field that is wrong."""
    bereid_voor(engine)
    with transaction(engine) as session:
        return accounts.maak_gebruiker(session, email, naam, wachtwoord, rol, list(codes))


def _gebruiker(session, email: str | None = None, gebruiker_id: int | None = None) -> Gebruiker:
    gebruiker = zoek_gebruiker(session, email) if email is not None else session.get(Gebruiker, gebruiker_id)
    if gebruiker is None:
        raise BestaatNiet(_("Dit account bestaat niet.") if email is None else f"geen account met e-mailadres {email}")
    return gebruiker


def wijzig_gebruiker(
    engine: Engine,
    email: str | None = None,
    gebruiker_id: int | None = None,
    rol: str | None = None,
    codes: list[str] | None = None,
    actief: bool | None = None,
    wachtwoord: str | None = None,
) -> Gebruiker:
    """Change role, assigned gebieden, whether it may log in, or the password of the account named by e-mail or id.

    Deactivating and a new password end every session of the account.
    """
    with transaction(engine) as session:
        gebruiker = _gebruiker(session, email, gebruiker_id)
        accounts.wijzig(session, gebruiker, rol=rol, codes=codes, actief=actief)
        if wachtwoord:
            accounts.zet_wachtwoord(gebruiker, wachtwoord)
        return gebruiker


def gebruikers(engine: Engine) -> list[Gebruiker]:
    """Every account, by name."""
    with lezen(engine) as session:
        return list(session.scalars(select(Gebruiker).order_by(Gebruiker.naam, Gebruiker.id)))


def log_in(engine: Engine, email: str, wachtwoord: str, nu: dt.datetime, adres: str | None = None) -> accounts.Inlog:
    """Check a login (:func:`wijkkaart.bewerken.accounts.controleer_login`); a slowed-down attempt is logged.

    ``adres`` is the client's address, for the log line only.
    """
    with transaction(engine) as session:
        uitkomst = accounts.controleer_login(session, email, wachtwoord, nu)
    if uitkomst.wacht:
        log.warning(
            "inloggen vertraagd: adres %s, e-mailsleutel %s, %d mislukte pogingen op rij, nog %d s wachten",
            adres or "onbekend",
            accounts.inlogsleutel(email)[:12],
            uitkomst.mislukt,
            uitkomst.wacht,
        )
    return uitkomst


def log_uit(engine: Engine, gebruiker_id: int) -> None:
    """End every session of the account: a cookie kept from before logging out no longer opens anything."""
    with transaction(engine) as session:
        gebruiker = session.get(Gebruiker, gebruiker_id)
        if gebruiker is not None:
            accounts.beeindig_sessies(gebruiker)


def gebruiker_voor_sessie(engine: Engine, sessie_id: str) -> Gebruiker | None:
    """The account a session cookie names (``id:sleutel``), when it is active and the key still holds."""
    id_, _sep, sleutel = (sessie_id or "").partition(":")
    if not id_.isdigit():
        return None
    with lezen(engine) as session:
        gebruiker = session.get(Gebruiker, int(id_))
        if gebruiker is None or not gebruiker.actief or gebruiker.sessie_sleutel != sleutel:
            return None
        return gebruiker
