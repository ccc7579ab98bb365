"""Turn mapped rows into validated records; every problem names its row and field.

A record describes one aanbod at one locatie, or one locatie on its own
(when its ``soort`` is a kind of locatie). Validation never touches the
database; geocoding and linking to buurten come after (:mod:`.geocoding`,
:mod:`wijkkaart.opslag.koppelen`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field

from ..kern import openingstijden, uren_tekst
from ..kern.adres import geen_vaste_plek, lees_adres
from ..kern.contact import normaliseer_email, normaliseer_telefoon, normaliseer_website
from ..kern.dubbel import lijkt_kop
from ..kern.fouten import VeldFout
from ..kern.soortherkenning import herken_soort
from ..kern.tekst import (
    LENGTES,
    controleer_lengte,
    controleer_woorden,
    normaliseer_postcode,
    schone_tekst,
    zonder_stuurtekens,
)
from ..kern.vocabulaire import (
    PRECISIES,
    SOORTEN_LOCATIE,
    STANDAARD_COLLECTIEF,
    STATUS_SYNONIEMEN,
    STATUSSEN,
    normaliseer_woord,
)
from ..kern.woorden import lees_woorden
from .lezers import Invoer
from .mapping import VELDEN, Mapping

JA = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
NEE = {"nee", "n", "no", "false", "onwaar", "0", ""}
#: How a row that was imported with a remark is reported.
GEWAARSCHUWD = "geïmporteerd, met waarschuwing"


@dataclass
class Melding:
    """One line of the import report."""

    rij: int
    veld: str
    reden: str
    gevolg: str  # "afgewezen", "uitgesloten" or "geïmporteerd, met waarschuwing"
    waarde: str = ""


@dataclass
class Record:
    """One validated row."""

    rij: int
    bron: str
    extern_id: str
    naam: str
    soort: str
    is_locatie: bool
    locatie_id: str
    locatie_naam: str | None = None
    locatie_soort: str | None = None
    beschrijving: str | None = None
    themas: list[str] = field(default_factory=list)
    doelgroepen: list[str] = field(default_factory=list)
    doelgroep_omschrijving: str | None = None
    trefwoorden: str | None = None
    toegang: str | None = None
    collectief: bool = False
    kosten: str | None = None
    status: str = "actief"
    laatst_geverifieerd: dt.date | None = None
    website: str | None = None
    telefoon: str | None = None
    email: str | None = None
    contact_openbaar: bool = False
    organisatie: str | None = None
    organisatie_kvk: str | None = None
    organisatie_website: str | None = None
    straat: str | None = None
    huisnummer: str | None = None
    postcode: str | None = None
    plaats: str | None = None
    bag_id: str | None = None
    adres_verbergen: bool = False
    lat: float | None = None
    lon: float | None = None
    x: float | None = None
    y: float | None = None
    precisie: str | None = None
    geocoder: str | None = None
    openingstijden: str | None = None
    openingstijden_tekst: str | None = None
    openingstijden_afgeleid_uit: str | None = None
    voorbeeld: bool = False
    #: The words that said the aanbod has no fixed place ("meerdere locaties"); None for a place with an address.
    zonder_vaste_plek: str | None = None
    #: Where aanbod without a fixed place is for: names or CBS codes of gemeenten, wijken or buurten.
    werkgebied: list[str] = field(default_factory=list)


def _bool(veld, waarde, standaard: bool) -> bool:
    if waarde is None:
        return standaard
    if isinstance(waarde, bool):
        return waarde
    tekst = str(waarde).strip().lower()
    if tekst in JA:
        return True
    if tekst in NEE:
        return False
    raise VeldFout(veld, "verwacht ja of nee", waarde)


def getal(veld, waarde) -> float | None:
    """A cell as a number (a decimal comma allowed), None when empty; a field error otherwise."""
    if waarde is None or waarde == "":
        return None
    try:
        getal = float(str(waarde).replace(",", ".")) if not isinstance(waarde, (int, float)) else float(waarde)
    except ValueError:
        raise VeldFout(veld, "geen getal", waarde) from None
    if math.isnan(getal):
        return None
    return getal


def _datum(veld, waarde) -> dt.date | None:
    tekst = schone_tekst(waarde)
    if tekst is None:
        return None
    for formaat in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return dt.datetime.strptime(tekst[:19] if "T" in tekst else tekst, formaat).date()
        except ValueError:
            continue
    raise VeldFout(veld, "geen datum (gebruik JJJJ-MM-DD)", waarde)


def map_rij(rij: dict, mapping: Mapping, kolom_voor: dict[str, str], canoniek: bool) -> dict:
    """Return the canonical fields of one source row (mapping, constants, rules applied)."""
    if canoniek:
        waarden = {k: rij.get(k) for k in VELDEN if k in rij}
    else:
        waarden = {veld: rij.get(kolom) for veld, kolom in kolom_voor.items()}
    for regel in mapping.regels:
        if regel.past(rij):
            waarden.update(regel.zet)
    for veld, waarde in mapping.vast.items():
        if schone_tekst(waarden.get(veld)) is None:
            waarden[veld] = waarde
    return waarden


def valideer(
    rijnummer: int, waarden: dict, mapping: Mapping, standaard_bron: str, met_id_kolom: bool = True
) -> tuple[Record | None, list[Melding]]:
    """Validate canonical ``waarden`` of one row.

    Returns
    -------
    (Record or None, list of Melding)
        ``None`` with the reason when the row is rejected or excluded;
        otherwise the record and any warnings.
    """
    meldingen: list[Melding] = []
    try:
        # Value translation first: a value mapped to false excludes the row.
        for veld, vertaling in mapping.waarden.items():
            bronwaarde = schone_tekst(waarden.get(veld))
            if bronwaarde is not None and bronwaarde in vertaling:
                nieuw = vertaling[bronwaarde]
                if nieuw is False:
                    return None, [Melding(rijnummer, veld, "uitgesloten door mapping", "uitgesloten", bronwaarde)]
                waarden[veld] = nieuw
        waarden = _zonder_stuurtekens(rijnummer, waarden, meldingen)
        record = _record(rijnummer, waarden, standaard_bron, meldingen, met_id_kolom)
        _controleer_lengtes(record)
    except VeldFout as fout:
        return None, [Melding(rijnummer, fout.veld, fout.reden, "afgewezen", fout.waarde)]
    return record, meldingen


def _zonder_stuurtekens(rijnummer: int, waarden: dict, meldingen: list[Melding]) -> dict:
    """The row's texts without control characters (NUL and the like); each field that had them is reported."""
    uit = {}
    for veld, waarde in waarden.items():
        if isinstance(waarde, str):
            waarde, gewijzigd = zonder_stuurtekens(waarde)
            if gewijzigd:
                meldingen.append(
                    Melding(
                        rijnummer,
                        veld,
                        "onzichtbare stuurtekens (zoals NUL) verwijderd",
                        GEWAARSCHUWD,
                        waarde,
                    )
                )
        uit[veld] = waarde
    return uit


