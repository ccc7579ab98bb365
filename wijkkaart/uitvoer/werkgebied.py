"""Aanbod without a fixed place as residents and planners see it: for which area, in their words.

"Schuldhulp online, in heel Haarlem" in the finder, "Maatje aan huis, in
wijk Oost" on a buurt page. Such aanbod is not walk-in coverage: the gap
analysis does not count it, and the pages say so.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD
from ..kern.woorden import label
from ..opslag.aanbod import themas_en_doelgroepen
from ..opslag.tabellen.gebied import Gebied
from ..opslag.werkgebied import aanbod_in_gemeente, aanbod_voor_gebied


def _gebiedsnamen(session: Session, codes: set[str]) -> dict[str, str]:
    """The names of these areas in one query (the newest jaargang wins); a code without a name stays the code."""
    namen: dict[str, str] = {}
    if not codes:
        return namen  # no aanbod without a place here: no query (the buurt page counts its statements)
    for code, naam in session.execute(
        select(Gebied.code, Gebied.naam).where(Gebied.code.in_(sorted(codes))).order_by(Gebied.jaar)
    ):
        if naam:
            namen[code] = naam
    return namen


def bereik_tekst(niveau: str, naam: str, uw: bool) -> str:
    """The area in words: ``in heel Haarlem``, ``in uw wijk Oost`` (``uw``: the resident's own area), ``in wijk Oost``."""
    if niveau == "gemeente":
        return _("in heel %(naam)s", naam=naam)
    if niveau == "wijk":
        return _("in uw wijk %(naam)s", naam=naam) if uw else _("in wijk %(naam)s", naam=naam)
    return _("in uw buurt %(naam)s", naam=naam) if uw else _("in deze buurt")


def voor_gebied(
    session: Session,
    buurtcode: str | None,
    wijkcode: str | None,
    gemeentecode: str | None,
    uw: bool = False,
    thema: str | None = None,
    doelgroep: str | None = None,
) -> list[dict]:
    """Aanbod without a fixed place for this buurt (its wijk, its gemeente), narrowest area first.

    ``thema`` and ``doelgroep`` keep only aanbod that has them, as in the finder.
    """
    return _items(session, aanbod_voor_gebied(session, buurtcode, wijkcode, gemeentecode), uw, thema, doelgroep)


def in_gemeente(session: Session, gemeentecode: str) -> list[dict]:
    """Aanbod without a fixed place anywhere in this gemeente (the map page's list), by name."""
    return _items(session, aanbod_in_gemeente(session, gemeentecode), False, None, None)


def _items(session: Session, treffers: list[tuple], uw: bool, thema, doelgroep) -> list[dict]:
    themas, doelgroepen = themas_en_doelgroepen(session, [a.id for a, _c, _n in treffers])
    namen = _gebiedsnamen(session, {c for _a, c, _n in treffers})
    uit = []
    for aanbod, code, niveau in treffers:
        if thema and thema not in themas.get(aanbod.id, []):
            continue
        if doelgroep and doelgroep not in doelgroepen.get(aanbod.id, []):
            continue
        uit.append(
            {
                "aanbod_id": aanbod.id,
                "naam": aanbod.naam,
                "soort_label": _(SOORTEN_AANBOD.get(aanbod.soort, aanbod.soort)),
                "beschrijving": aanbod.beschrijving,
                "zonder_vaste_plek": aanbod.zonder_vaste_plek,
                "bereik": bereik_tekst(niveau, namen.get(code, code), uw),
                "website": aanbod.website if (aanbod.website or "").startswith(("https://", "http://")) else None,
                "themas": [label("themas", c) for c in themas.get(aanbod.id, [])],
                "voorbeeld": aanbod.voorbeeld,
            }
        )
    return uit
