"""GeoJSON for the map layers and the API: locaties, aanbod and inloopspreekuren with filters.

Opening hours are evaluated here (Europe/Amsterdam) so every client gets the
same "open now". A locatie whose address is masked is placed at a point
inside its buurt, and its address is left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..kern import herhaling, openingstijden
from ..kern.crs import naar_wgs84
from ..kern.taal import gettext
from ..kern.vocabulaire import SOORTEN_AANBOD, SOORTEN_LOCATIE, STATUSSEN
from ..kern.woorden import label
from ..opslag.aanbod import buurtpunten, locatie_in_vak, niet_gearchiveerd, themas_en_doelgroepen
from ..opslag.tabellen.aanbod import Aanbod, AanbodDoelgroep, AanbodLocatie, AanbodThema, Locatie, Organisatie


@dataclass
class Filter:
    """What the API and the map ask for; empty fields do not filter."""

    gemeente: str | None = None
    wijk: str | None = None
    buurt: str | None = None
    soorten: list[str] = field(default_factory=list)
    thema: str | None = None
    doelgroep: str | None = None
    open_op: dt.datetime | None = None
    #: (x, y, metres) in EPSG:28992: only locaties in the square around that point.
    rond: tuple[float, float, float] | None = None
    #: One aanbod (its page, its calendar).
    aanbod_id: int | None = None


def _waar(vraag, f: Filter):
    vraag = vraag.where(*niet_gearchiveerd(Locatie))
    if f.gemeente:
        vraag = vraag.where(Locatie.gemeentecode == f.gemeente)
    if f.wijk:
        vraag = vraag.where(Locatie.wijkcode == f.wijk)
    if f.buurt:
        vraag = vraag.where(Locatie.buurtcode == f.buurt)
    if f.rond:
        x, y, r = f.rond
        vraag = vraag.where(*locatie_in_vak(x - r, y - r, x + r, y + r))
    return vraag


def _adres(loc: Locatie) -> str | None:
    if loc.adres_verbergen:
        return None
    straat = " ".join(d for d in (loc.straat, loc.huisnummer) if d)
    plaats = " ".join(d for d in (loc.postcode[:4] + " " + loc.postcode[4:] if loc.postcode else None, loc.plaats) if d)
    return ", ".join(d for d in (straat, plaats) if d) or None


def _uren(osm: str | None, tekst: str | None, moment: dt.datetime, afgeleid_uit: str | None = None) -> dict:
    return {
        "openingstijden": osm,
        "openingstijden_leesbaar": openingstijden.leesbaar(osm) if osm else None,
        "openingstijden_tekst": tekst,
        # Hours read from Dutch text that no one has confirmed yet: shown as "afgeleid uit: …".
        "openingstijden_afgeleid_uit": afgeleid_uit,
        "open": openingstijden.is_open(osm, moment) if osm else None,
    }


def _feature(id_, x, y, eigenschappen) -> dict:
    lon, lat = naar_wgs84(x, y)
    return {
        "type": "Feature",
        "id": id_,
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": eigenschappen,
    }


def _punt_en_buurt(loc: Locatie, x: float, y: float, buurten) -> tuple[float, float, str | None]:
    naam, punt = buurten.get((loc.buurtcode, loc.buurt_jaar), (None, None))
    if loc.adres_verbergen and punt is not None:
        return punt[0], punt[1], naam
    return x, y, naam


def _collectie(features: list[dict], moment: dt.datetime) -> dict:
    return {
        "type": "FeatureCollection",
        "features": features,
        "wijkkaart": {"moment": moment.isoformat(timespec="minutes"), "aantal": len(features)},
    }


def locaties_geojson(session: Session, f: Filter, moment: dt.datetime | None = None) -> dict:
    """Locaties (places of their own and places of aanbod) as a FeatureCollection in EPSG:4326."""
    moment = openingstijden.moment_nl(moment)
    vraag = _waar(select(Locatie, func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom)), f)
    soorten = [s for s in f.soorten if s in SOORTEN_LOCATIE]
    vraag = (
        vraag.where(Locatie.soort.in_(soorten)) if soorten else vraag.where(Locatie.soort.in_(list(SOORTEN_LOCATIE)))
    )
    rijen = session.execute(vraag.order_by(Locatie.naam, Locatie.id)).all()
    aantallen = dict(
        session.execute(
            select(AanbodLocatie.locatie_id, func.count())
            .where(AanbodLocatie.locatie_id.in_([r[0].id for r in rijen]))
            .group_by(AanbodLocatie.locatie_id)
        ).all()
    )
    buurten = buurtpunten(session, [r[0] for r in rijen])
    features = []
    for loc, x, y in rijen:
        uren = _uren(loc.openingstijden, loc.openingstijden_tekst, moment, loc.openingstijden_afgeleid_uit)
        if f.open_op is not None and openingstijden.is_open(loc.openingstijden, f.open_op) is not True:
            continue
        px, py, buurtnaam = _punt_en_buurt(loc, x, y, buurten)
        features.append(
            _feature(
                f"locatie-{loc.id}",
                px,
                py,
                {
                    "laag": "locaties",
                    "locatie_id": loc.id,
                    "naam": loc.naam,
                    "soort": loc.soort,
                    "soort_label": gettext(SOORTEN_LOCATIE.get(loc.soort, loc.soort)),
                    "adres": _adres(loc),
                    "adres_verborgen": loc.adres_verbergen,
                    "buurtcode": loc.buurtcode,
                    "buurtnaam": buurtnaam,
                    "wijkcode": loc.wijkcode,
                    "gemeentecode": loc.gemeentecode,
                    "precisie": loc.precisie,
                    "aantal_aanbod": aantallen.get(loc.id, 0),
                    "voorbeeld": loc.voorbeeld,
                    "bron": loc.bron,
                    **uren,
                },
            )
        )
    return _collectie(features, moment)


def _aanbod_vraag(f: Filter):
    """The aanbod at its locaties that ``f`` asks for, archived rows left out."""
    vraag = _waar(
        select(Aanbod, AanbodLocatie, Locatie, Organisatie.naam, func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom))
        .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
        .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
        .outerjoin(Organisatie, Organisatie.id == Aanbod.organisatie_id),
        f,
    )
    vraag = vraag.where(*niet_gearchiveerd(Aanbod))
    if f.aanbod_id is not None:
        vraag = vraag.where(Aanbod.id == f.aanbod_id)
    soorten = [s for s in f.soorten if s in SOORTEN_AANBOD]
    if soorten:
        vraag = vraag.where(Aanbod.soort.in_(soorten))
    if f.thema:
        vraag = vraag.where(Aanbod.id.in_(select(AanbodThema.aanbod_id).where(AanbodThema.thema == f.thema)))
    if f.doelgroep:
        vraag = vraag.where(
            Aanbod.id.in_(select(AanbodDoelgroep.aanbod_id).where(AanbodDoelgroep.doelgroep == f.doelgroep))
        )
    return vraag.order_by(Aanbod.naam, Aanbod.id, Locatie.id)


def _aanbod_eigenschappen(a: Aanbod, organisatie: str | None, themas: list[str], doelgroepen: list[str]) -> dict:
    """What a popup shows of an aanbod itself; contact details only with the initiative's consent."""
    return {
        "laag": "inloopspreekuren" if a.soort == "inloopspreekuur" else "aanbod",
        "naam": a.naam,
        "soort": a.soort,
        "soort_label": gettext(SOORTEN_AANBOD.get(a.soort, a.soort)),
        "beschrijving": a.beschrijving,
        "themas": themas,
        "doelgroepen": doelgroepen,
        # Residents read labels, never codes ("kleding en spullen", not kleding_en_spullen).
        "themas_labels": [label("themas", c) for c in themas],
        "doelgroepen_labels": [label("doelgroepen", c) for c in doelgroepen],
        "doelgroep_omschrijving": a.doelgroep_omschrijving,
        "trefwoorden": a.trefwoorden,
        "toegang": a.toegang,
        "kosten": a.kosten,
        "collectief": a.collectief,
        "status": a.status,
        "status_label": gettext(STATUSSEN.get(a.status, a.status)),
        "laatst_geverifieerd": a.laatst_geverifieerd.isoformat() if a.laatst_geverifieerd else None,
        "website": a.website,
        "organisatie": organisatie,
        "aanbod_id": a.id,
        # Contact details of an initiative are published only with its consent (editors see them in the forms).
        **({"telefoon": a.telefoon, "email": a.email} if a.contact_openbaar else {}),
    }