def _controleer_lengtes(record: Record) -> None:
    """Every text of the record within its field's length (:data:`~wijkkaart.kern.tekst.LENGTES`)."""
    for veld in LENGTES:
        if isinstance(getattr(record, veld, None), str):
            controleer_lengte(veld, getattr(record, veld))
    for veld in ("themas", "doelgroepen"):
        controleer_woorden(veld, getattr(record, veld))


#: extern_id of a row in a file without an id column: made from its name and place (see :func:`_sleutel`).
AFGELEIDE_SLEUTEL = "naam+adres:"


def _sleutel(w, met_id_kolom: bool) -> tuple[str, str]:
    """Naam and extern_id; a file without an id column gets a key from the name and the place.

    The derived key is stable when the same export is imported again, so a
    re-import updates the same records; two rows with the same name at the same
    place get the same key and the second is reported as a duplicate.
    """
    naam = schone_tekst(w.get("naam")) or schone_tekst(w.get("organisatie"))
    if naam is None:
        raise VeldFout("naam", "geen naam in de rij (en geen organisatie om als naam te gebruiken)")
    extern_id = schone_tekst(w.get("extern_id"))
    if extern_id is None and met_id_kolom:
        raise VeldFout("extern_id", "id ontbreekt in deze rij (de sleutel voor bijwerken)")
    if extern_id is None:
        plek = [schone_tekst(w.get(v)) for v in ("postcode", "huisnummer", "adres", "straat", "plaats", "lat", "lon")]
        extern_id = AFGELEIDE_SLEUTEL + "|".join(normaliseer_woord(str(d)) for d in [naam, *plek] if d)
    return naam, extern_id


