"""Database tables (SQLAlchemy 2 + GeoAlchemy2), identical on SpatiaLite and PostGIS.

Geometry is stored in EPSG:28992 (RD New), the metric CRS every distance in
wijkkaart is computed in; the web edge reprojects to EPSG:4326.
"""

from __future__ import annotations

from geoalchemy2 import Geometry
from sqlalchemy import Boolean, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .kerncijfers import KERNCIJFERS
from .taal import N_

RD_NEW = 28992
NIVEAUS = ("gemeente", "wijk", "buurt")
#: Names of the levels, singular and plural (Dutch source, translated where shown).
ENKELVOUD = {"gemeente": N_("gemeente"), "wijk": N_("wijk"), "buurt": N_("buurt")}
MEERVOUD = {"gemeente": N_("gemeenten"), "wijk": N_("wijken"), "buurt": N_("buurten")}


class Base(DeclarativeBase):
    """Declarative base of every wijkkaart table."""


class Gebied(Base):
    """A CBS region (gemeente, wijk or buurt) of one jaargang, with its kerncijfers.

    The natural key is (jaar, niveau, code, water): CBS publishes a gemeente's
    water-only part as a second row with the same code, flagged ``water``.
    ``jaar`` is the jaargang of the boundary; ``kerncijfers_jaar`` the year of
    the figures, which may differ when newer figures are joined to older
    boundaries. Each name in :data:`wijkkaart.kerncijfers.KERNCIJFERS` is a
    nullable float column; NULL means unknown or secret, never zero.
    """

    __tablename__ = "gebied"
    __table_args__ = (
        UniqueConstraint("jaar", "niveau", "code", "water", name="uq_gebied_sleutel"),
        Index("ix_gebied_gemeente", "gemeentecode", "niveau", "jaar"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, nullable=False)
    niveau: Mapped[str] = mapped_column(String(8), nullable=False)
    code: Mapped[str] = mapped_column(String(10), nullable=False)
    naam: Mapped[str | None] = mapped_column(String(200))
    gemeentecode: Mapped[str] = mapped_column(String(6), nullable=False)
    wijkcode: Mapped[str | None] = mapped_column(String(8))
    water: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    kerncijfers_jaar: Mapped[int | None] = mapped_column(Integer)
    bron: Mapped[str | None] = mapped_column(String(300))
    geom = mapped_column(
        Geometry("MULTIPOLYGON", srid=RD_NEW, spatial_index=True), nullable=False
    )


for _veld in KERNCIJFERS:
    setattr(Gebied, _veld.naam, mapped_column(_veld.naam, Float, nullable=True))
del _veld

#: Columns of :class:`Gebied` that are plain attributes (everything but id and geom).
GEBIED_ATTRIBUTEN = (
    "jaar",
    "niveau",
    "code",
    "naam",
    "gemeentecode",
    "wijkcode",
    "water",
    "kerncijfers_jaar",
    "bron",
) + tuple(k.naam for k in KERNCIJFERS)

# The aanbod and account tables share Base; importing them here puts them in Base.metadata
# wherever the models are loaded (init_db, tests, notebooks). The tables that refer to aanbod
# (audit trail, submissions) are imported at the end of aanbod/model.py, after the classes they use.
from .aanbod import model as _aanbod_model  # noqa: E402,F401
from .accounts import model as _accounts_model  # noqa: E402,F401
