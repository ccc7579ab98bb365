"""The controlled words of the aanbod model, in one place (documented in ``docs/aanbod.md``)."""

from __future__ import annotations

#: Kinds of aanbod (HSDS service). ``inloopspreekuur`` has a layer of its own.
SOORTEN_AANBOD = {
    "activiteit": "activiteit",
    "bewonersinitiatief": "bewonersinitiatief",
    "inloopspreekuur": "inloopspreekuur",
    "ontmoetingsplek": "ontmoetingsplek",
    "cursus": "cursus of les",
    "hulp_en_advies": "hulp en advies",
    "vrijwilligerswerk": "vrijwilligerswerk",
    "overig_aanbod": "overig aanbod",
}

#: Kinds of locatie (HSDS location_type).
SOORTEN_LOCATIE = {
    "buurthuis": "buurthuis",
    "wijkcentrum": "wijkcentrum",
    "buurtkamer": "buurtkamer",
    "bibliotheek": "bibliotheek",
    "jongerencentrum": "jongerencentrum",
    "speeltuingebouw": "speeltuingebouw",
    "kinderboerderij": "kinderboerderij",
    "buurtteamlocatie": "buurtteamlocatie",
    "ouder_kindteam": "ouder- en kindteam",
    "gebedshuis": "gebedshuis",
    "zorglocatie": "zorglocatie",
    "sportaccommodatie": "sportaccommodatie",
    "winkel": "winkel",
    "overige_locatie": "overige locatie",
}

#: Kinds of aanbod that are collective by default (others default to individueel).
STANDAARD_COLLECTIEF = {"activiteit", "bewonersinitiatief", "ontmoetingsplek", "cursus", "vrijwilligerswerk"}

STATUSSEN = {
    "actief": "actief",
    "tijdelijk_gesloten": "tijdelijk gesloten",
    "gestopt": "gestopt",
}

#: How precisely a point is known: rooftop address, postcode area, town, or placed by hand.
PRECISIES = ("adres", "postcode", "woonplaats", "handmatig")

#: The three map layers and which aanbod soorten they show.
LAGEN = ("locaties", "aanbod", "inloopspreekuren")


def normaliseer_woord(waarde: str) -> str:
    """Return a vocabulary key for ``waarde``: lower case, spaces and dashes to underscores."""
    return "_".join(waarde.strip().lower().replace("-", " ").split())
