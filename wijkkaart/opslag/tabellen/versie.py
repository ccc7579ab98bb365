"""The data version: one row whose number goes up with every write the maps and the gap analysis can see.

Every worker process reads it before it uses a cached result, so a cache
shared by many processes (Redis) and one per process agree on what is current
(issue 16). The number changes inside the writing transaction, so it can never
name data that was rolled back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..basis import Base


class Gegevensversie(Base):
    """The single row (``id`` 1): the version number and when it last changed (UTC, no zone)."""

    __tablename__ = "gegevensversie"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    versie: Mapped[int] = mapped_column(BigInteger, nullable=False)
    gewijzigd: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
