"""The table of CBS regions (gemeenten, wijken, buurten) with their kerncijfers, identical on SpatiaLite and PostGIS.

Geometry is stored in EPSG:28992 (RD New), the metric CRS every distance in
wijkkaart is computed in; the web edge reprojects to EPSG:4326.
"""

from __future__ import annotations

from geoalchemy2 import Geometry
from sqlalchemy import Boolean, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ...kern.crs import RD_NEW
from ...kern.kerncijfers import KERNCIJFERS
from ..basis import Base


class Gebied(Base):
    """A CBS region (gemeente, wijk or buurt) of one jaargang, with its kerncijfers.

    The natural key is (jaar, niveau, code, water): CBS publishes a gemeente's
    water-only part as a second row with the same code, flagged ``water``.
    ``jaar`` is the jaargang of the boundary; ``kerncijfers_jaar`` the year of
    the figures, which may differ when newer figures are joined to older
    boundaries. Each name in :data:`wijkkaart.kern.kerncijfers.KERNCIJFERS` is a
    nullable float column; NULL means unknown or secret, never zero.
    """

    __tablename__ = "gebied"
    __table_args__ = (
        UniqueConstraint("jaar", "niveau", "code", "water", name="uq_gebied_sleutel"),
        Index("ix_gebied_gemeente", "gemeentecode", "niveau", "jaar", "water"),
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
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=RD_NEW, spatial_index=True), nullable=False)


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
    *tuple(k.naam for k in KERNCIJFERS),
)
