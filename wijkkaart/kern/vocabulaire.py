"""The controlled words of the aanbod model, in one place (documented in ``docs/aanbod.md``).

Keys are stored; labels are Dutch source text, translated with ``taal.gettext`` where shown.
"""

from __future__ import annotations

from .taal import N_

#: Kinds of aanbod (HSDS service). ``inloopspreekuur`` has a layer of its own.
SOORTEN_AANBOD = {
    "activiteit": N_("activiteit"),
    "bewonersinitiatief": N_("bewonersinitiatief"),
    "inloopspreekuur": N_("inloopspreekuur"),
    "ontmoetingsplek": N_("ontmoetingsplek"),
    "cursus": N_("cursus of les"),
    "hulp_en_advies": N_("hulp en advies"),
    "vrijwilligerswerk": N_("vrijwilligerswerk"),
    "overig_aanbod": N_("overig aanbod"),
}

#: Kinds of locatie (HSDS location_type).
SOORTEN_LOCATIE = {
    "buurthuis": N_("buurthuis"),
    "wijkcentrum": N_("wijkcentrum"),
    "buurtkamer": N_("buurtkamer"),
    "bibliotheek": N_("bibliotheek"),
    "jongerencentrum": N_("jongerencentrum"),
    "speeltuingebouw": N_("speeltuingebouw"),
    "kinderboerderij": N_("kinderboerderij"),
    "buurtteamlocatie": N_("buurtteamlocatie"),
    "ouder_kindteam": N_("ouder- en kindteam"),
    "gebedshuis": N_("gebedshuis"),
    "zorglocatie": N_("zorglocatie"),
    "sportaccommodatie": N_("sportaccommodatie"),
    "winkel": N_("winkel"),
    "overige_locatie": N_("overige locatie"),
}

#: Kinds of aanbod that are collective by default (others default to individueel).
STANDAARD_COLLECTIEF = {"activiteit", "bewonersinitiatief", "ontmoetingsplek", "cursus", "vrijwilligerswerk"}

STATUSSEN = {
    "actief": N_("actief"),
    "tijdelijk_gesloten": N_("tijdelijk gesloten"),
    "gestopt": N_("gestopt"),
}

#: Words exports use for a status, and the status they mean; a status outside this table is reported.
STATUS_SYNONIEMEN = {
    **{w: "actief" for w in ("published", "gepubliceerd", "active", "open", "live", "lopend", "ja")},
    **{w: "tijdelijk_gesloten" for w in ("gepauzeerd", "paused", "tijdelijk_dicht", "temporarily_closed")},
    **{w: "gestopt" for w in ("closed", "inactive", "inactief", "opgeheven", "beëindigd", "archived")},
}

#: What residents send in, and what becomes of it in the moderation queue.
INZENDING_SOORTEN = {"nieuw": N_("nieuw initiatief"), "correctie": N_("correctie")}
INZENDING_STATUSSEN = {
    "open": N_("open"),
    "verwerkt": N_("verwerkt"),
    "afgewezen": N_("afgewezen"),
    "spam": N_("spam"),
}
#: Fields a resident fills in, in the order the moderation page shows them.
INZENDING_VELDEN = (
    "naam",
    "beschrijving",
    "wanneer",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "website",
    "opmerking",
    "contact_naam",
    "contact_email",
    "contact_telefoon",
)

#: What happened to an item in its history; ``gewijzigd`` rows name a field.
AUDIT_ACTIES = {
    "aangemaakt": N_("aangemaakt"),
    "gewijzigd": N_("gewijzigd"),
    "gearchiveerd": N_("gearchiveerd"),
    "hersteld": N_("hersteld"),
    "geverifieerd": N_("geverifieerd"),
    "geimporteerd": N_("geïmporteerd"),
    "samengevoegd": N_("samengevoegd"),
}

#: How precisely a point is known: rooftop address, postcode area, town, placed by hand, or only
#: its buurt (a masked address in a public export).
PRECISIES = ("adres", "postcode", "woonplaats", "handmatig", "buurt")

#: Kinds of locatie residents can walk into to meet: the gap analysis counts them as ``ontmoetingsplek``.
LOCATIE_ALS_ONTMOETINGSPLEK = frozenset(
    {"buurthuis", "wijkcentrum", "buurtkamer", "bibliotheek", "jongerencentrum", "speeltuingebouw", "kinderboerderij"}
)


def normaliseer_woord(waarde: str) -> str:
    """Return a vocabulary key for ``waarde``: lower case, spaces and dashes to underscores."""
    return "_".join(waarde.strip().lower().replace("-", " ").split())
