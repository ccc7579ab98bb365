"""The walking network from OpenStreetMap (issue 19): ``looppad`` edges, ``looppad_knoop`` nodes, ``looppadnetwerk``.

One row in ``looppadnetwerk`` per gemeente with a network: the extract it
came from, when, and how much. Edges and nodes carry their gemeente, so
importing a gemeente again replaces exactly its rows.

Revision ID: 0010_looppaden
Revises: 0009_scenarios
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "0010_looppaden"
down_revision = "0009_scenarios"
branch_labels = None
depends_on = None


def _geometrie(soort: str) -> Geometry:
    return Geometry(
        geometry_type=soort,
        srid=28992,
        dimension=2,
        spatial_index=False,
        from_text="ST_GeomFromEWKT",
        name="geometry",
        nullable=False,
    )


def upgrade() -> None:
    """Create the three tables, with a spatial index on the edges."""
    op.create_table(
        "looppadnetwerk",
        sa.Column("gemeentecode", sa.String(length=6), primary_key=True),
        sa.Column("bron", sa.String(length=300), nullable=False),
        sa.Column("osm_datum", sa.DateTime(), nullable=True),
        sa.Column("geimporteerd", sa.DateTime(), nullable=False),
        sa.Column("marge_m", sa.Float(), nullable=False),
        sa.Column("randen", sa.Integer(), nullable=False),
        sa.Column("knopen", sa.Integer(), nullable=False),
        sa.Column("lengte_km", sa.Float(), nullable=False),
    )
    # Plain operations, not batch mode: on SpatiaLite a batch copies the table and loses its geometry registration.
    op.create_geospatial_table(
        "looppad",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("gemeentecode", sa.String(length=6), nullable=False),
        sa.Column("osm_id", sa.BigInteger(), nullable=False),
        sa.Column("van", sa.BigInteger(), nullable=False),
        sa.Column("naar", sa.BigInteger(), nullable=False),
        sa.Column("soort", sa.String(length=40), nullable=False),
        sa.Column("lengte_m", sa.Float(), nullable=False),
        sa.Column("geom", _geometrie("LINESTRING"), nullable=False),
    )
    op.create_geospatial_index("idx_looppad_geom", "looppad", ["geom"], unique=False, postgresql_using="gist")
    op.create_index("ix_looppad_gemeentecode", "looppad", ["gemeentecode"], unique=False)
    op.create_geospatial_table(
        "looppad_knoop",
        sa.Column("gemeentecode", sa.String(length=6), nullable=False),
        sa.Column("osm_id", sa.BigInteger(), nullable=False),
        sa.Column("geom", _geometrie("POINT"), nullable=False),
        sa.PrimaryKeyConstraint("gemeentecode", "osm_id"),
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_geospatial_table("looppad_knoop")
    op.drop_index("ix_looppad_gemeentecode", table_name="looppad")
    op.drop_geospatial_index("idx_looppad_geom", table_name="looppad", column_name="geom")
    op.drop_geospatial_table("looppad")
    op.drop_table("looppadnetwerk")