def _soorten(w, naam: str, rijnummer: int, meldingen: list[Melding]) -> tuple[str, str | None, str]:
    """The soort (of aanbod or of locatie), the locatie's soort and the status, each from the vocabulary.

    A soort outside the vocabulary is recognised from the source's type,
    category or the name (:mod:`wijkkaart.kern.soortherkenning`); what matches
    nothing is imported as ``overig_aanbod`` with a warning, never rejected.
    """
    soort_ruw, categorie = schone_tekst(w.get("soort")), schone_tekst(w.get("categorie"))
    herkend = herken_soort(soort_ruw, categorie) or herken_soort(naam)
    if herkend is None:
        soort = "overig_aanbod"
        waarde = " / ".join(d for d in (soort_ruw, categorie) if d) or naam
        meldingen.append(
            Melding(rijnummer, "soort", "soort niet herkend; geïmporteerd als overig aanbod", GEWAARSCHUWD, waarde)
        )
    else:
        soort = herkend.soort
        if herkend.tekst == naam and naam not in (soort_ruw, categorie):
            reden = f"soort afgeleid uit de naam (‘{herkend.woord}’): {soort}"
            meldingen.append(Melding(rijnummer, "soort", reden, GEWAARSCHUWD, naam))
    locatie_soort = schone_tekst(w.get("locatie_soort"))
    if locatie_soort is not None:
        locatie_soort = normaliseer_woord(locatie_soort)
        if locatie_soort not in SOORTEN_LOCATIE:
            raise VeldFout("locatie_soort", "onbekende soort locatie", w.get("locatie_soort"))
    status_ruw = schone_tekst(w.get("status")) or "actief"
    status = normaliseer_woord(status_ruw)
    status = STATUS_SYNONIEMEN.get(status, status)
    if status not in STATUSSEN:
        raise VeldFout("status", f"kies uit {', '.join(STATUSSEN.values())}", status_ruw)
    return soort, locatie_soort, status


def _adres(w) -> dict:
    """Straat, huisnummer, plaats and postcode (also from one address cell, with line breaks) and the BAG id.

    An address cell is split by :func:`wijkkaart.kern.adres.lees_adres`;
    columns of their own win over what is read from it. A straat cell that
    holds a whole address ("Kerkstraat 12, 2011 AB Haarlem") is split too.
    """
    straat, huisnummer, plaats = (
        schone_tekst(w.get("straat")),
        schone_tekst(w.get("huisnummer")),
        schone_tekst(w.get("plaats")),
    )
    adres = schone_tekst(w.get("adres"))
    if straat and not huisnummer and (re.search(r"[,\n]", straat) or re.search(r"\d{4}\s?[A-Z]{2}", straat)):
        adres, straat = straat, None
    gelezen = lees_adres(adres) if adres and not straat else lees_adres(None)
    straat = straat or gelezen.straat
    huisnummer = huisnummer or gelezen.huisnummer
    plaats = plaats or gelezen.plaats
    postcode = normaliseer_postcode(w.get("postcode")) or gelezen.postcode
    bag_id = schone_tekst(w.get("bag_id"))
    if bag_id is not None and not (bag_id.isdigit() and len(bag_id) == 16):
        raise VeldFout("bag_id", "een BAG-id heeft 16 cijfers", bag_id)
    # No fixed place: said in the address, or in a street or plaats cell ("Online", "Landelijk").
    zonder = (
        schone_tekst(w.get("zonder_vaste_plek"))
        or gelezen.zonder_vaste_plek
        or next(
            (z for z in (geen_vaste_plek(schone_tekst(w.get(v))) for v in ("adres", "straat", "plaats")) if z), None
        )
    )
    if zonder and not (straat and huisnummer) and not postcode and not bag_id:
        straat = huisnummer = None
        # The plaats says where the aanbod is for, unless the plaats cell itself said "online".
        plaats_kolom = schone_tekst(w.get("plaats"))
        plaats = (plaats_kolom if not geen_vaste_plek(plaats_kolom) else None) or gelezen.plaats
    else:
        zonder = None
    return {
        "straat": straat,
        "huisnummer": huisnummer,
        "plaats": plaats,
        "postcode": postcode,
        "bag_id": bag_id,
        "zonder_vaste_plek": zonder,
    }


