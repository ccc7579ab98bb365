"""Values as people type them: cells, word lists, postcodes and addresses, cleaned the same way everywhere.

Used by imports, forms and residents' submissions alike, so a value one of them
accepts means the same to the others.
"""

from __future__ import annotations

import math

from .fouten import VeldFout
from .vocabulaire import normaliseer_woord


def schone_tekst(waarde) -> str | None:
    """A cell as text, stripped; None for empty, NaN or nothing (lists are joined with "; ")."""
    if waarde is None:
        return None
    if isinstance(waarde, float) and math.isnan(waarde):
        return None
    if isinstance(waarde, (list, tuple)):
        waarde = "; ".join(str(w) for w in waarde if w not in (None, ""))
    tekst = str(waarde).strip()
    return tekst or None


def woordenlijst(waarde) -> list[str]:
    """Vocabulary words from a list or a ";"/","-separated text, normalised and without repeats, in order."""
    if waarde is None:
        return []
    items = waarde if isinstance(waarde, (list, tuple)) else str(waarde).replace(";", ",").split(",")
    uit = []
    for item in items:
        tekst = schone_tekst(item)
        if tekst:
            woord = normaliseer_woord(tekst)
            if woord not in uit:
                uit.append(woord)
    return uit


def normaliseer_postcode(waarde) -> str | None:
    """Return ``1234AB`` for a Dutch postcode, ``None`` when empty.

    Raises
    ------
    VeldFout
        For field ``postcode`` when the value is no Dutch postcode.
    """
    tekst = schone_tekst(waarde)
    if tekst is None:
        return None
    pc = tekst.replace(" ", "").upper()
    cijfers, letters = pc[:4], pc[4:]
    if not (
        len(pc) in (4, 6)
        and cijfers.isdigit()
        and cijfers[0] != "0"
        and (letters == "" or (letters.isalpha() and letters.isascii() and letters not in ("SA", "SD", "SS")))
    ):
        raise VeldFout("postcode", "geen geldige Nederlandse postcode (1234AB)", waarde)
    return pc


def splits_adres(adres: str) -> tuple[str | None, str | None, str | None]:
    """Split "Hoge Bothofstraat 49" or "Osdorpplein, Amsterdam" into (straat, huisnummer, plaats)."""
    straatdeel, _, plaats = adres.partition(",")
    woorden = straatdeel.split()
    huisnummer = None
    if len(woorden) > 1 and woorden[-1][0].isdigit():
        huisnummer = woorden.pop()
    elif len(woorden) > 2 and woorden[-2][0].isdigit():
        huisnummer = " ".join(woorden[-2:])
        woorden = woorden[:-2]
    return (" ".join(woorden) or None, huisnummer, plaats.strip() or None)
