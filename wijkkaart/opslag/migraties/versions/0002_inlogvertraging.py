"""Failed logins per e-mail address, for a growing delay instead of a lock-out (issue 14).

Revision ID: 0002_inlogvertraging
Revises: 0001_basis
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_inlogvertraging"
down_revision = "0001_basis"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table ``inlogvertraging``."""
    op.create_table(
        "inlogvertraging",
        sa.Column("sleutel", sa.String(64), primary_key=True),
        sa.Column("mislukt", sa.Integer(), nullable=False),
        sa.Column("volgende_poging", sa.DateTime(), nullable=False),
        sa.Column("bijgewerkt", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_inlogvertraging_bijgewerkt", "inlogvertraging", ["bijgewerkt"])


def downgrade() -> None:
    """Drop it again."""
    op.drop_index("ix_inlogvertraging_bijgewerkt", table_name="inlogvertraging")
    op.drop_table("inlogvertraging")
