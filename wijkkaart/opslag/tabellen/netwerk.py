"""The walking network from OpenStreetMap, stored per gemeente: edges (``looppad``), nodes and where it came from.

A gemeente's network is the walkable ways within its boundary plus a margin,
so an edge near a border is stored once for each gemeente whose margin it
lies in; readers take each edge once (:func:`wijkkaart.opslag.netwerk.lijnen`).
Importing a gemeente again replaces its rows, in one transaction.
"""

from __future__ import annotations

import datetime as dt

from geoalchemy2 import Geometry
from sqlalchemy import BigInteger, DateTime, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ...kern.crs import RD_NEW
from ..basis import Base


class Looppadnetwerk(Base):
    """Which gemeenten have a walking network, from which extract, and how much of it."""

    __tablename__ = "looppadnetwerk"

    gemeentecode: Mapped[str] = mapped_column(String(6), primary_key=True)
    bron: Mapped[str] = mapped_column(String(300), nullable=False)
    #: The newest edit in the extract that reached this gemeente's network (None when the file says nothing).
    osm_datum: Mapped[dt.datetime | None] = mapped_column(DateTime)
    geimporteerd: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    marge_m: Mapped[float] = mapped_column(Float, nullable=False)
    randen: Mapped[int] = mapped_column(Integer, nullable=False)
    knopen: Mapped[int] = mapped_column(Integer, nullable=False)
    lengte_km: Mapped[float] = mapped_column(Float, nullable=False)


class Looppad(Base):
    """One walkable edge between two OSM nodes: its way, kind (``highway``), length and line (RD New)."""

    __tablename__ = "looppad"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeentecode: Mapped[str] = mapped_column(String(6), nullable=False, index=True)
    osm_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    van: Mapped[int] = mapped_column(BigInteger, nullable=False)
    naar: Mapped[int] = mapped_column(BigInteger, nullable=False)
    soort: Mapped[str] = mapped_column(String(40), nullable=False)
    lengte_m: Mapped[float] = mapped_column(Float, nullable=False)
    geom = mapped_column(Geometry("LINESTRING", srid=RD_NEW, spatial_index=True), nullable=False)


class LooppadKnoop(Base):
    """A node where walkable edges meet or end (its OSM id and point, RD New)."""

    __tablename__ = "looppad_knoop"

    gemeentecode: Mapped[str] = mapped_column(String(6), primary_key=True)
    osm_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    geom = mapped_column(Geometry("POINT", srid=RD_NEW, spatial_index=False), nullable=False)
