"""Alembic's environment for wijkkaart: the connection comes from :mod:`wijkkaart.opslag.schema`, the metadata from the table modules.

GeoAlchemy2's helpers make autogenerate understand geometry columns and their
spatial indexes on SpatiaLite and PostGIS. Autogenerate writes plain
operations: SQLite adds columns in place, and a batch (which copies a table)
would lose a SpatiaLite geometry column's registration. A revision that must
alter or drop a column of a table *without* geometry on SQLite uses
``op.batch_alter_table`` by hand (``docs/architectuur.md``).
"""

from __future__ import annotations

from alembic import context
from geoalchemy2 import alembic_helpers

from wijkkaart.opslag.schema import VERGELIJKING
from wijkkaart.opslag.tabellen import registreer

metadata = registreer()


def _voer_uit(verbinding) -> None:
    context.configure(
        connection=verbinding,
        target_metadata=metadata,
        process_revision_directives=alembic_helpers.writer,
        **VERGELIJKING,
    )
    with context.begin_transaction():
        context.run_migrations()


verbinding = context.config.attributes.get("connection")
if verbinding is None:
    raise RuntimeError(
        "wijkkaart draait migraties alleen via wijkkaart db upgrade (opslag/schema.py), met een verbinding"
    )
_voer_uit(verbinding)
