"""Addresses as people write them in one cell, and the words that say an aanbod has no fixed place.

``"Straatnaam 57, 1234 AB Plaats"``, "Kerkstraat 12 A" over two lines with "2011 AB Haarlem" and
``"Wijkcentrum De Til, Kerkstraat 12, Haarlem"`` are split into street,
house number (with its addition), postcode and plaats. ``"Landelijk (geen
vast adres)"``, ``"Meerdere locaties"``, ``"Online"`` or ``"Bij u thuis"``
are no address at all: such aanbod gets a *werkgebied* instead of a point
(``docs/aanbod.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words that say an aanbod has no fixed place, as found in real exports (docs/aanbod.md lists them).
GEEN_VASTE_PLEK = (
    "geen vast adres",
    "geen vaste locatie",
    "geen vaste plek",
    "geen bezoekadres",
    "meerdere locaties",
    "diverse locaties",
    "verschillende locaties",
    "wisselende locaties",
    "wisselende locatie",
    "op verschillende plekken",
    "op locatie",
    "op afspraak",
    "bij u thuis",
    "bij jou thuis",
    "aan huis",
    "huisbezoek",
    "thuis",
    "online",
    "digitaal",
    "telefonisch",
    "landelijk",
    "regionaal",
    "in de hele gemeente",
    "in de wijk",
    "in heel",
)

_POSTCODE = re.compile(r"(?<![\d])([1-9]\d{3})\s?([A-Za-z]{2})(?![A-Za-z])")
#: What may follow a house number: a letter, "bis", "hs", "-2", "rood", "zw", "1hg" (spaces allowed).
_TOEVOEGING = re.compile(r"^(?:[A-Za-z]{1,2}|bis|hs|huis|rood|zw|[-/]\s*\w{1,4}|\d{1,3}(?:hg|h|e|de|ste))$", re.I)


@dataclass(frozen=True)
class Adres:
    """An address read from one cell; every part may be missing."""

    straat: str | None = None
    huisnummer: str | None = None
    postcode: str | None = None
    plaats: str | None = None
    #: The words that said there is no fixed place ("meerdere locaties"), or None for an address.
    zonder_vaste_plek: str | None = None


def geen_vaste_plek(tekst: str | None) -> str | None:
    """The phrase in ``tekst`` that says there is no fixed place, or None (also when a house number is given)."""
    if not tekst:
        return None
    schoon = " ".join(re.sub(r"[()\[\]]", " ", tekst).lower().split())
    if _POSTCODE.search(tekst) or re.search(r"[a-z]{3,}\.?\s+\d+", schoon):
        return None  # "Kerkstraat 12 (op afspraak)" has an address
    for woorden in GEEN_VASTE_PLEK:
        if re.search(rf"(?<!\w){re.escape(woorden)}(?!\w)", schoon):
            return woorden
    return None


def lees_adres(tekst: str | None) -> Adres:
    """Split an address cell into its parts; recognise words for no fixed place.

    A line break counts as a comma. The part with the house number is the
    street; parts after it are the plaats (after a postcode: the plaats that
    follows it); parts before it are a building's name and are left out.
    """
    if not tekst or not tekst.strip():
        return Adres()
    zonder = geen_vaste_plek(tekst)
    if zonder:
        # "Diverse locaties in Groningen": the place after "in" is a hint for the werkgebied.
        m = re.search(r"\bin\s+(?:heel\s+|de\s+gemeente\s+)?([A-Z][\w' -]+?)\s*(?:[,.()]|$)", tekst)
        return Adres(plaats=m.group(1).strip() if m else None, zonder_vaste_plek=zonder)
    # "(ingang achterzijde)", "(op afspraak)": remarks, not parts of the address.
    tekst = re.sub(r"\([^)]*\)", " ", tekst)
    delen = [d.strip() for d in re.split(r"[,\n\r;]+", tekst) if d.strip()]
    postcode = plaats = None
    rest = []
    for deel in delen:
        m = _POSTCODE.search(deel)
        if m and postcode is None and (m.group(2).isupper() or m.start() == 0):
            postcode = f"{m.group(1)}{m.group(2).upper()}"
            voor, na = deel[: m.start()].strip(), deel[m.end() :].strip()
            if na:
                plaats = na
            if voor:
                rest.append(voor)
        else:
            rest.append(deel)
    straat = huisnummer = None
    straat_index = next((i for i, d in enumerate(rest) if re.search(r"\D\s*\d", d) or re.match(r"^\d", d)), None)
    if straat_index is not None:
        straat, huisnummer, na = _straat_en_nummer(rest[straat_index])
        plaats = plaats or na or (rest[straat_index + 1] if straat_index + 1 < len(rest) else None)
    elif rest:
        # "Osdorpplein, Amsterdam": a street without a number, then the plaats.
        straat = rest[0]
        plaats = plaats or (rest[1] if len(rest) > 1 else None)
    if straat and straat.lower() in ("postbus", "antwoordnummer"):
        straat = huisnummer = None  # a postal address: only its postcode and plaats say where
    return Adres(straat, huisnummer, postcode, plaats)


def _straat_en_nummer(deel: str) -> tuple[str | None, str | None, str | None]:
    """("Kerkstraat", "12 A", None) from "Kerkstraat 12 A"; a word after the number that is no addition is the plaats."""
    woorden = deel.split()
    index = max((i for i, w in enumerate(woorden) if w[0].isdigit() and i > 0), default=None)
    if index is None:
        return deel, None, None
    nummer = [woorden[index]]
    na = woorden[index + 1 :]
    while na and _TOEVOEGING.match(na[0]) and not (len(na[0]) > 2 and na[0][0].isupper() and na[0].isalpha()):
        nummer.append(na.pop(0))
    straat = " ".join(woorden[:index]).rstrip(" ,") or None
    return straat, " ".join(nummer), " ".join(na) or None
