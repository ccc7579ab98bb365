"""CBS region codes and levels: the one place their patterns are written.

A gemeente is ``GM`` and four digits (``GM0392``); a wijk adds two characters
(``WK039201``), a buurt two more (``BU03920101``). Since 2022 Amsterdam uses
letters in its wijk and buurt parts (``WK0363AA``), so those parts are
``[0-9A-Z]``.
"""

from __future__ import annotations

import re

from .fouten import InvoerFout, OngeldigeVraag, WijkkaartFout
from .taal import N_
from .taal import gettext as _

NIVEAUS = ("gemeente", "wijk", "buurt")
#: Names of the levels, singular and plural (Dutch source, translated where shown).
ENKELVOUD = {"gemeente": N_("gemeente"), "wijk": N_("wijk"), "buurt": N_("buurt")}
MEERVOUD = {"gemeente": N_("gemeenten"), "wijk": N_("wijken"), "buurt": N_("buurten")}

PATROON = {
    "gemeente": re.compile(r"^GM\d{4}$"),
    "wijk": re.compile(r"^WK\d{4}[0-9A-Z]{2}$"),
    "buurt": re.compile(r"^BU\d{4}[0-9A-Z]{4}$"),
}
#: The level a code's prefix names (PDOK's ``statcode`` holds all three).
PREFIX_NIVEAU = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
#: An example of each level's code, for messages.
VOORBEELD = {"gemeente": "GM0392", "wijk": "WK039201", "buurt": "BU03920101"}
#: What each level's code is called in messages.
CODENAAM = {"gemeente": N_("gemeentecode"), "wijk": N_("wijkcode"), "buurt": N_("buurtcode")}


def is_code(code: str, niveau: str | None = None) -> bool:
    """True when ``code`` is a valid code of ``niveau`` (of any level when None)."""
    niveaus = (niveau,) if niveau else NIVEAUS
    return any(PATROON[n].match(code or "") for n in niveaus)


def gemeente_van(code: str) -> str:
    """The gemeentecode a code lies in (``BU03920101`` → ``GM0392``; a gemeente code gives itself)."""
    return "GM" + code[2:6]


def wijk_van(code: str) -> str:
    """The wijkcode a buurt code lies in (``BU03920101`` → ``WK039201``)."""
    return "WK" + code[2:8]


def controleer(code: str, niveau: str, fout: type[WijkkaartFout] = OngeldigeVraag) -> str:
    """Return ``code`` stripped and upper-cased when it is a code of ``niveau``.

    Raises
    ------
    OngeldigeVraag
        Or ``fout`` (a page for a malformed code in its path does not exist: :class:`BestaatNiet`),
        in the active language, naming the expected form (``GM0392``).
    """
    schoon = (code or "").strip().upper()
    if not PATROON[niveau].match(schoon):
        raise fout(
            _(
                "%(code)s is geen %(soort)s (bijvoorbeeld %(voorbeeld)s).",
                code=schoon,
                soort=_(CODENAAM[niveau]),
                voorbeeld=VOORBEELD[niveau],
            )
        )
    return schoon


def gebiedscode(code: str, fout: type[WijkkaartFout] = OngeldigeVraag) -> str:
    """``code`` checked as a gemeente, wijk or buurt code (stripped, upper-cased); its level is its prefix.

    Raises
    ------
    OngeldigeVraag
        Or ``fout``, for anything else, naming the three forms.
    """
    schoon = (code or "").strip().upper()
    niveau = PREFIX_NIVEAU.get(schoon[:2])
    if niveau is None or not is_code(schoon, niveau):
        raise fout(
            _(
                "%(code)s is geen gebiedscode; verwacht een gemeente (%(gm)s), wijk (%(wk)s) of buurt (%(bu)s)",
                code=code,
                gm=VOORBEELD["gemeente"],
                wk=VOORBEELD["wijk"],
                bu=VOORBEELD["buurt"],
            )
        )
    return schoon


def normaliseer_gemeentecode(code: str) -> str:
    """Return ``GM0392`` for ``GM0392``, ``gm0392``, ``0392`` or ``392``; raise otherwise."""
    text = str(code).strip().upper()
    if text.startswith("GM"):
        text = text[2:]
    if not text.isdigit() or len(text) > 4:
        raise InvoerFout("--gemeente", f"{code!r} is geen gemeentecode (verwacht bijvoorbeeld GM0392)")
    return "GM" + text.zfill(4)