def aanbod_geojson(session: Session, f: Filter, moment: dt.datetime | None = None) -> dict:
    """Aanbod at its locaties (one feature per aanbod per locatie) as a FeatureCollection in EPSG:4326."""
    moment = openingstijden.moment_nl(moment)
    rijen = session.execute(_aanbod_vraag(f)).all()
    themas, doelgroepen = themas_en_doelgroepen(session, sorted({r[0].id for r in rijen}))
    buurten = buurtpunten(session, [r[2] for r in rijen])
    features = []
    for a, link, loc, organisatie, x, y in rijen:
        if f.open_op is not None and openingstijden.is_open(link.openingstijden, f.open_op) is not True:
            continue
        px, py, buurtnaam = _punt_en_buurt(loc, x, y, buurten)
        eigenschappen = {
            **_aanbod_eigenschappen(a, organisatie, themas.get(a.id, []), doelgroepen.get(a.id, [])),
            "locatie_naam": loc.naam,
            "adres": _adres(loc),
            "adres_verborgen": loc.adres_verbergen,
            "buurtcode": loc.buurtcode,
            "buurtnaam": buurtnaam,
            "wijkcode": loc.wijkcode,
            "gemeentecode": loc.gemeentecode,
            "precisie": loc.precisie,
            "voorbeeld": a.voorbeeld or loc.voorbeeld,
            "bron": a.bron,
            **_uren(link.openingstijden, link.openingstijden_tekst, moment, link.openingstijden_afgeleid_uit),
            # True when the hours repeat in a way a calendar feed can carry exactly (the "zet in mijn agenda" link).
            "agenda": herhaling.terugkerend(link.openingstijden, a.status) is not None,
        }
        features.append(_feature(f"aanbod-{a.id}-{loc.id}", px, py, eigenschappen))
    return _collectie(features, moment)
