"""Alembic's environment for wijkkaart: the connection comes from :mod:`wijkkaart.opslag.schema`, the metadata from the table modules.

GeoAlchemy2's helpers make autogenerate understand geometry columns and their
spatial indexes on SpatiaLite and PostGIS; SQLite gets batch mode, since it
cannot alter most of a table in place.
"""

from __future__ import annotations

from alembic import context
from geoalchemy2 import alembic_helpers

from wijkkaart.opslag.engine import is_sqlite
from wijkkaart.opslag.tabellen import registreer

metadata = registreer()


def _alleen_wijkkaart(obj, name, type_, reflected, compare_to) -> bool:
    """Compare only wijkkaart's own tables: SpatiaLite's and PostGIS's catalogue tables are not ours to drop."""
    if type_ == "table" and reflected and compare_to is None:
        return False
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


def _voer_uit(verbinding) -> None:
    context.configure(
        connection=verbinding,
        target_metadata=metadata,
        render_as_batch=is_sqlite(verbinding.engine),
        include_object=_alleen_wijkkaart,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


verbinding = context.config.attributes.get("connection")
if verbinding is None:
    raise RuntimeError(
        "wijkkaart draait migraties alleen via wijkkaart db upgrade (opslag/schema.py), met een verbinding"
    )
_voer_uit(verbinding)
