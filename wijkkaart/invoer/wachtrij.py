"""Rows waiting for a place: validated, but only an online geocoder that was down could place them.

Nothing is lost when PDOK cannot be reached: the import stores such rows
here (with the file, row and reason), the editor lists them, and ``wijkkaart
geocode`` places them later. A later import of the same bron decides about
its rows anew, so a row is never both waiting and stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from ..opslag.tabellen.aanbod import WachtendePlek
from .records import Record, record_als_json, record_uit_json


def adres_tekst(record: Record) -> str:
    """The address of a record in one line (for the report and the editor's list)."""
    return " ".join(d for d in (record.straat, record.huisnummer, record.postcode, record.plaats) if d)


def vergeet(session: Session, sleutels: set[tuple[str, str]]) -> None:
    """Drop waiting rows with these (bron, extern_id): an import just decided about them."""
    sleutels = sorted(sleutels)
    for begin in range(0, len(sleutels), 400):
        deel = sleutels[begin : begin + 400]
        session.execute(delete(WachtendePlek).where(tuple_(WachtendePlek.bron, WachtendePlek.extern_id).in_(deel)))


def zet_in_wachtrij(
    session: Session, wachtend: list[tuple[Record, str]], bestand: str, gemeenten, moment: dt.datetime
) -> None:
    """Store records that wait for a geocoder, replacing what waited under the same key."""
    vergeet(session, {(r.bron, r.extern_id) for r, _reden in wachtend})
    for record, reden in wachtend:
        session.add(
            WachtendePlek(
                bron=record.bron,
                extern_id=record.extern_id,
                naam=record.naam[:300],
                adres=adres_tekst(record)[:400] or None,
                bestand=str(bestand)[-500:],
                rij=record.rij,
                reden=reden,
                gemeenten=",".join(gemeenten) if gemeenten else None,
                record=record_als_json(record),
                moment=moment.replace(tzinfo=None, microsecond=0),
            )
        )


def wachtenden(session: Session) -> list[WachtendePlek]:
    """Every waiting row, oldest first."""
    return list(session.scalars(select(WachtendePlek).order_by(WachtendePlek.moment, WachtendePlek.id)))


def record_van(wachtende: WachtendePlek) -> Record:
    """The validated record of a waiting row."""
    return record_uit_json(wachtende.record)
