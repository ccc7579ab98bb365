"""Opening hours read from Dutch text keep the sentence they came from until someone confirms them (issue 15).

Revision ID: 0003_afgeleide_uren
Revises: 0002_inlogvertraging
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_afgeleide_uren"
down_revision = "0002_inlogvertraging"
branch_labels = None
depends_on = None

TABELLEN = ("locatie", "aanbod_locatie")


def upgrade() -> None:
    """Add ``openingstijden_afgeleid_uit`` to the locatie and to the aanbod-at-locatie link."""
    for tabel in TABELLEN:
        op.add_column(tabel, sa.Column("openingstijden_afgeleid_uit", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the column again (SQLite 3.35+ and PostgreSQL drop a column in place)."""
    for tabel in TABELLEN:
        op.drop_column(tabel, "openingstijden_afgeleid_uit")
