"""JSON files: GeoJSON (also OSM exports), an Overpass answer, or a list of records; HSDS comes as a shape of its own.

The file is parsed once; the first :class:`~.basis.JsonVorm` that recognises
the data reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely.geometry

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
        return Invoer(str(pad), "JSON-records", kolommen, [(i, dict(r)) for i, r in enumerate(data, start=2)])


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


def _lees_geojson(pad: Path, data: dict) -> Invoer:
    rijen, fouten = [], []
    kolommen: dict[str, None] = {}
    osm = False
    for nummer, feature in enumerate(data.get("features") or [], start=2):
        eigenschappen = dict(feature.get("properties") or {})
        if "tags" in eigenschappen and isinstance(eigenschappen["tags"], dict):
            eigenschappen.update(eigenschappen.pop("tags"))
        if "amenity" in eigenschappen or "@id" in eigenschappen:
            osm = True
            _osm_soort(eigenschappen)
            if "@id" not in eigenschappen and feature.get("id") is not None:
                eigenschappen["@id"] = str(feature["id"])
        elif "id" not in eigenschappen and feature.get("id") is not None:
            eigenschappen["id"] = feature["id"]
        geometrie = feature.get("geometry")
        if geometrie:
            try:
                vorm = shapely.geometry.shape(geometrie)
            except (ValueError, TypeError, AttributeError, KeyError):
                fouten.append((nummer, "geometry", "ongeldige geometrie"))
                continue
            punt = vorm if vorm.geom_type == "Point" else vorm.representative_point()
            if not ("x" in eigenschappen and "y" in eigenschappen):
                eigenschappen.setdefault("lon", punt.x)
                eigenschappen.setdefault("lat", punt.y)
        for k in eigenschappen:
            kolommen[k] = None
        rijen.append((nummer, eigenschappen))
    crs = ((data.get("crs") or {}).get("properties") or {}).get("name", "")
    if crs and "4326" not in crs and "CRS84" not in crs:
        raise InvoerFout(str(pad), f"GeoJSON moet WGS84 zijn (RFC 7946), niet {crs}")
    return Invoer(str(pad), "GeoJSON (OSM)" if osm else "GeoJSON", list(kolommen), rijen, fouten)


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
