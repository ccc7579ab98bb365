"""Upsert validated, geocoded records: one bulk statement per table, keyed on (bron, extern_id).

Comparing before writing lets the summary say what was new, what changed
and what stayed the same, and keeps a re-import of an unchanged file from
touching any row.

A field a person changed in the editor after the last import that wrote it
belongs to that person (:func:`wijkkaart.opslag.audit.handwerk`): the import
keeps the stored value and reports the file's value as a conflict. Every
change an import does make is written to the trail with the bron as author.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from geoalchemy2 import WKTElement
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from ..kern.crs import RD_NEW, Punt, punt_wkt
from ..opslag import audit
from ..opslag.koppelen import Koppeling
from ..opslag.tabellen.aanbod import (
    Aanbod,
    AanbodDoelgroep,
    AanbodLocatie,
    AanbodThema,
    AanbodWerkgebied,
    Locatie,
    Organisatie,
)
from .records import GEWAARSCHUWD, Melding, Record

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
    "trefwoorden",
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
    "zonder_vaste_plek",
)


#: Which stored columns a field of the editor's trail stands for: a person who moved the point
#: owns its precision and buurt too, and hours confirmed or corrected by hand own their text and mark.
_PUNT = ("_xy", "precisie", "geocoder", "gemeentecode", "wijkcode", "wijk_jaar", "buurtcode", "buurt_jaar")
_UREN = ("openingstijden", "openingstijden_tekst", "openingstijden_afgeleid_uit")
#: Columns that follow from another (a point's precision and buurt): kept with it, not reported on their own.
KOLOM_IN_RAPPORT = {
    *(v for v in (*LOCATIE_VELDEN, *AANBOD_VELDEN) if v not in _PUNT[1:] and v not in _UREN[1:]),
    "_xy",
}
KOLOMMEN_VAN_VELD = {
    "locatie": {"punt": _PUNT, "precisie": _PUNT, "openingstijden": _UREN},
    "aanbod": {"organisatie": ("organisatie_id",), "organisatie_kvk": ("organisatie_id",)},
}


@dataclass
class OpslagTelling:
    """Counts per table (new, updated, unchanged) and the hand edits the import left alone."""

    nieuw: Counter = field(default_factory=Counter)
    bijgewerkt: Counter = field(default_factory=Counter)
    ongewijzigd: Counter = field(default_factory=Counter)
    #: One report line per field kept because a person changed it in the editor.
    conflicten: list[Melding] = field(default_factory=list)
    #: Trail rows the import wrote.
    spoor: int = 0


@dataclass
class _Schrijver:
    """What one :func:`bewaar` call carries between tables: the trail rows to write and the conflicts."""

    session: Session
    telling: OpslagTelling
    spoor: list[tuple] = field(default_factory=list)

    #: Organisation id → name, so the trail and the report name organisations.
    organisaties: dict[int, str] = field(default_factory=dict)

    def leesbaar(self, kolom: str, waarden: dict):
        """A column's value as the trail and the report show it (a point in RD metres, an organisation by name)."""
        if kolom == "_xy":
            return f"{waarden['_xy'][0]:.0f}, {waarden['_xy'][1]:.0f} (RD)"
        if kolom == "organisatie_id":
            return self.organisaties.get(waarden[kolom])
        if kolom == "openingstijden":
            return waarden["openingstijden"] or waarden["openingstijden_tekst"]
        return waarden[kolom]

    def eigen_velden(self, soort: str, item_id: int, handwerk: dict) -> dict[str, tuple]:
        """Stored column → the person's trail row, for the fields a person owns on this item."""
        kolommen = {}
        for veld, rij in handwerk.get(item_id, {}).items():
            for kolom in KOLOMMEN_VAN_VELD[soort].get(veld, (veld,)):
                kolommen[kolom] = rij
        return kolommen

    def houd_handwerk(self, soort: str, item_id: int, handwerk: dict, oud: dict, waarden: dict) -> None:
        """Put the stored value back into ``waarden`` for each column a person owns, reporting the file's."""
        for kolom, hand in self.eigen_velden(soort, item_id, handwerk).items():
            if kolom not in oud:
                continue
            if kolom in KOLOM_IN_RAPPORT:
                uit_bestand, bewaard = self.leesbaar(kolom, waarden), self.leesbaar(kolom, oud)
                self.conflict(waarden["_record"], _veldnaam(kolom), hand, uit_bestand, bewaard)
            waarden[kolom] = oud[kolom]

    def conflict(self, record: Record, veld: str, rij, uit_bestand, bewaard) -> None:
        """Report that the file's value for ``veld`` was not taken over, with both values."""
        if audit.als_tekst(uit_bestand) == audit.als_tekst(bewaard):
            return
        reden = (
            f"in de editor gewijzigd door {rij.gebruiker_naam} op {rij.moment:%d-%m-%Y}; "
            "de waarde in wijkkaart is behouden"
        )
        waarde = (
            f"bestand: {audit.als_tekst(uit_bestand) or '(leeg)'} · wijkkaart: {audit.als_tekst(bewaard) or '(leeg)'}"
        )
        self.telling.conflicten.append(Melding(record.rij, veld, reden, GEWAARSCHUWD, waarde))


