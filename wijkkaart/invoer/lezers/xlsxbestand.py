"""XLSX: the first sheet, its first row the header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from ...kern.fouten import InvoerFout
from .basis import Invoer


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
        """The rows of the first sheet, numbered as the spreadsheet shows them."""
        return _lees_xlsx(pad)


def _lees_xlsx(pad: Path) -> Invoer:
    try:
        boek = load_workbook(pad, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise InvoerFout(str(pad), f"geen leesbaar XLSX-bestand ({type(exc).__name__})") from exc
    blad = boek.worksheets[0]
    rijen_iter = blad.iter_rows(values_only=True)
    try:
        kop = next(rijen_iter)
    except StopIteration:
        raise InvoerFout(str(pad), "bestand bevat geen rijen") from None
    kolommen = [str(k).strip() if k is not None else f"kolom_{i + 1}" for i, k in enumerate(kop)]
    rijen = []
    for rijnummer, waarden in enumerate(rijen_iter, start=2):
        waarden = [_cel(w) for w in waarden]
        if not any(w is not None for w in waarden):
            continue
        rijen.append((rijnummer, dict(zip(kolommen, waarden, strict=True))))
    boek.close()
    return Invoer(str(pad), f"XLSX (blad {blad.title!r})", kolommen, rijen)
