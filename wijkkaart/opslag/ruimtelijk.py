"""Spatial filters that use each backend's own spatial index on the ``gebied`` table."""

from __future__ import annotations

from sqlalchemy import ColumnElement, column, func, select, table
from sqlalchemy.orm import Session

from ..kern.crs import RD_NEW
from .engine import is_sqlite
from .tabellen.gebied import Gebied

#: SpatiaLite's R*Tree of gebied.geom: SQLite uses it only when it is queried as a table of its own.
_RTREE = table("idx_gebied_geom", column("pkid"), column("xmin"), column("xmax"), column("ymin"), column("ymax"))


def in_kader(session: Session, xmin: float, ymin: float, xmax: float, ymax: float) -> ColumnElement[bool]:
    """A condition on ``Gebied``: its bounding box meets the box (RD New), answered by the spatial index.

    PostGIS: the ``&&`` operator on the GiST index. SpatiaLite: the R*Tree
    table that SpatiaLite keeps beside the table (a plain function such as
    ``MbrIntersects`` would read every row). Values are bound, never formatted.
    """
    if is_sqlite(session.get_bind()):
        r = _RTREE.c
        return Gebied.id.in_(select(r.pkid).where(r.xmin <= xmax, r.xmax >= xmin, r.ymin <= ymax, r.ymax >= ymin))
    return Gebied.geom.op("&&")(func.ST_MakeEnvelope(xmin, ymin, xmax, ymax, RD_NEW))