@dataclass
class Geplaatst:
    """A record with its point and buurt, or (without a fixed place) its werkgebied."""

    record: Record
    punt: Punt | None
    koppeling: Koppeling | None
    #: CBS codes of the werkgebied of aanbod without a fixed place.
    werkgebied: list[str] = field(default_factory=list)
    #: The gemeente of a werkgebied (for the summary); a point's gemeente comes from its koppeling.
    gemeente: str | None = None

    @property
    def gemeentecode(self) -> str | None:
        """The gemeente the record counts for in the summary."""
        return self.koppeling.gemeentecode if self.koppeling else self.gemeente


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
        "_record": r,
    }


def _upsert(schrijver: _Schrijver, tabel, sleutels: dict[tuple, dict], velden, naam: str, met_punt=False):
    """Insert new and update changed rows of ``tabel`` keyed on (bron, extern_id); return key → id.

    Fields a person owns keep their stored value (``sleutels`` is corrected in
    place, so later steps see what was kept) and are reported as conflicts.
    """
    session, telling = schrijver.session, schrijver.telling
    bestaand: dict[tuple, tuple] = {}
    bronnen = sorted({k[0] for k in sleutels})
    kolommen = [tabel.id, tabel.bron, tabel.extern_id] + [getattr(tabel, v) for v in velden]
    if met_punt:
        kolommen += [func.ST_X(tabel.geom), func.ST_Y(tabel.geom)]
    for rij in session.execute(select(*kolommen).where(tabel.bron.in_(bronnen))):
        bestaand[(rij[1], rij[2])] = rij
    handwerk = audit.handwerk(session, naam, [bestaand[s][0] for s in sleutels if s in bestaand])
    nieuw, gewijzigd = [], []
    for sleutel, waarden in sleutels.items():
        rij = bestaand.get(sleutel)
        if rij is None:
            nieuw.append(sleutel)
            continue
        oud = dict(zip(velden, rij[3 : 3 + len(velden)], strict=True))
        if met_punt:
            oud["_xy"] = (round(rij[-2], 3), round(rij[-1], 3))
        schrijver.houd_handwerk(naam, rij[0], handwerk, oud, waarden)
        veranderd = [v for v in (*velden, *(("_xy",) if met_punt else ())) if oud[v] != waarden[v]]
        if veranderd:
            gewijzigd.append((rij[0], sleutel))
            schrijver.spoor += [
                (naam, rij[0], _veldnaam(v), schrijver.leesbaar(v, oud), schrijver.leesbaar(v, waarden))
                for v in veranderd
            ]
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
    schrijver.spoor += [(naam, ids[s], None, None, None) for s in nieuw]
    return ids, {s for _, s in gewijzigd} | set(nieuw), handwerk


def _veldnaam(kolom: str) -> str:
    """The field name the trail uses for a stored column (the editor's names)."""
    return {"_xy": "punt", "organisatie_id": "organisatie"}.get(kolom, kolom)


