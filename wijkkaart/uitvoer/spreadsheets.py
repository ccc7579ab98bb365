"""Tables as a planner's spreadsheet opens them: Dutch or international CSV, and XLSX sheets with labels and formats.

Dutch Excel reads a CSV with ``;`` between fields and a decimal comma, and
only recognises UTF-8 when the file starts with a byte order mark; a file
with ``,`` and ``.`` lands in one column, or turns 0.125 into 125. So the
web's downloads are Dutch by default (the import reports already were), with
the international dialect on request for scripts and other tools.

XLSX sheets get headers in words, values rounded the way the screen shows
them, a number format per column (percentages as percentages, thousands
grouped), a frozen header row and a filter. Text cells are neutralised
against formulas (:mod:`wijkkaart.kern.spreadsheet`) in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..kern.fouten import OngeldigeVraag
from ..kern.spreadsheet import veilig_frame
from ..kern.taal import gettext as _


@dataclass(frozen=True)
class CsvStijl:
    """How a CSV separates fields and decimals, and its encoding."""

    scheiding: str
    decimaal: str
    codering: str


#: ``nl``: Dutch spreadsheets (``;``, decimal comma, BOM); ``int``: international (``,``, ``.``, no BOM).
CSV_STIJLEN = {
    "nl": CsvStijl(";", ",", "utf-8-sig"),
    "int": CsvStijl(",", ".", "utf-8"),
}

#: Excel number formats by kind of column. Excel shows them in the reader's own locale
#: (``#,##0`` is 12.345 in Dutch Excel, 12,345 in English).
FORMAAT_AANDEEL = "0.0%"
FORMAAT_GEHEEL = "#,##0"
FORMAAT_EEN_DECIMAAL = "0.0"
FORMAAT_TWEE_DECIMALEN = "0.00"

#: The widest a column gets, in characters: long explanations wrap in the cell instead.
MAX_BREEDTE = 60


def csv_stijl(naam: str | None) -> CsvStijl:
    """The style called ``naam`` (``nl`` when None); an unknown name is a clear error."""
    try:
        return CSV_STIJLEN[naam or "nl"]
    except KeyError:
        raise OngeldigeVraag(
            _("onbekende CSV-stijl %(stijl)s; kies uit %(keuzes)s", stijl=naam, keuzes=", ".join(CSV_STIJLEN))
        ) from None


def schrijf_csv(frame: pd.DataFrame, pad: Path, stijl: CsvStijl) -> None:
    """Write ``frame`` to ``pad`` in ``stijl``, text cells neutralised; unknown values are empty cells."""
    veilig_frame(frame).to_csv(
        pad, index=False, sep=stijl.scheiding, decimal=stijl.decimaal, encoding=stijl.codering, lineterminator="\r\n"
    )


def schrijf_blad(
    schrijver: pd.ExcelWriter,
    frame: pd.DataFrame,
    naam: str,
    koppen: dict[str, str],
    formaten: dict[str, str],
) -> None:
    """Write ``frame`` as sheet ``naam``: headers from ``koppen``, ``formaten`` per column, header frozen.

    Parameters
    ----------
    koppen : dict
        Column → header shown; a column without one keeps its name.
    formaten : dict
        Column → Excel number format; other columns keep Excel's general format.
    """
    frame.rename(columns=koppen).to_excel(schrijver, sheet_name=naam, index=False)
    blad = schrijver.sheets[naam]
    blad.freeze_panes = "A2"
    if len(frame.columns):
        blad.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    vet = Font(bold=True)
    for positie, kolom in enumerate(frame.columns, start=1):
        letter = get_column_letter(positie)
        blad[f"{letter}1"].font = vet
        formaat = formaten.get(kolom)
        if formaat:
            for (cel,) in blad.iter_rows(min_row=2, min_col=positie, max_col=positie):
                cel.number_format = formaat
        tekst = [str(koppen.get(kolom, kolom)), *(str(w) for w in frame[kolom].head(200) if pd.notna(w))]
        blad.column_dimensions[letter].width = min(MAX_BREEDTE, max(8, *(len(t) for t in tekst)) + 2)
