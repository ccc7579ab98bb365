"""Tables of the aanbod model (HSDS 3 in Dutch terms), identical on SpatiaLite and PostGIS.

Every record that came from a file carries ``bron`` (the source) and
``extern_id`` (its id in that source); together they are the upsert key, so
re-importing an updated spreadsheet updates the same records in place.
``voorbeeld`` marks example records that are not real data; the UI and the
API say so.
"""

from __future__ import annotations

import datetime as dt

from geoalchemy2 import Geometry
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...kern.crs import RD_NEW
from ..basis import Base


class Organisatie(Base):
    """Who offers something: a welfare organisation, a library, or a residents' group (no KvK needed)."""

    __tablename__ = "organisatie"
    __table_args__ = (UniqueConstraint("bron", "naam", name="uq_organisatie_bron_naam"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bron: Mapped[str] = mapped_column(String(100), nullable=False)
    naam: Mapped[str] = mapped_column(String(300), nullable=False)
    kvk: Mapped[str | None] = mapped_column(String(8))
    website: Mapped[str | None] = mapped_column(String(500))
    voorbeeld: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Locatie(Base):
    """A place: buurthuis, wijkcentrum, bibliotheek, …, with its point and the buurt it lies in.

    ``adres_verbergen`` shows the place only at buurt level (a living room used
    by a residents' initiative, for instance). ``precisie`` and ``geocoder``
    record how the point was found. ``gemeentecode``/``wijkcode``/``buurtcode``
    come from point-in-polygon against the newest loaded jaargang of each level
    and are recomputed when boundaries are imported.
    """

    __tablename__ = "locatie"
    __table_args__ = (
        UniqueConstraint("bron", "extern_id", name="uq_locatie_bron_extern"),
        Index("ix_locatie_gemeente", "gemeentecode"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bron: Mapped[str] = mapped_column(String(100), nullable=False)
    extern_id: Mapped[str] = mapped_column(String(200), nullable=False)
    naam: Mapped[str | None] = mapped_column(String(300))
    soort: Mapped[str | None] = mapped_column(String(40))
    straat: Mapped[str | None] = mapped_column(String(200))
    huisnummer: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(6))
    plaats: Mapped[str | None] = mapped_column(String(100))
    bag_id: Mapped[str | None] = mapped_column(String(16))
    adres_verbergen: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    openingstijden: Mapped[str | None] = mapped_column(Text)
    openingstijden_tekst: Mapped[str | None] = mapped_column(Text)
    openingstijden_afgeleid_uit: Mapped[str | None] = mapped_column(Text)
    precisie: Mapped[str] = mapped_column(String(12), nullable=False)
    geocoder: Mapped[str] = mapped_column(String(40), nullable=False)
    gemeentecode: Mapped[str | None] = mapped_column(String(6))
    wijkcode: Mapped[str | None] = mapped_column(String(8))
    wijk_jaar: Mapped[int | None] = mapped_column(Integer)
    buurtcode: Mapped[str | None] = mapped_column(String(10))
    buurt_jaar: Mapped[int | None] = mapped_column(Integer)
    voorbeeld: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: Archived places are off the map, the API, the finder and the gap analysis; nothing is deleted.
    gearchiveerd: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    geom = mapped_column(Geometry("POINT", srid=RD_NEW, spatial_index=True), nullable=False)


class Aanbod(Base):
    """What is offered (HSDS service): an activity, initiative, walk-in hour or meeting place, among others."""

    __tablename__ = "aanbod"
    __table_args__ = (UniqueConstraint("bron", "extern_id", name="uq_aanbod_bron_extern"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bron: Mapped[str] = mapped_column(String(100), nullable=False)
    extern_id: Mapped[str] = mapped_column(String(200), nullable=False)
    organisatie_id: Mapped[int | None] = mapped_column(ForeignKey("organisatie.id", ondelete="SET NULL"))
    naam: Mapped[str] = mapped_column(String(300), nullable=False)
    beschrijving: Mapped[str | None] = mapped_column(Text)
    soort: Mapped[str] = mapped_column(String(40), nullable=False)
    collectief: Mapped[bool] = mapped_column(Boolean, nullable=False)
    doelgroep_omschrijving: Mapped[str | None] = mapped_column(Text)
    #: Words of the source's thema column that fit no thema of the controlled list (:mod:`wijkkaart.kern.woorden`).
    trefwoorden: Mapped[str | None] = mapped_column(Text)
    toegang: Mapped[str | None] = mapped_column(Text)
    kosten: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="actief")
    laatst_geverifieerd: Mapped[dt.date | None] = mapped_column(Date)
    website: Mapped[str | None] = mapped_column(String(500))
    telefoon: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    #: The initiative agreed to publish ``telefoon`` and ``email``; otherwise only editors see them.
    contact_openbaar: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    voorbeeld: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    gearchiveerd: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: The source's words for an aanbod without a fixed place ("online", "meerdere locaties"); such aanbod
    #: has no locatie but a werkgebied (:class:`AanbodWerkgebied`). NULL for aanbod at a place.
    zonder_vaste_plek: Mapped[str | None] = mapped_column(String(100))

    organisatie: Mapped[Organisatie | None] = relationship()


class AanbodThema(Base):
    """One thema of an aanbod (a table, not a list column, so filters are the same SQL on both backends)."""

    __tablename__ = "aanbod_thema"
    aanbod_id: Mapped[int] = mapped_column(ForeignKey("aanbod.id", ondelete="CASCADE"), primary_key=True)
    thema: Mapped[str] = mapped_column(String(60), primary_key=True)


class AanbodDoelgroep(Base):
    """One doelgroep of an aanbod."""

    __tablename__ = "aanbod_doelgroep"
    aanbod_id: Mapped[int] = mapped_column(ForeignKey("aanbod.id", ondelete="CASCADE"), primary_key=True)
    doelgroep: Mapped[str] = mapped_column(String(60), primary_key=True)


class AanbodWerkgebied(Base):
    """A gemeente, wijk or buurt (CBS code) an aanbod without a fixed place is for (HSDS service_area)."""

    __tablename__ = "aanbod_werkgebied"
    __table_args__ = (Index("ix_aanbod_werkgebied_code", "gebiedcode"),)
    aanbod_id: Mapped[int] = mapped_column(ForeignKey("aanbod.id", ondelete="CASCADE"), primary_key=True)
    gebiedcode: Mapped[str] = mapped_column(String(10), primary_key=True)


class AanbodLocatie(Base):
    """An aanbod at a locatie (HSDS service_at_location) with its own opening hours.

    ``openingstijden`` is a valid OSM ``opening_hours`` string or NULL;
    ``openingstijden_tekst`` keeps free text that could not be read as one,
    shown as written. ``openingstijden_afgeleid_uit`` holds the Dutch sentence
    the hours were read from (:mod:`wijkkaart.kern.uren_tekst`) until a person
    confirms or corrects them; NULL for hours given as OSM or confirmed.
    """

    __tablename__ = "aanbod_locatie"
    __table_args__ = (UniqueConstraint("aanbod_id", "locatie_id", name="uq_aanbod_locatie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanbod_id: Mapped[int] = mapped_column(ForeignKey("aanbod.id", ondelete="CASCADE"), nullable=False)
    locatie_id: Mapped[int] = mapped_column(ForeignKey("locatie.id", ondelete="CASCADE"), nullable=False)
    openingstijden: Mapped[str | None] = mapped_column(Text)
    openingstijden_tekst: Mapped[str | None] = mapped_column(Text)
    openingstijden_afgeleid_uit: Mapped[str | None] = mapped_column(Text)


class WachtendePlek(Base):
    """A validated row that only an online geocoder could place while it was down; placed later.

    ``record`` is the row as JSON (:class:`wijkkaart.invoer.records.Record`);
    ``wijkkaart geocode`` or the editor's button places and stores it, and a
    re-import of the same bron decides about it anew.
    """

    __tablename__ = "wachtende_plek"
    __table_args__ = (UniqueConstraint("bron", "extern_id", name="uq_wachtende_plek_bron_extern"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bron: Mapped[str] = mapped_column(String(100), nullable=False)
    extern_id: Mapped[str] = mapped_column(String(200), nullable=False)
    naam: Mapped[str] = mapped_column(String(300), nullable=False)
    adres: Mapped[str | None] = mapped_column(String(400))
    bestand: Mapped[str] = mapped_column(String(500), nullable=False)
    rij: Mapped[int] = mapped_column(Integer, nullable=False)
    reden: Mapped[str] = mapped_column(Text, nullable=False)
    #: The gemeenten the import was limited to (comma-separated), so placing later applies the same limit.
    gemeenten: Mapped[str | None] = mapped_column(String(500))
    record: Mapped[str] = mapped_column(Text, nullable=False)
    moment: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
