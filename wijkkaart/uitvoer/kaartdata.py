"""Region geometry for the web edge: simplified per zoom level, reprojected to EPSG:4326, GeoJSON."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely

from ..kern.crs import WGS84
from ..kern.getallen import gewone_waarde
from ..kern.kerncijfers import KERNCIJFERS

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
    When the input is not a valid coverage (it overlaps or leaves slivers
    itself), simplifying could make that worse, so it is returned unchanged.

    Returns
    -------
    (GeoSeries, bool)
        The geometries and whether they were simplified.
    """
    if tolerantie_m <= 0 or geoms.empty:
        return geoms, False
    values = geoms.values
    if not shapely.coverage_is_valid(values):
        return geoms, False
    simplified = shapely.coverage_simplify(values, tolerantie_m)
    return gpd.GeoSeries(simplified, index=geoms.index, crs=geoms.crs), True


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
