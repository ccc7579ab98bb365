"""What every geocoder declares (:class:`Geocoder`), what it is asked (:class:`Adresvraag`) and how it says no."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ...kern.crs import Punt
from ...kern.fouten import DienstNietBereikbaar


@dataclass(frozen=True)
class Adresvraag:
    """An address to place, with coordinates when the source has them.

    An import's :class:`~wijkkaart.invoer.records.Record` has the same fields,
    so geocoders take either.
    """

    straat: str | None = None
    huisnummer: str | None = None
    postcode: str | None = None
    plaats: str | None = None
    bag_id: str | None = None
    x: float | None = None
    y: float | None = None
    lat: float | None = None
    lon: float | None = None
    precisie: str | None = None
    geocoder: str | None = None


class Geocoder(Protocol):
    """One way to find a point: coordinates in the file, an address table, PDOK, PC4 centroids."""

    #: Name recorded with each point it finds (``Locatie.geocoder``).
    naam: str

    def zoek(self, vraag: Adresvraag) -> Punt | None:
        """The point of ``vraag``; None when this geocoder has nothing to say about it.

        Raises :class:`NietGevonden` with a reason for the report when it looked and
        found nothing, :class:`GeocoderNietBereikbaar` when its service is down.
        """


class NietGevonden(Exception):
    """A geocoder looked and could not place the record; ``reden`` says why (for the report)."""

    def __init__(self, reden: str):
        super().__init__(reden)
        self.reden = reden


class GeocoderNietBereikbaar(DienstNietBereikbaar):
    """An online geocoder failed after its retries; the import stops and writes nothing."""


def huisnummer_sleutel(huisnummer: str | None) -> str | None:
    """The house number as a table key: upper case, no spaces (``12 a`` → ``12A``)."""
    if not huisnummer:
        return None
    return "".join(huisnummer.upper().split())


def huisnummer_getal(huisnummer: str | None) -> str | None:
    """The leading digits of a house number (``12-3`` → ``12``), as PDOK searches them."""
    if not huisnummer:
        return None
    cijfers = ""
    for teken in huisnummer.strip():
        if not teken.isdigit():
            break
        cijfers += teken
    return cijfers or None
