"""The table of the audit trail: one row per changed field of an aanbod or locatie (or one per action)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..basis import Base


class Wijziging(Base):
    """One changed field of one item (``soort`` is ``aanbod`` or ``locatie``)."""

    __tablename__ = "wijziging"
    __table_args__ = (Index("ix_wijziging_item", "soort", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    moment: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="SET NULL"))
    #: The name at the time of the change, kept when the account is later renamed or removed.
    gebruiker_naam: Mapped[str] = mapped_column(String(200), nullable=False)
    soort: Mapped[str] = mapped_column(String(10), nullable=False)
    item_id: Mapped[int] = mapped_column(Integer, nullable=False)
    actie: Mapped[str] = mapped_column(String(20), nullable=False)
    veld: Mapped[str | None] = mapped_column(String(60))
    oud: Mapped[str | None] = mapped_column(Text)
    nieuw: Mapped[str | None] = mapped_column(Text)
