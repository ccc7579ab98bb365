"""The audit trail: who changed which field of an aanbod or locatie, when, from what to what.

Every change made through :mod:`.wijzigen` writes here, one row per changed
field, inside the same transaction as the change itself: a change that is
rolled back leaves no trail, and a trail row never lacks its change.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..kern.vocabulaire import AUDIT_ACTIES as ACTIES
from ..opslag.tabellen.audit import Wijziging

__all__ = ["ACTIES", "als_tekst", "geschiedenis", "leg_vast", "verschillen"]


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
