"""Use-case of the residents' finder: a postcode or address in, the nearest aanbod out, with the filter choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from ..invoer.geocoding import Keten, NietGevonden
from ..invoer.geocoding.zoekvraag import PlekNietGevonden, lees_zoekvraag, uitleg
from ..kern.taal import gettext as _
from ..opslag.aanbod import bekende_themas_en_doelgroepen
from ..opslag.engine import lezen
from ..uitvoer import vinder
from ..uitvoer.vinder import Plek, Zoekuitkomst
from .netwerk import netwerk_rond
from .resultaatcache import Cache


def vind_plek(tekst: str, keten: Keten) -> Plek:
    """Find the place of a postcode or address; :class:`PlekNietGevonden` with advice when nothing matches."""
    vraag = lees_zoekvraag(tekst)
    try:
        punt = keten.zoek(vraag)
    except NietGevonden:
        raise PlekNietGevonden(
            _("We vinden “%(tekst)s” niet. Klopt de postcode of het adres?", tekst=tekst.strip()) + " " + uitleg()
        ) from None
    omschrijving = tekst.strip().upper() if vraag.postcode and not vraag.huisnummer else tekst.strip()
    return Plek(omschrijving, punt.x, punt.y, punt.precisie, punt.geocoder)


@dataclass
class Vinderpagina:
    """The finder's answer: the results (or why there are none) and the choices of its filters."""

    uitkomst: Zoekuitkomst | None
    fout: str | None
    themas: list[str]
    doelgroepen: list[str]


def zoek(
    engine: Engine,
    keten: Keten,
    tekst: str,
    moment: dt.datetime | None = None,
    thema: str | None = None,
    doelgroep: str | None = None,
    dag: str | None = None,
    nu_open: bool = False,
    cache: Cache | None = None,
) -> Vinderpagina:
    """The nearest aanbod around what a resident typed, nearest first, with the thema and doelgroep choices.

    A text that is no postcode or address, or a place no geocoder knows, is not
    an error here: the page says what to try (``fout``). Where the gemeente of
    the place has a walking network, the minutes are walked over it (the
    network kept in ``cache`` per data version).
    """
    uitkomst, fout = None, None
    with lezen(engine) as session:
        try:
            plek = vind_plek(tekst, keten)
            netwerk = netwerk_rond(session, plek.x, plek.y, cache)
            uitkomst = vinder.zoek(
                session, plek, moment, thema=thema, doelgroep=doelgroep, dag=dag, nu_open=nu_open, netwerk=netwerk
            )
        except PlekNietGevonden as exc:
            fout = str(exc)
        themas, doelgroepen = bekende_themas_en_doelgroepen(session)
    return Vinderpagina(uitkomst, fout, themas, doelgroepen)
