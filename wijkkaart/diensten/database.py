"""The database itself: connect by URL, make it ready, upgrade it, say where its schema stands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from ..opslag import schema, versie
from ..opslag.engine import engine_naam, make_engine


@dataclass(frozen=True)
class SchemaStand:
    """Where a database's schema stands against this code."""

    database: str
    versie: str | None
    nieuwste: str
    heeft_tabellen: bool

    @property
    def actueel(self) -> bool:
        """True when the database is at the newest revision."""
        return self.versie == self.nieuwste

    def regels(self) -> list[str]:
        """The state as Dutch lines for a terminal."""
        if self.versie is None and not self.heeft_tabellen:
            nu = "leeg (wordt bij het eerste gebruik aangemaakt)"
        elif self.versie is None:
            nu = "van vóór de migraties (wijkkaart 0.1.0 of ouder): draai wijkkaart db upgrade"
        elif self.actueel:
            nu = f"{self.versie} (bijgewerkt)"
        else:
            nu = f"{self.versie}: draai wijkkaart db upgrade"
        return [f"database: {self.database}", f"schema: {nu}", f"nieuwste schema van deze versie: {self.nieuwste}"]


#: Longest a web request's statement may run or wait for another writer (seconds); gunicorn's own limit is 60.
WEB_WACHTTIJD_S = 30


def verbind(url: str, wachttijd_s: float | None = None) -> Engine:
    """An engine for ``url`` (SpatiaLite or PostGIS, by the URL alone); nothing is opened yet.

    ``wachttijd_s``: statements (and waits for another writer's lock) are cut
    off after this long; the web uses :data:`WEB_WACHTTIJD_S`, so a request
    answers 503 instead of hanging.
    """
    return make_engine(url, wachttijd_s=wachttijd_s)


def bereid_voor(engine: Engine) -> None:
    """Create an empty database at the newest schema, accept a current one, refuse an outdated one."""
    schema.bereid_voor(engine)


def stand(engine: Engine) -> SchemaStand:
    """Where the schema of the database at ``engine`` stands (``wijkkaart db current``)."""
    toestand = schema.toestand(engine)
    return SchemaStand(engine_naam(engine), toestand.versie, schema.nieuwste_versie(), toestand.heeft_tabellen)


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest schema, keeping every row (``wijkkaart db upgrade``); return (from, to)."""
    return schema.upgrade(engine)


def dataversie(engine: Engine) -> versie.Versie:
    """The data version: it changes with every write the maps can see (ETags, cache keys)."""
    # Asked on every page and API answer: a plain connection, no ORM session (that was 40% of a kept page).
    with engine.connect() as verbinding:
        return versie.lees(verbinding)
