"""Aanbod without a fixed place ("online", "meerdere locaties") keeps those words and gets a werkgebied (issue 15).

Revision ID: 0004_werkgebied
Revises: 0003_afgeleide_uren
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_werkgebied"
down_revision = "0003_afgeleide_uren"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``aanbod.zonder_vaste_plek`` and the table ``aanbod_werkgebied`` (HSDS service_area)."""
    op.add_column("aanbod", sa.Column("zonder_vaste_plek", sa.String(length=100), nullable=True))
    op.create_table(
        "aanbod_werkgebied",
        sa.Column("aanbod_id", sa.Integer(), sa.ForeignKey("aanbod.id", ondelete="CASCADE"), nullable=False),
        sa.Column("gebiedcode", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("aanbod_id", "gebiedcode"),
    )
    op.create_index("ix_aanbod_werkgebied_code", "aanbod_werkgebied", ["gebiedcode"])


def downgrade() -> None:
    """Drop the table and the column again."""
    op.drop_index("ix_aanbod_werkgebied_code", table_name="aanbod_werkgebied")
    op.drop_table("aanbod_werkgebied")
    op.drop_column("aanbod", "zonder_vaste_plek")