def _coordinaten(w) -> dict:
    """WGS84 and RD coordinates (in pairs, within range) and how precise the point is."""
    lat, lon = getal("lat", w.get("lat")), getal("lon", w.get("lon"))
    x, y = getal("x", w.get("x")), getal("y", w.get("y"))
    if (lat is None) != (lon is None):
        raise VeldFout("lat" if lat is None else "lon", "lat en lon horen samen")
    if (x is None) != (y is None):
        raise VeldFout("x" if x is None else "y", "x en y horen samen")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise VeldFout("lat", "coördinaten buiten bereik (lat -90..90, lon -180..180)", f"{lat}, {lon}")
    if x is not None and not (-7000 <= x <= 300000 and 289000 <= y <= 629000):
        raise VeldFout("x", "RD-coördinaten buiten Nederland (x 0..300000, y 289000..629000)", f"{x}, {y}")
    precisie = schone_tekst(w.get("precisie"))
    if precisie is not None and precisie not in PRECISIES:
        raise VeldFout("precisie", f"kies uit {', '.join(PRECISIES)}", precisie)
    return {"lat": lat, "lon": lon, "x": x, "y": y, "precisie": precisie}


def _uren(w, rijnummer: int, meldingen: list[Melding]) -> openingstijden.Uren:
    """Opening hours: OSM as given, a weekly array, or read from Dutch text in the hours, description or address.

    Hours read from text are marked (``afgeleid_uit``) and reported, so an
    opbouwwerker can confirm them; text that cannot be read with certainty is
    kept as text with a warning.
    """
    waarde = schone_tekst(w.get("openingstijden"))
    uren = openingstijden.lees(waarde)
    if uren.osm is not None:
        # A wijkkaart export carries the sentence unconfirmed hours were read from: keep that mark.
        return openingstijden.Uren(uren.osm, None, afgeleid_uit=schone_tekst(w.get("openingstijden_afgeleid_uit")))
    week = w.get("openingstijden_week")
    if waarde is None and week not in (None, ""):
        osm = openingstijden.weekreeks_naar_osm(week)
        if osm is None:
            raise VeldFout("openingstijden_week", "verwacht zeven tijden HH:MM-HH:MM (ma–zo)", week)
        return openingstijden.Uren(osm, None)
    # Text in the hours cell is read first; only a row without it is searched for hours in other fields.
    for veld in ("openingstijden",) if waarde else ("beschrijving", "toegang", "adres", "straat"):
        afleiding = uren_tekst.lees_tekst(waarde if veld == "openingstijden" else schone_tekst(w.get(veld)))
        if afleiding is not None:
            # The whole hours cell, or only the sentences of a description the hours came from.
            bron = waarde or afleiding.bron
            reden = f"openingstijden gelezen uit {VELD_NAMEN[veld]}: {afleiding.osm}; bevestig ze in de editor"
            meldingen.append(Melding(rijnummer, "openingstijden", reden, GEWAARSCHUWD, bron))
            return openingstijden.Uren(afleiding.osm, None, afgeleid_uit=bron)
    if uren.fout:
        reden = "openingstijden niet met zekerheid te lezen; als tekst bewaard"
        meldingen.append(Melding(rijnummer, "openingstijden", reden, GEWAARSCHUWD, uren.tekst))
    return openingstijden.Uren(None, uren.tekst)


