"""One row with the data version, so cached gap analyses and API ETags follow every write (issue 16).

Revision ID: 0007_gegevensversie
Revises: 0006_trefwoorden
Create Date: 2026-11-30
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0007_gegevensversie"
down_revision = "0006_trefwoorden"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``gegevensversie`` with its single row at version 1."""
    tabel = op.create_table(
        "gegevensversie",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("versie", sa.BigInteger(), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(), nullable=False),
    )
    nu = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    op.bulk_insert(tabel, [{"id": 1, "versie": 1, "gewijzigd": nu}])


def downgrade() -> None:
    """Drop the table again."""
    op.drop_table("gegevensversie")
