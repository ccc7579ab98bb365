"""What every reader of aanbod files gives back (:class:`Invoer`) and the interface a reader declares.

Readers only turn a file into ``(rijnummer, {kolom: waarde})`` pairs; they do
not judge values. A problem with the file as a whole raises
:class:`~wijkkaart.kern.fouten.InvoerFout` before anything is written; a
problem with one row (such as bytes that are not UTF-8 in an otherwise UTF-8
file) is returned as a row error and ends up in the report.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ...kern.fouten import InvoerFout


@dataclass
class Invoer:
    """A file read into rows, before mapping and validation."""

    bestand: str
    formaat: str
    kolommen: list[str]
    rijen: list[tuple[int, dict]]
    rij_fouten: list[tuple[int, str, str]] = field(default_factory=list)
    #: True when the rows already use canonical field names (HSDS, our own exports).
    canoniek: bool = False
    #: (row, column, remark) the report shows as warnings: sheets not read, formulas without a value.
    opmerkingen: list[tuple[int, str, str]] = field(default_factory=list)


class Lezer(Protocol):
    """A file format: whether it reads a path, and reading it into numbered rows."""

    #: Short name, for messages and the registry.
    naam: str

    def herkent(self, pad: Path) -> bool:
        """True when this reader reads ``pad`` (by its extension, or a folder or zip's contents)."""

    def lees(self, pad: Path) -> Invoer:
        """Read ``pad``; raises :class:`~wijkkaart.kern.fouten.InvoerFout` for a file it cannot read at all."""


class JsonVorm(Protocol):
    """One shape a JSON file can have (GeoJSON, an Overpass answer, HSDS, a list of records)."""

    naam: str

    def herkent(self, data) -> bool:
        """True when the parsed JSON ``data`` has this shape."""

    def lees(self, pad: Path, data) -> Invoer:
        """Turn ``data`` (read from ``pad``) into rows."""


def lees_zip_of_map(pad: Path, naam: str) -> str | None:
    """Return the text of ``naam`` inside a zip or folder ``pad``, or None when absent."""
    if pad.is_dir():
        bestand = pad / naam
        return bestand.read_text("utf-8-sig") if bestand.exists() else None
    try:
        with zipfile.ZipFile(pad) as archief:
            kandidaten = [n for n in archief.namelist() if n.rsplit("/", 1)[-1] == naam]
            if not kandidaten:
                return None
            return archief.read(kandidaten[0]).decode("utf-8-sig")
    except zipfile.BadZipFile as exc:
        raise InvoerFout(str(pad), "geen geldig zip-bestand") from exc


def controleer_kolomnamen(bestand: str, kolommen: list[str]) -> None:
    """Refuse a header that names a column twice, also when only case or spaces differ ("naam" and "Naam ").

    Otherwise the last of the two would silently win.
    """
    gezien: dict[str, str] = {}
    for kolom in kolommen:
        sleutel = " ".join(str(kolom).lower().split())
        if sleutel in gezien:
            raise InvoerFout(
                bestand,
                f"kolomnamen komen dubbel voor: {gezien[sleutel]!r} en {kolom!r}; geef elke kolom een eigen naam",
                rij=1,
            )
        gezien[sleutel] = kolom
