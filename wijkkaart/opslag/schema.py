"""The database schema's version, kept by Alembic: create, upgrade, report, refuse what is outdated.

Every schema change is a revision in ``migraties/versions`` (on SpatiaLite and
PostGIS alike, with GeoAlchemy2's Alembic helpers for geometry columns). The
revision :data:`BASIS` is the schema of wijkkaart 0.1.0, the last release
without migrations; it also brings any earlier wijkkaart database up to that
schema, so upgrading never means reloading.

- :func:`bereid_voor` is what the server and every command call: an empty
  database is created at the newest revision; one at an older revision (or
  made by a release without migrations) is refused with the command that
  upgrades it; nothing is changed behind anyone's back.
- :func:`upgrade` (``wijkkaart db upgrade``) brings a database to the newest revision.
- :func:`huidige_versie` and :func:`nieuwste_versie` (``wijkkaart db current``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from geoalchemy2 import alembic_helpers
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from ..kern.fouten import SchemaVerouderd
from .engine import engine_naam, is_sqlite
from .tabellen import registreer

MIGRATIES = Path(__file__).resolve().parent / "migraties"
#: The revision that equals the schema of wijkkaart 0.1.0 (made with ``create_all``, no version table).
BASIS = "0001_basis"


def alembic_config(verbinding: Connection | None = None) -> Config:
    """Alembic's configuration for wijkkaart's migrations, bound to ``verbinding`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIES))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(MIGRATIES / "versions"))
    if verbinding is not None:
        config.attributes["connection"] = verbinding
    return config


def neem_mee(obj, name, type_, reflected, compare_to) -> bool:
    """Compare only wijkkaart's own tables: SpatiaLite's and PostGIS's catalogue tables are not ours to drop.

    Geometry columns and their spatial indexes are left to GeoAlchemy2's helper.
    """
    if type_ == "table" and reflected and compare_to is None:
        return False
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


#: How migrations and the model check compare a database with the tables (``migraties/env.py`` uses them too).
VERGELIJKING = {"include_object": neem_mee, "compare_type": True, "render_item": alembic_helpers.render_item}


def verschillen(engine: Engine) -> list:
    """What autogenerate would change to make the database match the table modules (empty when they agree).

    A database at the newest revision must give an empty list: a change to a
    table module without a migration shows up here (``tests/test_migraties.py``).
    """
    with engine.connect() as verbinding:
        context = MigrationContext.configure(verbinding, opts={**VERGELIJKING, "target_metadata": registreer()})
        return compare_metadata(context, registreer())


def nieuwste_versie() -> str:
    """The newest revision this code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@dataclass(frozen=True)
class Toestand:
    """Where a database stands: its revision (None when unversioned) and whether it holds wijkkaart tables."""

    versie: str | None
    heeft_tabellen: bool

    @property
    def leeg(self) -> bool:
        """True for a database without wijkkaart tables and without a version."""
        return self.versie is None and not self.heeft_tabellen


def toestand(engine: Engine) -> Toestand:
    """The revision of the database at ``engine`` and whether it has wijkkaart tables."""
    with engine.connect() as verbinding:
        versie = MigrationContext.configure(verbinding).get_current_revision()
        tabellen = set(inspect(verbinding).get_table_names())
    return Toestand(versie, bool(tabellen & set(registreer().tables)))


def huidige_versie(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty database or one made before migrations."""
    return toestand(engine).versie


def _postgis(engine: Engine) -> None:
    if not is_sqlite(engine):
        with engine.begin() as verbinding:
            verbinding.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))


def upgrade(engine: Engine, doel: str = "head") -> tuple[str | None, str]:
    """Bring the database to revision ``doel`` (the newest by default); return (from, to).

    A database made by a release without migrations has no version yet; the
    baseline revision recognises its tables and adds only what they lack.
    """
    voor = huidige_versie(engine)
    _postgis(engine)
    with engine.begin() as verbinding:
        command.upgrade(alembic_config(verbinding), doel)
    return voor, huidige_versie(engine)


def bereid_voor(engine: Engine) -> None:
    """Make the database ready for this version of wijkkaart, or refuse it with the command that fixes it.

    An empty database is created at the newest revision. A database at the
    newest revision is used as it is.

    Raises
    ------
    SchemaVerouderd
        When the database is at an older revision or was made by a release
        without migrations (``wijkkaart db upgrade`` brings it up to date),
        or at a revision this code does not know (a newer wijkkaart made it).
    """
    stand = toestand(engine)
    if stand.leeg:
        upgrade(engine)
        return
    nieuwste = nieuwste_versie()
    if stand.versie == nieuwste:
        return
    naam = engine_naam(engine)
    bekend = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if stand.versie is not None and stand.versie not in bekend:
        raise SchemaVerouderd(
            f"de database {naam} heeft schemaversie {stand.versie}, die deze wijkkaart niet kent "
            f"(een nieuwere versie heeft hem gemaakt); gebruik die versie, of een lege database"
        )
    oud = stand.versie or "van vóór de migraties (wijkkaart 0.1.0 of ouder)"
    raise SchemaVerouderd(
        f"de database {naam} heeft een ouder schema ({oud}; deze versie heeft {nieuwste}). "
        f"Werk hem eerst bij met: wijkkaart db upgrade (alle gegevens blijven bewaard)"
    )
