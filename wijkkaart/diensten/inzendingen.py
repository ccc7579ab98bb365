"""Use-cases of what residents send in and its moderation: submit, list the queue, open one, close it.

Nothing a resident sends is published here: it waits in the queue of the wijk
it concerns. A submission that filled the honeypot is kept as ``spam``, and is
not geocoded (bots get no free address lookups).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from ..bewerken import inzendingen
from ..bewerken.wijzigen import plaatsing
from ..invoer.geocoding import Adresvraag, Keten, NietGevonden
from ..kern.fouten import BestaatNiet, Geweigerd, OngeldigeVraag, WijkkaartFout
from ..kern.taal import gettext as _
from ..kern.tekst import normaliseer_postcode, schone_tekst
from ..opslag.aanbod import eerste_link
from ..opslag.engine import lezen, transaction
from ..opslag.tabellen.aanbod import Aanbod, Locatie
from ..opslag.tabellen.inzending import Inzending


def _doel(session, soort: str | None, item_id: int | None) -> Aanbod | Locatie | None:
    """The aanbod or locatie a correction is about; 404 when it is not (or no longer) on the map."""
    if soort is None:
        return None
    item = session.get(Aanbod if soort == "aanbod" else Locatie, item_id)
    if item is None or item.gearchiveerd:
        raise BestaatNiet(
            _("Dit aanbod staat niet (meer) op de kaart.")
            if soort == "aanbod"
            else _("Deze plek staat niet (meer) op de kaart.")
        )
    return item


def correctie_naam(engine: Engine, soort: str, item_id: int) -> str | None:
    """The name of what a "klopt dit niet?" is about; 404 when it is not on the map."""
    with lezen(engine) as session:
        return _doel(session, soort, item_id).naam


def _plaats_van_adres(session, keten: Keten, waarden: dict):
    """The buurt of the address a resident gave, or None (then a beheerder sorts it out)."""
    try:
        vraag = Adresvraag(
            straat=schone_tekst(waarden.get("straat")),
            huisnummer=schone_tekst(waarden.get("huisnummer")),
            postcode=normaliseer_postcode(waarden.get("postcode")),
            plaats=schone_tekst(waarden.get("plaats")),
        )
        return plaatsing(session, keten.zoek(vraag))
    except (NietGevonden, WijkkaartFout):
        return None


def dien_in(
    engine: Engine,
    keten: Keten,
    soort: str,
    waarden: dict,
    moment: dt.datetime,
    spam: bool = False,
    over: tuple[str, int] | None = None,
) -> Inzending:
    """Store a resident's submission in the queue of the wijk it concerns.

    A new initiative is placed by its address; a correction (``over``:
    ``("aanbod", id)`` or ``("locatie", id)``) by the place it is about.
    """
    with transaction(engine) as session:
        item = _doel(session, *(over or (None, None)))
        plaats = None
        if not spam:
            if isinstance(item, Aanbod):
                link = eerste_link(session, item)
                plaats = session.get(Locatie, link.locatie_id) if link else None
            elif isinstance(item, Locatie):
                plaats = item
            else:
                plaats = _plaats_van_adres(session, keten, waarden)
        return inzendingen.dien_in(session, soort, waarden, moment, plaats=plaats, spam=spam, over=item)


def wachtrij(engine: Engine, gebruiker, status: str = "open") -> list[Inzending]:
    """The submissions with ``status`` in the editor's wijken, oldest first."""
    with lezen(engine) as session:
        return inzendingen.wachtrij(session, gebruiker, status)


@dataclass
class InzendingPagina:
    """One submission with what it is about."""

    inzending: Inzending
    over: Aanbod | Locatie | None


def _inzending(session, gebruiker, inzending_id: int) -> Inzending:
    inzending = session.get(Inzending, inzending_id)
    if inzending is None:
        raise BestaatNiet(_("Deze melding bestaat niet."))
    if not inzendingen.mag_behandelen(gebruiker, inzending):
        raise Geweigerd(_("Deze melding hoort bij een wijk buiten uw gebieden."))
    return inzending


def inzending_pagina(engine: Engine, gebruiker, inzending_id: int) -> InzendingPagina:
    """A submission the editor may handle, with the aanbod or locatie a correction is about."""
    with lezen(engine) as session:
        inzending = _inzending(session, gebruiker, inzending_id)
        over = (
            session.get(Aanbod, inzending.aanbod_id)
            if inzending.aanbod_id
            else session.get(Locatie, inzending.locatie_id)
            if inzending.locatie_id
            else None
        )
        return InzendingPagina(inzending, over)


def handel_af(
    engine: Engine, gebruiker, inzending_id: int, actie: str, toelichting: str | None, moment: dt.datetime
) -> Inzending:
    """Close an open submission as ``verwerkt`` or ``afgewezen``, saying who did and why."""
    with transaction(engine) as session:
        inzending = _inzending(session, gebruiker, inzending_id)
        if inzending.status != "open" or actie not in ("verwerkt", "afgewezen"):
            raise OngeldigeVraag(_("Deze melding is al afgehandeld of de actie is onbekend."))
        inzendingen.handel_af(inzending, actie, gebruiker, moment, toelichting)
        return inzending
