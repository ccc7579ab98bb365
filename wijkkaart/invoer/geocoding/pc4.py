"""PC4 centroids: a coarse fallback, used only when asked for."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...kern.crs import Punt, naar_rd
from ...kern.fouten import InvoerFout, WijkkaartFout
from .basis import Adresvraag


class Pc4Tabel:
    """PC4 centroids (e.g. ``nl_pc4_4pp_2014.csv``): a coarse fallback, only when asked for."""

    naam = "pc4-centroide"

    def __init__(self, centroiden: dict[str, tuple[float, float]]):
        self.centroiden = centroiden

    @classmethod
    def laad(cls, pad: str | Path) -> Pc4Tabel:
        """Read the centroids from a CSV with postcode, latitude and longitude."""
        pad = Path(pad)
        try:
            tabel = pd.read_csv(pad, dtype={"postcode": str})
        except (OSError, ValueError) as exc:
            raise InvoerFout(str(pad), f"PC4-tabel niet leesbaar: {exc}") from exc
        if not {"postcode", "latitude", "longitude"} <= set(tabel.columns):
            raise InvoerFout(str(pad), "PC4-tabel heeft kolommen postcode, latitude en longitude nodig")
        tabel = tabel.dropna(subset=["latitude", "longitude"])
        xs, ys = naar_rd(tabel["longitude"].to_numpy(), tabel["latitude"].to_numpy())
        return cls({pc: (x, y) for pc, x, y in zip(tabel["postcode"].str.zfill(4), xs, ys, strict=True)})

    def zoek(self, record: Adresvraag) -> Punt | None:
        """The centroid of the postcode's four digits (precision ``postcode``)."""
        if not record.postcode:
            return None
        punt = self.centroiden.get(record.postcode[:4])
        return Punt(*punt, "postcode", self.naam) if punt else None

    @classmethod
    def uit_opties(cls, opties) -> list[Pc4Tabel]:
        """The registry's factory: the table of ``opties.pc4_tabel``."""
        if not opties.pc4_tabel:
            raise WijkkaartFout("geocoder pc4 gekozen zonder --pc4-tabel BESTAND")
        return [cls.laad(opties.pc4_tabel)]
