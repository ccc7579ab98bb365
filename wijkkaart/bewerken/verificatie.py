"""Which aanbod has not been confirmed for a while: per item, per opbouwwerker and per wijk.

An aanbod is *verouderd* when its ``laatst_geverifieerd`` date is older than
the configured number of days (``WIJKKAART_VERIFICATIE_DAGEN``), or missing.
Archived items do not count: nobody needs to check what is off the map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..opslag.accounts import in_bereik
from ..opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie


def grens(vandaag: dt.date, dagen: int) -> dt.date:
    """The oldest date that still counts as recent."""
    return vandaag - dt.timedelta(days=dagen)


def is_verouderd(datum: dt.date | None, vandaag: dt.date, dagen: int) -> bool:
    """True when ``datum`` is missing or more than ``dagen`` days before ``vandaag``."""
    return datum is None or datum < grens(vandaag, dagen)


@dataclass(frozen=True)
class TeVerifieren:
    """One aanbod to check, with where it is."""

    aanbod_id: int
    naam: str
    laatst_geverifieerd: dt.date | None
    locatie: str | None
    wijkcode: str | None
    gemeentecode: str | None


def _actief(vraag):
    return vraag.where(Aanbod.gearchiveerd.is_(False), Locatie.gearchiveerd.is_(False))


def te_verifieren(session: Session, gebruiker, vandaag: dt.date, dagen: int) -> list[TeVerifieren]:
    """The verouderde aanbod in the gebieden of ``gebruiker``, never checked first, then oldest first."""
    vraag = _actief(
        select(Aanbod.id, Aanbod.naam, Aanbod.laatst_geverifieerd, Locatie.naam, Locatie.wijkcode, Locatie.gemeentecode)
        .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
        .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
        .where(in_bereik(gebruiker, Locatie.gemeentecode, Locatie.wijkcode))
        .where((Aanbod.laatst_geverifieerd.is_(None)) | (Aanbod.laatst_geverifieerd < grens(vandaag, dagen)))
    )
    gezien, uit = set(), []
    rijen = session.execute(
        vraag.order_by(Aanbod.laatst_geverifieerd.is_not(None), Aanbod.laatst_geverifieerd, Aanbod.naam, Aanbod.id)
    ).all()
    for rij in rijen:
        if rij[0] not in gezien:  # an aanbod at two locaties in range is listed once
            gezien.add(rij[0])
            uit.append(TeVerifieren(*rij))
    return uit


def veroudering_per_wijk(session: Session, gemeente: str, vandaag: dt.date, dagen: int) -> pd.DataFrame:
    """Per wijk of ``gemeente``: aanbod, how many are verouderd, and that share in percent (NaN without aanbod)."""
    rijen = session.execute(
        _actief(
            select(Locatie.wijkcode, Aanbod.id, Aanbod.laatst_geverifieerd)
            .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
            .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
            .where(Locatie.gemeentecode == gemeente, Locatie.wijkcode.is_not(None))
        ).distinct()
    ).all()
    frame = pd.DataFrame(rijen, columns=["code", "aanbod_id", "datum"])
    frame["verouderd"] = [is_verouderd(d, vandaag, dagen) for d in frame["datum"]]
    per_wijk = frame.groupby("code").agg(aantal_aanbod=("aanbod_id", "nunique"), aantal_verouderd=("verouderd", "sum"))
    per_wijk["pct_verouderd"] = 100.0 * per_wijk["aantal_verouderd"] / per_wijk["aantal_aanbod"]
    return per_wijk.reset_index()
