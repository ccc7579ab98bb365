"""Werkgebieden of aanbod without a fixed place: names or codes to CBS codes, and the aanbod for a buurt.

An opbouwwerker writes "Groningen", "Oosterparkwijk" or "GM0014"; the codes
come from the loaded CBS areas (the newest jaargang of each). A name that fits
more than one area is refused rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..kern.codes import gemeente_van
from ..kern.vocabulaire import normaliseer_woord
from .tabellen.aanbod import Aanbod, AanbodWerkgebied
from .tabellen.gebied import Gebied

_NIVEAUS = ("gemeente", "wijk", "buurt")


@dataclass(frozen=True)
class Gebiedsnaam:
    """One loaded area as a werkgebied can name it."""

    code: str
    niveau: str
    naam: str
    gemeentecode: str


class Gebiedsregister:
    """The loaded gemeenten, wijken and buurten by code and by name, read once per import."""

    def __init__(self, session: Session):
        self.per_code: dict[str, Gebiedsnaam] = {}
        self.per_naam: dict[str, list[Gebiedsnaam]] = {}
        for code, niveau, naam, gemeentecode in session.execute(
            select(Gebied.code, Gebied.niveau, Gebied.naam, Gebied.gemeentecode).distinct()
        ):
            gebied = Gebiedsnaam(code, niveau, naam or code, gemeentecode)
            self.per_code[code.upper()] = gebied
            if naam and gebied not in self.per_naam.get(normaliseer_woord(naam), []):
                self.per_naam.setdefault(normaliseer_woord(naam), []).append(gebied)

    def zoek(self, tekst: str, gemeenten: list[str] | None = None) -> tuple[Gebiedsnaam | None, str | None]:
        """The area ``tekst`` names, or (None, why not).

        A gemeente wins over a wijk or buurt of the same name ("Groningen");
        within ``gemeenten`` (the import's ``--gemeente``) a wijk or buurt name
        only has to be unique there.
        """
        code = tekst.strip().upper()
        if code in self.per_code:
            return self.per_code[code], None
        kandidaten = self.per_naam.get(normaliseer_woord(tekst), [])
        if gemeenten:
            kandidaten = [k for k in kandidaten if k.gemeentecode in gemeenten]
        gemeente = [k for k in kandidaten if k.niveau == "gemeente"]
        if gemeente:
            return gemeente[0], None
        for niveau in ("wijk", "buurt"):
            op_niveau = [k for k in kandidaten if k.niveau == niveau]
            if len(op_niveau) == 1:
                return op_niveau[0], None
            if len(op_niveau) > 1:
                return None, f"‘{tekst}’ is de naam van {len(op_niveau)} {niveau}en; gebruik de CBS-code"
        return None, f"‘{tekst}’ is geen geladen gemeente, wijk of buurt (naam of CBS-code)"


def aanbod_voor_gebied(session: Session, buurtcode: str | None, wijkcode: str | None, gemeentecode: str | None):
    """Active, not archived aanbod without a fixed place whose werkgebied holds this buurt, wijk or gemeente.

    Returns (aanbod, the matching code, its level) per aanbod, the narrowest match first.
    """
    codes = {c: n for c, n in ((buurtcode, "buurt"), (wijkcode, "wijk"), (gemeentecode, "gemeente")) if c}
    if not codes:
        return []
    rijen = session.execute(
        select(Aanbod, AanbodWerkgebied.gebiedcode)
        .join(AanbodWerkgebied, AanbodWerkgebied.aanbod_id == Aanbod.id)
        .where(
            AanbodWerkgebied.gebiedcode.in_(list(codes)),
            Aanbod.gearchiveerd.is_(False),
            Aanbod.status == "actief",
        )
        .order_by(Aanbod.naam, Aanbod.id)
    ).all()
    beste: dict[int, tuple] = {}
    for aanbod, code in rijen:
        rang = _NIVEAUS[::-1].index(codes[code])  # buurt 0, wijk 1, gemeente 2
        if aanbod.id not in beste or rang < beste[aanbod.id][3]:
            beste[aanbod.id] = (aanbod, code, codes[code], rang)
    return [(a, c, n) for a, c, n, _r in sorted(beste.values(), key=lambda b: (b[3], b[0].naam))]


def aanbod_in_gemeente(session: Session, gemeentecode: str) -> list[tuple]:
    """Active aanbod without a fixed place whose werkgebied lies in this gemeente: (aanbod, code, level).

    One row per aanbod, with its widest area in the gemeente.
    """
    cijfers = gemeentecode[2:]
    rijen = session.execute(
        select(Aanbod, AanbodWerkgebied.gebiedcode)
        .join(AanbodWerkgebied, AanbodWerkgebied.aanbod_id == Aanbod.id)
        .where(
            or_(
                AanbodWerkgebied.gebiedcode == gemeentecode,
                AanbodWerkgebied.gebiedcode.like(f"WK{cijfers}%"),
                AanbodWerkgebied.gebiedcode.like(f"BU{cijfers}%"),
            ),
            Aanbod.gearchiveerd.is_(False),
            Aanbod.status == "actief",
        )
        .order_by(Aanbod.naam, Aanbod.id, AanbodWerkgebied.gebiedcode)
    ).all()
    niveau = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
    beste: dict[int, tuple] = {}
    for aanbod, code in rijen:
        rang = ("GM", "WK", "BU").index(code[:2])
        if aanbod.id not in beste or rang < beste[aanbod.id][3]:
            beste[aanbod.id] = (aanbod, code, niveau[code[:2]], rang)
    return [(a, c, n) for a, c, n, _r in sorted(beste.values(), key=lambda b: (b[0].naam, b[0].id))]


def werkgebieden(session: Session, aanbod_ids) -> dict[int, list[Gebiedsnaam]]:
    """The werkgebied of each aanbod, as areas with their names."""
    ids = sorted(set(aanbod_ids))
    if not ids:
        return {}
    namen = {
        code: Gebiedsnaam(code, niveau, naam or code, gm)
        for code, niveau, naam, gm in session.execute(
            select(Gebied.code, Gebied.niveau, Gebied.naam, Gebied.gemeentecode)
            .join(AanbodWerkgebied, AanbodWerkgebied.gebiedcode == Gebied.code)
            .where(AanbodWerkgebied.aanbod_id.in_(ids))
        )
    }
    uit: dict[int, list[Gebiedsnaam]] = {}
    for aanbod_id, code in session.execute(
        select(AanbodWerkgebied.aanbod_id, AanbodWerkgebied.gebiedcode)
        .where(AanbodWerkgebied.aanbod_id.in_(ids))
        .order_by(AanbodWerkgebied.gebiedcode)
    ):
        uit.setdefault(aanbod_id, []).append(namen.get(code) or Gebiedsnaam(code, "", code, gemeente_van(code)))
    return uit
