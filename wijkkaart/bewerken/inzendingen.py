"""What residents send in: a new initiative ("meld een initiatief") or a correction ("klopt dit niet?").

Nothing a resident sends is published: it waits in the moderation queue of
the wijk it concerns until an opbouwwerker of that wijk (or a beheerder)
deals with it. Approving a new initiative means making the aanbod through
the normal form, so it is checked and audited like any other edit.

A submission that filled the hidden honeypot field is kept with status
``spam`` (nothing is silently dropped) but never enters a queue.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..kern.rechten import mag_bewerken
from ..kern.tekst import schone_tekst
from ..kern.vocabulaire import INZENDING_VELDEN as VELDEN
from ..opslag.accounts import in_bereik
from ..opslag.tabellen.aanbod import Aanbod, Locatie
from ..opslag.tabellen.inzending import Inzending


def dien_in(
    session: Session,
    soort: str,
    waarden: dict,
    moment: dt.datetime,
    plaats=None,
    spam: bool = False,
    over: Aanbod | Locatie | None = None,
) -> Inzending:
    """Store a submission about ``over`` (for a correction); it lands in the queue of the wijk of ``plaats``.

    ``plaats`` is anything with ``gemeentecode``, ``wijkcode`` and ``buurtcode``:
    the :class:`~wijkkaart.opslag.koppelen.Koppeling` of the address a resident gave, or the
    locatie a correction is about. Without it (an address nobody could place)
    the submission goes to the beheerders' queue.
    """
    inzending = Inzending(
        soort=soort,
        status="spam" if spam else "open",
        ingediend=moment.replace(tzinfo=None, microsecond=0),
        toestemming_publicatie=bool(waarden.get("toestemming_publicatie")),
        **{v: schone_tekst(waarden.get(v)) for v in VELDEN},
    )
    if isinstance(over, Aanbod):
        inzending.aanbod_id = over.id
    elif isinstance(over, Locatie):
        inzending.locatie_id = over.id
    if plaats is not None:
        inzending.gemeentecode = plaats.gemeentecode
        inzending.wijkcode = plaats.wijkcode
        inzending.buurtcode = plaats.buurtcode
    session.add(inzending)
    session.flush()
    return inzending


def wachtrij(session: Session, gebruiker, status: str = "open") -> list[Inzending]:
    """The submissions with ``status`` that ``gebruiker`` may handle, oldest first."""
    return list(
        session.scalars(
            select(Inzending)
            .where(Inzending.status == status, in_bereik(gebruiker, Inzending.gemeentecode, Inzending.wijkcode))
            .order_by(Inzending.ingediend, Inzending.id)
        )
    )


def mag_behandelen(gebruiker, inzending: Inzending) -> bool:
    """Opbouwwerkers handle their own wijken; unplaced and spam submissions are for beheerders."""
    if inzending.status == "spam":
        return mag_bewerken(gebruiker, None, None)
    return mag_bewerken(gebruiker, inzending.gemeentecode, inzending.wijkcode)


def handel_af(
    inzending: Inzending,
    status: str,
    door,
    moment: dt.datetime,
    toelichting: str | None = None,
    aanbod_id: int | None = None,
) -> None:
    """Close a submission as ``verwerkt`` or ``afgewezen``, saying who did and why."""
    if status not in ("verwerkt", "afgewezen"):
        raise ValueError(status)
    inzending.status = status
    inzending.behandeld_door = getattr(door, "naam", str(door))
    inzending.behandeld_op = moment.replace(tzinfo=None, microsecond=0)
    inzending.toelichting = schone_tekst(toelichting)
    if aanbod_id is not None:
        inzending.resultaat_aanbod_id = aanbod_id
