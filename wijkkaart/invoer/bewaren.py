"""Upsert validated, geocoded records: one bulk statement per table, keyed on (bron, extern_id).

Comparing before writing lets the summary say what was new, what changed
and what stayed the same, and keeps a re-import of an unchanged file from
touching any row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from geoalchemy2 import WKTElement
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from ..kern.crs import RD_NEW, Punt, punt_wkt
from ..opslag.koppelen import Koppeling
from ..opslag.tabellen.aanbod import Aanbod, AanbodDoelgroep, AanbodLocatie, AanbodThema, Locatie, Organisatie
from .records import Record

LOCATIE_VELDEN = (
    "naam",
    "soort",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "bag_id",
    "adres_verbergen",
    "openingstijden",
    "openingstijden_tekst",
    "openingstijden_afgeleid_uit",
    "precisie",
    "geocoder",
    "gemeentecode",
    "wijkcode",
    "wijk_jaar",
    "buurtcode",
    "buurt_jaar",
    "voorbeeld",
)
AANBOD_VELDEN = (
    "naam",
    "beschrijving",
    "soort",
    "collectief",
    "doelgroep_omschrijving",
    "toegang",
    "kosten",
    "status",
    "laatst_geverifieerd",
    "website",
    "telefoon",
    "email",
    "contact_openbaar",
    "voorbeeld",
    "organisatie_id",
)


@dataclass
class OpslagTelling:
    """Counts per table: new, updated, unchanged."""

    nieuw: Counter = field(default_factory=Counter)
    bijgewerkt: Counter = field(default_factory=Counter)
    ongewijzigd: Counter = field(default_factory=Counter)


@dataclass
class Geplaatst:
    """A record with its point and buurt."""

    record: Record
    punt: Punt
    koppeling: Koppeling


def punt_element(x: float, y: float) -> WKTElement:
    """A point for a geometry column, rounded to the millimetre."""
    return WKTElement(punt_wkt(x, y), srid=RD_NEW)


def _locatie_waarden(g: Geplaatst) -> dict:
    r, k = g.record, g.koppeling
    return {
        "naam": r.naam if r.is_locatie else r.locatie_naam,
        "soort": r.locatie_soort,
        "straat": r.straat,
        "huisnummer": r.huisnummer,
        "postcode": r.postcode,
        "plaats": r.plaats,
        "bag_id": r.bag_id,
        "adres_verbergen": r.adres_verbergen,
        "openingstijden": r.openingstijden if r.is_locatie else None,
        "openingstijden_tekst": r.openingstijden_tekst if r.is_locatie else None,
        "openingstijden_afgeleid_uit": r.openingstijden_afgeleid_uit if r.is_locatie else None,
        "precisie": g.punt.precisie,
        "geocoder": g.punt.geocoder,
        "gemeentecode": k.gemeentecode,
        "wijkcode": k.wijkcode,
        "wijk_jaar": k.wijk_jaar,
        "buurtcode": k.buurtcode,
        "buurt_jaar": k.buurt_jaar,
        "voorbeeld": r.voorbeeld,
        "_xy": (round(g.punt.x, 3), round(g.punt.y, 3)),
    }


def _upsert(session, tabel, sleutels: dict[tuple, dict], velden, telling: OpslagTelling, naam: str, met_punt=False):
    """Insert new and update changed rows of ``tabel`` keyed on (bron, extern_id); return key → id."""
    bestaand: dict[tuple, tuple] = {}
    bronnen = sorted({k[0] for k in sleutels})
    kolommen = [tabel.id, tabel.bron, tabel.extern_id] + [getattr(tabel, v) for v in velden]
    if met_punt:
        kolommen += [func.ST_X(tabel.geom), func.ST_Y(tabel.geom)]
    for rij in session.execute(select(*kolommen).where(tabel.bron.in_(bronnen))):
        bestaand[(rij[1], rij[2])] = rij
    nieuw, gewijzigd = [], []
    for sleutel, waarden in sleutels.items():
        rij = bestaand.get(sleutel)
        if rij is None:
            nieuw.append(sleutel)
            continue
        oud = dict(zip(velden, rij[3 : 3 + len(velden)], strict=True))
        veranderd = any(oud[v] != waarden[v] for v in velden)
        if met_punt:
            veranderd |= (round(rij[-2], 3), round(rij[-1], 3)) != waarden["_xy"]
        if veranderd:
            gewijzigd.append((rij[0], sleutel))
        else:
            telling.ongewijzigd[naam] += 1

    def _rij(sleutel):
        waarden = {v: sleutels[sleutel][v] for v in velden}
        if met_punt:
            waarden["geom"] = punt_element(*sleutels[sleutel]["_xy"])
        return waarden

    if nieuw:
        session.execute(insert(tabel), [{"bron": s[0], "extern_id": s[1], **_rij(s)} for s in nieuw])
    if gewijzigd:
        waarden = [{"_id": i, **{f"_{k}": v for k, v in _rij(s).items()}} for i, s in gewijzigd]
        # Core executemany on the table: the ORM's bulk-update mode would want primary keys by name.
        t = tabel.__table__
        session.connection().execute(
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values(**{k: bindparam(f"_{k}") for k in (*velden, *(("geom",) if met_punt else ()))}),
            waarden,
        )
    telling.nieuw[naam] += len(nieuw)
    telling.bijgewerkt[naam] += len(gewijzigd)
    ids = {}
    for rij in session.execute(select(tabel.id, tabel.bron, tabel.extern_id).where(tabel.bron.in_(bronnen))):
        ids[(rij[1], rij[2])] = rij[0]
    return ids, {s for _, s in gewijzigd} | set(nieuw)


def _organisaties(session: Session, geplaatst: list[Geplaatst], telling: OpslagTelling) -> dict[tuple, int]:
    """Upsert the organisaties, keyed on (bron, naam): a residents' group has no other id. Returns key → id."""
    organisaties = {}
    for g in geplaatst:
        r = g.record
        if r.organisatie and not r.is_locatie:
            organisaties.setdefault(
                (r.bron, r.organisatie),
                {"kvk": r.organisatie_kvk, "website": r.organisatie_website, "voorbeeld": r.voorbeeld},
            )
    if not organisaties:
        return {}
    bronnen = sorted({k[0] for k in organisaties})
    bestaand = {
        (b, n): (i, kvk, web)
        for i, b, n, kvk, web in session.execute(
            select(Organisatie.id, Organisatie.bron, Organisatie.naam, Organisatie.kvk, Organisatie.website).where(
                Organisatie.bron.in_(bronnen)
            )
        )
    }
    nieuw = [{"bron": b, "naam": n, **w} for (b, n), w in organisaties.items() if (b, n) not in bestaand]
    if nieuw:
        session.execute(insert(Organisatie), nieuw)
    for sleutel, w in organisaties.items():
        if sleutel in bestaand and bestaand[sleutel][1:] != (w["kvk"], w["website"]):
            session.execute(
                update(Organisatie)
                .where(Organisatie.id == bestaand[sleutel][0])
                .values(kvk=w["kvk"], website=w["website"])
            )
    telling.nieuw["organisatie"] += len(nieuw)
    return {
        (b, n): i
        for i, b, n in session.execute(
            select(Organisatie.id, Organisatie.bron, Organisatie.naam).where(Organisatie.bron.in_(bronnen))
        )
    }


