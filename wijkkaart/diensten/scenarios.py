"""Use-cases of what-if scenarios: a planner adds hypothetical aanbod or switches locaties off and sees the effect.

The comparison runs the gemeente's gap analysis twice on the same buurten,
settings and need reference: once on the real aanbod (the normal, cached
analysis) and once on that aanbod minus the closed locaties plus the
scenario's own. Scenario rows live in their own tables and are read only
here, so residents and the normal analysis never see them.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box
from sqlalchemy.engine import Engine

from ..gaten import GatAnalyse, analyseer
from ..gaten.analyse import buurt_van_aanbod
from ..kern import codes, uren_tekst
from ..kern.crs import RD_NEW, WGS84, naar_wgs84
from ..kern.filters import GatenFilter
from ..kern.fouten import BestaatNiet, Geweigerd, VeldFout
from ..kern.rechten import mag_plannen
from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD
from ..opslag import scenarios as opslag
from ..opslag.engine import lezen, transaction
from ..uitvoer.scenariovergelijking import Vergelijking, vergelijk
from . import resultaatcache
from .bewerken import Pin
from .gaten import GatenBronnen, analyse_en_bronnen, laag_geojson
from .netwerk import bewaard_netwerk
from .resultaatcache import Cache


def _mag(gebruiker, gemeentecode: str) -> None:
    if not mag_plannen(gebruiker, gemeentecode):
        raise Geweigerd(_("Alleen planners van deze gemeente en beheerders zien en maken scenario's."))


def _scenario(session, gebruiker, scenario_id: int):
    scenario = opslag.lees(session, scenario_id)
    if scenario is None:
        raise BestaatNiet(_("Dit scenario bestaat niet."))
    _mag(gebruiker, scenario.gemeentecode)
    return scenario


def van_gemeente(engine: Engine, gebruiker, gemeente: str) -> list:
    """The gemeente's scenarios (for a planner of it)."""
    code = codes.controleer(gemeente, "gemeente", fout=BestaatNiet)
    _mag(gebruiker, code)
    with lezen(engine) as session:
        return opslag.van_gemeente(session, code)


def nieuw(engine: Engine, gebruiker, gemeente: str, naam: str, omschrijving: str | None = None) -> int:
    """Make an empty scenario; returns its id.

    Raises
    ------
    VeldFout
        When the gemeente already has a scenario of that name.
    """
    code = codes.controleer(gemeente, "gemeente", fout=BestaatNiet)
    _mag(gebruiker, code)
    naam = (naam or "").strip()
    if not naam:
        raise VeldFout("naam", _("Geef het scenario een naam."))
    with transaction(engine) as session:
        if opslag.bestaat(session, code, naam):
            raise VeldFout("naam", _("Deze gemeente heeft al een scenario met deze naam."))
        return opslag.maak(session, code, naam, (omschrijving or "").strip() or None, getattr(gebruiker, "id", None)).id


def voeg_aanbod_toe(engine: Engine, gebruiker, scenario_id: int, naam: str, soort: str, uren: str | None, pin: Pin):
    """Add hypothetical aanbod at the pin: ``uren`` as typed (plain Dutch or OSM), read as the editor reads it."""
    if soort not in SOORTEN_AANBOD:
        raise VeldFout("soort", _("Kies een soort aanbod."))
    osm = None
    if uren and uren.strip():
        osm = uren_tekst.lees_invoer(uren)[0]
        if osm is None:
            raise VeldFout(
                "openingstijden", _("Niet te lezen als openingstijden; schrijf bijvoorbeeld ‘di en do 9-12 uur’.")
            )
    punt = pin.punt()
    with transaction(engine) as session:
        scenario = _scenario(session, gebruiker, scenario_id)
        opslag.voeg_aanbod_toe(session, scenario, naam.strip(), soort, osm, punt.x, punt.y)


def verwijder_aanbod(engine: Engine, gebruiker, scenario_id: int, aanbod_id: int) -> None:
    """Remove one hypothetical aanbod from the scenario."""
    with transaction(engine) as session:
        if not opslag.verwijder_aanbod(session, _scenario(session, gebruiker, scenario_id), aanbod_id):
            raise BestaatNiet(_("Dit aanbod hoort niet bij het scenario."))


def sluit_locatie(engine: Engine, gebruiker, scenario_id: int, locatie_id: int, open_: bool = False) -> None:
    """Switch a locatie of the gemeente off in the scenario (``open_``: back on)."""
    with transaction(engine) as session:
        scenario = _scenario(session, gebruiker, scenario_id)
        if open_:
            opslag.heropen(session, scenario, locatie_id)
            return
        if locatie_id not in {i for i, _label in opslag.locaties_van_gemeente(session, scenario.gemeentecode)}:
            raise VeldFout("locatie", _("Kies een locatie in deze gemeente."))
        opslag.sluit(session, scenario, locatie_id)


def verwijder(engine: Engine, gebruiker, scenario_id: int) -> str:
    """Delete the scenario with its rows; returns its gemeentecode."""
    with transaction(engine) as session:
        scenario = _scenario(session, gebruiker, scenario_id)
        gemeente = scenario.gemeentecode
        session.delete(scenario)
    return gemeente


