"""Readers of aanbod files, found through a registry: CSV, XLSX, JSON (GeoJSON, OSM, records, HSDS) and HSDS packages.

Each reader declares the small :class:`~.basis.Lezer` interface (``herkent``,
``lees``), the way pygeoapi's providers declare theirs; :func:`lees_bestand`
asks the readers of :data:`LEZERS` in order. A new format is a module with a
reader class, added to that tuple (``docs/architectuur.md``).
"""

from __future__ import annotations

from pathlib import Path

from ...kern.fouten import InvoerFout
from .basis import Invoer, Lezer, lees_zip_of_map
from .csvbestand import CsvLezer
from .hsds import HsdsJsonVorm, HsdsPakketLezer
from .jsonbestand import GeoJsonVorm, JsonLezer, OverpassVorm, RecordsVorm
from .xlsxbestand import XlsxLezer

#: The readers, asked in this order; the first that recognises a path reads it.
LEZERS: tuple[Lezer, ...] = (
    HsdsPakketLezer(),
    CsvLezer(),
    XlsxLezer(),
    JsonLezer(vormen=(GeoJsonVorm(), OverpassVorm(), HsdsJsonVorm(), RecordsVorm())),
)

__all__ = ["LEZERS", "Invoer", "Lezer", "lees_bestand", "lees_zip_of_map"]


def lees_bestand(pad: str | Path) -> Invoer:
    """Read ``pad`` and return its rows; the format follows from the extension and the contents.

    Raises
    ------
    InvoerFout
        When the file is missing, empty, or not a supported format.
    """
    pad = Path(pad)
    if not pad.exists():
        raise InvoerFout(str(pad), "bestand bestaat niet")
    lezer = next((lezer for lezer in LEZERS if lezer.herkent(pad)), None)
    if lezer is None:
        raise InvoerFout(
            str(pad),
            f"onbekend bestandstype {pad.suffix or '(geen extensie)'}: "
            "gebruik CSV, XLSX, GeoJSON, OSM-JSON of een HSDS-pakket (map of zip)",
        )
    invoer = lezer.lees(pad)
    if not invoer.rijen and not invoer.rij_fouten:
        raise InvoerFout(str(pad), "bestand bevat geen rijen")
    return invoer
