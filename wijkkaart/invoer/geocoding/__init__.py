"""Pluggable geocoders behind one small interface, found through a registry: file coordinates, address tables, PDOK, PC4.

A :class:`Keten` tries its geocoders in order; the first that finds a point
wins and records its ``precisie`` and name. A row no geocoder can place is
reported; nothing is put at a centroid unless the user asked for the PC4
table, whose points are marked ``postcode`` with geocoder ``pc4-centroide``.

Each geocoder declares :class:`~.basis.Geocoder` and a factory
``uit_opties(opties) -> list``; :data:`GEOCODERS` names them the way pygeoapi
names its providers, and :func:`maak_keten` builds a chain from names. A new
geocoder is a module with such a class, added to :data:`GEOCODERS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...kern.crs import Punt
from ...kern.fouten import WijkkaartFout
from ...kern.settings import PDOK_URL
from .adrestabel import AdresTabel
from .basis import Adresvraag, Geocoder, GeocoderNietBereikbaar, NietGevonden
from .bestand import BestandsCoordinaten
from .pc4 import Pc4Tabel
from .pdok import PdokLocatieserver, Terugval

__all__ = [
    "GEOCODERS",
    "AdresTabel",
    "Adresvraag",
    "BestandsCoordinaten",
    "Geocoder",
    "GeocoderNietBereikbaar",
    "GeocoderOpties",
    "Keten",
    "NietGevonden",
    "Pc4Tabel",
    "PdokLocatieserver",
    "Punt",
    "Terugval",
    "maak_keten",
]


@dataclass(frozen=True)
class GeocoderOpties:
    """Everything a geocoder factory may need; each takes what concerns it."""

    adrestabellen: tuple[str | Path, ...] = ()
    pc4_tabel: str | Path | None = None
    pdok_url: str = PDOK_URL
    cache_dir: str | Path | None = None
    pdok_per_seconde: float = 5.0
    timeout: float = 10.0
    pogingen: int = 3
    #: PDOK also answers a bare PC6 postcode (the residents' finder; imports need a house number).
    postcode_alleen: bool = False
    #: Seconds PDOK is skipped after it failed (the finder falls back on PC4); None: an outage stops the caller.
    pauze_na_storing: float | None = None


#: Geocoders by name, each a factory from :class:`GeocoderOpties` to one or more geocoders.
GEOCODERS: dict[str, Callable[[GeocoderOpties], list[Geocoder]]] = {
    "bestand": BestandsCoordinaten.uit_opties,
    "adrestabel": AdresTabel.uit_opties,
    "pdok": PdokLocatieserver.uit_opties,
    "pc4": Pc4Tabel.uit_opties,
}


class Keten:
    """Geocoders tried in order; one whose service is down is skipped for a while, the others still answer.

    When PDOK cannot be reached, rows with coordinates or in an offline
    address table are still placed; a row only PDOK could place raises
    :class:`GeocoderNietBereikbaar`, so the import keeps it as a pending place
    instead of stopping (``docs/aanbod.md``).
    """

    #: Seconds a geocoder that was unreachable is skipped before it is tried again.
    PAUZE_S = 120.0

    def __init__(self, geocoders: list):
        self.geocoders = geocoders
        #: name → (until when it is skipped, why) for geocoders whose service was down.
        self.onbereikbaar: dict[str, tuple[float, str]] = {}

    @property
    def namen(self) -> list[str]:
        """The names of the geocoders in order, for messages."""
        return [g.naam for g in self.geocoders]

    def _overslaan(self, naam: str) -> bool:
        tot = self.onbereikbaar.get(naam, (0.0, ""))[0]
        return time.monotonic() < tot

    def zoek(self, record: Adresvraag) -> Punt:
        """Return the first point found.

        Raises
        ------
        NietGevonden
            With every geocoder's reason when none could place the record.
        GeocoderNietBereikbaar
            When none placed it and a geocoder that might have was unreachable.
        """
        redenen, storingen = [], []
        for geocoder in self.geocoders:
            if self._overslaan(geocoder.naam):
                storingen.append(self.onbereikbaar[geocoder.naam][1])
                continue
            try:
                punt = geocoder.zoek(record)
            except NietGevonden as exc:
                redenen.append(exc.reden)
                continue
            except GeocoderNietBereikbaar as exc:
                self.onbereikbaar[geocoder.naam] = (time.monotonic() + self.PAUZE_S, str(exc))
                storingen.append(str(exc))
                continue
            if punt is not None:
                return punt
        if not (record.postcode or record.straat or record.bag_id):
            raise NietGevonden(
                "geen adres of coördinaten in de rij: vul straat, huisnummer en postcode, of lat en lon in"
            )
        if storingen:
            raise GeocoderNietBereikbaar(storingen[0])
        if not redenen:
            redenen.append(f"adres niet gevonden (geprobeerd: {', '.join(self.namen)})")
        raise NietGevonden("; ".join(redenen))


def maak_keten(namen: list[str], opties: GeocoderOpties | None = None, **velden) -> Keten:
    """Build a geocoder chain from names (keys of :data:`GEOCODERS`), in that order.

    Options come as a :class:`GeocoderOpties` or as its fields
    (``maak_keten(["pdok"], pdok_url=…)``).

    Raises
    ------
    WijkkaartFout
        For an unknown name, ``adrestabel`` without tables or ``pc4`` without a table.
    """
    opties = opties or GeocoderOpties(**velden)
    geocoders: list[Geocoder] = []
    for naam in namen:
        fabriek = GEOCODERS.get(naam)
        if fabriek is None:
            raise WijkkaartFout(f"onbekende geocoder {naam!r}; kies uit {', '.join(GEOCODERS)}")
        geocoders.extend(fabriek(opties))
    return Keten(geocoders)
