"""Coordinate systems: metric work in RD New (EPSG:28992), WGS84 (EPSG:4326) only at the edge.

Distances, buffers and point-in-polygon happen in RD New; GeoJSON out and
Leaflet take WGS84. :class:`Punt` is a point in RD New together with how it was
found, as geocoders and editors produce it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyproj import Transformer

RD_NEW = 28992
WGS84 = 4326

_NAAR_RD = Transformer.from_crs(WGS84, RD_NEW, always_xy=True)
_NAAR_WGS84 = Transformer.from_crs(RD_NEW, WGS84, always_xy=True)


@dataclass(frozen=True)
class Punt:
    """A point in RD New with how it was found (``precisie``: adres, postcode, woonplaats, handmatig)."""

    x: float
    y: float
    precisie: str
    geocoder: str


def naar_rd(lon, lat):
    """Return RD New (x, y) for WGS84 (lon, lat); scalars or arrays."""
    return _NAAR_RD.transform(lon, lat)


def naar_wgs84(x, y):
    """Return WGS84 (lon, lat) for RD New (x, y); scalars or arrays."""
    return _NAAR_WGS84.transform(x, y)


def punt_wkt(x: float, y: float) -> str:
    """A point as WKT rounded to the millimetre, the precision every stored point has."""
    return f"POINT({x:.3f} {y:.3f})"
