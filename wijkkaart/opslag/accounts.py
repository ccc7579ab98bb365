"""Queries on accounts: find one, and the rows within what an editor keeps current."""

from __future__ import annotations

from sqlalchemy import false, or_, select, true
from sqlalchemy.orm import Session

from ..kern.rechten import is_beheerder, is_bewerker
from .tabellen.gebruiker import Gebruiker


def zoek_gebruiker(session: Session, email: str) -> Gebruiker | None:
    """The account with this e-mail address (case does not matter)."""
    return session.scalar(select(Gebruiker).where(Gebruiker.email == (email or "").strip().lower()))


def in_bereik(gebruiker, gemeentekolom, wijkkolom):
    """A WHERE clause: rows whose gemeente or wijk columns fall within what ``gebruiker`` edits."""
    if is_beheerder(gebruiker):
        return true()
    if not is_bewerker(gebruiker):
        return false()
    codes = gebruiker.codes
    gemeenten = sorted(c for c in codes if c.startswith("GM"))
    wijken = sorted(c for c in codes if c.startswith("WK"))
    return or_(gemeentekolom.in_(gemeenten), wijkkolom.in_(wijken))
