"""An aanbod's public page and calendars: per aanbod, and per gemeente, wijk or buurt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from ..kern import codes
from ..kern.fouten import BestaatNiet
from ..opslag.engine import lezen
from ..uitvoer import agenda, jsonld, kaartlagen


def _items(engine: Engine, filter_: kaartlagen.Filter) -> list[dict]:
    with lezen(engine) as session:
        return kaartlagen.aanbod_geojson(session, filter_)["features"]


def _aanbod(engine: Engine, aanbod_id: int) -> list[dict]:
    """One aanbod at each of its locaties; :class:`BestaatNiet` when there is none or it is archived."""
    items = _items(engine, kaartlagen.Filter(aanbod_id=aanbod_id))
    if not items:
        raise BestaatNiet(f"aanbod {aanbod_id} bestaat niet (of is gearchiveerd)")
    return items


@dataclass
class AanbodPagina:
    """What the aanbod page shows: the aanbod at each of its locaties, and its schema.org description."""

    naam: str
    items: list[dict]
    jsonld: dict
    heeft_agenda: bool


def aanbodpagina(engine: Engine, aanbod_id: int, url: str) -> AanbodPagina:
    """The public page of one aanbod (not archived).

    Raises
    ------
    BestaatNiet
        When there is no such aanbod at a locatie, or it is archived.
    """
    items = _aanbod(engine, aanbod_id)
    heeft = any(i["properties"]["agenda"] for i in items)
    return AanbodPagina(items[0]["properties"]["naam"], items, jsonld.aanbod(items, url), heeft)


def aanbod_agenda(engine: Engine, aanbod_id: int, vandaag: dt.date, url_van: Callable[[int], str]) -> agenda.Feed:
    """The calendar of one aanbod (all its locaties)."""
    items = _aanbod(engine, aanbod_id)
    return agenda.kalender(items, items[0]["properties"]["naam"], vandaag, url_van)


def gebied_agenda(engine: Engine, code: str, vandaag: dt.date, url_van: Callable[[int], str]) -> agenda.Feed:
    """The calendar of every recurring aanbod in a gemeente, wijk or buurt (GM, WK or BU code)."""
    code = codes.gebiedscode(code, fout=BestaatNiet)
    items = _items(engine, kaartlagen.Filter(**{codes.PREFIX_NIVEAU[code[:2]]: code}))
    return agenda.kalender(items, f"wijkkaart {code}", vandaag, url_van)
