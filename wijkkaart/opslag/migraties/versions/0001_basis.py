"""The schema of wijkkaart 0.1.0, the last release without migrations; it adopts any earlier wijkkaart database.

Revision ID: 0001_basis
Revises:
Create Date: 2026-11-30

wijkkaart 0.1.0 and its predecessors made their tables with ``create_all`` and
only ever *added* tables and nullable or defaulted columns (0.0: ``gebied``;
then the aanbod tables; then ``gearchiveerd`` and ``contact_openbaar``; then
accounts, the audit trail and submissions). So this revision creates each
table that is missing and adds each column a table lacks, and leaves
everything that is there as it is: on an empty database it makes the whole
schema, on a database of 0.1.0 it changes nothing (Alembic only records the
version), and on an older one it adds what came later without touching a row.
A column added to a table that has rows gets the model's default as a server
default (``false`` for the flags).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "0001_basis"
down_revision = None
branch_labels = None
depends_on = None

#: The kerncijfers columns of ``gebied`` in 0.1.0 (wijkkaart.kern.kerncijfers.KERNCIJFERS then), frozen here.
KERNCIJFERS = (
    "inwoners",
    "mannen",
    "vrouwen",
    "aantal_0_tot_15",
    "aantal_15_tot_25",
    "aantal_25_tot_45",
    "aantal_45_tot_65",
    "aantal_65_plus",
    "pct_0_tot_15",
    "pct_15_tot_25",
    "pct_25_tot_45",
    "pct_45_tot_65",
    "pct_65_plus",
    "huishoudens",
    "eenpersoonshuishoudens",
    "pct_eenpersoonshuishoudens",
    "pct_huishoudens_met_kinderen",
    "gem_huishoudensgrootte",
    "bevolkingsdichtheid",
    "pct_koopwoningen",
    "pct_huurwoningen",
    "pct_corporatiewoningen",
    "gem_woz_waarde",
    "gem_inkomen_per_inwoner",
    "pct_huishoudens_laag_inkomen",
    "bijstand",
    "aow",
    "wmo_clienten",
    "wmo_clienten_per_1000",
    "oppervlakte_land_ha",
    "stedelijkheid",
    "omgevingsadressendichtheid",
    "afstand_huisarts_km",
)


def _geom(soort: str) -> sa.Column:
    return sa.Column(
        "geom",
        Geometry(
            geometry_type=soort,
            srid=28992,
            dimension=2,
            spatial_index=False,
            from_text="ST_GeomFromEWKT",
            name="geometry",
            nullable=False,
        ),
        nullable=False,
    )


def _tabellen() -> list[tuple[str, list, list, list[tuple[str, list[str]]], bool]]:
    """(name, columns, constraints, indexes, spatial) per table, in an order that satisfies the foreign keys."""
    return [
        (
            "gebied",
            [
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("jaar", sa.Integer(), nullable=False),
                sa.Column("niveau", sa.String(length=8), nullable=False),
                sa.Column("code", sa.String(length=10), nullable=False),
                sa.Column("naam", sa.String(length=200), nullable=True),
                sa.Column("gemeentecode", sa.String(length=6), nullable=False),
                sa.Column("wijkcode", sa.String(length=8), nullable=True),
                sa.Column("water", sa.Boolean(), nullable=False),
                sa.Column("kerncijfers_jaar", sa.Integer(), nullable=True),
                sa.Column("bron", sa.String(length=300), nullable=True),
                _geom("MULTIPOLYGON"),
                *(sa.Column(naam, sa.Float(), nullable=True) for naam in KERNCIJFERS),
            ],
            [
                sa.PrimaryKeyConstraint("id"),
                sa.UniqueConstraint("jaar", "niveau", "code", "water", name="uq_gebied_sleutel"),
            ],
            [("ix_gebied_gemeente", ["gemeentecode", "niveau", "jaar"])],
            True,
        ),
        (
            "gebruiker",
            [
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("email", sa.String(length=200), nullable=False),
                sa.Column("naam", sa.String(length=200), nullable=False),
                sa.Column("wachtwoord_hash", sa.String(length=200), nullable=False),
                sa.Column("rol", sa.String(length=20), nullable=False),
                sa.Column("actief", sa.Boolean(), nullable=False),
                sa.Column("sessie_sleutel", sa.String(length=32), nullable=False),
                sa.Column("aangemaakt", sa.DateTime(), nullable=False),
            ],
            [sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("email")],
            [],
            False,
        ),
        (
            "locatie",
            [
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("bron", sa.String(length=100), nullable=False),
                sa.Column("extern_id", sa.String(length=200), nullable=False),
                sa.Column("naam", sa.String(length=300), nullable=True),
                sa.Column("soort", sa.String(length=40), nullable=True),
                sa.Column("straat", sa.String(length=200), nullable=True),
                sa.Column("huisnummer", sa.String(length=20), nullable=True),
                sa.Column("postcode", sa.String(length=6), nullable=True),
                sa.Column("plaats", sa.String(length=100), nullable=True),
                sa.Column("bag_id", sa.String(length=16), nullable=True),
                sa.Column("adres_verbergen", sa.Boolean(), nullable=False),
                sa.Column("openingstijden", sa.Text(), nullable=True),
                sa.Column("openingstijden_tekst", sa.Text(), nullable=True),
                sa.Column("precisie", sa.String(length=12), nullable=False),
                sa.Column("geocoder", sa.String(length=40), nullable=False),
                sa.Column("gemeentecode", sa.String(length=6), nullable=True),
                sa.Column("wijkcode", sa.String(length=8), nullable=True),
                sa.Column("wijk_jaar", sa.Integer(), nullable=True),
                sa.Column("buurtcode", sa.String(length=10), nullable=True),
                sa.Column("buurt_jaar", sa.Integer(), nullable=True),
                sa.Column("voorbeeld", sa.Boolean(), nullable=False),
                sa.Column("gearchiveerd", sa.Boolean(), nullable=False),
                _geom("POINT"),
            ],
            [
                sa.PrimaryKeyConstraint("id"),
                sa.UniqueConstraint("bron", "extern_id", name="uq_locatie_bron_extern"),
            ],
            [("ix_locatie_gemeente", ["gemeentecode"])],
            True,
        ),
        (
            "organisatie",
            [
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("bron", sa.String(length=100), nullable=False),
                sa.Column("naam", sa.String(length=300), nullable=False),
                sa.Column("kvk", sa.String(length=8), nullable=True),
                sa.Column("website", sa.String(length=500), nullable=True),
                sa.Column("voorbeeld", sa.Boolean(), nullable=False),
            ],
            [
                sa.PrimaryKeyConstraint("id"),
                sa.UniqueConstraint("bron", "naam", name="uq_organisatie_bron_naam"),
            ],
            [],
            False,
        ),
        (
            "aanbod",
            [
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("bron", sa.String(length=100), nullable=False),
                sa.Column("extern_id", sa.String(length=200), nullable=False),
                sa.Column("organisatie_id", sa.Integer(), nullable=True),
                sa.Column("naam", sa.String(length=300), nullable=False),
                sa.Column("beschrijving", sa.Text(), nullable=True),
                sa.Column("soort", sa.String(length=40), nullable=False),
                sa.Column("collectief", sa.Boolean(), nullable=False),
                sa.Column("doelgroep_omschrijving", sa.Text(), nullable=True),
                sa.Column("toegang", sa.Text(), nullable=True),
                sa.Column("kosten", sa.String(length=300), nullable=True),
                sa.Column("status", sa.String(length=20), nullable=False),
                sa.Column("laatst_geverifieerd", sa.Date(), nullable=True),
                sa.Column("website", sa.String(length=500), nullable=True),
                sa.Column("telefoon", sa.String(length=40), nullable=True),
                sa.Column("email", sa.String(length=200), nullable=True),
                sa.Column("contact_openbaar", sa.Boolean(), nullable=False),
                sa.Column("voorbeeld", sa.Boolean(), nullable=False),
                sa.Column("gearchiveerd", sa.Boolean(), nullable=False),
            ],
            [
                sa.ForeignKeyConstraint(["organisatie_id"], ["organisatie.id"], ondelete="SET NULL"),
                sa.PrimaryKeyConstraint("id"),
                sa.UniqueConstraint("bron", "extern_id", name="uq_aanbod_bron_extern"),
            ],
            [],
            False,
        ),
        (
            "toewijzing",
            [
                sa.Column("gebruiker_id", sa.Integer(), nullable=False),
                sa.Column("code", sa.String(length=10), nullable=False),
            ],
            [
                sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"], ondelete="CASCADE"),
                sa.PrimaryKeyConstraint("gebruiker_id", "code"),
            ],
            [],
            False,
        ),
        (
            "wijziging",
            [
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("moment", sa.DateTime(), nullable=False),
                sa.Column("gebruiker_id", sa.Integer(), nullable=True),
                sa.Column("gebruiker_naam", sa.String(length=200), nullable=False),
                sa.Column("soort", sa.String(length=10), nullable=False),
                sa.Column("item_id", sa.Integer(), nullable=False),
                sa.Column("actie", sa.String(length=20), nullable=False),
                sa.Column("veld", sa.String(length=60), nullable=True),
                sa.Column("oud", sa.Text(), nullable=True),
                sa.Column("nieuw", sa.Text(), nullable=True),
            ],
            [
                sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"], ondelete="SET NULL"),
                sa.PrimaryKeyConstraint("id"),
            ],
            [("ix_wijziging_item", ["soort", "item_id"])],
            False,
        ),
        (
            "aanbod_doelgroep",
            [
                sa.Column("aanbod_id", sa.Integer(), nullable=False),
                sa.Column("doelgroep", sa.String(length=60), nullable=False),
            ],
            [
                sa.ForeignKeyConstraint(["aanbod_id"], ["aanbod.id"], ondelete="CASCADE"),
                sa.PrimaryKeyConstraint("aanbod_id", "doelgroep"),
            ],
            [],
            False,
        ),
        (
            "aanbod_locatie",
            [
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("aanbod_id", sa.Integer(), nullable=False),
                sa.Column("locatie_id", sa.Integer(), nullable=False),
                sa.Column("openingstijden", sa.Text(), nullable=True),
                sa.Column("openingstijden_tekst", sa.Text(), nullable=True),
            ],
            [
                sa.ForeignKeyConstraint(["aanbod_id"], ["aanbod.id"], ondelete="CASCADE"),
                sa.ForeignKeyConstraint(["locatie_id"], ["locatie.id"], ondelete="CASCADE"),
                sa.PrimaryKeyConstraint("id"),
                sa.UniqueConstraint("aanbod_id", "locatie_id", name="uq_aanbod_locatie"),
            ],
            [],
            False,
        ),
        (
            "aanbod_thema",
            [
                sa.Column("aanbod_id", sa.Integer(), nullable=False),
                sa.Column("thema", sa.String(length=60), nullable=False),
            ],
            [
                sa.ForeignKeyConstraint(["aanbod_id"], ["aanbod.id"], ondelete="CASCADE"),
                sa.PrimaryKeyConstraint("aanbod_id", "thema"),
            ],
            [],
            False,
        ),
        (
            "inzending",
            [
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("soort", sa.String(length=12), nullable=False),
                sa.Column("status", sa.String(length=12), nullable=False),
                sa.Column("ingediend", sa.DateTime(), nullable=False),
                sa.Column("aanbod_id", sa.Integer(), nullable=True),
                sa.Column("locatie_id", sa.Integer(), nullable=True),
                sa.Column("naam", sa.String(length=300), nullable=True),
                sa.Column("beschrijving", sa.Text(), nullable=True),
                sa.Column("wanneer", sa.Text(), nullable=True),
                sa.Column("straat", sa.String(length=200), nullable=True),
                sa.Column("huisnummer", sa.String(length=20), nullable=True),
                sa.Column("postcode", sa.String(length=7), nullable=True),
                sa.Column("plaats", sa.String(length=100), nullable=True),
                sa.Column("website", sa.String(length=500), nullable=True),
                sa.Column("opmerking", sa.Text(), nullable=True),
                sa.Column("contact_naam", sa.String(length=200), nullable=True),
                sa.Column("contact_email", sa.String(length=200), nullable=True),
                sa.Column("contact_telefoon", sa.String(length=40), nullable=True),
                sa.Column("toestemming_publicatie", sa.Boolean(), nullable=False),
                sa.Column("gemeentecode", sa.String(length=6), nullable=True),
                sa.Column("wijkcode", sa.String(length=8), nullable=True),
                sa.Column("buurtcode", sa.String(length=10), nullable=True),
                sa.Column("behandeld_door", sa.String(length=200), nullable=True),
                sa.Column("behandeld_op", sa.DateTime(), nullable=True),
                sa.Column("toelichting", sa.Text(), nullable=True),
                sa.Column("resultaat_aanbod_id", sa.Integer(), nullable=True),
            ],
            [
                sa.ForeignKeyConstraint(["aanbod_id"], ["aanbod.id"], ondelete="SET NULL"),
                sa.ForeignKeyConstraint(["locatie_id"], ["locatie.id"], ondelete="SET NULL"),
                sa.ForeignKeyConstraint(["resultaat_aanbod_id"], ["aanbod.id"], ondelete="SET NULL"),
                sa.PrimaryKeyConstraint("id"),
            ],
            [],
            False,
        ),
    ]


def _maak(naam: str, kolommen: list, beperkingen: list, indexen: list, ruimtelijk: bool) -> None:
    if ruimtelijk:
        op.create_geospatial_table(naam, *kolommen, *beperkingen)
    else:
        op.create_table(naam, *kolommen, *beperkingen)
    # Plain operations, not batch mode: on SpatiaLite a batch copies the table and loses its geometry registration.
    if ruimtelijk:
        op.create_geospatial_index(f"idx_{naam}_geom", naam, ["geom"], unique=False, postgresql_using="gist")
    for index, velden in indexen:
        op.create_index(index, naam, velden, unique=False)


def _vul_aan(naam: str, kolommen: list, aanwezig: set[str]) -> None:
    """Add the columns an older wijkkaart's table lacks (never a geometry column: every release had it).

    Only flags were ever added as NOT NULL (``gearchiveerd``, ``contact_openbaar``);
    existing rows get false, the value the model writes for new ones.
    """
    # ALTER TABLE … ADD COLUMN on both backends: SQLite does that in place, where a batch would copy
    # the table and lose its SpatiaLite geometry registration.
    for kolom in (k for k in kolommen if k.name not in aanwezig):
        if not kolom.nullable:
            kolom = sa.Column(kolom.name, kolom.type, nullable=False, server_default=sa.false())
        op.add_column(naam, kolom)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    bestaand = set(inspector.get_table_names())
    for naam, kolommen, beperkingen, indexen, ruimtelijk in _tabellen():
        if naam in bestaand:
            _vul_aan(naam, kolommen, {k["name"] for k in inspector.get_columns(naam)})
        else:
            _maak(naam, kolommen, beperkingen, indexen, ruimtelijk)


def downgrade() -> None:
    # Below the baseline there is no schema to go back to: refusing is safer than dropping every table.
    raise NotImplementedError("0001_basis is het begin van de migraties; terug kan niet")
