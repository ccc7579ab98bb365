"""What-if scenarios of planners (issue 17 item 2): their own tables, apart from the real aanbod.

``scenario`` (a named what-if of one gemeente), ``scenario_aanbod``
(hypothetical aanbod at a point) and ``scenario_gesloten`` (real locaties
switched off). Deleting a scenario deletes its rows; deleting a locatie
removes it from the scenarios that switched it off.

Revision ID: 0009_scenarios
Revises: 0008_gemeente_index_dekkend
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "0009_scenarios"
down_revision = "0008_gemeente_index_dekkend"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three tables, with a spatial index on the hypothetical points."""
    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("gemeentecode", sa.String(length=6), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=True),
        sa.Column("gebruiker_id", sa.Integer(), nullable=True),
        sa.Column("gemaakt", sa.DateTime(), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"], ondelete="SET NULL"),
        sa.UniqueConstraint("gemeentecode", "naam", name="uq_scenario_gemeente_naam"),
    )
    op.create_index("ix_scenario_gemeentecode", "scenario", ["gemeentecode"], unique=False)
    # Plain operations, not batch mode: on SpatiaLite a batch copies the table and loses its geometry registration.
    op.create_geospatial_table(
        "scenario_aanbod",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=300), nullable=False),
        sa.Column("soort", sa.String(length=50), nullable=False),
        sa.Column("openingstijden", sa.Text(), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="POINT",
                srid=28992,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenario.id"], ondelete="CASCADE"),
    )
    op.create_geospatial_index(
        "idx_scenario_aanbod_geom", "scenario_aanbod", ["geom"], unique=False, postgresql_using="gist"
    )
    op.create_index("ix_scenario_aanbod_scenario_id", "scenario_aanbod", ["scenario_id"], unique=False)
    op.create_table(
        "scenario_gesloten",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("locatie_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenario.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["locatie_id"], ["locatie.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("scenario_id", "locatie_id"),
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("scenario_gesloten")
    op.drop_geospatial_index("idx_scenario_aanbod_geom", table_name="scenario_aanbod", column_name="geom")
    op.drop_index("ix_scenario_aanbod_scenario_id", table_name="scenario_aanbod")
    op.drop_geospatial_table("scenario_aanbod")
    op.drop_index("ix_scenario_gemeentecode", table_name="scenario")
    op.drop_table("scenario")
