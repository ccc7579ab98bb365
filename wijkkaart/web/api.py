"""JSON API, version 1. Thin: parse the request, call the core, return GeoJSON."""

from __future__ import annotations

import re

from flask import Blueprint, abort, jsonify, request

from ..gebieden import gebieden_frame
from ..kaartdata import als_geojson
from ..models import MEERVOUD, NIVEAUS
from . import db_session

api = Blueprint("api", __name__, url_prefix="/api/v1")

GEMEENTE = re.compile(r"^GM\d{4}$")


def _int_param(name, low, high):
    value = request.args.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        abort(400, f"parameter {name} moet een geheel getal van {low} tot en met {high} zijn")
    return int(value)


@api.get("/gebieden")
def gebieden():
    """Return one level of a gemeente as GeoJSON (EPSG:4326).

    Query parameters: ``gemeente`` (GM-code, required), ``niveau`` (gemeente,
    wijk, buurt; default buurt), ``jaar`` (default newest), ``zoom`` (Leaflet
    zoom level the geometry is simplified for; default unsimplified),
    ``water=1`` to include water-only parts.
    """
    gemeente = (request.args.get("gemeente") or "").strip().upper()
    if not GEMEENTE.match(gemeente):
        abort(400, "parameter gemeente ontbreekt of is geen GM-code (bijvoorbeeld GM0392)")
    niveau = request.args.get("niveau", "buurt")
    if niveau not in NIVEAUS:
        abort(400, f"parameter niveau moet een van {', '.join(NIVEAUS)} zijn")
    jaar = _int_param("jaar", 1990, 2100)
    zoom = _int_param("zoom", 0, 22)
    water = request.args.get("water") in ("1", "true", "ja")
    frame = gebieden_frame(db_session(), gemeente, niveau, jaar=jaar, met_water=water)
    if frame.empty:
        abort(404, f"geen {MEERVOUD[niveau]} van {gemeente}" + (f" in {jaar}" if jaar else "") + " geladen")
    response = jsonify(als_geojson(frame, zoom=zoom))
    response.mimetype = "application/geo+json"
    return response
