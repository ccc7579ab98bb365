"""Rows an online geocoder could not place because it was down wait here until ``wijkkaart geocode`` (issue 15).

Revision ID: 0005_wachtende_plekken
Revises: 0004_werkgebied
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_wachtende_plekken"
down_revision = "0004_werkgebied"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table ``wachtende_plek``: one validated row per (bron, extern_id) with why it waits."""
    op.create_table(
        "wachtende_plek",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("bron", sa.String(length=100), nullable=False),
        sa.Column("extern_id", sa.String(length=200), nullable=False),
        sa.Column("naam", sa.String(length=300), nullable=False),
        sa.Column("adres", sa.String(length=400), nullable=True),
        sa.Column("bestand", sa.String(length=500), nullable=False),
        sa.Column("rij", sa.Integer(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=False),
        sa.Column("gemeenten", sa.String(length=500), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("moment", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("bron", "extern_id", name="uq_wachtende_plek_bron_extern"),
    )


def downgrade() -> None:
    """Drop the table again."""
    op.drop_table("wachtende_plek")
