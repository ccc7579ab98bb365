"""Accounts, roles, assigned gebieden and passwords (Argon2id via argon2-cffi).

The use-cases of :mod:`wijkkaart.diensten.accounts` (the ``create-user`` and
``set-role`` commands, the beheer page, logging in) come through here, so they
check the same things and say the same thing when something is wrong. The
caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..kern.codes import is_code
from ..kern.fouten import WijkkaartFout
from ..kern.rechten import ROLLEN
from ..opslag.accounts import zoek_gebruiker as zoek
from ..opslag.tabellen.gebied import Gebied
from ..opslag.tabellen.gebruiker import Gebruiker, InlogVertraging, Toewijzing

#: argon2-cffi's defaults are the RFC 9106 "low memory" profile (Argon2id, 64 MiB, 3 passes).
_HASHER = PasswordHasher()


@cache
def _lege_hash() -> str:
    """Checked against when the e-mail address is unknown, so a wrong address costs as long as a wrong password.

    Made on first use, not at import: a hash costs as much as a login, and every command imports this module.
    """
    return _HASHER.hash(secrets.token_hex(16))


MINIMALE_LENGTE = 12
#: Failed logins for one address that cost nothing, and the longest delay after more (OWASP ASVS 2.2.1:
#: increasing delays, no lock-out; at most 60 attempts per hour per account, below the 100 it allows).
VRIJE_POGINGEN = 5
LANGSTE_VERTRAGING = 60
#: A run of failures is forgotten after an hour without one; rows older than a day are removed.
VERGEET_NA = dt.timedelta(hours=1)
OPRUIMEN_NA = dt.timedelta(days=1)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _nu() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _controleer_wachtwoord(wachtwoord: str) -> None:
    if len(wachtwoord or "") < MINIMALE_LENGTE:
        raise WijkkaartFout(f"wachtwoord: minstens {MINIMALE_LENGTE} tekens")


def _controleer_rol(rol: str) -> None:
    if rol not in ROLLEN:
        raise WijkkaartFout(f"rol {rol!r} bestaat niet; kies uit {', '.join(ROLLEN)}")


def controleer_codes(session: Session, codes: list[str]) -> list[str]:
    """Return the codes upper-cased and sorted, after checking each is a loaded gemeente or wijk.

    Raises
    ------
    WijkkaartFout
        Naming the first code that is malformed or not loaded.
    """
    schoon = sorted({c.strip().upper() for c in codes if c and c.strip()})
    for code in schoon:
        if not (is_code(code, "gemeente") or is_code(code, "wijk")):
            raise WijkkaartFout(f"gebied {code!r}: geef een gemeentecode (GM0392) of wijkcode (WK039201)")
        niveau = "gemeente" if code.startswith("GM") else "wijk"
        if not session.scalar(
            select(func.count()).select_from(Gebied).where(Gebied.niveau == niveau, Gebied.code == code)
        ):
            raise WijkkaartFout(f"gebied {code}: deze {niveau} is niet geladen")
    return schoon


def maak_gebruiker(
    session: Session, email: str, naam: str, wachtwoord: str, rol: str, codes: list[str] = ()
) -> Gebruiker:
    """Add an account; raises :class:`WijkkaartFout` naming the field that is wrong."""
    email = (email or "").strip().lower()
    if not EMAIL.match(email):
        raise WijkkaartFout(f"e-mailadres {email!r} is geen geldig adres")
    if not (naam or "").strip():
        raise WijkkaartFout("naam: vul een naam in")
    _controleer_rol(rol)
    _controleer_wachtwoord(wachtwoord)
    if zoek(session, email) is not None:
        raise WijkkaartFout(f"e-mailadres {email} heeft al een account")
    gebruiker = Gebruiker(
        email=email,
        naam=naam.strip(),
        wachtwoord_hash=_HASHER.hash(wachtwoord),
        rol=rol,
        actief=True,
        sessie_sleutel=secrets.token_hex(16),
        aangemaakt=_nu(),
    )
    gebruiker.toewijzingen = [Toewijzing(code=c) for c in controleer_codes(session, list(codes))]
    session.add(gebruiker)
    session.flush()
    return gebruiker


def wijzig(
    session: Session,
    gebruiker: Gebruiker,
    rol: str | None = None,
    codes: list[str] | None = None,
    actief: bool | None = None,
) -> None:
    """Change role, assigned gebieden or whether the account may log in.

    A new role or a deactivation ends every open session of the account: whoever
    is logged in with it logs in again and starts with exactly the new rights.
    """
    if rol is not None:
        _controleer_rol(rol)
        if rol != gebruiker.rol:
            gebruiker.rol = rol
            beeindig_sessies(gebruiker)
    if codes is not None:
        gebruiker.toewijzingen = [Toewijzing(code=c) for c in controleer_codes(session, codes)]
    if actief is not None and actief != gebruiker.actief:
        gebruiker.actief = actief
        beeindig_sessies(gebruiker)
    session.flush()


def zet_wachtwoord(gebruiker: Gebruiker, wachtwoord: str) -> None:
    """Set a new password; every session opened with the old one ends."""
    _controleer_wachtwoord(wachtwoord)
    gebruiker.wachtwoord_hash = _HASHER.hash(wachtwoord)
    beeindig_sessies(gebruiker)


def beeindig_sessies(gebruiker: Gebruiker) -> None:
    """A new session key: every cookie made with the old one (``id:sleutel``) no longer logs anyone in."""
    gebruiker.sessie_sleutel = secrets.token_hex(16)


@dataclass
class Inlog:
    """The outcome of a login attempt.

    ``gebruiker`` is the account when the credentials hold; ``wacht`` is the
    number of seconds before the next attempt for this address is heard (0 when
    it was heard); ``mislukt`` counts the failed attempts in a row.
    """

    gebruiker: Gebruiker | None
    wacht: int = 0
    mislukt: int = 0


def vertraging(mislukt: int) -> int:
    """Seconds before the next attempt after ``mislukt`` failures in a row: 0 for the first few, then 1, 2, 4 … 60."""
    if mislukt < VRIJE_POGINGEN:
        return 0
    return min(LANGSTE_VERTRAGING, 2 ** (mislukt - VRIJE_POGINGEN))


def inlogsleutel(email: str) -> str:
    """The key of an address in :class:`InlogVertraging`: a SHA-256 of it as an account would store it."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()


