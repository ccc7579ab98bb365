"""Storing and reading the walking network (tables in :mod:`.tabellen.netwerk`), the same on SpatiaLite and PostGIS."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from . import bulk
from .gebieden import gebieden_frame
from .tabellen.netwerk import Looppad, LooppadKnoop, Looppadnetwerk


def gemeentegebieden(session: Session, gemeenten: list[str] | None) -> dict[str, shapely.Geometry]:
    """The land of each gemeente (None: every gemeente with buurten) as one polygon in RD New: its buurten together."""
    buurten = gebieden_frame(session, gemeenten, "buurt")
    if buurten.empty:
        return {}
    return {
        code: shapely.union_all(groep.geometry.values) for code, groep in buurten.groupby("gemeentecode", sort=True)
    }


@dataclass(frozen=True)
class NetwerkBron:
    """Where a gemeente's walking network came from and how large it is."""

    gemeentecode: str
    bron: str
    osm_datum: dt.datetime | None
    geimporteerd: dt.datetime
    marge_m: float
    randen: int
    knopen: int
    lengte_km: float


def bewaar(
    session: Session,
    gemeentecode: str,
    randen: gpd.GeoDataFrame,
    knopen: gpd.GeoDataFrame,
    bron: NetwerkBron,
    voortgang=None,
) -> None:
    """Replace the walking network of one gemeente (its edges, nodes and source row) in the caller's transaction."""
    for tabel in (Looppad, LooppadKnoop):
        session.execute(delete(tabel).where(tabel.gemeentecode == gemeentecode))
    session.execute(delete(Looppadnetwerk).where(Looppadnetwerk.gemeentecode == gemeentecode))
    session.add(Looppadnetwerk(**bron.__dict__))
    session.flush()
    n = len(randen)
    bulk.voeg_toe(
        session,
        Looppad.__table__,
        {
            "gemeentecode": [gemeentecode] * n,
            "osm_id": randen["osm_id"].tolist(),
            "van": randen["van"].tolist(),
            "naar": randen["naar"].tolist(),
            "soort": randen["soort"].tolist(),
            "lengte_m": randen["lengte_m"].round(2).tolist(),
        },
        randen.geometry.values,
        voortgang=voortgang,
    )
    bulk.voeg_toe(
        session,
        LooppadKnoop.__table__,
        {"gemeentecode": [gemeentecode] * len(knopen), "osm_id": knopen["osm_id"].tolist()},
        knopen.geometry.values,
    )


def bronnen(session: Session, gemeenten: list[str] | None = None) -> dict[str, NetwerkBron]:
    """The source row of each gemeente with a walking network (of ``gemeenten`` only, when given)."""
    vraag = select(Looppadnetwerk).order_by(Looppadnetwerk.gemeentecode)
    if gemeenten is not None:
        vraag = vraag.where(Looppadnetwerk.gemeentecode.in_(gemeenten))
    return {
        r.gemeentecode: NetwerkBron(
            r.gemeentecode, r.bron, r.osm_datum, r.geimporteerd, r.marge_m, r.randen, r.knopen, r.lengte_km
        )
        for r in session.scalars(vraag)
    }


def lijnen(session: Session, gemeenten: list[str]) -> np.ndarray:
    """Every stored edge of ``gemeenten`` once (an edge in two gemeenten' margins is stored twice), as RD lines.

    Two rows are the same edge when they join the same two OSM nodes along
    the same way; the order is fixed (by way and nodes) so the network built
    from it is the same however the rows come back.
    """
    eerste = (
        select(func.min(Looppad.id))
        .where(Looppad.gemeentecode.in_(gemeenten))
        .group_by(Looppad.osm_id, Looppad.van, Looppad.naar)
    )
    vraag = (
        select(Looppad.osm_id, Looppad.van, Looppad.naar, func.ST_AsBinary(Looppad.geom))
        .where(Looppad.id.in_(eerste))
        .order_by(Looppad.osm_id, Looppad.van, Looppad.naar)
    )
    rijen = session.execute(vraag).all()
    return shapely.from_wkb([bytes(r[3]) for r in rijen]) if rijen else np.empty(0, dtype=object)
