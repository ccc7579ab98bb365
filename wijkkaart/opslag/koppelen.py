"""Link points to their gemeente, wijk and buurt by point-in-polygon (GeoPandas, both backends alike).

Each level uses the newest jaargang loaded for that gemeente, so a locatie is
re-linked when a newer jaargang of boundaries arrives (see
:func:`herkoppel_locaties`, called by ``import-cbs``).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from ..kern.crs import RD_NEW
from .gebieden import nieuwste_jaargang
from .ruimtelijk import in_kader
from .tabellen.aanbod import Locatie
from .tabellen.gebied import Gebied

#: Simplified CBS shapes differ a little between jaargangen; a point this close
#: to a buurt of its own gemeente belongs to it rather than to none.
BUURT_TOLERANTIE_M = 75.0


@dataclass
class Koppeling:
    """Where a point lies; ``reden`` is set (and the codes are not) when it cannot be placed."""

    gemeentecode: str | None = None
    wijkcode: str | None = None
    wijk_jaar: int | None = None
    buurtcode: str | None = None
    buurt_jaar: int | None = None
    reden: str | None = None


#: Up to this many points, only the areas around them are read (through the spatial index), not every area.
WEINIG_PUNTEN = 100


def _vlakken(
    session: Session, niveau: str, gemeenten: list[str] | None, met_water: bool, kader: tuple | None = None
) -> gpd.GeoDataFrame:
    """Polygons of ``niveau`` in the newest jaargang per gemeente (those near ``kader`` only, if given)."""
    vraag = select(
        Gebied.code, Gebied.naam, Gebied.gemeentecode, Gebied.jaar, Gebied.water, func.ST_AsBinary(Gebied.geom)
    ).where(Gebied.niveau == niveau, nieuwste_jaargang())
    if kader is not None:
        vraag = vraag.where(in_kader(session, *kader))
    if gemeenten is not None:
        vraag = vraag.where(Gebied.gemeentecode.in_(gemeenten))
    if not met_water:
        vraag = vraag.where(Gebied.water.is_(False))
    rijen = session.execute(vraag).all()
    if not rijen:
        return gpd.GeoDataFrame(
            {"code": [], "naam": [], "gemeentecode": [], "jaar": [], "water": []}, geometry=[], crs=RD_NEW
        )
    frame = pd.DataFrame([r[:5] for r in rijen], columns=["code", "naam", "gemeentecode", "jaar", "water"])
    geometrie = shapely.from_wkb([bytes(r[5]) for r in rijen])
    return gpd.GeoDataFrame(frame, geometry=geometrie, crs=RD_NEW)


class _Vlakken:
    """The land polygons of each level, read once per linking (the fallback and the wijk/buurt step share them)."""

    def __init__(self, session: Session, kader: tuple | None = None):
        self.session = session
        self.kader = kader
        self._geladen: dict[str, gpd.GeoDataFrame] = {}

    def land(self, niveau: str, codes: list[str] | None) -> gpd.GeoDataFrame:
        if niveau not in self._geladen:
            self._geladen[niveau] = _vlakken(self.session, niveau, codes, met_water=False, kader=self.kader)
            return self._geladen[niveau]
        frame = self._geladen[niveau]
        return frame if codes is None else frame[frame["gemeentecode"].isin(codes)]


def _eerste_treffer(punten: gpd.GeoDataFrame, vlakken: gpd.GeoDataFrame, kolom: str) -> dict:
    """Point index → ``kolom`` of the first polygon (by that value) each point lies in."""
    hits = gpd.sjoin(punten, vlakken[[kolom, "geometry"]], predicate="intersects", how="inner")
    hits = hits.sort_values(["i", kolom]).drop_duplicates("i")
    return dict(zip(hits["i"], hits[kolom], strict=True))


def _gemeenten(session: Session, punten, vlakken: _Vlakken, gemeenten: list[str] | None) -> tuple[dict, dict]:
    """The gemeente of each point (by its outline, else by its wijken or buurten), and those that lie in water."""
    grenzen = _vlakken(session, "gemeente", gemeenten, met_water=True, kader=vlakken.kader)
    if grenzen.empty:
        # Only wijken or buurten loaded for these gemeenten: they define the gemeente too.
        grenzen = _vlakken(session, "wijk", gemeenten, met_water=True, kader=vlakken.kader)
        if grenzen.empty:
            grenzen = _vlakken(session, "buurt", gemeenten, met_water=True, kader=vlakken.kader)
    if grenzen.empty:
        return {}, {}  # no area of any level at (or near) these points
    gemeente_van = _eerste_treffer(punten, grenzen[~grenzen["water"]], "gemeentecode")
    # Generalised boundaries of different jaargangen disagree by tens of
    # metres: a point inside a loaded wijk or buurt belongs to its gemeente
    # even where the (other jaargang's) gemeente outline misses it.
    for niveau in ("buurt", "wijk"):
        buiten = punten[~punten["i"].isin(gemeente_van)]
        if buiten.empty:
            break
        land = vlakken.land(niveau, gemeenten)
        if not land.empty:
            gemeente_van.update(_eerste_treffer(buiten, land, "gemeentecode"))
    buiten = punten[~punten["i"].isin(gemeente_van)]
    water = grenzen[grenzen["water"]]
    in_water = {}
    if not buiten.empty and not water.empty:
        hits = gpd.sjoin(buiten, water[["gemeentecode", "geometry"]], predicate="intersects", how="inner")
        in_water = dict(zip(hits["i"], hits["gemeentecode"], strict=True))
    return gemeente_van, in_water


def _wijk_of_buurt(binnen: gpd.GeoDataFrame, vlakken: gpd.GeoDataFrame) -> dict:
    """Point index → (code, jaar) of its wijk or buurt within its own gemeente, with a small tolerance at the edges."""
    vlakken = vlakken[["code", "jaar", "gemeentecode", "geometry"]].rename(columns={"gemeentecode": "vlak_gemeente"})
    hits = gpd.sjoin(binnen, vlakken, predicate="intersects", how="inner")
    hits = hits[hits["gemeentecode"] == hits["vlak_gemeente"]].sort_values(["i", "code"]).drop_duplicates("i")
    gevonden = dict(zip(hits["i"], zip(hits["code"], hits["jaar"], strict=True), strict=True))
    missers = binnen[~binnen["i"].isin(gevonden)]
    if not missers.empty:
        dichtbij = gpd.sjoin_nearest(missers, vlakken, max_distance=BUURT_TOLERANTIE_M, how="inner")
        dichtbij = dichtbij[dichtbij["gemeentecode"] == dichtbij["vlak_gemeente"]]
        dichtbij = dichtbij.sort_values(["i", "code"]).drop_duplicates("i")
        gevonden.update(zip(dichtbij["i"], zip(dichtbij["code"], dichtbij["jaar"], strict=True), strict=True))
    return gevonden


def koppel(session: Session, xs, ys, gemeenten: list[str] | None = None) -> list[Koppeling]:
    """Return the gemeente, wijk and buurt of each point (RD New), or why it has none.

    Parameters
    ----------
    xs, ys : sequence of float
        Points in EPSG:28992.
    gemeenten : list of str, optional
        Only these gemeenten count; a point elsewhere is "buiten de gemeente".
    """
    n = len(xs)
    uitkomst = [Koppeling() for _ in range(n)]
    if n == 0:
        return uitkomst
    punten = gpd.GeoDataFrame({"i": np.arange(n)}, geometry=gpd.points_from_xy(xs, ys), crs=RD_NEW)
    # A few points (the finder's one address, a form's locatie) need only the areas around them: no area
    # farther than the edge tolerance can hold or be nearest to one. Many points (an import) read them all.
    vlakken = _Vlakken(session, _kader(xs, ys) if n <= WEINIG_PUNTEN else None)
    gemeente_van, in_water = _gemeenten(session, punten, vlakken, gemeenten)
    for i in range(n):
        if i in gemeente_van:
            uitkomst[i].gemeentecode = gemeente_van[i]
        elif i in in_water:
            uitkomst[i].reden = f"ligt in water (gemeente {in_water[i]}): controleer de coördinaten of het adres"
        elif gemeenten:
            uitkomst[
                i
            ].reden = f"ligt buiten de gekozen gemeenten ({', '.join(gemeenten)}): controleer het adres of kies een andere --gemeente"
        else:
            uitkomst[i].reden = "ligt buiten de geladen gemeenten (importeer eerst de CBS-gebieden)"
    if not gemeente_van:
        return uitkomst
    binnen = punten[punten["i"].isin(gemeente_van)].copy()
    binnen["gemeentecode"] = binnen["i"].map(gemeente_van)
    for niveau in ("wijk", "buurt"):
        land = vlakken.land(niveau, sorted(set(gemeente_van.values())))
        if land.empty:
            continue
        for i, (code, jaar) in _wijk_of_buurt(binnen, land).items():
            if niveau == "wijk":
                uitkomst[i].wijkcode, uitkomst[i].wijk_jaar = code, int(jaar)
            else:
                uitkomst[i].buurtcode, uitkomst[i].buurt_jaar = code, int(jaar)
    return uitkomst


def _kader(xs, ys) -> tuple[float, float, float, float]:
    """The points' bounding box, widened by the edge tolerance (and a metre for rounding)."""
    marge = BUURT_TOLERANTIE_M + 1.0
    return (min(xs) - marge, min(ys) - marge, max(xs) + marge, max(ys) + marge)


