"""Who may do what: a beheerder everything, an opbouwwerker edits their gemeenten and wijken, a planner plans.

A planner makes what-if scenarios for the gemeenten assigned to them.

Plain rules on anything with ``rol``, ``actief`` and ``codes`` (an account, or a
visitor without one), so pages, commands and use-cases ask the same question.
"""

from __future__ import annotations

from .codes import gemeente_van
from .taal import N_

#: Roles, from most to least rights. ``publiek`` reads and suggests, like a visitor without an account.
ROLLEN = {
    "beheerder": N_("beheerder"),
    "planner": N_("planner"),
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


def is_planner(gebruiker) -> bool:
    """True for an active planner or beheerder: they make what-if scenarios (never visible to residents)."""
    return bool(
        gebruiker is not None and getattr(gebruiker, "actief", False) and gebruiker.rol in ("beheerder", "planner")
    )


def mag_plannen(gebruiker, gemeentecode: str) -> bool:
    """True when ``gebruiker`` may make and see scenarios of this gemeente (a planner: the gemeenten assigned)."""
    if is_beheerder(gebruiker):
        return True
    return is_planner(gebruiker) and gemeentecode in gebruiker.codes


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


def importbereik(gebruiker) -> tuple[list[str] | None, list[str] | None]:
    """(gemeenten, wijken) a browser import of ``gebruiker`` may write to; (None, None) for a beheerder.

    An opbouwwerker of a whole gemeente imports there; one of some wijken only
    into those wijken (rows elsewhere in the gemeente are reported, not stored).
    """
    if is_beheerder(gebruiker):
        return None, None
    codes = sorted(gebruiker.codes)
    gemeenten = sorted({gemeente_van(c) for c in codes if c.startswith(("GM", "WK"))})
    heel = {c for c in codes if c.startswith("GM")}
    wijken = [c for c in codes if c.startswith("WK") and gemeente_van(c) not in heel]
    # A mix (a whole gemeente and wijken elsewhere) keeps the wijk limit for the wijken' gemeenten only: too
    # subtle for one import, so such an account imports per gemeente, and only whole gemeenten here.
    if heel and wijken:
        return sorted(heel), None
    return gemeenten, wijken or None
