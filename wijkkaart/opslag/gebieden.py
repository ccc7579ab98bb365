"""Store and query CBS regions (:class:`~.tabellen.gebied.Gebied`). No Flask here."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
from geoalchemy2.shape import from_shape, to_shape
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from tqdm import tqdm

from ..kern.codes import NIVEAUS
from ..kern.crs import RD_NEW
from ..kern.fouten import OngeldigeVraag
from ..kern.getallen import gewone_waarde
from ..kern.kerncijfers import KERNCIJFERS
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


def _zelfde_geometrie(bestaand, nieuw) -> bool:
    # Round-tripping through the database may change the last bit of a
    # coordinate; a micrometre is far below anything CBS measures.
    return to_shape(bestaand).equals_exact(nieuw, tolerance=1e-6)


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
    named in ``behouden_cijfers``, unless ``vervang_cijfers``. The caller
    owns the transaction.
    """
    result = OpslagResultaat()
    afwezig = set() if vervang_cijfers else {k.naam for k in KERNCIJFERS}
    if not vervang_cijfers and not any(k.naam in gebieden and gebieden[k.naam].notna().any() for k in KERNCIJFERS):
        afwezig.add("kerncijfers_jaar")  # no figures at all: the year of the stored figures stays too
    if gebieden.empty:
        return result
    jaren = sorted(set(int(j) for j in gebieden["jaar"]))
    gemeenten = sorted(set(gebieden["gemeentecode"]))
    bestaand = {}
    for jaar in jaren:
        stmt = select(Gebied).where(Gebied.jaar == jaar, Gebied.gemeentecode.in_(gemeenten))
        for gebied in session.scalars(stmt):
            bestaand[(gebied.jaar, gebied.niveau, gebied.code, gebied.water)] = gebied

    records = gebieden.drop(columns=["geometry", "bron_rij"], errors="ignore").to_dict("records")
    for record, geom in tqdm(
        list(zip(records, gebieden.geometry, strict=True)),
        desc="gebieden opslaan",
        unit="gebied",
        disable=None if toon_voortgang is None else not toon_voortgang,
    ):
        values = {name: gewone_waarde(record.get(name)) for name in GEBIED_ATTRIBUTEN if name != "bron"}
        values["jaar"] = int(values["jaar"])
        values["water"] = bool(values["water"])
        values["bron"] = bron
        key = (values["jaar"], values["niveau"], values["code"], values["water"])
        gebied = bestaand.get(key)
        if gebied is None:
            session.add(Gebied(**values, geom=from_shape(geom, srid=RD_NEW)))
            result.tel("nieuw", values["niveau"])
            continue
        changed = False
        for name, value in values.items():
            current = getattr(gebied, name)
            if name in afwezig and value is None and current is not None:
                result.behouden_cijfers.add(name)
                continue
            if isinstance(value, float) and current is not None and math.isclose(current, value):
                continue
            if current != value:
                setattr(gebied, name, value)
                changed = True
        if not _zelfde_geometrie(gebied.geom, geom):
            gebied.geom = from_shape(geom, srid=RD_NEW)
            changed = True
        result.tel("bijgewerkt" if changed else "ongewijzigd", values["niveau"])
    session.flush()
    return result


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
    rows = session.execute(
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
    for code, naam, aantal in session.execute(
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
    gemeentecode: str | list[str],
    niveau: str,
    jaar: int | None = None,
    met_water: bool = False,
    met_geometrie: bool = True,
) -> gpd.GeoDataFrame | pd.DataFrame:
    """Return one level of one or more gemeenten as a GeoDataFrame in EPSG:28992, in one query.

    ``jaar`` defaults to the newest jaargang that has this level, per gemeente.
    Water-only parts are left out unless ``met_water``. With
    ``met_geometrie=False`` the geometry is neither read nor parsed and a plain
    DataFrame is returned, for callers that need only names and kerncijfers.
    Rows come ordered by gemeente, code and water.
    """
    if niveau not in NIVEAUS:
        raise OngeldigeVraag(f"onbekend niveau {niveau!r}")
    gemeenten = [gemeentecode] if isinstance(gemeentecode, str) else list(gemeentecode)
    names = ["id", *GEBIED_ATTRIBUTEN]
    columns = [Gebied.id, *(getattr(Gebied, a) for a in GEBIED_ATTRIBUTEN)]
    if met_geometrie:
        columns.append(Gebied.geom)
    stmt = (
        select(*columns)
        .where(Gebied.gemeentecode.in_(gemeenten), Gebied.niveau == niveau)
        .where(nieuwste_jaargang() if jaar is None else Gebied.jaar == jaar)
        .order_by(Gebied.gemeentecode, Gebied.code, Gebied.water)
    )
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
