"""The table of what residents send in: a new initiative or a correction, with its place in a moderation queue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..basis import Base


class Inzending(Base):
    """One submission by a resident, with where it belongs and what became of it."""

    __tablename__ = "inzending"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    soort: Mapped[str] = mapped_column(String(12), nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open")
    ingediend: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    aanbod_id: Mapped[int | None] = mapped_column(ForeignKey("aanbod.id", ondelete="SET NULL"))
    locatie_id: Mapped[int | None] = mapped_column(ForeignKey("locatie.id", ondelete="SET NULL"))
    naam: Mapped[str | None] = mapped_column(String(300))
    beschrijving: Mapped[str | None] = mapped_column(Text)
    wanneer: Mapped[str | None] = mapped_column(Text)
    straat: Mapped[str | None] = mapped_column(String(200))
    huisnummer: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(7))
    plaats: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(500))
    opmerking: Mapped[str | None] = mapped_column(Text)
    contact_naam: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_telefoon: Mapped[str | None] = mapped_column(String(40))
    toestemming_publicatie: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    gemeentecode: Mapped[str | None] = mapped_column(String(6))
    wijkcode: Mapped[str | None] = mapped_column(String(8))
    buurtcode: Mapped[str | None] = mapped_column(String(10))
    behandeld_door: Mapped[str | None] = mapped_column(String(200))
    behandeld_op: Mapped[dt.datetime | None] = mapped_column(DateTime)
    toelichting: Mapped[str | None] = mapped_column(Text)
    resultaat_aanbod_id: Mapped[int | None] = mapped_column(ForeignKey("aanbod.id", ondelete="SET NULL"))