@dataclass
class ScenarioUitkomst:
    """A scenario with its comparison: what the page, the report and the map layers show."""

    id: int
    naam: str
    omschrijving: str | None
    gemeentecode: str
    punten: list[tuple]
    gesloten: list[tuple[int, str]]
    locaties: list[tuple[int, str]]
    voor: GatAnalyse
    na: GatAnalyse
    vergelijking: Vergelijking
    #: The gemeente's extent in degrees (west, south, east, north), for the page's map.
    omvang: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    @property
    def punten_wgs84(self) -> list[dict]:
        """The hypothetical aanbod as the page's map draws it (degrees)."""
        uit = []
        for i, naam, soort, uren, x, y in self.punten:
            lon, lat = naar_wgs84(x, y)
            uit.append({"id": i, "naam": naam, "soort": soort, "uren": uren, "lat": lat, "lon": lon})
        return uit


def _locatie_van(sleutel: str) -> int | None:
    """The locatie id in an analysis aanbod key (``aanbod:12@5`` or ``locatie:5``); None for other keys."""
    if "@" in sleutel:
        return int(sleutel.rsplit("@", 1)[1])
    if sleutel.startswith("locatie:"):
        return int(sleutel.split(":", 1)[1])
    return None


def _aanbod_na(bronnen: GatenBronnen, extra: gpd.GeoDataFrame, gesloten: set[int], filter_: GatenFilter):
    """The real aanbod without the closed locaties, with the scenario's own (as the filter lets it count)."""
    echt = bronnen.aanbod
    if len(echt):
        echt = echt[~echt["id"].map(_locatie_van).isin(gesloten)]
    if filter_.soorten:
        extra = extra[extra["soort"].isin(filter_.soorten)]
    if filter_.themas:
        # Hypothetical aanbod has no thema: like a walk-in locatie, a thema filter leaves it out.
        extra = extra.iloc[0:0]
    if "buurtcode" in echt.columns and len(extra):
        b = bronnen.buurten
        plek = buurt_van_aanbod(
            b["code"], np.asarray(b.geometry.values), extra.drop(columns="buurtcode"), extra.geometry.values
        )
        extra = extra.assign(buurtcode=[b["code"].iloc[i] if i >= 0 else None for i in plek])
    else:
        extra = extra.drop(columns=["buurtcode"], errors="ignore")
    samen = pd.concat([echt, extra.drop(columns=["buurt_jaar"], errors="ignore")], ignore_index=True)
    return gpd.GeoDataFrame(samen, geometry="geometry", crs=echt.crs or extra.crs)


def _analyse_na(bronnen: GatenBronnen, voor: GatAnalyse, punten, gesloten: set[int], filter_: GatenFilter, netwerk):
    """The analysis with the scenario: the same buurten, settings, walking network and need reference; only the aanbod differs."""
    return analyseer(
        bronnen.buurten,
        _aanbod_na(bronnen, opslag.aanbod_frame(punten), gesloten, filter_),
        voor.instellingen,
        wijken=bronnen.wijken,
        referentie=voor.referentie,
        gemeenten=bronnen.gemeenten_per_code,
        netwerk=netwerk,
    )


def uitkomst(engine: Engine, gebruiker, scenario_id: int, filter_: GatenFilter, cache: Cache | None = None):
    """The scenario and its effect under ``filter_``: both analyses and their comparison."""
    with lezen(engine) as session:
        scenario = _scenario(session, gebruiker, scenario_id)
        voor, bronnen = analyse_en_bronnen(session, scenario.gemeentecode, filter_, cache)
        punten = opslag.punten(session, scenario_id)
        gesloten = {g.locatie_id for g in scenario.gesloten}
        locaties = opslag.locaties_van_gemeente(session, scenario.gemeentecode)
        kop = (scenario.id, scenario.naam, scenario.omschrijving, scenario.gemeentecode)
        # Walked over the same network as the analysis before (kept apart from the analysis, per gemeente).
        netwerk = bronnen.netwerk or (bewaard_netwerk(session, scenario.gemeentecode, cache) if voor.lopen else None)
    # Kept under what the scenario holds (not its id): the page and its "na" layer share one analysis,
    # and any edit, however quick, is a different key.
    na = resultaatcache.per_gegevensversie(
        cache,
        engine,
        "scenario",
        lambda: _analyse_na(bronnen, voor, punten, gesloten, filter_, netwerk),
        gemeente=kop[3],
        instellingen=voor.instellingen,
        filter=filter_,
        punten=punten,
        gesloten=sorted(gesloten),
    ).in_taal(voor.taal)
    labels = dict(locaties)
    return ScenarioUitkomst(
        *kop,
        punten=punten,
        gesloten=[(i, labels.get(i, f"#{i}")) for i in sorted(gesloten)],
        locaties=locaties,
        voor=voor,
        na=na,
        vergelijking=vergelijk(voor, na),
        omvang=tuple(gpd.GeoSeries([box(*voor.buurten.total_bounds)], crs=RD_NEW).to_crs(WGS84).total_bounds),
    )


def laag(engine: Engine, gebruiker, scenario_id: int, versie: str, filter_: GatenFilter, cache: Cache | None = None):
    """The gap layer (GeoJSON) before or after the scenario, for the page's map."""
    if versie not in ("voor", "na"):
        raise BestaatNiet(_("Kies voor of na."))
    if versie == "na":
        return laag_geojson(uitkomst(engine, gebruiker, scenario_id, filter_, cache).na, filter_)
    # Before: the gemeente's own analysis, once the reader may see the scenario.
    with lezen(engine) as session:
        gemeente = _scenario(session, gebruiker, scenario_id).gemeentecode
        voor, _bronnen = analyse_en_bronnen(session, gemeente, filter_, cache)
    return laag_geojson(voor, filter_)
