"""The buurt page's walking map: the 5, 10 and 15-minute areas, the buurt's outline and the aanbod, as GeoJSON.

No Flask here. Coordinates go out in WGS84 (what Leaflet takes), rounded to
about a metre; names are data, never HTML (the page's script sets them as
text).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely

from ..gaten.isochronen import Loopband
from ..kern.crs import RD_NEW, WGS84
from ..kern.taal import gettext as _

#: Decimals of a WGS84 coordinate: 5 is about a metre, plenty for a drawn area.
DECIMALEN = 5


@dataclass(frozen=True)
class Loopgebied:
    """What the walking map shows and the table beside it says."""

    geojson: dict
    #: Per band: minutes, residents outside it, their share (0..1).
    banden: list[tuple[int, float, float]]


def loopgebied(banden: list[Loopband], buurt: shapely.Geometry, aanbod: gpd.GeoDataFrame, venster) -> Loopgebied:
    """The bands (widest first, so the nearer ones draw on top), the buurt's outline and the aanbod in the window."""
    kenmerken = [
        {"soort": "band", "minuten": b.minuten, "label": _("binnen %(minuten)s minuten lopen", minuten=b.minuten)}
        for b in sorted(banden, key=lambda b: -b.minuten)
    ]
    vormen = [b.gebied for b in sorted(banden, key=lambda b: -b.minuten)]
    kenmerken.append({"soort": "buurt", "label": _("de buurt")})
    vormen.append(shapely.boundary(buurt))
    zichtbaar = aanbod[aanbod.intersects(venster)] if len(aanbod) else aanbod
    for naam, punt in zip(zichtbaar.get("naam", []), zichtbaar.geometry, strict=False):
        kenmerken.append({"soort": "aanbod", "label": str(naam)})
        vormen.append(punt)
    wgs = gpd.GeoSeries(vormen, crs=RD_NEW).to_crs(WGS84)
    features = [
        {
            "type": "Feature",
            "properties": eigen,
            "geometry": shapely.geometry.mapping(shapely.set_precision(g, 10**-DECIMALEN)),
        }
        for eigen, g in zip(kenmerken, wgs, strict=True)
        if not g.is_empty
    ]
    return Loopgebied(
        geojson={"type": "FeatureCollection", "features": features},
        banden=[(b.minuten, b.inwoners_buiten, b.aandeel_buiten) for b in banden],
    )
