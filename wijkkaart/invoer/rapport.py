"""The import report: one CSV line per rejected, excluded or warned row, so nothing is dropped silently."""

from __future__ import annotations

import csv
from pathlib import Path

from ..kern.settings import PROJECT_ROOT
from ..kern.spreadsheet import csv_schrijver, herstel
from .records import Melding

KOLOMMEN = ("bestand", "rij", "veld", "gevolg", "reden", "waarde")


def rapport_pad(bestand: str | Path) -> Path:
    """Default report path: ``data/rapporten/<naam>.rapport.csv`` in the checkout.

    Never beside the input: that may be a shared, read-only data folder.
    """
    return PROJECT_ROOT / "data" / "rapporten" / (Path(bestand).name + ".rapport.csv")


def schrijf_rapport(pad: str | Path, bestand: str, meldingen: list[Melding]) -> Path:
    """Write ``meldingen`` as UTF-8 CSV (with BOM, so Excel shows accents) and return the path."""
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    with pad.open("w", encoding="utf-8-sig", newline="") as uit:
        schrijver = csv_schrijver(uit, delimiter=";")
        schrijver.writerow(KOLOMMEN)
        for m in meldingen:
            schrijver.writerow((bestand, m.rij, m.veld, m.gevolg, m.reden, m.waarde))
    return pad


def lees_rapport(pad: str | Path) -> list[dict]:
    """Read a report back (for tests and tools), cells as they were before :func:`csv_schrijver`."""
    with Path(pad).open(encoding="utf-8-sig", newline="") as invoer:
        return [{k: herstel(v) for k, v in rij.items()} for rij in csv.DictReader(invoer, delimiter=";")]