#: The hours an aanbod has at one of its locaties, as the file gives them.
LINK_UREN = ("openingstijden", "openingstijden_tekst", "openingstijden_afgeleid_uit")


def _links(session: Session, links: dict, aanbod_ids: dict, loc_ids: dict, telling: OpslagTelling) -> None:
    """Make the aanbod's links to its locaties (HSDS service_at_location) what the file says, hours included."""
    ids = sorted({aanbod_ids[s] for s in links})
    bestaande_links = {
        (a, loc): (i, *uren)
        for i, a, loc, *uren in session.execute(
            select(
                AanbodLocatie.id,
                AanbodLocatie.aanbod_id,
                AanbodLocatie.locatie_id,
                *(getattr(AanbodLocatie, veld) for veld in LINK_UREN),
            ).where(AanbodLocatie.aanbod_id.in_(ids))
        )
    }
    gewenst = {}
    for sleutel, per_locatie in links.items():
        for loc_sleutel, r in per_locatie.items():
            gewenst[(aanbod_ids[sleutel], loc_ids[loc_sleutel])] = tuple(getattr(r, veld) for veld in LINK_UREN)
    nieuwe_links = [
        {"aanbod_id": a, "locatie_id": loc, **dict(zip(LINK_UREN, uren, strict=True))}
        for (a, loc), uren in gewenst.items()
        if (a, loc) not in bestaande_links
    ]
    if nieuwe_links:
        session.execute(insert(AanbodLocatie), nieuwe_links)
    for sleutel, uren in gewenst.items():
        if sleutel in bestaande_links and tuple(bestaande_links[sleutel][1:]) != uren:
            session.execute(
                update(AanbodLocatie)
                .where(AanbodLocatie.id == bestaande_links[sleutel][0])
                .values(**dict(zip(LINK_UREN, uren, strict=True)))
            )
            telling.bijgewerkt["aanbod_locatie"] += 1
    weg = [i for sleutel, (i, *_rest) in bestaande_links.items() if sleutel not in gewenst]
    if weg:
        session.execute(delete(AanbodLocatie).where(AanbodLocatie.id.in_(weg)))
    telling.nieuw["aanbod_locatie"] += len(nieuwe_links)


