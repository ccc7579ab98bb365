"""Websites, e-mail addresses and phone numbers as people write them, written one way.

The import and the editor both call these, so a value the import accepts is
one the editor saves again unchanged (``www.buurthuis.nl`` used to import, be
hidden from popups, and then block saving in the editor).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import phonenumbers

from .fouten import VeldFout

#: A host name with at least one dot and a top-level domain of letters (buurthuis.nl, www.x.amsterdam).
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@([^@\s<>()\[\],;:\"]+)$")


def normaliseer_website(waarde: str | None) -> str | None:
    """A web address as a full ``https://`` URL; ``www.x.nl`` and ``x.nl/pad`` gain ``https://``.

    Raises
    ------
    VeldFout
        When the value is not a web address (an e-mail address, a sentence, ``javascript:``).
    """
    tekst = (waarde or "").strip().strip("<>").strip()
    if not tekst:
        return None
    if "@" in tekst and "/" not in tekst:
        raise VeldFout("website", "dit lijkt een e-mailadres, geen website", waarde)
    if not re.match(r"^[a-z][a-z0-9+.-]*://", tekst, re.IGNORECASE):
        if ":" in tekst.split("/", 1)[0] or " " in tekst:
            raise VeldFout("website", "geen webadres (begin met https:// of www.)", waarde)
        tekst = "https://" + tekst
    delen = urlsplit(tekst)
    if delen.scheme.lower() not in ("http", "https") or not _HOST.match(delen.hostname or "") or " " in tekst:
        raise VeldFout("website", "geen webadres (begin met https:// of www.)", waarde)
    # Scheme and host in lower case; the path as written (it may be case-sensitive).
    return delen._replace(scheme=delen.scheme.lower(), netloc=delen.netloc.lower()).geturl()


def normaliseer_email(waarde: str | None) -> str | None:
    """An e-mail address without ``mailto:`` or spaces, its domain in lower case.

    Raises
    ------
    VeldFout
        When the value is not an e-mail address.
    """
    tekst = (waarde or "").strip().strip("<>").strip()
    if tekst.lower().startswith("mailto:"):
        tekst = tekst[7:].strip()
    if not tekst:
        return None
    m = _EMAIL.match(tekst)
    if not m or not _HOST.match(m.group(1)):
        raise VeldFout("email", "geen e-mailadres", waarde)
    lokaal, domein = tekst.rsplit("@", 1)
    return f"{lokaal}@{domein.lower()}"


def normaliseer_telefoon(waarde: str | None) -> str | None:
    """A phone number as the Netherlands writes it: ``020 123 4567``, ``06 12345678``, ``0800 1234``.

    Numbers abroad keep their country code (``+32 2 123 45 67``). Text
    around a number ("tel. 020-1234567 (ma-vr)") is allowed; a value with no
    valid number in it is refused.

    Raises
    ------
    VeldFout
        When no valid phone number can be read.
    """
    tekst = (waarde or "").strip()
    if not tekst:
        return None
    try:
        # A number written with 0031 or +31 is read the same as one starting with 0.
        nummer = phonenumbers.parse(re.sub(r"^\s*00", "+", tekst), "NL")
    except phonenumbers.NumberParseException:
        nummer = None
    if nummer is None or not phonenumbers.is_valid_number(nummer):
        gevonden = [m.number for m in phonenumbers.PhoneNumberMatcher(tekst, "NL")]
        if len(gevonden) != 1:
            raise VeldFout("telefoon", "geen geldig telefoonnummer", waarde)
        nummer = gevonden[0]
    if nummer.country_code == 31:
        return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
