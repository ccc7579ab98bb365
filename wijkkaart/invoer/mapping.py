"""Column mapping for ``import-aanbod``: a documented default, overridable by a TOML file.

Every input row is turned into the canonical fields of :data:`VELDEN`. The
default mapping recognises the canonical names and common aliases (HSDS and
OSM names among them). A mapping file (TOML, see ``docs/aanbod.md`` and the
examples in ``data/mapping/``) can name the source columns, fix constant
values, translate source values, set values by simple rules and exclude rows;
excluded rows are reported, never dropped silently.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..kern.fouten import InvoerFout
from ..kern.vocabulaire import normaliseer_woord

#: Canonical fields with their description (the documentation table is checked against this).
VELDEN: dict[str, str] = {
    "bron": "bron van het record (standaard --bron of de bestandsnaam)",
    "extern_id": "id van het record in de bron (samen met bron de upsert-sleutel; zonder id-kolom: uit naam en adres)",
    "naam": "naam van het aanbod of de locatie (verplicht; anders de organisatie)",
    "soort": "soort aanbod (activiteit, inloopspreekuur, …) of soort locatie (buurthuis, …); herkend uit trefwoorden",
    "categorie": "rubriek of categorie in de bron: helpt de soort herkennen als die ontbreekt of onbekend is",
    "beschrijving": "omschrijving",
    "themas": "thema's, gescheiden door ; of ,",
    "doelgroepen": "doelgroepen, gescheiden door ; of ,",
    "doelgroep_omschrijving": "voor wie, in vrije tekst",
    "trefwoorden": "andere trefwoorden, vrije tekst (thema-woorden die in geen thema van de lijst passen komen hier)",
    "toegang": "hoe je meedoet (inloop, op afspraak, …), vrije tekst",
    "collectief": "ja/nee: collectief (groep) of individueel aanbod",
    "kosten": "kosten, vrije tekst (bv. gratis)",
    "status": "actief, tijdelijk gesloten of gestopt (ook published, active, closed, inactief, opgeheven, …)",
    "laatst_geverifieerd": "datum van de laatste controle (JJJJ-MM-DD of DD-MM-JJJJ)",
    "website": "website",
    "telefoon": "telefoonnummer",
    "email": "e-mailadres",
    "contact_openbaar": "ja/nee: telefoon en e-mail mogen openbaar (anders ziet alleen wie bewerkt ze)",
    "organisatie": "naam van de organisatie of het bewonersinitiatief",
    "organisatie_kvk": "KvK-nummer (niet nodig voor een bewonersinitiatief)",
    "organisatie_website": "website van de organisatie",
    "locatie_id": "id van de locatie in de bron (standaard afgeleid van het adres of extern_id)",
    "locatie_naam": "naam van het gebouw of de plek",
    "locatie_soort": "soort locatie van het aanbod (buurthuis, bibliotheek, …)",
    "straat": "straatnaam",
    "huisnummer": "huisnummer met toevoeging",
    "adres": "straat en huisnummer in één veld (als straat/huisnummer ontbreken)",
    "postcode": "postcode (1234AB)",
    "plaats": "woonplaats",
    "bag_id": "BAG-nummeraanduiding-id (16 cijfers)",
    "zonder_vaste_plek": "woorden voor aanbod zonder vaste plek (online, meerdere locaties, bij u thuis); ook herkend in het adres",
    "werkgebied": "voor aanbod zonder vaste plek: gemeenten, wijken of buurten (namen of CBS-codes), gescheiden door ;",
    "adres_verbergen": "ja/nee: toon het adres alleen als buurt",
    "lat": "breedtegraad (WGS84)",
    "lon": "lengtegraad (WGS84)",
    "x": "RD-x (EPSG:28992)",
    "y": "RD-y (EPSG:28992)",
    "precisie": "precisie van het punt (adres, postcode, woonplaats, handmatig)",
    "geocoder": "hoe het punt gevonden is",
    "openingstijden": "OSM opening_hours (bv. Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off) of vrije tekst",
    "openingstijden_week": "zeven tijden ma–zo (HH:MM-HH:MM, leeg = dicht), als lijst in JSON/GeoJSON",
    "openingstijden_afgeleid_uit": "de tekst waaruit de openingstijden gelezen zijn, zolang niemand ze bevestigde",
    "voorbeeld": "ja als het een verzonnen voorbeeldrecord is (de kaart zegt dat erbij)",
}

#: Aliases the default mapping recognises, after normalising (lower case, _ for spaces).
ALIASSEN: dict[str, tuple[str, ...]] = {
    "extern_id": ("id", "external_id", "externid", "@id", "osm_id"),
    "naam": ("name", "titel", "title", "naam_aanbod", "naam_activiteit"),
    "soort": ("type", "soort_aanbod", "soort_locatie", "aanbodtype"),
    "categorie": ("category", "rubriek", "domein", "sector", "hoofdcategorie", "subcategorie"),
    "beschrijving": ("description", "omschrijving", "toelichting", "tekst", "info", "informatie"),
    "themas": ("thema", "thema's", "themes", "tags"),
    "doelgroepen": ("doelgroep", "audience_tags"),
    "doelgroep_omschrijving": ("audience", "voor_wie"),
    "toegang": ("access", "aanmelden", "aanmelding", "toegankelijkheid"),
    "kosten": ("costs", "fees", "fees_description", "prijs", "tarief", "bijdrage"),
    "laatst_geverifieerd": ("checked", "geverifieerd", "last_verified", "laatst_gecontroleerd", "bijgewerkt"),
    "website": ("url", "contact:website", "site", "www", "webadres", "internet", "webpagina"),
    "telefoon": ("phone", "contact:phone", "tel", "tel.", "telefoonnummer", "telnr", "telefoonnr"),
    "email": ("e-mail", "contact:email", "mail", "e-mailadres", "emailadres", "mailadres"),
    "organisatie": ("organisation", "organization", "aanbieder", "organisatie_naam", "stichting"),
    "straat": ("addr:street", "straatnaam", "street"),
    "huisnummer": ("addr:housenumber", "housenumber", "huisnr", "nr", "nummer_adres"),
    "postcode": ("addr:postcode", "postal_code", "zip", "pc6"),
    "plaats": ("addr:city", "woonplaats", "city", "town", "plaatsnaam", "gemeente", "kern", "dorp"),
    "adres": ("address", "address_1", "straat_en_huisnummer", "bezoekadres", "locatie_adres", "vestigingsadres"),
    "bag_id": ("bagid", "nummeraanduiding_id", "ref:bag"),
    "werkgebied": ("werkgebieden", "service_area", "service_areas", "verzorgingsgebied", "regio", "voor_wijk"),
    "lat": ("latitude", "breedtegraad", "y_wgs84", "lat_wgs84"),
    "lon": ("lng", "longitude", "lengtegraad", "long", "x_wgs84", "lon_wgs84"),
    "x": ("rd_x", "x_rd", "xcoord"),
    "y": ("rd_y", "y_rd", "ycoord"),
    "openingstijden": (
        "opening_hours",
        "openinghours",
        "openingsuren",
        "tijden",
        "openingstijd",
        "inlooptijden",
        "wanneer",
        "wanneer_open",
        "geopend",
        "dagen_en_tijden",
        "tijdstip",
    ),
    "openingstijden_week": ("hours",),
}


def documentatietabel() -> str:
    """The canonical fields with their recognised column names as a Markdown table (``docs/aanbod.md``)."""
    regels = ["| field | meaning | also recognised |", "|---|---|---|"]
    for veld, uitleg in VELDEN.items():
        aliassen = ", ".join(f"`{a}`" for a in ALIASSEN.get(veld, ()))
        regels.append(f"| `{veld}` | {uitleg} | {aliassen} |")
    return "\n".join(regels)


@dataclass
class Regel:
    """Set fields when a source column equals, or starts with, a value."""

    kolom: str
    zet: dict[str, str]
    gelijk: str | None = None
    begint_met: str | None = None

    def past(self, rij: dict) -> bool:
        """True when the rule's column in ``rij`` equals, or starts with, the rule's value."""
        waarde = rij.get(self.kolom)
        if waarde is None:
            return False
        waarde = str(waarde)
        if self.gelijk is not None and waarde != self.gelijk:
            return False
        return self.begint_met is None or waarde.startswith(self.begint_met)


@dataclass
class Mapping:
    """How a file's columns become canonical fields.

    Attributes
    ----------
    bron : str or None
        Source name for the upsert key when the file has no ``bron`` column.
    kolommen : dict
        Canonical field → source column (explicit; wins over the default aliases).
    vast : dict
        Canonical field → constant value, used when the row has no value.
    waarden : dict
        Canonical field → {source value → canonical value}. A canonical value of
        ``false`` excludes the row (reported as "uitgesloten door mapping").
    regels : list of Regel
        Applied in order after the column mapping.
    """

    bron: str | None = None
    kolommen: dict[str, str] = field(default_factory=dict)
    vast: dict[str, object] = field(default_factory=dict)
    waarden: dict[str, dict[str, object]] = field(default_factory=dict)
    regels: list[Regel] = field(default_factory=list)
    bestand: str | None = None

    def kolom_voor(self, kolommen: list[str]) -> dict[str, str]:
        """Return canonical field → source column for a file with ``kolommen``."""
        gevonden: dict[str, str] = {}
        # A column the mapping file assigns explicitly is not also used through an alias.
        expliciet = set(self.kolommen.values())
        genormaliseerd = {normaliseer_woord(k): k for k in kolommen if k not in expliciet}
        for veld in VELDEN:
            if veld in self.kolommen:
                if self.kolommen[veld] in kolommen:
                    gevonden[veld] = self.kolommen[veld]
                continue
            for kandidaat in (veld, *ALIASSEN.get(veld, ())):
                kandidaat = normaliseer_woord(kandidaat)
                if kandidaat in genormaliseerd and genormaliseerd[kandidaat] not in gevonden.values():
                    gevonden[veld] = genormaliseerd[kandidaat]
                    break
        return gevonden

    def ontbrekende_kolommen(self, kolommen: list[str]) -> list[str]:
        """Return source columns the mapping file names that the file lacks."""
        # "" is a field deliberately not read (the browser import's "niet gebruiken").
        return [bron for bron in self.kolommen.values() if bron and bron not in kolommen]


def laad_mapping(pad: str | Path | None) -> Mapping:
    """Read a TOML mapping file, or return the default mapping for ``None``.

    Raises
    ------
    InvoerFout
        When the file is missing, is not TOML, or names unknown fields.
    """
    if pad is None:
        return Mapping()
    pad = Path(pad)
    if not pad.exists():
        raise InvoerFout(str(pad), "mappingbestand bestaat niet")
    try:
        data = tomllib.loads(pad.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvoerFout(str(pad), f"geen geldig TOML-bestand: {exc}") from exc
    onbekend = sorted(
        veld for sectie in ("kolommen", "vast", "waarden") for veld in data.get(sectie, {}) if veld not in VELDEN
    )
    if onbekend:
        raise InvoerFout(str(pad), f"onbekende velden in de mapping: {', '.join(onbekend)}; zie docs/aanbod.md")
    regels = []
    for i, regel in enumerate(data.get("regels", []), start=1):
        if "kolom" not in regel or "zet" not in regel:
            raise InvoerFout(str(pad), f"regel {i} mist 'kolom' of 'zet'")
        regels.append(Regel(regel["kolom"], dict(regel["zet"]), regel.get("gelijk"), regel.get("begint_met")))
    return Mapping(
        bron=data.get("bron"),
        kolommen=dict(data.get("kolommen", {})),
        vast=dict(data.get("vast", {})),
        waarden={k: dict(v) for k, v in data.get("waarden", {}).items()},
        regels=regels,
        bestand=str(pad),
    )
