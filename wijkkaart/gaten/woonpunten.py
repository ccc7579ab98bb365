"""Where a buurt's residents live, as weighted points ("woonpunten").

Distances are measured from these points, and a buurt's reach is the
inwoner-weighted share of its woonpunten with collective aanbod in reach.
Three representations, from crude to good (``docs/gaten.md`` explains them):

``centroide``
    One point, the polygon's centroid. Crude: it can lie outside a
    crescent-shaped buurt, and a single point makes reach all or nothing.
``raster`` (default)
    Cell centres of a square grid aligned to RD multiples of ``raster_m``
    metres that fall inside the buurt, inwoners spread evenly over them. A
    large buurt gets a coarser grid so it has at most ``max_punten`` points;
    a buurt too small for any cell centre gets one representative point
    (always inside the polygon). Residents are assumed to be spread evenly
    over the buurt's land, which overstates distances where a village lies in
    a large rural buurt.
``adressen``
    Points given by the user, e.g. BAG verblijfsobjecten with a woonfunctie
    or CBS 100 m squares, with an optional weight column (inwoners per
    square). The best representation; buurten without any such point fall
    back to ``raster``.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from ..kern.fouten import OngeldigeVraag

METHODEN = ("raster", "centroide", "adressen")


def maak_woonpunten(
    geoms: np.ndarray,
    methode: str = "raster",
    raster_m: float = 250.0,
    max_punten: int = 16,
    adressen: gpd.GeoDataFrame | None = None,
    gewicht_kolom: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return woonpunten for the buurt polygons ``geoms`` (EPSG:28992).

    Parameters
    ----------
    geoms
        Array of (multi)polygons, one per buurt.
    methode
        ``raster``, ``centroide`` or ``adressen`` (see the module text).
    raster_m, max_punten
        Grid spacing in metres and the most points one buurt gets.
    adressen, gewicht_kolom
        For ``adressen``: points in EPSG:28992 and the column holding each
        point's weight (``None``: every point weighs the same).

    Returns
    -------
    buurt, punten, aandeel
        For each woonpunt: the index of its buurt in ``geoms``, the point, and
        its share of the buurt's residents (the shares of one buurt sum to 1).
    """
    if methode not in METHODEN:
        raise OngeldigeVraag(f"onbekende methode voor woonpunten: {methode!r} (kies uit {', '.join(METHODEN)})")
    geoms = np.asarray(geoms, dtype=object)
    if methode == "centroide":
        buurt = np.arange(len(geoms))
        return buurt, shapely.centroid(geoms), np.ones(len(geoms))
    buurt, punten, gewicht = _raster(geoms, raster_m, max_punten)
    if methode == "adressen":
        buurt, punten, gewicht = _met_adressen(geoms, buurt, punten, gewicht, adressen, gewicht_kolom)
    return buurt, punten, _aandeel(buurt, gewicht, len(geoms))


def _raster(geoms: np.ndarray, raster_m: float, max_punten: int):
    shapely.prepare(geoms)
    stap = np.maximum(raster_m, np.sqrt(shapely.area(geoms) / max_punten))
    grenzen = shapely.bounds(geoms)
    # Cell centres sit at (k + 1/2) * stap, so the grid does not depend on the order of the buurten.
    kx0 = np.ceil(grenzen[:, 0] / stap - 0.5)
    ky0 = np.ceil(grenzen[:, 1] / stap - 0.5)
    nx = np.maximum(np.floor(grenzen[:, 2] / stap - 0.5) - kx0 + 1, 0).astype(np.int64)
    ny = np.maximum(np.floor(grenzen[:, 3] / stap - 0.5) - ky0 + 1, 0).astype(np.int64)
    aantal = nx * ny
    buurt = np.repeat(np.arange(len(geoms)), aantal)
    # Position of every candidate within its own buurt's grid.
    begin = np.repeat(np.cumsum(aantal) - aantal, aantal)
    pos = np.arange(aantal.sum()) - begin
    ix, iy = pos % nx[buurt], pos // nx[buurt]
    x = (kx0[buurt] + ix + 0.5) * stap[buurt]
    y = (ky0[buurt] + iy + 0.5) * stap[buurt]
    binnen = shapely.contains_xy(geoms[buurt], x, y)
    buurt, x, y = buurt[binnen], x[binnen], y[binnen]
    # A buurt without any cell centre inside gets its representative point.
    zonder = np.setdiff1d(np.arange(len(geoms)), buurt)
    if len(zonder):
        rp = shapely.point_on_surface(geoms[zonder])
        buurt = np.concatenate([buurt, zonder])
        x = np.concatenate([x, shapely.get_x(rp)])
        y = np.concatenate([y, shapely.get_y(rp)])
    volgorde = np.argsort(buurt, kind="stable")
    buurt, x, y = buurt[volgorde], x[volgorde], y[volgorde]
    # points() from one (n, 2) array is ten times faster than from separate x and y arrays.
    return buurt, shapely.points(np.column_stack([x, y])), np.ones(len(buurt))


def _met_adressen(geoms, buurt, punten, gewicht, adressen, gewicht_kolom):
    if adressen is None or adressen.empty:
        return buurt, punten, gewicht
    tree = shapely.STRtree(geoms)
    a_idx, b_idx = tree.query(adressen.geometry.values, predicate="within")
    w = adressen[gewicht_kolom].to_numpy(dtype=float)[a_idx] if gewicht_kolom else np.ones(len(a_idx))
    # A point on a shared border falls in two buurten: keep the first, so nobody counts twice.
    _, eerste = np.unique(a_idx, return_index=True)
    a_idx, b_idx, w = a_idx[eerste], b_idx[eerste], w[eerste]
    met = np.zeros(len(geoms), dtype=bool)
    met[b_idx[w > 0]] = True
    houden = ~met[buurt]
    buurt = np.concatenate([buurt[houden], b_idx])
    punten = np.concatenate([punten[houden], adressen.geometry.values[a_idx]])
    gewicht = np.concatenate([gewicht[houden], np.nan_to_num(w)])
    volgorde = np.argsort(buurt, kind="stable")
    return buurt[volgorde], punten[volgorde], gewicht[volgorde]


def _aandeel(buurt: np.ndarray, gewicht: np.ndarray, n: int) -> np.ndarray:
    totaal = np.bincount(buurt, weights=gewicht, minlength=n)
    return np.divide(gewicht, totaal[buurt], out=np.zeros_like(gewicht, dtype=float), where=totaal[buurt] > 0)
