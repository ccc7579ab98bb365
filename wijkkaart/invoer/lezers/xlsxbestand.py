"""XLSX: the sheet whose header wijkkaart recognises best, and the sheets that continue it.

Real workbooks put instructions on the first sheet, continue a long list on
a second sheet with the same header, merge cells for a group of rows, or hold
formulas nobody recalculated. The data sheet is the one whose header names
the most known fields; sheets with the same header are read too; every other
sheet with content is named in the report. A merged cell counts for every
row it covers; a formula without a stored result is reported for its row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from ...kern.fouten import InvoerFout
from ..mapping import Mapping
from .basis import Invoer, controleer_kolomnamen


def _cel(waarde):
    if isinstance(waarde, dt.datetime):
        return waarde.date().isoformat() if waarde.time() == dt.time() else waarde.isoformat()
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if waarde is None:
        return None
    tekst = str(waarde).strip()
    return tekst or None


class XlsxLezer:
    """Reads ``.xlsx`` and ``.xlsm`` with the cached values of formulas."""

    naam = "xlsx"

    def herkent(self, pad: Path) -> bool:
        """True for a file ending in ``.xlsx`` or ``.xlsm``."""
        return pad.is_file() and pad.suffix.lower() in (".xlsx", ".xlsm")

    def lees(self, pad: Path) -> Invoer:
        """The rows of the data sheet(s), numbered as the spreadsheet shows them."""
        return _lees_xlsx(pad)


def _waarden(blad) -> list[list]:
    """The sheet's values, a merged cell's value copied into every cell it covers."""
    rijen = [list(r) for r in blad.iter_rows(values_only=True)]
    for bereik in blad.merged_cells.ranges:
        waarde = rijen[bereik.min_row - 1][bereik.min_col - 1] if bereik.min_row <= len(rijen) else None
        for r in range(bereik.min_row - 1, min(bereik.max_row, len(rijen))):
            for k in range(bereik.min_col - 1, min(bereik.max_col, len(rijen[r]))):
                rijen[r][k] = waarde
    return rijen


def _kop(rijen: list[list]) -> int | None:
    """The index of the header row: the first with at least two filled cells."""
    for i, rij in enumerate(rijen[:30]):
        if sum(1 for w in rij if _cel(w) is not None) >= 2:
            return i
    return None


def _lees_blad(b, waarden, kop_index, kop, formuleblad, rijen, fouten, opmerkingen) -> None:
    """Add the rows of one sheet; a row with values beside the header is refused, a formula without result noted."""
    for index in range(kop_index + 1, len(waarden)):
        rijnummer = index + 1
        cellen = [_cel(w) for w in waarden[index][: len(kop)]] + [None] * max(0, len(kop) - len(waarden[index]))
        if len(waarden[index]) > len(kop) and any(_cel(w) is not None for w in waarden[index][len(kop) :]):
            fouten.append((rijnummer, "", f"waarden buiten de kolommen van de kop (blad ‘{b.title}’)"))
            continue
        if not any(c is not None for c in cellen):
            continue
        for k, kolom in enumerate(kop):
            if cellen[k] is None and formuleblad.cell(row=rijnummer, column=k + 1).data_type == "f":
                opmerkingen.append(
                    (rijnummer, kolom, "formule zonder berekende waarde: open het bestand in Excel en sla het op")
                )
        rijen.append((rijnummer, dict(zip(kop, cellen, strict=True))))


def _lees_xlsx(pad: Path) -> Invoer:
    try:
        boek = load_workbook(pad, data_only=True)
        formules = load_workbook(pad, data_only=False)
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise InvoerFout(str(pad), f"geen leesbaar XLSX-bestand ({type(exc).__name__})") from exc
    bladen = []
    for blad in boek.worksheets:
        rijen = _waarden(blad)
        kop_index = _kop(rijen)
        if kop_index is None:
            continue
        kop = [str(k).strip() if k is not None else f"kolom_{i + 1}" for i, k in enumerate(rijen[kop_index])]
        while kop and kop[-1].startswith("kolom_"):
            kop.pop()  # empty cells at the end of the header are no columns
        score = len(Mapping().kolom_voor(kop))
        bladen.append((blad, rijen, kop_index, kop, score))
    if not bladen:
        raise InvoerFout(str(pad), "bestand bevat geen rijen")
    blad, _rijen, _ki, kop, score = max(bladen, key=lambda b: b[4])
    controleer_kolomnamen(str(pad), kop)
    gelezen = [b for b in bladen if b[3] == kop]
    opmerkingen = [
        (1, "", f"blad ‘{b[0].title}’ niet gelezen: de kolommen daar zijn niet die van blad ‘{blad.title}’")
        for b in bladen
        if b[3] != kop
    ]
    rijen, fouten = [], []
    for b, waarden, kop_index, _kop_b, _s in gelezen:
        if b is not blad:
            opmerkingen.append(
                (1, "", f"blad ‘{b.title}’ heeft dezelfde kolommen en is ook gelezen (rijnummers per blad)")
            )
        _lees_blad(b, waarden, kop_index, kop, formules[b.title], rijen, fouten, opmerkingen)
    boek.close()
    formules.close()
    namen = ", ".join(f"‘{b[0].title}’" for b in gelezen)
    return Invoer(str(pad), f"XLSX (blad {namen})", kop, rijen, fouten, opmerkingen=opmerkingen)
