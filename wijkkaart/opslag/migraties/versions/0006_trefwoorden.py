"""Words of a source's thema column that fit no thema of the controlled list are kept as text (issue 15).

Revision ID: 0006_trefwoorden
Revises: 0005_wachtende_plekken
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_trefwoorden"
down_revision = "0005_wachtende_plekken"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``aanbod.trefwoorden``."""
    op.add_column("aanbod", sa.Column("trefwoorden", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the column again."""
    op.drop_column("aanbod", "trefwoorden")
