"""Tables of accounts: a person with a role (:data:`wijkkaart.kern.rechten.ROLLEN`), and the gemeenten or wijken assigned to them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..basis import Base


class Gebruiker(Base):
    """A person who logs in.

    ``sessie_sleutel`` is part of the id kept in the session cookie; a new
    password or a deactivation changes it, which ends every open session.
    """

    __tablename__ = "gebruiker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    naam: Mapped[str] = mapped_column(String(200), nullable=False)
    wachtwoord_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    rol: Mapped[str] = mapped_column(String(20), nullable=False)
    actief: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    sessie_sleutel: Mapped[str] = mapped_column(String(32), nullable=False)
    aangemaakt: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    toewijzingen: Mapped[list[Toewijzing]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Toewijzing.code"
    )

    @property
    def codes(self) -> set[str]:
        """The GM- and WK-codes assigned to this person."""
        return {t.code for t in self.toewijzingen}

    # The four members Flask-Login asks of a user object (plain attributes, no Flask import needed).
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        """Whether the account may log in (Flask-Login asks)."""
        return self.actief

    def get_id(self) -> str:
        """The session's user id: changes when the password does, which ends older sessions."""
        return f"{self.id}:{self.sessie_sleutel}"


class Toewijzing(Base):
    """One gemeente (GM-code) or wijk (WK-code) an opbouwwerker edits."""

    __tablename__ = "toewijzing"

    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(10), primary_key=True)


class InlogVertraging(Base):
    """Failed logins for one e-mail address, whether or not it has an account, and when the next try may come.

    Keyed by a SHA-256 of the address as typed (trimmed, lower case), so an
    unknown address is slowed down exactly like a known one (the delay tells
    nobody whether an account exists) and what people type in the field is
    not kept. A successful login removes the row.
    """

    __tablename__ = "inlogvertraging"

    sleutel: Mapped[str] = mapped_column(String(64), primary_key=True)
    mislukt: Mapped[int] = mapped_column(Integer, nullable=False)
    volgende_poging: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    bijgewerkt: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
