"""Store and query CBS regions (:class:`~.tabellen.gebied.Gebied`). No Flask here."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from geoalchemy2.shape import to_shape
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, aliased
from tqdm import tqdm

from ..kern.codes import NIVEAUS
from ..kern.crs import RD_NEW
from ..kern.fouten import OngeldigeVraag
from ..kern.kerncijfers import KERNCIJFERS
from . import bulk
from .tabellen.gebied import GEBIED_ATTRIBUTEN, Gebied


@dataclass
class OpslagResultaat:
    """Rows inserted, updated and left unchanged, per level."""

    nieuw: dict[str, int] = field(default_factory=dict)
    bijgewerkt: dict[str, int] = field(default_factory=dict)
    ongewijzigd: dict[str, int] = field(default_factory=dict)
    #: Kerncijfers the file did not carry whose stored values were kept.
    behouden_cijfers: set[str] = field(default_factory=set)

    def tel(self, soort: str, niveau: str) -> None:
        """Count one row of ``niveau`` as ``nieuw``, ``bijgewerkt`` or ``ongewijzigd``."""
        teller = getattr(self, soort)
        teller[niveau] = teller.get(niveau, 0) + 1


def _als_kolommen(gebieden: gpd.GeoDataFrame, bron: str) -> dict[str, list]:
    """The attribute values per column as plain Python values (NaN and NA as None)."""
    kolommen = {}
    for naam in GEBIED_ATTRIBUTEN:
        if naam not in gebieden:
            kolommen[naam] = [None] * len(gebieden)
            continue
        reeks = gebieden[naam]
        # tolist() gives Python values (no numpy scalars); NaN and NA become None.
        kolommen[naam] = reeks.astype(object).where(reeks.notna(), None).tolist()
    kolommen["jaar"] = [int(j) for j in kolommen["jaar"]]
    kolommen["water"] = [bool(w) for w in kolommen["water"]]
    kolommen["bron"] = [bron] * len(gebieden)
    return kolommen


def _bestaand(session: Session, jaren: list[int], gemeenten: list[str]) -> dict[tuple, tuple[int, dict, bytes]]:
    """The stored rows these jaargangen and gemeenten already have: key → (id, attributes, WKB)."""
    kolommen = [getattr(Gebied, a) for a in GEBIED_ATTRIBUTEN]
    uit = {}
    stmt = select(Gebied.id, *kolommen, func.ST_AsBinary(Gebied.geom)).where(
        Gebied.jaar.in_(jaren), Gebied.gemeentecode.in_(gemeenten)
    )
    for rij in session.execute(stmt):
        waarden = dict(zip(GEBIED_ATTRIBUTEN, rij[1:-1], strict=True))
        sleutel = (waarden["jaar"], waarden["niveau"], waarden["code"], bool(waarden["water"]))
        uit[sleutel] = (rij[0], waarden, bytes(rij[-1]))
    return uit


def _wijzigingen(oud: dict, nieuw: dict, afwezig: set[str], result: OpslagResultaat) -> dict:
    """The attributes of ``nieuw`` that differ from the stored ``oud`` (a figure the file lacks is kept)."""
    anders = {}
    for naam, waarde in nieuw.items():
        huidig = oud[naam]
        if naam in afwezig and waarde is None and huidig is not None:
            result.behouden_cijfers.add(naam)
            continue
        if isinstance(waarde, float) and huidig is not None and math.isclose(huidig, waarde):
            continue
        if huidig != waarde:
            anders[naam] = waarde
    return anders


def bewaar_gebieden(
    session: Session,
    gebieden: gpd.GeoDataFrame,
    bron: str,
    toon_voortgang: bool | None = None,
    vervang_cijfers: bool = False,
) -> OpslagResultaat:
    """Insert or update ``gebieden`` on their key (jaar, niveau, code, water).

    Re-importing the same jaargang updates rows in place and never duplicates;
    a row whose values and geometry are unchanged is not written at all.
    A kerncijfer the file does not give for a row (a column renamed, not
    recognised, or missing) never empties a stored value: it is kept and
    named in ``behouden_cijfers``, unless ``vervang_cijfers``. New rows go in
    as one bulk write (:mod:`.bulk`: ``COPY`` or a prepared ``executemany``),
    changed rows as one ``executemany`` update. The caller owns the transaction.
    """
    result = OpslagResultaat()
    afwezig = set() if vervang_cijfers else {k.naam for k in KERNCIJFERS}
    if not vervang_cijfers and not any(k.naam in gebieden and gebieden[k.naam].notna().any() for k in KERNCIJFERS):
        afwezig.add("kerncijfers_jaar")  # no figures at all: the year of the stored figures stays too
    if gebieden.empty:
        return result
    kolommen = _als_kolommen(gebieden, bron)
    geoms = np.asarray(gebieden.geometry.values, dtype=object)
    bestaand = _bestaand(session, sorted(set(kolommen["jaar"])), sorted(set(kolommen["gemeentecode"])))
    if bestaand:
        nieuw, bijwerken = _vergelijk(bestaand, kolommen, geoms, afwezig, result)
    else:
        # A first import of these jaargangen and gemeenten: every row is new, nothing to compare.
        nieuw, bijwerken = range(len(gebieden)), []
        for niveau, aantal in Counter(kolommen["niveau"]).items():
            result.nieuw[niveau] = aantal
    with tqdm(
        total=len(nieuw) + len(bijwerken),
        desc="gebieden opslaan",
        unit="gebied",
        disable=None if toon_voortgang is None else not toon_voortgang,
    ) as balk:
        bulk.voeg_toe(
            session,
            Gebied.__table__,
            kolommen if len(nieuw) == len(gebieden) else {k: [w[i] for i in nieuw] for k, w in kolommen.items()},
            geoms[list(nieuw)],
            voortgang=balk.update,
        )
        _werk_bij(session, bijwerken)
        balk.update(len(bijwerken))
    return result


def _vergelijk(bestaand: dict, kolommen: dict[str, list], geoms, afwezig: set[str], result: OpslagResultaat):
    """The rows that are new (their positions) and the changed rows to write, each counted in ``result``."""
    rijen = [dict(zip(kolommen, waarden, strict=True)) for waarden in zip(*kolommen.values(), strict=True)]
    oude_geoms = shapely.from_wkb([bestaand[k][2] if k in bestaand else None for k in map(_sleutel, rijen)])
    # Round-tripping through the database may change the last bit of a coordinate; a micrometre is far below
    # anything CBS measures.
    zelfde_vorm = shapely.equals_exact(oude_geoms, geoms, tolerance=1e-6)
    nieuw, bijwerken = [], []
    for i, rij in enumerate(rijen):
        oud = bestaand.get(_sleutel(rij))
        if oud is None:
            nieuw.append(i)
            result.tel("nieuw", rij["niveau"])
            continue
        anders = _wijzigingen(oud[1], rij, afwezig, result)
        if anders or not zelfde_vorm[i]:
            bijwerken.append({**oud[1], **anders, "_id": oud[0], "_geom": geoms[i]})
        result.tel("bijgewerkt" if anders or not zelfde_vorm[i] else "ongewijzigd", rij["niveau"])
    return nieuw, bijwerken


def _sleutel(rij: dict) -> tuple:
    return (rij["jaar"], rij["niveau"], rij["code"], rij["water"])


def _werk_bij(session: Session, rijen: list[dict]) -> None:
    """Write changed rows, all columns and the geometry, as one ``executemany``."""
    if not rijen:
        return
    stmt = (
        update(Gebied.__table__)
        .where(Gebied.__table__.c.id == bindparam("_id"))
        .values({a: bindparam(a) for a in GEBIED_ATTRIBUTEN} | {"geom": func.ST_GeomFromWKB(bindparam("_wkb"), RD_NEW)})
    )
    wkb = shapely.to_wkb(np.asarray([r["_geom"] for r in rijen], dtype=object))
    session.connection().execute(
        stmt,
        [{**{a: r[a] for a in GEBIED_ATTRIBUTEN}, "_id": r["_id"], "_wkb": w} for r, w in zip(rijen, wkb, strict=True)],
    )


@dataclass(frozen=True)
class GemeenteOverzicht:
    """A loaded gemeente with what is known of it."""

    code: str
    naam: str | None
    jaren: tuple[int, ...]
    wijken: int
    buurten: int
    inwoners: float | None


def gemeenten(session: Session) -> list[GemeenteOverzicht]:
    """Return every gemeente that has regions loaded, sorted by name."""
    # Plain rows through the connection: the ORM's row handling was a third of the
    # start page for the whole country (about 1,400 rows), and nothing here is an entity.
    conn = session.connection()
    rows = conn.execute(
        select(Gebied.gemeentecode, Gebied.niveau, Gebied.jaar, func.count())
        .where(Gebied.water.is_(False))
        .group_by(Gebied.gemeentecode, Gebied.niveau, Gebied.jaar)
    ).all()
    per_gemeente: dict[str, dict] = {}
    for code, niveau, jaar, count in rows:
        info = per_gemeente.setdefault(code, {"jaren": set(), "wijk": {}, "buurt": {}})
        info["jaren"].add(jaar)
        if niveau in ("wijk", "buurt"):
            info[niveau][jaar] = count
    # Newest jaargang last, so its name and inwoners win where it has them;
    # a gemeente loaded only at wijk or buurt level has no name here (None).
    namen: dict[str, str] = {}
    inwoners: dict[str, float] = {}
    for code, naam, aantal in conn.execute(
        select(Gebied.code, Gebied.naam, Gebied.inwoners)
        .where(Gebied.niveau == "gemeente", Gebied.water.is_(False))
        .order_by(Gebied.jaar)
    ):
        namen[code] = naam or namen.get(code)
        if aantal is not None:
            inwoners[code] = aantal
    overzicht = [
        GemeenteOverzicht(
            code=code,
            naam=namen.get(code),
            jaren=tuple(sorted(info["jaren"])),
            wijken=info["wijk"][max(info["wijk"])] if info["wijk"] else 0,
            buurten=info["buurt"][max(info["buurt"])] if info["buurt"] else 0,
            inwoners=inwoners.get(code),
        )
        for code, info in per_gemeente.items()
    ]
    return sorted(overzicht, key=lambda g: ((g.naam or g.code).lower(), g.code))


def nieuwste_jaargang(tabel=Gebied):
    """A WHERE clause: only rows of the newest jaargang of their level in their gemeente.

    The one definition of "current boundaries": the maps, the gap analysis and
    the linking of locaties to buurten all read regions through it.
    """
    ander = aliased(Gebied)
    return tabel.jaar == (
        select(func.max(ander.jaar))
        .where(ander.gemeentecode == tabel.gemeentecode, ander.niveau == tabel.niveau)
        .scalar_subquery()
    )


def gebieden_frame(
    session: Session,
    gemeentecode: str | list[str] | None,
    niveau: str,
    jaar: int | None = None,
    met_water: bool = False,
    met_geometrie: bool = True,
) -> gpd.GeoDataFrame | pd.DataFrame:
    """Return one level of one or more gemeenten (None: all loaded) as a GeoDataFrame in EPSG:28992, in one query.

    ``jaar`` defaults to the newest jaargang that has this level, per gemeente.
    Water-only parts are left out unless ``met_water``. With
    ``met_geometrie=False`` the geometry is neither read nor parsed and a plain
    DataFrame is returned, for callers that need only names and kerncijfers.
    Rows come ordered by gemeente, code and water.
    """
    if niveau not in NIVEAUS:
        raise OngeldigeVraag(f"onbekend niveau {niveau!r}")
    names = ["id", *GEBIED_ATTRIBUTEN]
    columns = [Gebied.id, *(getattr(Gebied, a) for a in GEBIED_ATTRIBUTEN)]
    if met_geometrie:
        columns.append(Gebied.geom)
    stmt = (
        select(*columns)
        .where(Gebied.niveau == niveau)
        .where(nieuwste_jaargang() if jaar is None else Gebied.jaar == jaar)
        .order_by(Gebied.gemeentecode, Gebied.code, Gebied.water)
    )
    if gemeentecode is not None:
        gemeenten = [gemeentecode] if isinstance(gemeentecode, str) else list(gemeentecode)
        stmt = stmt.where(Gebied.gemeentecode.in_(gemeenten))
    if not met_water:
        stmt = stmt.where(Gebied.water.is_(False))
    rows = session.execute(stmt).all()
    records = pd.DataFrame([row[: len(names)] for row in rows], columns=names)
    if not met_geometrie:
        return records
    return gpd.GeoDataFrame(
        records,
        geometry=gpd.GeoSeries([to_shape(row[-1]) for row in rows], crs=RD_NEW),
        crs=RD_NEW,
    )


def gemeenten_frame(session: Session, gemeenten: list[str]) -> pd.DataFrame:
    """The gemeente-level rows (newest jaargang, land only, no geometry) of ``gemeenten``, in one query."""
    names = ["id", *GEBIED_ATTRIBUTEN]
    stmt = (
        select(Gebied.id, *(getattr(Gebied, a) for a in GEBIED_ATTRIBUTEN))
        .where(Gebied.niveau == "gemeente", Gebied.code.in_(gemeenten), Gebied.water.is_(False), nieuwste_jaargang())
        .order_by(Gebied.code)
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=names)


def gemeentenaam(session: Session, gemeentecode: str) -> str:
    """The name of a gemeente from its newest boundary, or its code when no name is loaded."""
    kader = gebieden_frame(session, gemeentecode, "gemeente", met_geometrie=False)
    namen = kader["naam"].dropna() if not kader.empty else []
    return namen.iloc[0] if len(namen) else gemeentecode


def omvang_wgs84(session: Session, gemeentecode: str) -> tuple[float, float, float, float] | None:
    """Return (minx, miny, maxx, maxy) in EPSG:4326 of a gemeente, or None when it is not loaded.

    Taken from the newest gemeente boundary, else from its wijken, else its buurten.
    """
    for niveau in NIVEAUS:
        frame = gebieden_frame(session, gemeentecode, niveau)
        if not frame.empty:
            return tuple(float(v) for v in frame.to_crs(4326).total_bounds)
    return None


def gemeenten_met_buurten(session: Session) -> list[str]:
    """Every gemeente that has buurten loaded, for an analysis of the whole country."""
    vraag = select(Gebied.gemeentecode).where(Gebied.niveau == "buurt").distinct().order_by(Gebied.gemeentecode)
    return list(session.scalars(vraag))


def buurten_en_wijken(session: Session, gemeenten: list[str]) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Buurten (newest jaargang per gemeente) with kerncijfers, and the wijken's kerncijfers by code."""
    buurten = gebieden_frame(session, gemeenten, "buurt")
    wijken = gebieden_frame(session, gemeenten, "wijk", met_geometrie=False)
    if buurten.empty:
        buurten = gpd.GeoDataFrame({"code": []}, geometry=[], crs=RD_NEW)
    return buurten, wijken.set_index("code") if not wijken.empty else pd.DataFrame()
