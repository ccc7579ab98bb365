"""The data version: noticed on every write the maps can see, raised once per transaction, read before any cache.

A cursor listener on the engine (:func:`volg`) marks the connection when a
statement inserts, updates or deletes a row of a table in :data:`GEVOLGD`;
:func:`verhoog_als_gewijzigd`, called by :func:`.engine.transaction` just
before it commits, raises the number in the same transaction. Watching the
statements rather than the ORM objects means bulk inserts, ``executemany`` and
Core statements count too; a write that bypasses SQLAlchemy (PostgreSQL
``COPY``) calls :func:`markeer` itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import event, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from .tabellen.versie import Gegevensversie

#: The tables whose rows the maps, the API and the gap analysis read.
GEVOLGD = frozenset(
    {
        "gebied",
        "organisatie",
        "locatie",
        "aanbod",
        "aanbod_thema",
        "aanbod_doelgroep",
        "aanbod_werkgebied",
        "aanbod_locatie",
    }
)
_SCHRIJFT = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_VLAG = "wijkkaart.gewijzigd"


@dataclass(frozen=True)
class Versie:
    """The data version and when it last changed (UTC, no zone)."""

    nummer: int
    gewijzigd: dt.datetime


def volg(engine: Engine) -> None:
    """Mark a connection whose transaction writes to a table in :data:`GEVOLGD`."""

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(conn, _cursor, statement, _parameters, _context, _executemany):
        gevonden = _SCHRIJFT.match(statement)
        if gevonden and gevonden.group(1).lower() in GEVOLGD:
            conn.info[_VLAG] = True

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # conn.info outlives the transaction (it belongs to the pooled connection): start clean.
        conn.info.pop(_VLAG, None)


def markeer(session: Session) -> None:
    """Say that this transaction changed what the maps show (for writes SQLAlchemy does not see)."""
    session.connection().info[_VLAG] = True


def verhoog_als_gewijzigd(session: Session) -> bool:
    """Raise the data version when this transaction wrote to a followed table; True when it did."""
    # Pending ORM changes are sent at commit, after this: send them now so they are seen.
    session.flush()
    verbinding = session.connection()
    if not verbinding.info.pop(_VLAG, False):
        return False
    nu = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    verbinding.execute(text("UPDATE gegevensversie SET versie = versie + 1, gewijzigd = :nu WHERE id = 1"), {"nu": nu})
    return True


#: Built once: it runs on every page and API answer, and building it costs more than running it.
_LEES = select(Gegevensversie.versie, Gegevensversie.gewijzigd).where(Gegevensversie.id == 1)


def lees(verbinding: Connection | Session) -> Versie:
    """The current data version."""
    rij = verbinding.execute(_LEES).one()
    return Versie(int(rij.versie), rij.gewijzigd)
