"""Who may edit what: a beheerder everything, an opbouwwerker the gemeenten and wijken assigned to them."""

from __future__ import annotations

from sqlalchemy import false, or_, true

BEWERKERS = ("beheerder", "opbouwwerker")


def is_bewerker(gebruiker) -> bool:
    """True for an active beheerder or opbouwwerker."""
    return bool(gebruiker is not None and getattr(gebruiker, "actief", False) and gebruiker.rol in BEWERKERS)


def is_beheerder(gebruiker) -> bool:
    return bool(gebruiker is not None and getattr(gebruiker, "actief", False) and gebruiker.rol == "beheerder")


def mag_bewerken(gebruiker, gemeentecode: str | None, wijkcode: str | None) -> bool:
    """True when ``gebruiker`` may edit something in this gemeente and wijk.

    Something outside every loaded gemeente (``gemeentecode`` None) is for a beheerder only.
    """
    if is_beheerder(gebruiker):
        return True
    if not is_bewerker(gebruiker) or gemeentecode is None:
        return False
    codes = gebruiker.codes
    return gemeentecode in codes or (wijkcode is not None and wijkcode in codes)


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
