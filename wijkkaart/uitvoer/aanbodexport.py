"""Export aanbod and locaties as canonical rows: CSV, XLSX, GeoJSON or HSDS.

An *internal* export (``intern=True``, ``export-aanbod --intern``) can be
imported again with ``import-aanbod`` and gives the same records: the rows
carry ``bron`` and ``extern_id`` (the upsert key), the point in RD (to the
millimetre) as well as WGS84, and its precision.

The default export is fit to share: a masked address (``adres_verbergen``)
loses street, number, postcode and BAG id, and its point moves to a point
inside its buurt (precisie ``buurt``); telephone and e-mail are left out
unless the initiative agreed to publish them. Archived items are in neither.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..kern.crs import naar_wgs84
from ..kern.fouten import WijkkaartFout
from ..kern.spreadsheet import csv_schrijver, neutraliseer_werkboek
from ..kern.vocabulaire import SOORTEN_LOCATIE
from ..opslag.aanbod import buurtpunten, niet_gearchiveerd, themas_en_doelgroepen
from ..opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie, Organisatie
from ..opslag.werkgebied import werkgebieden
from .hsds import schrijf_json, schrijf_pakket

KOLOMMEN = (
    "bron",
    "extern_id",
    "naam",
    "soort",
    "beschrijving",
    "themas",
    "doelgroepen",
    "doelgroep_omschrijving",
    "trefwoorden",
    "toegang",
    "collectief",
    "kosten",
    "status",
    "laatst_geverifieerd",
    "website",
    "telefoon",
    "email",
    "contact_openbaar",
    "organisatie",
    "organisatie_kvk",
    "organisatie_website",
    "locatie_id",
    "locatie_naam",
    "locatie_soort",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "bag_id",
    "adres_verbergen",
    "lat",
    "lon",
    "x",
    "y",
    "precisie",
    "geocoder",
    "openingstijden",
    "openingstijden_afgeleid_uit",
    "zonder_vaste_plek",
    "werkgebied",
    "voorbeeld",
)
FORMATEN = {".csv": "csv", ".xlsx": "xlsx", ".geojson": "geojson", ".json": "hsds-json", ".zip": "hsds-csv"}


def _ja(waarde: bool) -> str:
    return "ja" if waarde else "nee"


def _gemaskeerde_plek(loc, buurtpunt: tuple[float, float] | None) -> dict:
    """The place columns of a masked address in a public export: only its buurt is told.

    A masked place whose buurt is unknown (``buurtpunt`` None) gets no point at all:
    its own point would be the address.
    """
    lon, lat = naar_wgs84(*buurtpunt) if buurtpunt else (None, None)
    # An id made from the address (adres:2011AB:7) would tell it; a stable digest does not.
    verborgen_id = "verborgen:" + hashlib.sha256(f"{loc.bron}\x00{loc.extern_id}".encode()).hexdigest()[:16]
    return {
        "locatie_id": verborgen_id,
        "straat": None,
        "huisnummer": None,
        "postcode": None,
        "plaats": loc.plaats,
        "bag_id": None,
        "adres_verbergen": _ja(True),
        "lat": lat and round(lat, 7),
        "lon": lon and round(lon, 7),
        "x": buurtpunt and round(buurtpunt[0], 3),
        "y": buurtpunt and round(buurtpunt[1], 3),
        "precisie": "buurt",
        "geocoder": None,
    }


def _plek(loc, x, y) -> dict:
    """The place columns: address, point in RD and WGS84, and how it was found."""
    lon, lat = naar_wgs84(x, y)
    return {
        "locatie_id": loc.extern_id,
        "straat": loc.straat,
        "huisnummer": loc.huisnummer,
        "postcode": loc.postcode,
        "plaats": loc.plaats,
        "bag_id": loc.bag_id,
        "adres_verbergen": _ja(loc.adres_verbergen),
        "lat": round(lat, 7),
        "lon": round(lon, 7),
        "x": round(x, 3),
        "y": round(y, 3),
        "precisie": loc.precisie,
        "geocoder": loc.geocoder,
    }


def _plekken(session: Session, gemeenten: list[str] | None, intern: bool) -> tuple[dict, dict]:
    """Locaties by id and their place columns (masked ones at a point in their buurt unless ``intern``)."""
    vraag = select(Locatie, func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom)).where(*niet_gearchiveerd(Locatie))
    if gemeenten:
        vraag = vraag.where(Locatie.gemeentecode.in_(gemeenten))
    locaties, plekken = {}, {}
    for loc, x, y in session.execute(vraag):
        locaties[loc.id], plekken[loc.id] = loc, _plek(loc, x, y)
    if not intern:
        verborgen = [loc for loc in locaties.values() if loc.adres_verbergen]
        per_buurt = buurtpunten(session, verborgen)
        for loc in verborgen:
            plekken[loc.id] = _gemaskeerde_plek(loc, per_buurt.get((loc.buurtcode, loc.buurt_jaar), (None, None))[1])
    return locaties, plekken


def _locatie_rij(loc, plek: dict) -> dict:
    rij = dict.fromkeys(KOLOMMEN)
    rij.update(
        bron=loc.bron,
        extern_id=loc.extern_id,
        naam=loc.naam,
        soort=loc.soort,
        openingstijden=loc.openingstijden or loc.openingstijden_tekst,
        openingstijden_afgeleid_uit=loc.openingstijden_afgeleid_uit,
        voorbeeld=_ja(loc.voorbeeld),
        **plek,
    )
    return rij


def _aanbod_rij(aanbod, link, org, loc, plek: dict, themas: list[str], doelgroepen: list[str], intern: bool) -> dict:
    """One aanbod at one locatie; ``link`` and ``loc`` are None for aanbod without a fixed place."""
    if loc is not None and loc.bron != aanbod.bron:
        raise WijkkaartFout(f"aanbod {aanbod.bron}/{aanbod.extern_id} ligt op een locatie van een andere bron")
    rij = dict.fromkeys(KOLOMMEN)
    rij.update(
        bron=aanbod.bron,
        extern_id=aanbod.extern_id,
        naam=aanbod.naam,
        soort=aanbod.soort,
        beschrijving=aanbod.beschrijving,
        themas="; ".join(themas),
        doelgroepen="; ".join(doelgroepen),
        doelgroep_omschrijving=aanbod.doelgroep_omschrijving,
        trefwoorden=aanbod.trefwoorden,
        toegang=aanbod.toegang,
        collectief=_ja(aanbod.collectief),
        kosten=aanbod.kosten,
        status=aanbod.status,
        laatst_geverifieerd=aanbod.laatst_geverifieerd.isoformat() if aanbod.laatst_geverifieerd else None,
        website=aanbod.website,
        contact_openbaar=_ja(aanbod.contact_openbaar),
        **({"telefoon": aanbod.telefoon, "email": aanbod.email} if intern or aanbod.contact_openbaar else {}),
        organisatie=org.naam if org else None,
        organisatie_kvk=org.kvk if org else None,
        organisatie_website=org.website if org else None,
        locatie_naam=loc and loc.naam,
        locatie_soort=loc and loc.soort,
        openingstijden=link and (link.openingstijden or link.openingstijden_tekst),
        openingstijden_afgeleid_uit=link and link.openingstijden_afgeleid_uit,
        zonder_vaste_plek=aanbod.zonder_vaste_plek,
        voorbeeld=_ja(aanbod.voorbeeld),
        **plek,
    )
    return rij


def export_rijen(session: Session, gemeenten: list[str] | None = None, intern: bool = False) -> list[dict]:
    """Return canonical rows: one per locatie that is a place of its own, one per aanbod at a locatie.

    Parameters
    ----------
    intern : bool
        Keep masked addresses and unpublished contact details (for a backup or
        a move to another database); the default leaves them out.
    """
    locaties, plekken = _plekken(session, gemeenten, intern)
    themas, doelgroepen = themas_en_doelgroepen(session)
    rijen = [
        _locatie_rij(loc, plekken[loc.id])
        for loc in sorted(locaties.values(), key=lambda loc: (loc.bron, loc.extern_id))
        if loc.naam and loc.soort in SOORTEN_LOCATIE
    ]
    aanbod_rijen = session.execute(
        select(Aanbod, AanbodLocatie, Organisatie)
        .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
        .outerjoin(Organisatie, Organisatie.id == Aanbod.organisatie_id)
        .where(*niet_gearchiveerd(Aanbod))
        .order_by(Aanbod.bron, Aanbod.extern_id, AanbodLocatie.locatie_id)
    ).all()
    for aanbod, link, org in aanbod_rijen:
        loc = locaties.get(link.locatie_id)
        if loc is None:
            continue  # outside the chosen gemeenten
        rijen.append(
            _aanbod_rij(
                aanbod,
                link,
                org,
                loc,
                plekken[loc.id],
                themas.get(aanbod.id, []),
                doelgroepen.get(aanbod.id, []),
                intern,
            )
        )
    rijen += _zonder_vaste_plek(session, gemeenten, intern, themas, doelgroepen)
    return rijen


def _zonder_vaste_plek(session: Session, gemeenten, intern: bool, themas: dict, doelgroepen: dict) -> list[dict]:
    """Rows of aanbod without a fixed place, with its werkgebied as CBS codes (in ``gemeenten`` when given)."""
    vraag = (
        select(Aanbod, Organisatie)
        .outerjoin(Organisatie, Organisatie.id == Aanbod.organisatie_id)
        .where(Aanbod.zonder_vaste_plek.is_not(None), *niet_gearchiveerd(Aanbod))
        .order_by(Aanbod.bron, Aanbod.extern_id)
    )
    rijen = session.execute(vraag).all()
    gebieden = werkgebieden(session, [a.id for a, _org in rijen])
    uit = []
    for aanbod, org in rijen:
        codes = [g.code for g in gebieden.get(aanbod.id, [])]
        if gemeenten and not any(g.gemeentecode in gemeenten for g in gebieden.get(aanbod.id, [])):
            continue
        rij = _aanbod_rij(
            aanbod, None, org, None, {}, themas.get(aanbod.id, []), doelgroepen.get(aanbod.id, []), intern
        )
        rij["werkgebied"] = "; ".join(codes)
        uit.append(rij)
    return uit


def formaat_van(pad: Path, formaat: str | None = None) -> str:
    """The export format: ``formaat`` when given, else from the extension of ``pad``."""
    formaat = formaat or FORMATEN.get(pad.suffix.lower())
    if formaat is None:
        raise WijkkaartFout(f"kies --formaat voor {pad.name} (csv, xlsx, geojson, hsds-json, hsds-csv)")
    return formaat


def schrijf(rijen: list[dict], pad: str | Path, formaat: str | None = None) -> int:
    """Write export rows (:func:`export_rijen`) to ``pad`` and return their number."""
    pad = Path(pad)
    formaat = formaat_van(pad, formaat)
    pad.parent.mkdir(parents=True, exist_ok=True)
    if formaat == "csv":
        with pad.open("w", encoding="utf-8-sig", newline="") as uit:
            schrijver = csv_schrijver(uit, KOLOMMEN, delimiter=";")
            schrijver.writeheader()
            schrijver.writerows(rijen)
    elif formaat == "xlsx":
        boek = Workbook()
        blad = boek.active
        blad.title = "aanbod"
        blad.append(list(KOLOMMEN))
        for rij in rijen:
            blad.append([rij[k] for k in KOLOMMEN])
        neutraliseer_werkboek(boek)
        boek.save(pad)
    elif formaat == "geojson":
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [rij["lon"], rij["lat"]]},
                "properties": {k: v for k, v in rij.items() if k not in ("lat", "lon")},
            }
            for rij in rijen
        ]
        pad.write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1), "utf-8"
        )
    elif formaat in ("hsds-json", "hsds-csv"):
        (schrijf_json if formaat == "hsds-json" else schrijf_pakket)(rijen, pad)
    else:
        raise WijkkaartFout(f"onbekend exportformaat {formaat!r}")
    return len(rijen)
