"""What-if scenarios of planners: hypothetical aanbod and locaties switched off, kept apart from the real aanbod.

Nothing here is read by the aanbod queries residents and the normal gap
analysis use (:mod:`wijkkaart.opslag.aanbod`): a scenario only exists for
the comparison of its own page and report.
"""

from __future__ import annotations

import datetime as dt

from geoalchemy2 import Geometry
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...kern.crs import RD_NEW
from ..basis import Base


class Scenario(Base):
    """A named what-if of one gemeente, by a planner."""

    __tablename__ = "scenario"
    __table_args__ = (UniqueConstraint("gemeentecode", "naam", name="uq_scenario_gemeente_naam"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeentecode: Mapped[str] = mapped_column(String(6), nullable=False, index=True)
    naam: Mapped[str] = mapped_column(String(200), nullable=False)
    omschrijving: Mapped[str | None] = mapped_column(Text)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="SET NULL"))
    gemaakt: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    gewijzigd: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    aanbod: Mapped[list[ScenarioAanbod]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ScenarioAanbod.id"
    )
    gesloten: Mapped[list[ScenarioGesloten]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ScenarioGesloten.locatie_id"
    )


class ScenarioAanbod(Base):
    """Hypothetical aanbod at a point: its name, soort and hours (OSM), as the analysis reads real aanbod."""

    __tablename__ = "scenario_aanbod"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id", ondelete="CASCADE"), nullable=False, index=True)
    naam: Mapped[str] = mapped_column(String(300), nullable=False)
    soort: Mapped[str] = mapped_column(String(50), nullable=False)
    openingstijden: Mapped[str | None] = mapped_column(Text)
    geom = mapped_column(Geometry("POINT", srid=RD_NEW, spatial_index=True), nullable=False)


class ScenarioGesloten(Base):
    """A real locatie switched off in a scenario ("wat als buurthuis X sluit?"): all aanbod there is left out."""

    __tablename__ = "scenario_gesloten"

    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id", ondelete="CASCADE"), primary_key=True)
    locatie_id: Mapped[int] = mapped_column(ForeignKey("locatie.id", ondelete="CASCADE"), primary_key=True)