def _wachtwoord_klopt(gebruiker: Gebruiker | None, wachtwoord: str) -> bool:
    try:
        _HASHER.verify(gebruiker.wachtwoord_hash if gebruiker else _lege_hash(), wachtwoord or "")
    except (VerificationError, InvalidHashError):
        return False
    return gebruiker is not None and gebruiker.actief


def controleer_login(session: Session, email: str, wachtwoord: str, nu: dt.datetime) -> Inlog:
    """Check the credentials, unless this address must still wait; count a failure, forget them on success.

    The delay grows with each failure for the address (:func:`vertraging`) and
    never becomes a block: the owner, from any computer, is heard again after at
    most :data:`LANGSTE_VERTRAGING` seconds. An attempt that comes too early is
    not checked and not counted. A hash made with weaker parameters is renewed.
    """
    sleutel = inlogsleutel(email)
    teller = session.get(InlogVertraging, sleutel, with_for_update=True)
    if teller is not None and teller.volgende_poging > nu:
        wacht = math.ceil((teller.volgende_poging - nu).total_seconds())
        return Inlog(None, wacht=wacht, mislukt=teller.mislukt)
    gebruiker = zoek(session, email)
    if _wachtwoord_klopt(gebruiker, wachtwoord):
        if teller is not None:
            session.delete(teller)
        if _HASHER.check_needs_rehash(gebruiker.wachtwoord_hash):
            gebruiker.wachtwoord_hash = _HASHER.hash(wachtwoord)
        return Inlog(gebruiker)
    if teller is None:
        teller = InlogVertraging(sleutel=sleutel, mislukt=0)
        session.add(teller)
    elif nu - teller.bijgewerkt > VERGEET_NA:
        teller.mislukt = 0
    teller.mislukt += 1
    teller.volgende_poging = nu + dt.timedelta(seconds=vertraging(teller.mislukt))
    teller.bijgewerkt = nu
    session.execute(delete(InlogVertraging).where(InlogVertraging.bijgewerkt < nu - OPRUIMEN_NA))
    return Inlog(None, mislukt=teller.mislukt)