def _woorden(session: Session, aanbod: dict, aanbod_ids: dict, aangeraakt: set, telling: OpslagTelling) -> None:
    """Replace the thema's and doelgroepen of aanbod whose sets differ; such aanbod counts as updated."""
    ids = [aanbod_ids[s] for s in aanbod]
    sleutel_van = {i: s for s, i in aanbod_ids.items()}
    for tabel, kolom, attr in ((AanbodThema, "thema", "themas"), (AanbodDoelgroep, "doelgroep", "doelgroepen")):
        huidig: dict[int, set] = {}
        for a, w in session.execute(select(tabel.aanbod_id, getattr(tabel, kolom)).where(tabel.aanbod_id.in_(ids))):
            huidig.setdefault(a, set()).add(w)
        vervang = [
            (aanbod_ids[sleutel], set(getattr(waarden["_record"], attr)))
            for sleutel, waarden in aanbod.items()
            if huidig.get(aanbod_ids[sleutel], set()) != set(getattr(waarden["_record"], attr))
        ]
        if not vervang:
            continue
        session.execute(delete(tabel).where(tabel.aanbod_id.in_([a for a, _ in vervang])))
        rijen = [{"aanbod_id": a, kolom: w} for a, woorden in vervang for w in sorted(woorden)]
        if rijen:
            session.execute(insert(tabel), rijen)
        for a, _ in vervang:
            if sleutel_van[a] not in aangeraakt:
                telling.ongewijzigd["aanbod"] -= 1
                telling.bijgewerkt["aanbod"] += 1
                aangeraakt.add(sleutel_van[a])


def bewaar(session: Session, geplaatst: list[Geplaatst]) -> OpslagTelling:
    """Upsert organisaties, locaties, aanbod, their thema's/doelgroepen and links; return what changed."""
    telling = OpslagTelling()
    if not geplaatst:
        return telling
    org_ids = _organisaties(session, geplaatst, telling)

    # Locaties: a row that *is* a locatie wins over a locatie implied by an aanbod row.
    locaties: dict[tuple, dict] = {}
    for g in sorted(geplaatst, key=lambda g: not g.record.is_locatie):
        locaties.setdefault((g.record.bron, g.record.locatie_id), _locatie_waarden(g))
    loc_ids, _ = _upsert(session, Locatie, locaties, LOCATIE_VELDEN, telling, "locatie", met_punt=True)

    aanbod: dict[tuple, dict] = {}
    links: dict[tuple, dict[tuple, Record]] = {}
    for r in (g.record for g in geplaatst if not g.record.is_locatie):
        sleutel = (r.bron, r.extern_id)
        aanbod.setdefault(
            sleutel,
            {
                **{v: getattr(r, v) for v in AANBOD_VELDEN if v != "organisatie_id"},
                "organisatie_id": org_ids.get((r.bron, r.organisatie)) if r.organisatie else None,
                "_record": r,
            },
        )
        links.setdefault(sleutel, {})[(r.bron, r.locatie_id)] = r
    if not aanbod:
        return telling
    aanbod_ids, aangeraakt = _upsert(session, Aanbod, aanbod, AANBOD_VELDEN, telling, "aanbod")
    _links(session, links, aanbod_ids, loc_ids, telling)
    _woorden(session, aanbod, aanbod_ids, aangeraakt, telling)
    return telling
