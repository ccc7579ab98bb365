"""Accounts, roles, assigned gebieden and passwords (Argon2id via argon2-cffi).

The use-cases of :mod:`wijkkaart.diensten.accounts` (the ``create-user`` and
``set-role`` commands, the beheer page, logging in) come through here, so they
check the same things and say the same thing when something is wrong. The
caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..kern.codes import is_code
from ..kern.fouten import WijkkaartFout
from ..kern.rechten import ROLLEN
from ..opslag.accounts import zoek_gebruiker as zoek
from ..opslag.tabellen.gebied import Gebied
from ..opslag.tabellen.gebruiker import Gebruiker, Toewijzing

#: argon2-cffi's defaults are the RFC 9106 "low memory" profile (Argon2id, 64 MiB, 3 passes).
_HASHER = PasswordHasher()
#: Checked against when the e-mail address is unknown, so a wrong address costs as long as a wrong password.
_LEGE_HASH = _HASHER.hash(secrets.token_hex(16))
MINIMALE_LENGTE = 12
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
    """Change role, assigned gebieden or whether the account may log in; deactivating ends its sessions."""
    if rol is not None:
        _controleer_rol(rol)
        gebruiker.rol = rol
    if codes is not None:
        gebruiker.toewijzingen = [Toewijzing(code=c) for c in controleer_codes(session, codes)]
    if actief is not None and actief != gebruiker.actief:
        gebruiker.actief = actief
        gebruiker.sessie_sleutel = secrets.token_hex(16)
    session.flush()


def zet_wachtwoord(gebruiker: Gebruiker, wachtwoord: str) -> None:
    """Set a new password; every session opened with the old one ends."""
    _controleer_wachtwoord(wachtwoord)
    gebruiker.wachtwoord_hash = _HASHER.hash(wachtwoord)
    gebruiker.sessie_sleutel = secrets.token_hex(16)


def controleer_login(session: Session, email: str, wachtwoord: str) -> Gebruiker | None:
    """Return the active account for these credentials, or None; rehashes when the parameters got stronger."""
    gebruiker = zoek(session, email)
    try:
        _HASHER.verify(gebruiker.wachtwoord_hash if gebruiker else _LEGE_HASH, wachtwoord or "")
    except (VerificationError, InvalidHashError):
        return None
    if gebruiker is None or not gebruiker.actief:
        return None
    if _HASHER.check_needs_rehash(gebruiker.wachtwoord_hash):
        gebruiker.wachtwoord_hash = _HASHER.hash(wachtwoord)
    return gebruiker
