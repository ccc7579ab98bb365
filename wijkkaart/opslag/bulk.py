"""Many rows with a geometry in one go: ``COPY`` on PostGIS, one prepared ``executemany`` on SpatiaLite.

The ORM builds an object per row and GeoAlchemy2 wraps each geometry in a
function call; for the 13,594 buurten of the country that costs more than the
database's own work. Here rows go straight to the driver, inside the
caller's transaction (so an import stays all-or-nothing), with the geometry
as WKB made by shapely for all rows at once. Names of tables and columns come
from the table definitions and are quoted by the dialect; values are always
bound or streamed, never formatted into SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import shapely
from sqlalchemy import Table
from sqlalchemy.orm import Session

from . import versie
from .engine import is_sqlite

#: Rows per batch; the progress bar moves once per batch.
BATCH = 2000


def voeg_toe(
    session: Session,
    tabel: Table,
    kolommen: Sequence[str],
    rijen: Sequence[Sequence],
    geometrieen: np.ndarray,
    geom_kolom: str = "geom",
    srid: int = 28992,
    voortgang: Callable[[int], object] | None = None,
) -> None:
    """Insert ``rijen`` (values in the order of ``kolommen``) with one geometry each into ``tabel``.

    Parameters
    ----------
    voortgang : callable, optional
        Called with the number of rows written after each batch.
    """
    if not len(rijen):
        return
    verbinding = session.connection()
    quote = verbinding.dialect.identifier_preparer.quote
    namen = ", ".join(quote(k) for k in (*kolommen, geom_kolom))
    dbapi = verbinding.connection.dbapi_connection
    if is_sqlite(verbinding.engine):
        wkb = shapely.to_wkb(geometrieen)
        plekken = ", ".join("?" for _ in kolommen)
        sql = f"INSERT INTO {quote(tabel.name)} ({namen}) VALUES ({plekken}, GeomFromWKB(?, ?))"
        cursor = dbapi.cursor()
        try:
            for begin in range(0, len(rijen), BATCH):
                deel = slice(begin, begin + BATCH)
                cursor.executemany(sql, [(*r, w, srid) for r, w in zip(rijen[deel], wkb[deel], strict=True)])
                if voortgang:
                    voortgang(len(rijen[deel]))
        finally:
            cursor.close()
    else:
        ewkb = shapely.to_wkb(shapely.set_srid(geometrieen, srid), hex=True, include_srid=True)
        with dbapi.cursor() as cursor, cursor.copy(f"COPY {quote(tabel.name)} ({namen}) FROM STDIN") as copy:
            for i, (rij, g) in enumerate(zip(rijen, ewkb, strict=True), start=1):
                copy.write_row((*rij, g))
                if voortgang and i % BATCH == 0:
                    voortgang(BATCH)
        if voortgang and len(rijen) % BATCH:
            voortgang(len(rijen) % BATCH)
    # Written past SQLAlchemy's statement events: say so, so the data version moves.
    versie.markeer(session)
