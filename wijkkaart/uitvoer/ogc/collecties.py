"""The collections wijkkaart serves over OGC API Features, and the JSON types of their properties."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from ...kern.kerncijfers import BY_NAAM
from ...kern.taal import N_, gettext
from ..gatentabel import KOPPEN


@dataclass(frozen=True)
class Collectie:
    """One collection: its id in the URL, title and description (translated when shown), geometry kind."""

    id: str
    titel: str
    beschrijving: str
    #: ``point`` or ``polygon``: the queryables' geometry format (``geometry-point``, ``geometry-multipolygon``).
    geometrie: str


COLLECTIES = {
    c.id: c
    for c in (
        Collectie(
            "gemeenten",
            N_("Gemeenten"),
            N_("CBS-gemeentegrenzen (nieuwste jaargang, alleen land) met kerncijfers en hun jaar."),
            "multipolygon",
        ),
        Collectie(
            "wijken",
            N_("Wijken"),
            N_("CBS-wijkgrenzen (nieuwste jaargang per gemeente, alleen land) met kerncijfers en hun jaar."),
            "multipolygon",
        ),
        Collectie(
            "buurten",
            N_("Buurten"),
            N_("CBS-buurtgrenzen (nieuwste jaargang per gemeente, alleen land) met kerncijfers en hun jaar."),
            "multipolygon",
        ),
        Collectie(
            "locaties",
            N_("Locaties"),
            N_(
                "Buurthuizen, wijkcentra, bibliotheken en andere plekken. Een verborgen adres staat op een punt "
                "in de buurt en zonder straat."
            ),
            "point",
        ),
        Collectie(
            "aanbod",
            N_("Aanbod"),
            N_(
                "Collectief aanbod (activiteiten, initiatieven, inloopspreekuren), één object per aanbod per "
                "locatie, met openingstijden in OSM-notatie. Contactgegevens alleen met toestemming."
            ),
            "point",
        ),
        Collectie(
            "gaten",
            N_("Gaten"),
            N_(
                "De gatscore per buurt met de standaardinstellingen van de methode: behoefte, bereik, "
                "dekking per dagdeel en de uitleg in woorden."
            ),
            "multipolygon",
        ),
    )
}


def json_type(reeks: pd.Series) -> dict | None:
    """The JSON Schema of a column's values, or None when they are neither one scalar type nor a list of text."""
    if pd.api.types.is_bool_dtype(reeks):
        return {"type": "boolean"}
    if pd.api.types.is_integer_dtype(reeks):
        return {"type": "integer"}
    if pd.api.types.is_float_dtype(reeks):
        waarden = reeks.dropna()
        geheel = len(waarden) and bool((waarden == waarden.round()).all()) and reeks.name in GEHELE_GETALLEN
        return {"type": "integer" if geheel else "number"}
    soorten = {type(w) for w in reeks.dropna()}
    if soorten <= {str}:
        return {"type": "string"}
    if soorten == {bool}:
        return {"type": "boolean"}
    if soorten == {list}:
        return {"type": "array", "items": {"type": "string"}}
    return None


#: Columns that hold whole numbers even when a missing value makes pandas store them as floats.
GEHELE_GETALLEN = frozenset({"jaar", "kerncijfers_jaar", "rang", "aantal_aanbod", "locatie_id", "aanbod_id"})


def queryables(eigenschappen: dict[str, dict]) -> dict[str, dict]:
    """The properties a filter or an equality parameter may name: every one but lists."""
    return {naam: schema for naam, schema in eigenschappen.items() if schema.get("type") != "array"}


def eigenschappen(frame: gpd.GeoDataFrame) -> dict[str, dict]:
    """The JSON Schema of each property of a collection's frame, in column order (geometry left out)."""
    uit = {}
    for kolom in frame.columns:
        if kolom == frame.geometry.name:
            continue
        schema = json_type(frame[kolom])
        if schema is not None:
            uit[kolom] = schema
    return uit


#: How the HTML pages name the properties (the JSON keeps the machine names).
VELDLABELS = {
    "code": N_("Code"),
    "naam": N_("Naam"),
    "niveau": N_("Niveau"),
    "jaar": N_("Jaargang grenzen"),
    "kerncijfers_jaar": N_("Jaar kerncijfers"),
    "gemeentecode": N_("Gemeentecode"),
    "wijkcode": N_("Wijkcode"),
    "buurtcode": N_("Buurtcode"),
    "buurtnaam": N_("Buurt"),
    "locatie_id": N_("Locatienummer"),
    "aanbod_id": N_("Aanbodnummer"),
    "locatie_naam": N_("Locatie"),
    "soort": N_("Soort"),
    "beschrijving": N_("Beschrijving"),
    "themas": N_("Thema's"),
    "doelgroepen": N_("Doelgroepen"),
    "doelgroep_omschrijving": N_("Voor wie"),
    "trefwoorden": N_("Trefwoorden"),
    "toegang": N_("Toegang"),
    "kosten": N_("Kosten"),
    "collectief": N_("Collectief"),
    "status": N_("Status"),
    "laatst_geverifieerd": N_("Laatst gecontroleerd"),
    "website": N_("Website"),
    "organisatie": N_("Organisatie"),
    "telefoon": N_("Telefoon"),
    "email": N_("E-mail"),
    "adres": N_("Adres"),
    "adres_verborgen": N_("Adres verborgen"),
    "precisie": N_("Precisie van de plek"),
    "aantal_aanbod": N_("Aanbod op deze plek"),
    "voorbeeld": N_("Voorbeeldgegevens"),
    "bron": N_("Bron"),
    "openingstijden": N_("Openingstijden (OSM)"),
    "openingstijden_leesbaar": N_("Openingstijden"),
    "openingstijden_tekst": N_("Openingstijden zoals aangeleverd"),
    "openingstijden_afgeleid_uit": N_("Openingstijden afgeleid uit"),
    "peildatum": N_("Peildatum"),
}


def veldlabel(naam: str) -> str:
    """A property's name as the HTML pages show it, in the active language (the name itself when unknown)."""
    if naam in VELDLABELS:
        return gettext(VELDLABELS[naam])
    if naam in BY_NAAM:
        return BY_NAAM[naam].label
    kop = KOPPEN.get(naam)
    if kop is not None:
        return gettext(kop) if isinstance(kop, str) else kop.label
    return naam
