"""Who may edit what: a beheerder everything, an opbouwwerker the gemeenten and wijken assigned to them.

Plain rules on anything with ``rol``, ``actief`` and ``codes`` (an account, or a
visitor without one), so pages, commands and use-cases ask the same question.
"""

from __future__ import annotations

from .taal import N_

#: Roles, from most to least rights. ``publiek`` reads and suggests, like a visitor without an account.
ROLLEN = {
    "beheerder": N_("beheerder"),
    "opbouwwerker": N_("opbouwwerker"),
    "publiek": N_("publiek"),
}
BEWERKERS = ("beheerder", "opbouwwerker")


def is_bewerker(gebruiker) -> bool:
    """True for an active beheerder or opbouwwerker."""
    return bool(gebruiker is not None and getattr(gebruiker, "actief", False) and gebruiker.rol in BEWERKERS)


def is_beheerder(gebruiker) -> bool:
    """True for an active beheerder."""
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
