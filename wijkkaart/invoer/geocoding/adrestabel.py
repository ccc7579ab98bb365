"""An offline table of addresses with coordinates, read like any aanbod file."""

from __future__ import annotations

from pathlib import Path

from ...kern.crs import Punt, naar_rd
from ...kern.fouten import InvoerFout, VeldFout, WijkkaartFout
from ...kern.tekst import normaliseer_postcode
from ..lezers import lees_bestand
from ..mapping import Mapping
from ..records import getal
from .basis import Adresvraag, huisnummer_sleutel


class AdresTabel:
    """An offline table of postcode + huisnummer (or PC6 only) with coordinates.

    Built from any file ``import-aanbod`` can read that has postcode,
    huisnummer and coordinates, e.g. Amsterdam's 1,462 voorzieningen.
    """

    naam = "adrestabel"

    def __init__(self, adressen: dict[tuple[str, str | None], tuple[float, float]], bron: str):
        self.adressen = adressen
        self.bron = bron

    @classmethod
    def laad(cls, pad: str | Path) -> AdresTabel:
        """Read the table from any file ``import-aanbod`` reads (postcode, huisnummer, coordinates)."""
        invoer = lees_bestand(pad)
        kolom = Mapping().kolom_voor(invoer.kolommen)
        if "postcode" not in kolom or not ({"lat", "lon"} <= kolom.keys() or {"x", "y"} <= kolom.keys()):
            raise InvoerFout(str(pad), "adrestabel heeft kolommen postcode en lat/lon (of x/y) nodig")
        adressen = {}
        for rijnummer, rij in invoer.rijen:
            try:
                pc = normaliseer_postcode(rij.get(kolom["postcode"]))
                if "x" in kolom:
                    x, y = getal("x", rij.get(kolom["x"])), getal("y", rij.get(kolom["y"]))
                else:
                    lon, lat = getal("lon", rij.get(kolom["lon"])), getal("lat", rij.get(kolom["lat"]))
                    x, y = naar_rd(lon, lat) if lon is not None and lat is not None else (None, None)
            except VeldFout as fout:
                raise InvoerFout(str(pad), fout.reden, rij=rijnummer, veld=fout.veld) from None
            if pc is None or x is None:
                continue
            nummer = huisnummer_sleutel(rij.get(kolom["huisnummer"])) if "huisnummer" in kolom else None
            adressen[(pc, nummer)] = (x, y)
        return cls(adressen, Path(pad).name)

    def zoek(self, record: Adresvraag) -> Punt | None:
        """The point of this postcode and house number, or of the postcode alone (precision ``postcode``)."""
        if not record.postcode:
            return None
        nummer = huisnummer_sleutel(record.huisnummer)
        if nummer and (record.postcode, nummer) in self.adressen:
            x, y = self.adressen[(record.postcode, nummer)]
            return Punt(x, y, "adres", f"{self.naam}:{self.bron}")
        if (record.postcode, None) in self.adressen:
            x, y = self.adressen[(record.postcode, None)]
            return Punt(x, y, "postcode", f"{self.naam}:{self.bron}")
        return None

    @classmethod
    def uit_opties(cls, opties) -> list[AdresTabel]:
        """The registry's factory: one geocoder per table in ``opties.adrestabellen``."""
        if not opties.adrestabellen:
            raise WijkkaartFout("geocoder adrestabel gekozen zonder --adrestabel BESTAND")
        return [cls.laad(p) for p in opties.adrestabellen]