def _contact(w, rijnummer: int, meldingen: list[Melding]) -> dict:
    """Website, e-mail and phone written one way (:mod:`wijkkaart.kern.contact`).

    A website or e-mail address that is not one is left out with a warning
    (a popup cannot link to it and the editor would refuse it); a phone
    number that cannot be read is kept as written, with a warning.
    """
    uit = {}
    for veld, normaliseer in (
        ("website", normaliseer_website),
        ("organisatie_website", normaliseer_website),
        ("email", normaliseer_email),
        ("telefoon", normaliseer_telefoon),
    ):
        waarde = schone_tekst(w.get(veld))
        try:
            uit[veld] = normaliseer(waarde)
        except VeldFout as fout:
            bewaard = veld == "telefoon"
            gevolg = "als geschreven bewaard" if bewaard else "niet overgenomen"
            meldingen.append(Melding(rijnummer, veld, f"{fout.reden}; {gevolg}", GEWAARSCHUWD, waarde))
            uit[veld] = waarde if bewaard else None
    return uit


def _woorden(w) -> dict:
    """Thema's and doelgroepen as codes of the controlled lists; what fits none is kept as text, and reported.

    Doelgroep text goes to ``doelgroep_omschrijving``, thema text to
    ``trefwoorden`` (:func:`wijkkaart.kern.woorden.lees_woorden`), where
    residents read it as written.
    """
    uit = {}
    for veld, tekstveld in (("themas", "trefwoorden"), ("doelgroepen", "doelgroep_omschrijving")):
        codes, rest = lees_woorden(w.get(veld), veld)
        eigen = schone_tekst(w.get(tekstveld))
        # Kept as text, visible to residents as written: no report line needed.
        nieuw = [r for r in rest if not eigen or r.lower() not in eigen.lower()]
        uit[veld] = codes
        uit[tekstveld] = "; ".join(d for d in (eigen, *nieuw) if d) or None
    return uit


#: How the report names the field hours were read from.
VELD_NAMEN = {
    "openingstijden": "de openingstijden-kolom",
    "beschrijving": "de beschrijving",
    "toegang": "de toegang",
    "adres": "het adres",
    "straat": "het adres",
}


def _locatie_id(w, extern_id: str, is_locatie: bool, adres: dict) -> str:
    """The locatie's id in the source: given, else the row's own id, its BAG id, its address, or the aanbod's id."""
    locatie_id = schone_tekst(w.get("locatie_id"))
    if locatie_id is not None:
        return locatie_id
    if is_locatie:
        return extern_id
    if adres["bag_id"]:
        return f"bag:{adres['bag_id']}"
    if adres["postcode"] and adres["huisnummer"]:
        return f"adres:{adres['postcode']}:{adres['huisnummer'].upper()}"
    return f"aanbod:{extern_id}"


def _record(rijnummer, w, standaard_bron, meldingen, met_id_kolom: bool = True) -> Record:
    """One validated record; the first field in error (in this order) rejects the row."""
    naam, extern_id = _sleutel(w, met_id_kolom)
    soort, locatie_soort, status = _soorten(w, naam, rijnummer, meldingen)
    is_locatie = soort in SOORTEN_LOCATIE
    adres = _adres(w)
    plek = _coordinaten(w)
    if plek["lat"] is not None or plek["x"] is not None:
        adres["zonder_vaste_plek"] = None  # a row with coordinates has a place, whatever its address says
    if adres["zonder_vaste_plek"] and is_locatie:
        raise VeldFout("adres", f"een {soort} heeft een adres of coördinaten nodig", adres["zonder_vaste_plek"])
    if lijkt_kop(naam, bool(adres["straat"] or adres["postcode"] or adres["bag_id"])):
        reden = "naam lijkt een kop uit het brondocument (nummering, geen adres): is dit echt aanbod?"
        meldingen.append(Melding(rijnummer, "naam", reden, GEWAARSCHUWD, naam))
    uren = _uren(w, rijnummer, meldingen)
    return Record(
        rij=rijnummer,
        bron=schone_tekst(w.get("bron")) or standaard_bron,
        extern_id=extern_id,
        naam=naam,
        soort=soort,
        is_locatie=is_locatie,
        locatie_id=_locatie_id(w, extern_id, is_locatie, adres),
        locatie_naam=schone_tekst(w.get("locatie_naam")),
        locatie_soort=soort if is_locatie else locatie_soort,
        beschrijving=schone_tekst(w.get("beschrijving")),
        **_woorden(w),
        toegang=schone_tekst(w.get("toegang")),
        collectief=_bool("collectief", w.get("collectief"), soort in STANDAARD_COLLECTIEF),
        kosten=schone_tekst(w.get("kosten")),
        status=status,
        laatst_geverifieerd=_datum("laatst_geverifieerd", w.get("laatst_geverifieerd")),
        **_contact(w, rijnummer, meldingen),
        organisatie=schone_tekst(w.get("organisatie")),
        organisatie_kvk=schone_tekst(w.get("organisatie_kvk")),
        **adres,
        adres_verbergen=_bool("adres_verbergen", w.get("adres_verbergen"), False),
        **plek,
        geocoder=schone_tekst(w.get("geocoder")),
        openingstijden=uren.osm,
        openingstijden_tekst=uren.tekst,
        openingstijden_afgeleid_uit=uren.afgeleid_uit,
        voorbeeld=_bool("voorbeeld", w.get("voorbeeld"), False),
        contact_openbaar=_bool("contact_openbaar", w.get("contact_openbaar"), False),
        werkgebied=[d.strip() for d in re.split(r"[;,\n]+", schone_tekst(w.get("werkgebied")) or "") if d.strip()],
    )


