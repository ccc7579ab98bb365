"""Cells a spreadsheet opens: text that could run as a formula is neutralised, in one place every writer uses.

A name like ``=HYPERLINK("http://…?x="&A2,"klik")``, typed into a form, a
resident's report or an imported file, would otherwise become a live formula
when a planner opens an export in Excel or LibreOffice (OWASP, "CSV
Injection"). Every text cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is written as text:

- in CSV with a leading apostrophe (OWASP's advice; the spreadsheet shows the
  text, not a formula). :func:`herstel` takes the apostrophe off again when
  wijkkaart reads its own CSV back (``export-aanbod --intern`` is a backup
  that ``import-aanbod`` restores), so nothing is lost on the way round;
- in XLSX as a text cell with the *quote prefix* style, the same thing Excel
  does when someone types an apostrophe: the value stays exactly as it was,
  and editing the cell does not turn it into a formula.

Numbers, dates and booleans are never touched: they stay numbers. The
writers in this project go through :func:`csv_schrijver`,
:func:`veilig_frame` or :func:`neutraliseer_werkboek` (a test feeds a
corpus of formulas through every export path and finds none).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

#: The first characters that make a spreadsheet read a cell as a formula (or, tab and CR, as a new cell).
GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")
#: What CSV puts in front of such a cell.
PREFIX = "'"


def is_gevaarlijk(waarde: Any) -> bool:
    """True for text that a spreadsheet could read as a formula."""
    return isinstance(waarde, str) and waarde.startswith(GEVAARLIJK)


def veilige_cel(waarde: Any) -> Any:
    """The value for a CSV cell: dangerous text with an apostrophe in front, anything else unchanged."""
    return PREFIX + waarde if is_gevaarlijk(waarde) else waarde


def herstel(waarde: Any) -> Any:
    """Undo :func:`veilige_cel` on a cell read from CSV: ``'=x`` is ``=x`` again; other text is left alone."""
    if isinstance(waarde, str) and waarde.startswith(PREFIX) and waarde[1:2] and waarde[1] in GEVAARLIJK:
        return waarde[1:]
    return waarde


class _VeiligeSchrijver:
    """A :mod:`csv` writer whose every row passes through :func:`veilige_cel`."""

    def __init__(self, schrijver, velden: Iterable[str] | None):
        self._schrijver = schrijver
        self._velden = list(velden) if velden is not None else None

    def writeheader(self) -> None:
        """The header row (of a dict writer); column names are ours, but pass the same gate."""
        self._schrijver.writerow([veilige_cel(v) for v in self._velden])

    def writerow(self, rij) -> None:
        """One row: a sequence, or a dict when the writer has field names."""
        if self._velden is not None:
            rij = [rij.get(v) for v in self._velden]
        self._schrijver.writerow([veilige_cel(v) for v in rij])

    def writerows(self, rijen) -> None:
        """Every row of ``rijen``."""
        for rij in rijen:
            self.writerow(rij)


def csv_schrijver(uit: IO[str], velden: Iterable[str] | None = None, **opties) -> _VeiligeSchrijver:
    """A CSV writer that neutralises every cell; with ``velden`` it takes dicts (like :class:`csv.DictWriter`)."""
    return _VeiligeSchrijver(csv.writer(uit, **opties), velden)


def veilig_frame(frame):
    """A copy of a pandas DataFrame with dangerous text cells neutralised for CSV (numbers stay numbers)."""
    uit = frame.copy()
    uit.columns = [veilige_cel(str(k)) for k in uit.columns]
    for kolom in uit.columns:
        # Numbers, booleans and dates (dtype kinds b, i, u, f, c, m, M) are never text.
        if uit[kolom].dtype.kind not in "biufcmM":
            uit[kolom] = uit[kolom].map(veilige_cel)
    return uit


def neutraliseer_werkboek(boek) -> int:
    """Make every dangerous text cell of an openpyxl workbook a quote-prefixed text cell; return how many.

    Call it just before saving: openpyxl reads a string starting with ``=`` as
    a formula the moment it is assigned, so this also catches what pandas'
    ``to_excel`` wrote.
    """
    aantal = 0
    for blad in boek.worksheets:
        for rij in blad.iter_rows():
            for cel in rij:
                if is_gevaarlijk(cel.value):
                    cel.data_type = "s"
                    cel.quotePrefix = True
                    aantal += 1
    return aantal
