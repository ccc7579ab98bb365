"""``wijkkaart geocode``: find better points for stored locaties and re-link them to their buurt."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from ..db import transaction
from .geocoding import Keten, NietGevonden
from .koppelen import herkoppel_locaties
from .model import Locatie
from .opslag import _punt
from .records import Record

_RANG = {p: i for i, p in enumerate(("adres", "postcode", "woonplaats"))}


@dataclass
class GeocodeUitkomst:
    """What ``geocode`` did."""

    bekeken: int = 0
    verbeterd: int = 0
    niet_gevonden: list[str] = field(default_factory=list)
    herkoppeld: int = 0

    def regels(self) -> list[str]:
        lines = [
            f"Locaties bekeken: {self.bekeken}",
            f"  nauwkeuriger geplaatst: {self.verbeterd}",
            f"  opnieuw aan een buurt gekoppeld: {self.herkoppeld}",
            f"  niet gevonden (punt ongewijzigd): {len(self.niet_gevonden)}",
        ]
        lines += [f"    {regel}" for regel in self.niet_gevonden[:50]]
        if len(self.niet_gevonden) > 50:
            lines.append(f"    … en {len(self.niet_gevonden) - 50} meer")
        return lines


def hergeocodeer(engine: Engine, keten: Keten, gemeenten: list[str] | None = None, alles: bool = False) -> GeocodeUitkomst:
    """Geocode stored locaties again; keep a point unless the new one is at least as precise.

    Locaties placed by hand (``handmatig``) are never moved. Without ``alles``
    only locaties less precise than an address are tried.
    """
    uitkomst = GeocodeUitkomst()
    with transaction(engine) as session:
        vraag = select(Locatie).where(Locatie.precisie != "handmatig")
        if gemeenten:
            vraag = vraag.where(Locatie.gemeentecode.in_(gemeenten))
        if not alles:
            vraag = vraag.where(Locatie.precisie != "adres")
        for locatie in session.execute(vraag).scalars():
            uitkomst.bekeken += 1
            record = Record(
                rij=0, bron=locatie.bron, extern_id=locatie.extern_id, naam=locatie.naam or "", soort=locatie.soort or "",
                is_locatie=True, locatie_id=locatie.extern_id, straat=locatie.straat, huisnummer=locatie.huisnummer,
                postcode=locatie.postcode, plaats=locatie.plaats, bag_id=locatie.bag_id,
            )
            try:
                punt = keten.zoek(record)
            except NietGevonden as exc:
                uitkomst.niet_gevonden.append(f"{locatie.bron}/{locatie.extern_id} {locatie.naam or ''}: {exc.reden}")
                continue
            if _RANG.get(punt.precisie, 9) <= _RANG.get(locatie.precisie, 9):
                session.execute(
                    update(Locatie).where(Locatie.id == locatie.id).values(
                        geom=_punt(punt.x, punt.y), precisie=punt.precisie, geocoder=punt.geocoder
                    )
                )
                uitkomst.verbeterd += 1
        uitkomst.herkoppeld = herkoppel_locaties(session)
    return uitkomst
