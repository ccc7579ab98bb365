"""When two records are probably the same aanbod, and when a "name" is a heading copied from a document.

Used by the import (within a file and against the database) and by the
editor ("mogelijk dubbel met …"). Names are compared with rapidfuzz after
normalising case, accents, punctuation and spaces, so "Buurthuis De Til",
"Buurthuis de Til " and "Buurthuis-De Til" are the same name.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from rapidfuzz import fuzz

#: Two names at most this many metres apart, at least this similar (0–100), are probably one aanbod.
AFSTAND_M = 50.0
GELIJKENIS = 90.0

#: "12. Welzijn", "1.2 Buurthuizen", "IV) Zorg", "B. Ontmoeting"; not "3 Oktober Vereniging" (no punctuation).
_KOP = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|[IVXLC]{1,6}[.)]|[A-Z][.)])\s+\S")


def naam_sleutel(naam: str | None) -> str:
    """A name without case, accents, punctuation or repeated spaces ("Buurthuis-De Til!" → "buurthuis de til")."""
    tekst = unicodedata.normalize("NFKD", naam or "")
    tekst = "".join(t for t in tekst if not unicodedata.combining(t)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", tekst).split())


def lijkt_op(a: str | None, b: str | None) -> bool:
    """True when two names are equal or nearly so (one typo, a word more or less in a long name)."""
    sa, sb = naam_sleutel(a), naam_sleutel(b)
    if not sa or not sb:
        return False
    if sa.replace(" ", "") == sb.replace(" ", ""):
        return True
    # "Activiteit 1" and "Activiteit 11", "Groep 3" and "Groep 4" are different things, however alike.
    if re.findall(r"\d+", sa) != re.findall(r"\d+", sb):
        return False
    return fuzz.token_sort_ratio(sa, sb) >= GELIJKENIS


def website_sleutel(url: str | None) -> str | None:
    """A website without scheme, ``www.``, query or trailing slash; None for no website or a social-media home."""
    if not url:
        return None
    delen = urlsplit(url if "://" in url else "https://" + url)
    host = (delen.hostname or "").removeprefix("www.")
    if not host:
        return None
    pad = delen.path.rstrip("/")
    # A link to facebook.com or instagram.com alone says nothing about which initiative it is.
    if not pad and host in ("facebook.com", "instagram.com", "linkedin.com", "x.com", "twitter.com"):
        return None
    return host + pad.lower()


def telefoon_sleutel(telefoon: str | None) -> str | None:
    """The digits of a phone number (at least 8 of them), so "020 123 4567" and "020-1234567" match."""
    cijfers = re.sub(r"\D", "", telefoon or "")
    if cijfers.startswith("31") and len(cijfers) == 11:
        cijfers = "0" + cijfers[2:]
    return cijfers if len(cijfers) >= 8 else None


def lijkt_kop(naam: str | None, heeft_adres: bool) -> bool:
    """True for a name that looks like a heading copied from a document: numbered ("12. Welzijn") and no address."""
    return bool(naam) and not heeft_adres and bool(_KOP.match(naam))