def herkoppel_locaties(session: Session) -> int:
    """Recompute gemeente, wijk and buurt of every stored locatie; return how many changed."""
    rijen = session.execute(
        select(
            Locatie.id,
            func.ST_X(Locatie.geom),
            func.ST_Y(Locatie.geom),
            Locatie.gemeentecode,
            Locatie.wijkcode,
            Locatie.wijk_jaar,
            Locatie.buurtcode,
            Locatie.buurt_jaar,
        )
    ).all()
    if not rijen:
        return 0
    koppelingen = koppel(session, [r[1] for r in rijen], [r[2] for r in rijen])
    gewijzigd = []
    for rij, k in zip(rijen, koppelingen, strict=True):
        nieuw = (k.gemeentecode, k.wijkcode, k.wijk_jaar, k.buurtcode, k.buurt_jaar)
        if tuple(rij[3:]) != nieuw:
            gewijzigd.append(
                {
                    "lid": rij[0],
                    "g": k.gemeentecode,
                    "w": k.wijkcode,
                    "wj": k.wijk_jaar,
                    "b": k.buurtcode,
                    "bj": k.buurt_jaar,
                }
            )
    if gewijzigd:
        t = Locatie.__table__
        session.connection().execute(
            update(t)
            .where(t.c.id == bindparam("lid"))
            .values(
                gemeentecode=bindparam("g"),
                wijkcode=bindparam("w"),
                wijk_jaar=bindparam("wj"),
                buurtcode=bindparam("b"),
                buurt_jaar=bindparam("bj"),
            ),
            gewijzigd,
        )
    return len(gewijzigd)
