"""Region geometry for the web edge: simplified per zoom level, reprojected to EPSG:4326, GeoJSON."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely

from ..kern.crs import WGS84
from ..kern.getallen import gewone_waarde
from ..kern.kerncijfers import KERNCIJFERS
from ..kern.reeksen import begin_van_runs

#: Metres per pixel at zoom 0 on the equator of Web Mercator.
_M_PER_PX_Z0 = 156543.03392
#: Latitude the Netherlands is centred on; Web Mercator shrinks by cos(latitude).
_NL_LAT = 52.2
#: Half a screen pixel: vertices closer than that cannot be seen.
PIXELS = 0.5

EIGENSCHAPPEN = ("code", "naam", "niveau", "jaar", "kerncijfers_jaar", "gemeentecode", "wijkcode", "water")


def tolerantie_voor_zoom(zoom: int | None) -> float:
    """Return the simplification tolerance in metres for a Leaflet zoom level (0 = none)."""
    if zoom is None:
        return 0.0
    return PIXELS * _M_PER_PX_Z0 * math.cos(math.radians(_NL_LAT)) / 2**zoom


def vereenvoudig(geoms: gpd.GeoSeries, tolerantie_m: float) -> tuple[gpd.GeoSeries, bool]:
    """Return ``geoms`` simplified by ``tolerantie_m`` metres, neighbours kept flush.

    Uses GEOS coverage simplification, which moves each shared edge once for
    both neighbours, so simplification opens no gaps and makes no overlaps.
    It needs a valid coverage; shapes that overlap (the national wijken of
    the shared data, each generalised on its own, overlap their neighbours by
    up to 8 ha in Amsterdam) are first made one with :func:`als_dekking`.
    When even that fails they are returned unchanged.

    Returns
    -------
    (GeoSeries, bool)
        The geometries and whether they were simplified.
    """
    if tolerantie_m <= 0 or geoms.empty:
        return geoms, False
    values = np.asarray(geoms.values, dtype=object)
    if not shapely.coverage_is_valid(values):
        values = als_dekking(values)
        if not shapely.coverage_is_valid(values):
            return geoms, False
    simplified = shapely.coverage_simplify(values, tolerantie_m)
    return gpd.GeoSeries(simplified, index=geoms.index, crs=geoms.crs), True


def als_dekking(vlakken: np.ndarray) -> np.ndarray:
    """Overlapping polygons made into a valid coverage: every overlap given to one of them, edges shared exactly.

    All boundaries are noded together and polygonised into faces; each face
    goes to the smallest polygon that contains it (so a small area inside a
    larger one is never swallowed), and each polygon becomes the union of its
    faces. Gaps stay gaps. A polygon that receives no face keeps its shape
    (the caller then finds the coverage still invalid).
    """
    lijnen = shapely.union_all(shapely.boundary(vlakken))
    delen = shapely.get_parts(shapely.polygonize(shapely.get_parts(lijnen)))
    deel_i, vlak_i = shapely.STRtree(vlakken).query(shapely.point_on_surface(delen), predicate="within")
    # Per face its candidates, smallest area first; keep the first.
    volgorde = np.lexsort((shapely.area(vlakken)[vlak_i], deel_i))
    deel_i, vlak_i = deel_i[volgorde], vlak_i[volgorde]
    eerste = begin_van_runs(deel_i)
    deel_i, vlak_i = deel_i[eerste], vlak_i[eerste]
    uit = vlakken.copy()
    per_vlak = np.argsort(vlak_i, kind="stable")
    for vlak, groep in zip(*_groepen(vlak_i[per_vlak]), strict=True):
        # The faces of one polygon are a valid coverage themselves: their union is exact and fast.
        uit[vlak] = shapely.coverage_union_all(delen[deel_i[per_vlak[groep]]])
    return uit


def _groepen(gesorteerd: np.ndarray) -> tuple[np.ndarray, list[slice]]:
    """The distinct values of a sorted array and the slice each one spans."""
    begin = begin_van_runs(gesorteerd)
    eind = np.r_[begin[1:], len(gesorteerd)] if len(begin) else begin
    return gesorteerd[begin], [slice(b, e) for b, e in zip(begin, eind, strict=True)]


def als_geojson(frame: gpd.GeoDataFrame, zoom: int | None = None, kolommen: list[str] | None = None) -> dict:
    """Return ``frame`` (EPSG:28992) as an RFC 7946 FeatureCollection in EPSG:4326.

    Geometry is simplified for ``zoom`` with shared edges kept shared, then
    rounded to 6 decimals (about 10 cm); equal input coordinates round to
    equal output, so rounding does not open gaps between neighbours either.
    Unknown kerncijfers are ``null``. ``kolommen`` chooses the properties
    (default: the region's identity and kerncijfers).
    """
    tolerantie = tolerantie_voor_zoom(zoom)
    geoms, vereenvoudigd = vereenvoudig(frame.geometry, tolerantie)
    geoms = geoms.to_crs(WGS84)
    rounded = shapely.transform(geoms.values, lambda coords: np.round(coords, 6))
    features = []
    columns = [c for c in (kolommen or (*EIGENSCHAPPEN, *(k.naam for k in KERNCIJFERS))) if c in frame.columns]
    records = frame[columns].to_dict("records")
    for record, geom in zip(records, rounded, strict=True):
        features.append(
            {
                "type": "Feature",
                "id": record["code"],
                "geometry": shapely.geometry.mapping(geom),
                "properties": {k: gewone_waarde(v) for k, v in record.items()},
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        # A foreign member (RFC 7946 §6.1) so clients can tell how the shapes were made.
        "wijkkaart": {
            "tolerantie_m": round(tolerantie, 2) if vereenvoudigd else 0,
            "topologie_behouden": True,
        },
    }
