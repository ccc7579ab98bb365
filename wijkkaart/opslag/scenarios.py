"""Reading and writing planners' scenarios (:mod:`.tabellen.scenario`): the rows, and their aanbod as the analysis reads it."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
from geoalchemy2 import WKTElement
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..kern.crs import RD_NEW, punt_wkt
from .aanbod import GATEN_KOLOMMEN, niet_gearchiveerd
from .tabellen.aanbod import Locatie
from .tabellen.scenario import Scenario, ScenarioAanbod, ScenarioGesloten


def _nu() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def van_gemeente(session: Session, gemeentecode: str) -> list[Scenario]:
    """The scenarios of a gemeente, newest change first."""
    vraag = select(Scenario).where(Scenario.gemeentecode == gemeentecode).order_by(Scenario.gewijzigd.desc())
    return list(session.scalars(vraag))


def lees(session: Session, scenario_id: int) -> Scenario | None:
    """One scenario with its aanbod and closed locaties, or None."""
    return session.get(Scenario, scenario_id)


def bestaat(session: Session, gemeentecode: str, naam: str) -> bool:
    """True when the gemeente already has a scenario of this name."""
    vraag = select(func.count()).where(Scenario.gemeentecode == gemeentecode, Scenario.naam == naam)
    return session.scalar(vraag) > 0


def maak(
    session: Session, gemeentecode: str, naam: str, omschrijving: str | None, gebruiker_id: int | None
) -> Scenario:
    """A new, empty scenario."""
    nu = _nu()
    scenario = Scenario(
        gemeentecode=gemeentecode,
        naam=naam,
        omschrijving=omschrijving,
        gebruiker_id=gebruiker_id,
        gemaakt=nu,
        gewijzigd=nu,
    )
    session.add(scenario)
    session.flush()
    return scenario


def voeg_aanbod_toe(session: Session, scenario: Scenario, naam: str, soort: str, uren: str | None, x: float, y: float):
    """Add hypothetical aanbod at (x, y) in EPSG:28992."""
    scenario.aanbod.append(
        ScenarioAanbod(naam=naam, soort=soort, openingstijden=uren, geom=WKTElement(punt_wkt(x, y), srid=RD_NEW))
    )
    scenario.gewijzigd = _nu()


def verwijder_aanbod(session: Session, scenario: Scenario, aanbod_id: int) -> bool:
    """Remove one hypothetical aanbod; False when the scenario has none of that id."""
    for a in scenario.aanbod:
        if a.id == aanbod_id:
            scenario.aanbod.remove(a)
            scenario.gewijzigd = _nu()
            return True
    return False


def sluit(session: Session, scenario: Scenario, locatie_id: int) -> None:
    """Switch a real locatie off in the scenario (once)."""
    if all(g.locatie_id != locatie_id for g in scenario.gesloten):
        scenario.gesloten.append(ScenarioGesloten(locatie_id=locatie_id))
        scenario.gewijzigd = _nu()


def heropen(session: Session, scenario: Scenario, locatie_id: int) -> bool:
    """Switch a closed locatie back on; False when it was not closed."""
    for g in scenario.gesloten:
        if g.locatie_id == locatie_id:
            scenario.gesloten.remove(g)
            scenario.gewijzigd = _nu()
            return True
    return False


def punten(session: Session, scenario_id: int) -> list[tuple[int, str, str, str | None, float, float]]:
    """(id, naam, soort, uren, x, y) of each hypothetical aanbod, in the order it was added."""
    vraag = (
        select(
            ScenarioAanbod.id,
            ScenarioAanbod.naam,
            ScenarioAanbod.soort,
            ScenarioAanbod.openingstijden,
            func.ST_X(ScenarioAanbod.geom),
            func.ST_Y(ScenarioAanbod.geom),
        )
        .where(ScenarioAanbod.scenario_id == scenario_id)
        .order_by(ScenarioAanbod.id)
    )
    return [tuple(r) for r in session.execute(vraag).all()]


def aanbod_frame(rijen: list[tuple]) -> gpd.GeoDataFrame:
    """:func:`punten` as rows of :data:`GATEN_KOLOMMEN` (ids ``scenario:<n>``) in EPSG:28992, as the analysis reads aanbod."""
    frame = pd.DataFrame(
        [
            (f"scenario:{i}", naam, soort, [], [], uren, None, None, None, False, None)
            for i, naam, soort, uren, *_ in rijen
        ],
        columns=GATEN_KOLOMMEN,
    )
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy([r[4] for r in rijen], [r[5] for r in rijen]), crs=RD_NEW
    )


def locaties_van_gemeente(session: Session, gemeentecode: str) -> list[tuple[int, str]]:
    """(id, label) of the gemeente's active locaties, for "switch off": name, else address."""
    rijen = session.execute(
        select(Locatie.id, Locatie.naam, Locatie.straat, Locatie.huisnummer, Locatie.plaats)
        .where(Locatie.gemeentecode == gemeentecode, *niet_gearchiveerd(Locatie))
        .order_by(Locatie.naam, Locatie.id)
    ).all()
    uit = []
    for i, naam, straat, nummer, plaats in rijen:
        adres = " ".join(d for d in (straat, nummer) if d)
        uit.append((i, naam or ", ".join(d for d in (adres, plaats) if d) or f"#{i}"))
    return uit
