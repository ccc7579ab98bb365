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

from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager

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
    kolommen: Mapping[str, Sequence],
    geometrieen: np.ndarray,
    geom_kolom: str = "geom",
    srid: int = 28992,
    voortgang: Callable[[int], object] | None = None,
) -> None:
    """Insert rows given per column (``kolommen``: name → values) with one geometry each into ``tabel``.

    Parameters
    ----------
    kolommen : mapping
        Every column's values in row order, all as long as ``geometrieen``.
    voortgang : callable, optional
        Called with the number of rows written after each batch.
    """
    if not len(geometrieen):
        return
    kolommen, rijen = _rijen(tabel, kolommen)
    verbinding = session.connection()
    quote = verbinding.dialect.identifier_preparer.quote
    dbapi = verbinding.connection.dbapi_connection
    if is_sqlite(verbinding.engine):
        _spatialite(dbapi, quote, tabel.name, kolommen, geom_kolom, rijen, geometrieen, srid, voortgang)
    else:
        namen = ", ".join(quote(k) for k in (*kolommen, geom_kolom))
        ewkb = _ewkb_hex(geometrieen, srid)
        with dbapi.cursor() as cursor, cursor.copy(f"COPY {quote(tabel.name)} ({namen}) FROM STDIN") as copy:
            for i, (rij, g) in enumerate(zip(rijen, ewkb, strict=True), start=1):
                copy.write_row((*rij, g))
                if voortgang and i % BATCH == 0:
                    voortgang(BATCH)
        if voortgang and len(rijen) % BATCH:
            voortgang(len(rijen) % BATCH)
    # Written past SQLAlchemy's statement events: say so, so the data version moves.
    versie.markeer(session)


def _ewkb_hex(geometrieen: np.ndarray, srid: int) -> list[str]:
    """Each geometry as hex EWKB with ``srid``, the text form ``COPY`` takes for a geometry column.

    The SRID is written into the WKB header here: ``shapely.set_srid`` would
    copy every geometry first, and GEOS's hex writer is several times slower
    than ``bytes.hex()``.
    """
    met_srid = 0x20000000  # the EWKB flag "an SRID follows the type"
    srid_bytes = srid.to_bytes(4, "little")
    uit = []
    for wkb in shapely.to_wkb(geometrieen, byte_order=1):
        soort = int.from_bytes(wkb[1:5], "little") | met_srid
        uit.append((wkb[:1] + soort.to_bytes(4, "little") + srid_bytes + wkb[5:]).hex())
    return uit


def _rijen(tabel: Table, kolommen: Mapping[str, Sequence]) -> tuple[list[str], list[tuple]]:
    """The names and row tuples to send, without the columns that are empty in every row.

    Such a column ends up NULL whether it is sent or not, and every bound
    value costs: pysqlite3 binds a parameter in about 2 µs, so the 41
    kerncijfers a boundary file does not carry took most of the time of a
    national import. A column with a server default is always sent, so that
    an explicit NULL stays NULL.
    """
    houd = [
        naam
        for naam, waarden in kolommen.items()
        if tabel.c[naam].server_default is not None or waarden.count(None) < len(waarden)
    ]
    return houd, list(zip(*(kolommen[naam] for naam in houd), strict=True))


def _spatialite(dbapi, quote, tabel: str, kolommen, kolom: str, rijen, geometrieen, srid: int, voortgang) -> None:
    """One prepared ``executemany`` per batch, with SpatiaLite's per-row triggers off while it runs."""
    namen = ", ".join(quote(k) for k in (*kolommen, kolom))
    sql = f"INSERT INTO {quote(tabel)} ({namen}) VALUES ({', '.join('?' * len(kolommen))}, GeomFromWKB(?, ?))"
    wkb = shapely.to_wkb(geometrieen)
    cursor = dbapi.cursor()
    try:
        with _zonder_rijtriggers(cursor, quote, tabel, kolom):
            for begin in range(0, len(rijen), BATCH):
                deel = slice(begin, begin + BATCH)
                cursor.executemany(sql, [(*r, w, srid) for r, w in zip(rijen[deel], wkb[deel], strict=True)])
                if voortgang:
                    voortgang(len(rijen[deel]))
    finally:
        cursor.close()


@contextmanager
def _zonder_rijtriggers(cursor, quote, tabel: str, kolom: str):
    """SpatiaLite's R*Tree and "last insert" triggers of ``tabel.kolom`` off while rows are added.

    SpatiaLite keeps its R*Tree and a timestamp up to date with a trigger per
    row; for a whole country's buurten those cost as much as the rows
    themselves. They are dropped for the load, the R*Tree gets the new rows
    in one statement (as SpatiaLite's own ``CreateSpatialIndex`` fills it),
    the timestamp is set once, and the triggers are made again, all in the
    caller's transaction: a failed import gets them back with its rollback.
    """
    triggers = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
        (f"gii_{tabel}_{kolom}", f"tmi_{tabel}_{kolom}"),
    ).fetchall()
    tot = cursor.execute(f"SELECT coalesce(max(rowid), 0) FROM {quote(tabel)}").fetchone()[0]
    for naam, _sql in triggers:
        cursor.execute(f"DROP TRIGGER {quote(naam)}")
    yield
    namen = {naam[:4] for naam, _sql in triggers}
    if "gii_" in namen:
        g = quote(kolom)
        cursor.execute(
            f"INSERT INTO {quote(f'idx_{tabel}_{kolom}')} (pkid, xmin, xmax, ymin, ymax) "
            f"SELECT rowid, MbrMinX({g}), MbrMaxX({g}), MbrMinY({g}), MbrMaxY({g}) FROM {quote(tabel)} "
            f"WHERE rowid > ? AND {g} IS NOT NULL",
            (tot,),
        )
    if "tmi_" in namen:
        cursor.execute(
            "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
            "WHERE lower(f_table_name) = lower(?) AND lower(f_geometry_column) = lower(?)",
            (tabel, kolom),
        )
    for _naam, sql in triggers:
        cursor.execute(sql)
