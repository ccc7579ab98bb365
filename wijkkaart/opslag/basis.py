"""The declarative base every table module builds on; it imports no table itself."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of every wijkkaart table (their metadata is complete once :func:`~.tabellen.registreer` ran)."""
