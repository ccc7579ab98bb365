"""Values as people type them: cells, word lists, postcodes and addresses, cleaned the same way everywhere.

Used by imports, forms and residents' submissions alike, so a value one of them
accepts means the same to the others.
"""

from __future__ import annotations

import math
import re

from .fouten import VeldFout
from .taal import gettext as _
from .vocabulaire import normaliseer_woord

#: Control characters no person types: C0 except tab, line feed and carriage return, DEL, and C1.
#: NUL in particular: PostgreSQL refuses it in text, SQLite stores it, so the backends would differ.
STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The same, with tab, line feed and carriage return: none of them belongs in a one-line value.
STUURTEKENS_EEN_REGEL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

#: The longest text each field takes, in characters: the same for imports, forms and the database
#: columns (``opslag/tabellen`` use these numbers), so a value one of them accepts fits the others.
LENGTES = {
    "bron": 100,
    "extern_id": 200,
    "locatie_id": 200,
    "naam": 300,
    "locatie_naam": 300,
    "organisatie": 300,
    "beschrijving": 5000,
    "doelgroep_omschrijving": 2000,
    "trefwoorden": 2000,
    "toegang": 500,
    "kosten": 300,
    "website": 500,
    "organisatie_website": 500,
    "telefoon": 40,
    "email": 200,
    "straat": 200,
    "huisnummer": 20,
    "plaats": 100,
    "openingstijden": 2000,
    "openingstijden_tekst": 2000,
    "geocoder": 40,
    #: One thema or doelgroep (a list holds several).
    "woord": 60,
    "opmerking": 5000,
    "wanneer": 500,
}


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


def zonder_stuurtekens(tekst: str) -> tuple[str, bool]:
    """``tekst`` without control characters (tab and line breaks stay), and whether any were taken out."""
    schoon = STUURTEKENS.sub("", tekst)
    return schoon, len(schoon) != len(tekst)


def controleer_lengte(veld: str, tekst: str | None) -> str | None:
    """``tekst`` when it fits field ``veld`` (:data:`LENGTES`).

    Raises
    ------
    VeldFout
        Naming the field, the length and the limit, with the start of the value.
    """
    grens = LENGTES.get(veld)
    if tekst is not None and grens is not None and len(tekst) > grens:
        raise VeldFout(
            veld, _("%(lengte)s tekens, hoogstens %(grens)s", lengte=len(tekst), grens=grens), tekst[:80] + "…"
        )
    return tekst


def controleer_woorden(veld: str, woorden: list[str]) -> list[str]:
    """``woorden`` (thema's, doelgroepen) when each fits :data:`LENGTES` ``["woord"]``.

    Raises
    ------
    VeldFout
        For field ``veld``, naming the first word that is too long.
    """
    grens = LENGTES["woord"]
    for woord in woorden:
        if len(woord) > grens:
            raise VeldFout(
                veld,
                _("een woord van %(lengte)s tekens, hoogstens %(grens)s", lengte=len(woord), grens=grens),
                woord[:80],
            )
    return woorden


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
