"""Coordinates that the file itself carries (RD x/y before WGS84 lat/lon)."""

from __future__ import annotations

from ...kern.crs import Punt, naar_rd
from .basis import Adresvraag


class BestandsCoordinaten:
    """Use the coordinates in the row (RD x/y before lat/lon)."""

    naam = "bestand"

    def zoek(self, record: Adresvraag) -> Punt | None:
        """The row's own point, with its precision (an address when it has a house number)."""
        precisie = record.precisie or ("adres" if record.huisnummer or record.bag_id else "handmatig")
        geocoder = record.geocoder or self.naam
        if record.x is not None:
            return Punt(record.x, record.y, precisie, geocoder)
        if record.lat is not None:
            x, y = naar_rd(record.lon, record.lat)
            return Punt(x, y, precisie, geocoder)
        return None

    @classmethod
    def uit_opties(cls, opties) -> list[BestandsCoordinaten]:
        """The registry's factory: this geocoder needs no options."""
        return [cls()]
