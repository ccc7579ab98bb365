"""CSV (comma, semicolon or tab; UTF-8, Windows-1252, or UTF-8 with stray lines that are not)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...kern.fouten import InvoerFout
from ...kern.spreadsheet import herstel
from .basis import Invoer, controleer_kolomnamen

# A cell of a real export may be longer than the csv module's default 128 KB; the length is judged per
# field afterwards (kern.tekst.LENGTES), with a report line, instead of stopping the file.
csv.field_size_limit(64 * 1024 * 1024)


def _utf16(ruw: bytes) -> str | None:
    """The UTF-16 codec of ``ruw``, or None when it is not UTF-16.

    ``utf-16`` for a byte order mark; ``utf-16-le``/``-be`` for a file without
    one that is mostly NUL bytes at odd (even) positions, as ASCII text in UTF-16 is.
    """
    if ruw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    monster = ruw[:4000]
    if len(monster) >= 4:
        oneven, even = monster[1::2].count(0), monster[0::2].count(0)
        if oneven > len(monster) * 0.4:
            return "utf-16-le"
        if even > len(monster) * 0.4:
            return "utf-16-be"
    return None


def _decodeer(ruw: bytes) -> tuple[list[str | None], str]:
    """Split ``ruw`` into lines decoded as UTF-8, or Windows-1252 when the file is not UTF-8.

    A file that is UTF-8 in most lines but has lines that are not (a mix of
    encodings after copy-paste) keeps UTF-8; its undecodable lines are
    returned as ``None`` so the caller can reject exactly those rows.
    """
    if ruw.startswith(b"\xef\xbb\xbf"):
        ruw = ruw[3:]
    utf16 = _utf16(ruw)
    if utf16:
        # Excel's "Unicode text" is UTF-16 (tab-separated), with or without a byte order mark.
        try:
            return ruw.decode(utf16).lstrip("\ufeff").splitlines(keepends=True), utf16
        except UnicodeDecodeError:
            pass
    try:
        return ruw.decode("utf-8").splitlines(keepends=True), "utf-8"
    except UnicodeDecodeError:
        pass
    regels = ruw.splitlines(keepends=True)
    utf8_niet_ascii = 0
    gedecodeerd: list[str | None] = []
    for regel in regels:
        try:
            tekst = regel.decode("utf-8")
            if not tekst.isascii():
                utf8_niet_ascii += 1
            gedecodeerd.append(tekst)
        except UnicodeDecodeError:
            gedecodeerd.append(None)
    if utf8_niet_ascii:
        return gedecodeerd, "utf-8 (gemengd)"
    return ruw.decode("cp1252", errors="replace").splitlines(keepends=True), "windows-1252"


class CsvLezer:
    """Reads ``.csv``, ``.txt`` and ``.tsv``; the separator follows from the header line."""

    naam = "csv"

    def herkent(self, pad: Path) -> bool:
        """True for a file ending in ``.csv``, ``.txt`` or ``.tsv``."""
        return pad.is_file() and pad.suffix.lower() in (".csv", ".txt", ".tsv")

    def lees(self, pad: Path) -> Invoer:
        """The rows of the CSV file, numbered from 2 (the header is row 1)."""
        return _lees_csv(pad)


def _lees_csv(pad: Path) -> Invoer:
    ruw = pad.read_bytes()
    regels, codering = _decodeer(ruw)
    if not regels or regels[0] is None or not regels[0].strip():
        if not any(r and r.strip() for r in regels if r is not None):
            raise InvoerFout(str(pad), "bestand bevat geen rijen")
        raise InvoerFout(str(pad), "eerste regel is geen leesbare kopregel", rij=1)
    kop = regels[0]
    scheiding = ";" if kop.count(";") > kop.count(",") else ("\t" if kop.count("\t") > kop.count(",") else ",")
    # Undecodable lines become rows of their own: keep a marker so the csv
    # module still sees one record, and report the row afterwards.
    markeer = "\x00ONLEESBAAR\x00"
    tekst = "".join(r if r is not None else markeer + "\n" for r in regels)
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    try:
        # An empty header cell (often trailing) gets a name of its own, as in a spreadsheet.
        kolommen = [k.strip() or f"kolom_{i + 1}" for i, k in enumerate(next(lezer))]
    except StopIteration:
        raise InvoerFout(str(pad), "bestand bevat geen rijen") from None
    controleer_kolomnamen(str(pad), kolommen)
    rijen, fouten = [], []
    # The row number a spreadsheet shows: one per record, however many line breaks its cells hold
    # (the reader's line_num counts lines, so a cell with a line break would shift every later row).
    for rijnummer, waarden in enumerate(lezer, start=2):
        if waarden == [markeer]:
            fouten.append((rijnummer, "", "rij is geen geldige UTF-8 terwijl de rest van het bestand dat wel is"))
            continue
        if not any(w.strip() for w in waarden):
            continue
        if len(waarden) > len(kolommen):
            fouten.append((rijnummer, "", f"{len(waarden)} waarden voor {len(kolommen)} kolommen"))
            continue
        ingeslikt = _ingeslikte_regels(waarden, scheiding, len(kolommen))
        if ingeslikt:
            fouten.append(
                (
                    rijnummer,
                    "",
                    f"een aanhalingsteken opent een cel die niet gesloten wordt: {len(ingeslikt)} volgende regel(s) "
                    f"(‘{ingeslikt[0][:60]}’…) zijn in deze cel beland; haal het aanhalingsteken weg en importeer opnieuw",
                )
            )
            continue
        # herstel: a cell wijkkaart wrote as '=… (no formula in a spreadsheet) reads back as =….
        # A short row (trailing empty cells left off, as spreadsheets save them) has empty cells.
        waarden = waarden + [""] * (len(kolommen) - len(waarden))
        rijen.append((rijnummer, {k: (herstel(v.strip()) or None) for k, v in zip(kolommen, waarden, strict=True)}))
    return Invoer(str(pad), f"CSV ({codering}, '{scheiding}')", kolommen, rijen, fouten)


def _ingeslikte_regels(waarden: list[str], scheiding: str, kolommen: int) -> list[str]:
    """Lines a cell swallowed after an unclosed quote: lines within one cell that look like rows of their own.

    A real multi-line cell (an address, a description) holds text; a swallowed
    row holds the separators of a whole row.
    """
    drempel = max(2, kolommen - 2)
    return [
        regel
        for waarde in waarden
        if "\n" in waarde
        for regel in waarde.splitlines()[1:]
        if regel.count(scheiding) >= drempel
    ]
