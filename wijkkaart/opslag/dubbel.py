"""Stored aanbod that is probably the same as a given one: shown in the editor as "mogelijk dubbel met …"."""

from __future__ import annotations

import math

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..kern.dubbel import AFSTAND_M, lijkt_op, telefoon_sleutel, website_sleutel
from .tabellen.aanbod import Aanbod, AanbodLocatie, Locatie


def _punten(session: Session, aanbod_id: int) -> list[tuple[float, float, str | None]]:
    return list(
        session.execute(
            select(func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom), Locatie.gemeentecode)
            .join(AanbodLocatie, AanbodLocatie.locatie_id == Locatie.id)
            .where(AanbodLocatie.aanbod_id == aanbod_id)
        ).all()
    )


def mogelijke_dubbelen(session: Session, aanbod: Aanbod, maximaal: int = 5) -> list[tuple[Aanbod, str]]:
    """Other active aanbod that shares a website or phone with ``aanbod``, or has (nearly) its name within 50 m.

    Only aanbod in the same gemeenten is compared; the box query keeps the
    name comparison to places nearby. The reason is a key: ``website``,
    ``telefoon`` or ``naam`` (the page words it in the reader's language).
    """
    punten = _punten(session, aanbod.id)
    gemeenten = sorted({g for _x, _y, g in punten if g})
    web, tel = website_sleutel(aanbod.website), telefoon_sleutel(aanbod.telefoon)
    gevonden: dict[int, tuple[Aanbod, str]] = {}
    if (web or tel) and gemeenten:
        vraag = (
            select(Aanbod)
            .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
            .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
            .where(
                Aanbod.id != aanbod.id,
                Aanbod.gearchiveerd.is_(False),
                Locatie.gemeentecode.in_(gemeenten),
                or_(Aanbod.website.is_not(None), Aanbod.telefoon.is_not(None)),
            )
        )
        for ander in session.scalars(vraag).unique():
            if web and website_sleutel(ander.website) == web:
                gevonden.setdefault(ander.id, (ander, "website"))
            elif tel and telefoon_sleutel(ander.telefoon) == tel:
                gevonden.setdefault(ander.id, (ander, "telefoon"))
    for x, y, _g in punten:
        vraag = (
            select(Aanbod, func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom))
            .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
            .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
            .where(
                Aanbod.id != aanbod.id,
                Aanbod.gearchiveerd.is_(False),
                func.ST_X(Locatie.geom).between(x - AFSTAND_M, x + AFSTAND_M),
                func.ST_Y(Locatie.geom).between(y - AFSTAND_M, y + AFSTAND_M),
            )
        )
        for ander, ax, ay in session.execute(vraag):
            if math.dist((x, y), (ax, ay)) <= AFSTAND_M and lijkt_op(aanbod.naam, ander.naam):
                gevonden.setdefault(ander.id, (ander, "naam"))
    return sorted(gevonden.values(), key=lambda a: (a[0].naam, a[0].id))[:maximaal]
