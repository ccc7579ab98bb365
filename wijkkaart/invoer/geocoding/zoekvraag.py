"""What a resident types in the finder (a postcode, or street, number and place), as a question for the geocoders."""

from __future__ import annotations

import re

from ...kern.fouten import WijkkaartFout
from ...kern.taal import gettext as _
from .basis import Adresvraag

_POSTCODE = re.compile(
    r"^\s*(?P<pc>[1-9]\d{3})\s*(?P<letters>[A-Za-z]{2})?(?:\s*[, ]\s*(?P<nr>\d+)\s*(?P<toev>[A-Za-z0-9-]*))?\s*$"
)
_ADRES = re.compile(r"^\s*(?P<straat>[^\d,]+?)\s+(?P<nr>\d+)\s*(?P<toev>[A-Za-z]?)\s*,?\s*(?P<plaats>[^\d,]*?)\s*$")


def uitleg() -> str:
    """What a resident can type, in the active language."""
    return _(
        "Typ een postcode (zoals 2011 AB, met of zonder huisnummer) of straat, huisnummer en plaats "
        "(zoals Grote Markt 2, Haarlem)."
    )


class PlekNietGevonden(WijkkaartFout):
    """The search text is no postcode or address, or no geocoder knows it; the message says what to try."""

    http_status = 404


def lees_zoekvraag(tekst: str) -> Adresvraag:
    """Turn what a resident typed into a question the geocoders understand.

    Raises
    ------
    PlekNietGevonden
        When the text is neither a postcode nor "straat huisnummer[, plaats]".
    """
    tekst = (tekst or "").strip()
    m = _POSTCODE.match(tekst)
    if m:
        postcode = m["pc"] + (m["letters"] or "").upper()
        huisnummer = (m["nr"] or "") + (m["toev"] or "") or None
        return Adresvraag(postcode=postcode, huisnummer=huisnummer)
    m = _ADRES.match(tekst)
    if m and m["straat"].strip():
        return Adresvraag(
            straat=m["straat"].strip(), huisnummer=m["nr"] + (m["toev"] or ""), plaats=m["plaats"].strip() or None
        )
    if not tekst:
        raise PlekNietGevonden(_("Vul een postcode of adres in.") + " " + uitleg())
    raise PlekNietGevonden(_("“%(tekst)s” is geen postcode of adres.", tekst=tekst) + " " + uitleg())
