"""JSON API, version 1. Thin: parse the request, call the core, return GeoJSON."""

from __future__ import annotations

import re

from flask import Blueprint, abort, jsonify, request

from ..gebieden import gebieden_frame
from ..kaartdata import als_geojson
from ..models import MEERVOUD, NIVEAUS
from ..taal import gettext
from . import db_session

api = Blueprint("api", __name__, url_prefix="/api/v1")

GEMEENTE = re.compile(r"^GM\d{4}$")


def geldige_code(code: str, patroon: re.Pattern, soort: str, voorbeeld: str) -> str:
    """Return ``code`` upper-cased, or answer 404 with a Dutch message when it is no valid code of ``soort``."""
    code = code.strip().upper()
    if not patroon.match(code):
        abort(404, gettext("%(code)s is geen %(soort)s (bijvoorbeeld %(voorbeeld)s).", code=code, soort=gettext(soort), voorbeeld=voorbeeld))
    return code


def gemeente_param() -> str:
    """The required ``gemeente`` query parameter, upper-cased; 400 with a Dutch message when missing or wrong."""
    gemeente = (request.args.get("gemeente") or "").strip().upper()
    if not GEMEENTE.match(gemeente):
        abort(400, "parameter gemeente ontbreekt of is geen GM-code (bijvoorbeeld GM0392)")
    return gemeente


def geojson_antwoord(data: dict):
    """``data`` as a JSON response with the GeoJSON media type (RFC 7946)."""
    response = jsonify(data)
    response.mimetype = "application/geo+json"
    return response


def int_param(name, low, high):
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
    gemeente = gemeente_param()
    niveau = request.args.get("niveau", "buurt")
    if niveau not in NIVEAUS:
        abort(400, f"parameter niveau moet een van {', '.join(NIVEAUS)} zijn")
    jaar = int_param("jaar", 1990, 2100)
    zoom = int_param("zoom", 0, 22)
    water = request.args.get("water") in ("1", "true", "ja")
    frame = gebieden_frame(db_session(), gemeente, niveau, jaar=jaar, met_water=water)
    if frame.empty:
        abort(404, f"geen {MEERVOUD[niveau]} van {gemeente}" + (f" in {jaar}" if jaar else "") + " geladen")
    return geojson_antwoord(als_geojson(frame, zoom=zoom))


WIJK = re.compile(r"^WK\d{4}[0-9A-Z]{2}$")
BUURT = re.compile(r"^BU\d{4}[0-9A-Z]{4}$")


def _aanbod_filter(toegestane_soorten):
    """Read the shared filters of /aanbod and /locaties; 400 with a Dutch message when one is wrong."""
    import datetime as dt

    from ..aanbod.kaartlagen import Filter
    from ..aanbod.openingstijden import moment_nl
    from ..aanbod.vocabulaire import normaliseer_woord

    f = Filter()
    for naam, patroon in (("gemeente", GEMEENTE), ("wijk", WIJK), ("buurt", BUURT)):
        waarde = (request.args.get(naam) or "").strip().upper()
        if waarde:
            if not patroon.match(waarde):
                abort(400, f"parameter {naam} is geen geldige {naam}code")
            setattr(f, naam, waarde)
    if not (f.gemeente or f.wijk or f.buurt):
        abort(400, "geef gemeente, wijk of buurt (bijvoorbeeld gemeente=GM0363)")
    soorten = [normaliseer_woord(s) for s in (request.args.get("soort") or "").split(",") if s.strip()]
    onbekend = [s for s in soorten if s not in toegestane_soorten]
    if onbekend:
        abort(400, f"onbekende soort {', '.join(onbekend)}; kies uit {', '.join(toegestane_soorten)}")
    f.soorten = soorten
    for naam in ("thema", "doelgroep"):
        waarde = request.args.get(naam)
        if waarde:
            setattr(f, naam, normaliseer_woord(waarde))
    open_op = request.args.get("open_op")
    if open_op:
        if open_op == "nu":
            f.open_op = moment_nl()
        else:
            try:
                f.open_op = moment_nl(dt.datetime.fromisoformat(open_op))
            except ValueError:
                abort(400, "parameter open_op moet 'nu' of een tijdstip zijn (bijvoorbeeld 2026-11-23T10:00)")
    return f


@api.get("/aanbod")
def aanbod():
    """Return aanbod at its locaties as GeoJSON points (EPSG:4326).

    Query parameters: ``gemeente``, ``wijk`` or ``buurt`` (at least one);
    ``soort`` (comma-separated aanbod soorten), ``thema``, ``doelgroep``,
    ``open_op`` (``nu`` or an ISO time, Dutch local time when no offset):
    only aanbod known to be open then.
    """
    from ..aanbod.kaartlagen import aanbod_geojson
    from ..aanbod.vocabulaire import SOORTEN_AANBOD

    return geojson_antwoord(aanbod_geojson(db_session(), _aanbod_filter(SOORTEN_AANBOD)))


@api.get("/locaties")
def locaties():
    """Return locaties (buurthuizen, wijkcentra, bibliotheken, …) as GeoJSON points (EPSG:4326).

    Same filters as ``/aanbod``; ``soort`` takes locatie soorten.
    """
    from ..aanbod.kaartlagen import locaties_geojson
    from ..aanbod.vocabulaire import SOORTEN_LOCATIE

    return geojson_antwoord(locaties_geojson(db_session(), _aanbod_filter(SOORTEN_LOCATIE)))


@api.get("/openingstijden")
def openingstijden_voorbeeld():
    """Check an OSM ``opening_hours`` value (``osm``) and say it in words, for the forms' live preview."""
    from ..aanbod import openingstijden

    osm = (request.args.get("osm") or "").strip()
    if not osm:
        return {"geldig": True, "leesbaar": None}
    if not openingstijden.is_geldig(osm):
        return {"geldig": False, "fout": gettext("Geen geldige notatie van openingstijden.")}, 422
    return {"geldig": True, "leesbaar": openingstijden.leesbaar(osm)}