def lees_records(invoer: Invoer, mapping: Mapping, standaard_bron: str) -> tuple[list[Record], list[Melding]]:
    """Map and validate every row of ``invoer``; duplicates of (bron, extern_id) are rejected."""
    kolom_voor = mapping.kolom_voor(invoer.kolommen)
    meldingen = [Melding(rij, veld, reden, "afgewezen") for rij, veld, reden in invoer.rij_fouten]
    meldingen += [Melding(rij, veld, reden, GEWAARSCHUWD) for rij, veld, reden in invoer.opmerkingen]
    met_id_kolom = (
        invoer.canoniek
        or "extern_id" in kolom_voor
        or "extern_id" in mapping.vast
        or any("extern_id" in r.zet for r in mapping.regels)
    )
    if not met_id_kolom and invoer.rijen:
        reden = "geen id-kolom: elke rij krijgt een sleutel uit naam en adres (opnieuw importeren werkt ze bij)"
        meldingen.append(Melding(1, "extern_id", reden, GEWAARSCHUWD))
    records: list[Record] = []
    gezien: dict[tuple[str, str], int] = {}
    for rijnummer, rij in invoer.rijen:
        waarden = map_rij(rij, mapping, kolom_voor, invoer.canoniek)
        record, extra = valideer(rijnummer, waarden, mapping, standaard_bron, met_id_kolom)
        meldingen.extend(extra)
        if record is None:
            continue
        sleutel = (record.bron, record.extern_id)
        if sleutel in gezien:
            meldingen.append(
                Melding(
                    rijnummer,
                    "extern_id",
                    f"dubbel: zelfde id als rij {gezien[sleutel]}"
                    if not record.extern_id.startswith(AFGELEIDE_SLEUTEL)
                    else f"dubbel: zelfde naam op dezelfde plek als rij {gezien[sleutel]}",
                    "afgewezen",
                    record.extern_id,
                )
            )
            continue
        gezien[sleutel] = rijnummer
        records.append(record)
    meldingen.sort(key=lambda m: m.rij)
    return records, meldingen


def record_als_json(record: Record) -> str:
    """The record as JSON, to wait in the database for a geocoder (:class:`~wijkkaart.opslag.tabellen.aanbod.WachtendePlek`)."""
    waarden = dataclasses.asdict(record)
    if record.laatst_geverifieerd is not None:
        waarden["laatst_geverifieerd"] = record.laatst_geverifieerd.isoformat()
    return json.dumps(waarden, ensure_ascii=False)


def record_uit_json(tekst: str) -> Record:
    """The record :func:`record_als_json` wrote; fields added since are left at their defaults."""
    waarden = json.loads(tekst)
    bekend = {f.name for f in dataclasses.fields(Record)}
    waarden = {k: v for k, v in waarden.items() if k in bekend}
    if waarden.get("laatst_geverifieerd"):
        waarden["laatst_geverifieerd"] = dt.date.fromisoformat(waarden["laatst_geverifieerd"])
    return Record(**waarden)