def _organisaties(schrijver: _Schrijver, geplaatst: list[Geplaatst]) -> dict[tuple, int]:
    """Upsert the organisaties, keyed on (bron, naam): a residents' group has no other id. Returns key → id."""
    session = schrijver.session
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
    schrijver.telling.nieuw["organisatie"] += len(nieuw)
    return {
        (b, n): i
        for i, b, n in session.execute(
            select(Organisatie.id, Organisatie.bron, Organisatie.naam).where(Organisatie.bron.in_(bronnen))
        )
    }


#: The hours an aanbod has at one of its locaties, as the file gives them.
LINK_UREN = _UREN


def _links(schrijver: _Schrijver, links: dict, aanbod_ids: dict, loc_ids: dict, handwerk: dict) -> None:
    """Make the aanbod's links to its locaties (HSDS service_at_location) what the file says, hours included.

    Hours a person set or confirmed on an aanbod stay as they are.
    """
    session, telling = schrijver.session, schrijver.telling
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
    gewenst, record_van = {}, {}
    for sleutel, per_locatie in links.items():
        for loc_sleutel, r in per_locatie.items():
            link = (aanbod_ids[sleutel], loc_ids[loc_sleutel])
            gewenst[link] = tuple(getattr(r, veld) for veld in LINK_UREN)
            record_van[link] = r
    nieuwe_links = [
        {"aanbod_id": a, "locatie_id": loc, **dict(zip(LINK_UREN, uren, strict=True))}
        for (a, loc), uren in gewenst.items()
        if (a, loc) not in bestaande_links
    ]
    if nieuwe_links:
        session.execute(insert(AanbodLocatie), nieuwe_links)
    for sleutel, uren in gewenst.items():
        if sleutel not in bestaande_links:
            continue
        oud = tuple(bestaande_links[sleutel][1:])
        if oud == uren:
            continue
        hand = handwerk.get(sleutel[0], {}).get("openingstijden")
        if hand is not None:
            schrijver.conflict(record_van[sleutel], "openingstijden", hand, uren[0] or uren[1], oud[0] or oud[1])
            continue
        session.execute(
            update(AanbodLocatie)
            .where(AanbodLocatie.id == bestaande_links[sleutel][0])
            .values(**dict(zip(LINK_UREN, uren, strict=True)))
        )
        schrijver.spoor.append(("aanbod", sleutel[0], "openingstijden", oud[0] or oud[1], uren[0] or uren[1]))
        telling.bijgewerkt["aanbod_locatie"] += 1
    weg = [i for sleutel, (i, *_rest) in bestaande_links.items() if sleutel not in gewenst]
    if weg:
        session.execute(delete(AanbodLocatie).where(AanbodLocatie.id.in_(weg)))
    telling.nieuw["aanbod_locatie"] += len(nieuwe_links)


def _woorden(schrijver: _Schrijver, aanbod: dict, aanbod_ids: dict, aangeraakt: set, handwerk: dict) -> None:
    """Replace the thema's and doelgroepen of aanbod whose sets differ; such aanbod counts as updated.

    A set a person changed in the editor stays as it is.
    """
    session, telling = schrijver.session, schrijver.telling
    ids = [aanbod_ids[s] for s in aanbod]
    sleutel_van = {i: s for s, i in aanbod_ids.items()}
    for tabel, kolom, attr in ((AanbodThema, "thema", "themas"), (AanbodDoelgroep, "doelgroep", "doelgroepen")):
        huidig: dict[int, set] = {}
        for a, w in session.execute(select(tabel.aanbod_id, getattr(tabel, kolom)).where(tabel.aanbod_id.in_(ids))):
            huidig.setdefault(a, set()).add(w)
        vervang = []
        for sleutel, waarden in aanbod.items():
            a, record = aanbod_ids[sleutel], waarden["_record"]
            oud, nieuw = huidig.get(a, set()), set(getattr(record, attr))
            if oud == nieuw:
                continue
            hand = handwerk.get(a, {}).get(attr)
            if hand is not None:
                schrijver.conflict(record, attr, hand, nieuw, oud)
                continue
            vervang.append((a, nieuw))
            schrijver.spoor.append(("aanbod", a, attr, oud, nieuw))
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


