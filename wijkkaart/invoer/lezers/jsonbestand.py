"""JSON files: GeoJSON (also OSM exports), an Overpass answer, or a list of records; HSDS comes as a shape of its own.

The file is parsed once; the first :class:`~.basis.JsonVorm` that recognises
the data reads it.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import shapely.errors
import shapely.geometry
from pyproj import Transformer

from ...kern.fouten import InvoerFout
from .basis import Invoer, JsonVorm

#: OSM amenity values and the locatie soort they become.
OSM_SOORTEN = {
    "community_centre": "buurthuis",
    "social_facility": "zorglocatie",
    "library": "bibliotheek",
    "social_centre": "buurthuis",
    "place_of_worship": "gebedshuis",
}


class JsonLezer:
    """Reads ``.json`` and ``.geojson`` with the shapes it is given, tried in order."""

    naam = "json"

    def __init__(self, vormen: tuple[JsonVorm, ...]):
        self.vormen = vormen

    def herkent(self, pad: Path) -> bool:
        """True for a file ending in ``.json`` or ``.geojson``."""
        return pad.is_file() and pad.suffix.lower() in (".json", ".geojson")

    def lees(self, pad: Path) -> Invoer:
        """Parse the JSON once and let the first shape that recognises it read the rows."""
        try:
            data = json.loads(pad.read_text("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise InvoerFout(str(pad), "JSON moet UTF-8 zijn") from exc
        except json.JSONDecodeError as exc:
            if not pad.read_bytes().strip():
                raise InvoerFout(str(pad), "bestand bevat geen rijen") from None
            raise InvoerFout(str(pad), f"geen geldige JSON: {exc.msg}", rij=exc.lineno) from exc
        for vorm in self.vormen:
            if vorm.herkent(data):
                return vorm.lees(pad, data)
        raise InvoerFout(
            str(pad),
            "JSON is geen GeoJSON FeatureCollection, Overpass-antwoord, HSDS of lijst van records",
        )


class GeoJsonVorm:
    """A GeoJSON FeatureCollection; OSM exports (``@id``, ``amenity``) get their soort from the tags."""

    naam = "geojson"

    def herkent(self, data) -> bool:
        """True for a FeatureCollection."""
        return isinstance(data, dict) and data.get("type") == "FeatureCollection"

    def lees(self, pad: Path, data) -> Invoer:
        """One row per feature, with the point's coordinates as lat/lon."""
        return _lees_geojson(pad, data)


class OverpassVorm:
    """The JSON answer of the OSM Overpass API (``{"elements": [...]}``)."""

    naam = "overpass"

    def herkent(self, data) -> bool:
        """True for an Overpass answer."""
        return isinstance(data, dict) and isinstance(data.get("elements"), list)

    def lees(self, pad: Path, data) -> Invoer:
        """One row per OSM element, with its tags and point."""
        return _lees_overpass(pad, data)


class RecordsVorm:
    """A plain list of objects, one per row."""

    naam = "records"

    def herkent(self, data) -> bool:
        """True for a list of objects."""
        return isinstance(data, list) and all(isinstance(r, dict) for r in data)

    def lees(self, pad: Path, data) -> Invoer:
        """One row per object."""
        kolommen = list(dict.fromkeys(k for r in data for k in r))
        rijen = [(i, {k: _als_tekst(v) for k, v in r.items()}) for i, r in enumerate(data, start=2)]
        return Invoer(str(pad), "JSON-records", kolommen, rijen)


def _osm_soort(eigenschappen: dict) -> None:
    """Derive ``soort`` from OSM tags; unknown tags stay visible (``osm:office=ngo``) so the report names them."""
    if "soort" in eigenschappen or "type" in eigenschappen:
        return
    amenity = eigenschappen.get("amenity")
    if amenity:
        eigenschappen["soort"] = OSM_SOORTEN.get(amenity, f"osm:amenity={amenity}")
        return
    for sleutel in ("office", "leisure", "social_facility", "club", "shop"):
        if eigenschappen.get(sleutel):
            eigenschappen["soort"] = f"osm:{sleutel}={eigenschappen[sleutel]}"
            return


def _crs(pad: Path, data: dict) -> int | None:
    """The EPSG code of an old-style ``crs`` member (GeoJSON 2008), None for WGS84 or no member."""
    naam = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
    if not naam or "4326" in naam or "CRS84" in naam:
        return None
    gevonden = re.search(r"EPSG:{1,2}(\d{4,5})", naam)
    if not gevonden:
        raise InvoerFout(str(pad), f"onbekend coördinatenstelsel in het crs-lid: {naam}")
    return int(gevonden.group(1))


