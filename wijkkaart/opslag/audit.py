"""The audit trail: who changed which field of an aanbod or locatie, when, from what to what.

Every change made through :mod:`wijkkaart.bewerken.wijzigen`, and every
import (with its bron as author), writes here, one row per changed field,
inside the same transaction as the change itself: a change that is rolled
back leaves no trail, and a trail row never lacks its change. The storage
layer holds it because the editor and the import both write it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..kern.vocabulaire import AUDIT_ACTIES as ACTIES
from .tabellen.aanbod import Aanbod
from .tabellen.audit import Wijziging

__all__ = [
    "ACTIES",
    "IMPORT",
    "als_tekst",
    "geschiedenis",
    "handwerk",
    "laatst_gewijzigd_aanbod",
    "leg_vast",
    "leg_vast_import",
    "verschillen",
]

#: The action of trail rows an import writes; every other action is a person's.
IMPORT = "geimporteerd"


def als_tekst(waarde) -> str | None:
    """How a value is written in the trail: lists joined, booleans ja/nee, dates ISO, empty as NULL."""
    if waarde is None or waarde == "" or waarde == []:
        return None
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, (list, tuple, set)):
        return "; ".join(sorted(str(w) for w in waarde))
    if isinstance(waarde, (dt.date, dt.datetime)):
        return waarde.isoformat()
    return str(waarde)


def verschillen(oud: dict, nieuw: dict) -> dict[str, tuple[str | None, str | None]]:
    """Return {veld: (old, new)} for the fields of ``nieuw`` whose written value differs from ``oud``."""
    uit = {}
    for veld, waarde in nieuw.items():
        a, b = als_tekst(oud.get(veld)), als_tekst(waarde)
        if a != b:
            uit[veld] = (a, b)
    return uit


def leg_vast(
    session: Session,
    soort: str,
    item_id: int,
    actie: str,
    door,
    moment: dt.datetime,
    velden: dict[str, tuple[str | None, str | None]] | None = None,
) -> int:
    """Add trail rows: one per field in ``velden``, or a single row for an action without fields.

    Returns the number of rows added.
    """
    gemeenschappelijk = dict(
        moment=moment.replace(tzinfo=None, microsecond=0),
        gebruiker_id=getattr(door, "id", None),
        gebruiker_naam=getattr(door, "naam", None) or str(door),
        soort=soort,
        item_id=item_id,
        actie=actie,
    )
    if not velden:
        session.add(Wijziging(**gemeenschappelijk))
        return 1
    for veld, (oud, nieuw) in velden.items():
        session.add(Wijziging(**gemeenschappelijk, veld=veld, oud=oud, nieuw=nieuw))
    return len(velden)


def geschiedenis(session: Session, soort: str, item_id: int) -> list[Wijziging]:
    """The trail of one item, newest first."""
    return list(
        session.scalars(
            select(Wijziging)
            .where(Wijziging.soort == soort, Wijziging.item_id == item_id)
            .order_by(Wijziging.moment.desc(), Wijziging.id.desc())
        )
    )


def handwerk(session: Session, soort: str, ids) -> dict[int, dict[str, Wijziging]]:
    """Fields of these items that a person changed after the last import that wrote them.

    Per item and field the newest trail row decides (by moment, then id): one
    written by a person (an edit, a confirmation, a verification) makes the
    field the person's, and the next import leaves it alone; one written by an
    import gives the field back to the file. Returns ``{item_id: {veld: row}}``
    with the person's newest row.
    """
    ids = sorted(set(ids))
    nieuwste: dict[tuple[int, str], Wijziging] = {}
    # In slices: a bound list of thousands of ids is fine for PostGIS but not for every SQLite build.
    for begin in range(0, len(ids), 900):
        for rij in session.scalars(
            select(Wijziging)
            .where(
                Wijziging.soort == soort,
                Wijziging.item_id.in_(ids[begin : begin + 900]),
                Wijziging.veld.is_not(None),
            )
            .order_by(Wijziging.moment, Wijziging.id)
        ):
            nieuwste[(rij.item_id, rij.veld)] = rij
    uit: dict[int, dict[str, Wijziging]] = {}
    for (item_id, veld), rij in nieuwste.items():
        if rij.actie != IMPORT:
            uit.setdefault(item_id, {})[veld] = rij
    return uit


def leg_vast_import(session: Session, bron: str, moment: dt.datetime, rijen: list[tuple]) -> int:
    """Trail rows of an import, written at once with the bron as author.

    ``rijen`` holds ``(soort, item_id, veld, oud, nieuw)``; ``veld`` None is
    one row for an item the import made. Returns the number of rows.
    """
    if not rijen:
        return 0
    gemeenschappelijk = dict(
        moment=moment.replace(tzinfo=None, microsecond=0),
        gebruiker_id=None,
        gebruiker_naam=f"import {bron}",
        actie=IMPORT,
    )
    session.execute(
        insert(Wijziging),
        [
            {
                **gemeenschappelijk,
                "soort": soort,
                "item_id": i,
                "veld": veld,
                "oud": als_tekst(oud),
                "nieuw": als_tekst(nieuw),
            }
            for soort, i, veld, oud, nieuw in rijen
        ],
    )
    return len(rijen)


def laatst_gewijzigd_aanbod(session: Session) -> dict[tuple[str, str], dt.datetime]:
    """The moment of each aanbod's latest trail row (made, imported, edited, verified), by (bron, extern_id)."""
    vraag = (
        select(Aanbod.bron, Aanbod.extern_id, func.max(Wijziging.moment))
        .join(Wijziging, (Wijziging.item_id == Aanbod.id) & (Wijziging.soort == "aanbod"))
        .group_by(Aanbod.bron, Aanbod.extern_id)
    )
    return {(bron, extern_id): moment for bron, extern_id, moment in session.execute(vraag)}