def _werkgebieden(schrijver: _Schrijver, aanbod: dict, aanbod_ids: dict, gebieden: dict, handwerk: dict) -> None:
    """Make the werkgebied of each aanbod what the file says (empty for aanbod at a place), unless set by hand."""
    session = schrijver.session
    ids = [aanbod_ids[s] for s in aanbod]
    huidig: dict[int, set] = {}
    for begin in range(0, len(ids), 900):
        for a, code in session.execute(
            select(AanbodWerkgebied.aanbod_id, AanbodWerkgebied.gebiedcode).where(
                AanbodWerkgebied.aanbod_id.in_(ids[begin : begin + 900])
            )
        ):
            huidig.setdefault(a, set()).add(code)
    for sleutel, waarden in aanbod.items():
        a = aanbod_ids[sleutel]
        oud, nieuw = huidig.get(a, set()), set(gebieden.get(sleutel, []))
        if oud == nieuw:
            continue
        hand = handwerk.get(a, {}).get("werkgebied")
        if hand is not None:
            schrijver.conflict(waarden["_record"], "werkgebied", hand, nieuw, oud)
            continue
        session.execute(delete(AanbodWerkgebied).where(AanbodWerkgebied.aanbod_id == a))
        if nieuw:
            session.execute(insert(AanbodWerkgebied), [{"aanbod_id": a, "gebiedcode": c} for c in sorted(nieuw)])
        schrijver.spoor.append(("aanbod", a, "werkgebied", oud, nieuw))


def bewaar(session: Session, geplaatst: list[Geplaatst], moment: dt.datetime | None = None) -> OpslagTelling:
    """Upsert organisaties, locaties, aanbod, their thema's/doelgroepen and links; return what changed.

    The changes are written to the trail at ``moment`` (now, by default) with
    each record's bron as author; fields a person owns are kept and reported in
    ``telling.conflicten``.
    """
    schrijver = _Schrijver(session, OpslagTelling())
    if not geplaatst:
        return schrijver.telling
    org_ids = _organisaties(schrijver, geplaatst)
    schrijver.organisaties = {i: naam for (_b, naam), i in org_ids.items()}

    # Locaties: a row that *is* a locatie wins over a locatie implied by an aanbod row.
    locaties: dict[tuple, dict] = {}
    for g in sorted(geplaatst, key=lambda g: not g.record.is_locatie):
        if g.punt is None:
            continue  # aanbod without a fixed place: no locatie
        locaties.setdefault((g.record.bron, g.record.locatie_id), _locatie_waarden(g))
    loc_ids = _upsert(schrijver, Locatie, locaties, LOCATIE_VELDEN, "locatie", met_punt=True)[0] if locaties else {}

    aanbod: dict[tuple, dict] = {}
    links: dict[tuple, dict[tuple, Record]] = {}
    gebieden = {(g.record.bron, g.record.extern_id): g.werkgebied for g in geplaatst if g.punt is None}
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
        links.setdefault(sleutel, {})
        if sleutel not in gebieden:
            links[sleutel][(r.bron, r.locatie_id)] = r
    if aanbod:
        aanbod_ids, aangeraakt, handwerk = _upsert(schrijver, Aanbod, aanbod, AANBOD_VELDEN, "aanbod")
        _links(schrijver, links, aanbod_ids, loc_ids, handwerk)
        _woorden(schrijver, aanbod, aanbod_ids, aangeraakt, handwerk)
        _werkgebieden(schrijver, aanbod, aanbod_ids, gebieden, handwerk)
    _leg_spoor_vast(schrijver, geplaatst, moment or dt.datetime.now(dt.UTC))
    return schrijver.telling


def _leg_spoor_vast(schrijver: _Schrijver, geplaatst: list[Geplaatst], moment: dt.datetime) -> None:
    """Write the import's trail rows, with the bron of the file as author (one bron per import)."""
    bronnen = sorted({g.record.bron for g in geplaatst})
    bron = bronnen[0] if len(bronnen) == 1 else ", ".join(bronnen)
    # Rows for one item made by the import: the single "made" row, not its fields one by one.
    gemaakt = {(s, i) for s, i, veld, *_ in schrijver.spoor if veld is None}
    rijen = [r for r in schrijver.spoor if r[2] is None or (r[0], r[1]) not in gemaakt]
    schrijver.telling.spoor = audit.leg_vast_import(schrijver.session, bron[:150], moment, rijen)