def _punt(geometrie, epsg: int | None) -> tuple[tuple[float, float] | None, str | None]:
    """(lon, lat) of a feature's geometry (its point, or a point inside it), or (None, why it is unusable)."""
    if not isinstance(geometrie, dict):
        return None, "geometrie is geen object"
    try:
        vorm = shapely.geometry.shape(geometrie)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.ShapelyError) as exc:
        return None, f"ongeldige geometrie ({geometrie.get('type')}: {str(exc)[:80] or type(exc).__name__})"
    if vorm.is_empty:
        return None, f"lege geometrie ({geometrie.get('type')})"
    punt = vorm if vorm.geom_type == "Point" else vorm.representative_point()
    x, y = punt.x, punt.y
    if not (math.isfinite(x) and math.isfinite(y)):
        return None, "geometrie zonder eindige coördinaten"
    if epsg is not None:
        x, y = Transformer.from_crs(epsg, 4326, always_xy=True).transform(x, y)
    return (x, y), None


def _eigenschappen(feature: dict, eigenschappen: dict) -> dict:
    """A feature's properties as a row: OSM tags flattened (with the soort they imply), nested values as JSON text."""
    uit = {k: _als_tekst(v) for k, v in eigenschappen.items()}
    if isinstance(eigenschappen.get("tags"), dict):
        uit.pop("tags")
        uit.update({k: _als_tekst(v) for k, v in eigenschappen["tags"].items()})
    if "amenity" in uit or "@id" in uit:
        _osm_soort(uit)
        if "@id" not in uit and feature.get("id") is not None:
            uit["@id"] = str(feature["id"])
    elif "id" not in uit and feature.get("id") is not None:
        uit["id"] = feature["id"]
    return uit


def _lees_geojson(pad: Path, data: dict) -> Invoer:
    rijen, fouten = [], []
    kolommen: dict[str, None] = {}
    osm = False
    # An old GeoJSON (2008) may declare EPSG:28992 in its crs member: reprojected, not refused.
    epsg = _crs(pad, data)
    features = data.get("features")
    if not isinstance(features, list):
        raise InvoerFout(str(pad), "FeatureCollection zonder lijst 'features'")
    for nummer, feature in enumerate(features, start=2):
        if not isinstance(feature, dict):
            fouten.append((nummer, "", "feature is geen object"))
            continue
        eigenschappen = feature.get("properties") or {}
        if not isinstance(eigenschappen, dict):
            fouten.append((nummer, "properties", "properties is geen object"))
            continue
        eigenschappen = _eigenschappen(feature, eigenschappen)
        osm = osm or "@id" in eigenschappen or "amenity" in eigenschappen
        geometrie = feature.get("geometry")
        if geometrie:
            punt, reden = _punt(geometrie, epsg)
            if punt is None:
                fouten.append((nummer, "geometry", reden))
                continue
            if not ("x" in eigenschappen and "y" in eigenschappen):
                eigenschappen.setdefault("lon", punt[0])
                eigenschappen.setdefault("lat", punt[1])
        for k in eigenschappen:
            kolommen[k] = None
        rijen.append((nummer, eigenschappen))
    formaat = "GeoJSON (OSM)" if osm else "GeoJSON"
    return Invoer(str(pad), formaat + (f", EPSG:{epsg} omgezet" if epsg else ""), list(kolommen), rijen, fouten)


def _als_tekst(waarde):
    """A nested JSON value as JSON text (never Python's repr); other values as they are."""
    if isinstance(waarde, (dict, list)):
        return json.dumps(waarde, ensure_ascii=False)
    return waarde


def _lees_overpass(pad: Path, data: dict) -> Invoer:
    rijen = []
    kolommen: dict[str, None] = {}
    for nummer, element in enumerate(data["elements"], start=2):
        eigenschappen = dict(element.get("tags") or {})
        eigenschappen["@id"] = f"{element.get('type', 'node')}/{element.get('id')}"
        _osm_soort(eigenschappen)
        centrum = element.get("center") or {}
        lat = element.get("lat", centrum.get("lat"))
        lon = element.get("lon", centrum.get("lon"))
        if lat is not None and lon is not None:
            eigenschappen["lat"], eigenschappen["lon"] = lat, lon
        for k in eigenschappen:
            kolommen[k] = None
        rijen.append((nummer, eigenschappen))
    return Invoer(str(pad), "OSM Overpass-JSON", list(kolommen), rijen)
