"""The JSON documents of the OGC API: landing page, conformance, collections, queryables and the OpenAPI description.

URLs are made from the API's base URL (``…/ogc``) so this module needs no
web framework; the web layer passes the base it is served under.
"""

from __future__ import annotations

from ...kern.taal import gettext
from ...kern.uitgave import VERSIE
from . import CONFORMANCE, CRS84, CRS_EPSG, MAX_LIMIET, RD_NEW, STANDAARD_LIMIET
from .bevraging import FILTERTALEN
from .collecties import COLLECTIES, Collectie
from .collecties import queryables as queryables_van

JSON, GEOJSON, HTML = "application/json", "application/geo+json", "text/html"
SCHEMA_JSON = "application/schema+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"


def link(href: str, rel: str, type_: str, title: str | None = None) -> dict:
    """One link object as OGC API documents carry them."""
    uit = {"href": href, "rel": rel, "type": type_}
    if title:
        uit["title"] = title
    return uit


def _zelf(href: str, formaat: str, json_type: str = JSON) -> list[dict]:
    """``self`` and ``alternate`` links of a resource shown as ``formaat`` (json or html)."""
    scheid = "&" if "?" in href else "?"
    als_json = link(f"{href}{scheid}f=json", "self" if formaat == "json" else "alternate", json_type, "JSON")
    als_html = link(f"{href}{scheid}f=html", "self" if formaat == "html" else "alternate", HTML, "HTML")
    return [als_json, als_html] if formaat == "json" else [als_html, als_json]


def landing(basis: str, formaat: str, documentatie: str) -> dict:
    """The landing page: what the API is and where its parts are."""
    return {
        "title": gettext("wijkkaart – collectief aanbod in wijken en buurten"),
        "description": gettext(
            "CBS-gebieden met kerncijfers, het collectieve aanbod en de gaten erin, als OGC API Features."
        ),
        "links": [
            *_zelf(f"{basis}/", formaat),
            link(f"{basis}/api", "service-desc", OPENAPI, gettext("API-beschrijving (OpenAPI 3.0)")),
            link(documentatie, "service-doc", HTML, gettext("API-documentatie")),
            link(f"{basis}/conformance", "conformance", JSON, gettext("Conformiteitsklassen")),
            link(f"{basis}/collections", "data", JSON, gettext("Collecties")),
        ],
    }


def conformance() -> dict:
    """The conformance classes this API implements."""
    return {"conformsTo": list(CONFORMANCE)}


def collectie(basis: str, c: Collectie, omvang: tuple[float, float, float, float] | None, formaat: str) -> dict:
    """The description of one collection, with links to its items, queryables and schema."""
    href = f"{basis}/collections/{c.id}"
    doc = {
        "id": c.id,
        "title": gettext(c.titel),
        "description": gettext(c.beschrijving),
        "itemType": "feature",
        # CRS84 first: QGIS offers the first CRS listed by default (QGIS #52228).
        "crs": list(CRS_EPSG),
        "links": [
            *_zelf(href, formaat),
            link(f"{href}/items?f=json", "items", GEOJSON, gettext("Objecten (GeoJSON)")),
            link(f"{href}/items?f=html", "items", HTML, gettext("Objecten (HTML)")),
            link(f"{href}/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", SCHEMA_JSON),
            link(f"{href}/schema", "describedby", SCHEMA_JSON, gettext("Schema van de objecten")),
        ],
    }
    if omvang is not None:
        doc["extent"] = {"spatial": {"bbox": [list(omvang)], "crs": CRS84}}
    return doc


def collecties(basis: str, omvangen: dict[str, tuple | None], formaat: str) -> dict:
    """Every collection, described."""
    return {
        "links": _zelf(f"{basis}/collections", formaat),
        "collections": [collectie(basis, c, omvangen.get(c.id), "json") for c in COLLECTIES.values()],
    }


def _geometrie_schema(c: Collectie) -> dict:
    return {"format": f"geometry-{c.geometrie}", "title": gettext("Geometrie")}


def queryables(basis: str, c: Collectie, eigenschappen: dict[str, dict], alles: bool = False) -> dict:
    """JSON Schema of what a filter may name (``alles``: every property, the collection's schema)."""
    soort = "schema" if alles else "queryables"
    velden = {
        naam: {**schema, "title": naam}
        for naam, schema in (eigenschappen if alles else queryables_van(eigenschappen)).items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{basis}/collections/{c.id}/{soort}",
        "type": "object",
        "title": gettext(c.titel),
        "properties": {"geometry": _geometrie_schema(c), **velden},
        "additionalProperties": alles,
    }


def _param(naam: str, schema: dict, beschrijving: str, in_: str = "query", verplicht: bool = False) -> dict:
    uit = {"name": naam, "in": in_, "schema": schema, "description": beschrijving, "required": verplicht}
    if in_ == "query":
        uit["style"], uit["explode"] = "form", False
    return uit


def _items_parameters(eigenschappen: dict[str, dict]) -> list[dict]:
    crs = {"type": "string", "format": "uri", "enum": list(CRS_EPSG), "default": CRS84}
    vaste = [
        _param("f", {"type": "string", "enum": ["json", "html"]}, "Formaat van het antwoord."),
        _param(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIET, "default": STANDAARD_LIMIET},
            f"Aantal objecten per pagina (hoogstens {MAX_LIMIET}; een hogere waarde wordt {MAX_LIMIET}).",
        ),
        _param(
            "offset",
            {"type": "integer", "minimum": 0, "default": 0},
            "Waar de pagina begint; volg liever de link met rel=next.",
        ),
        _param(
            "bbox",
            {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
            "Alleen objecten die dit kader raken: minx,miny,maxx,maxy in bbox-crs.",
        ),
        _param("bbox-crs", crs, "CRS van bbox."),
        _param("crs", crs, "CRS van de geometrie in het antwoord."),
        _param("datetime", {"type": "string"}, "Tijd of interval (RFC 3339); de collecties hebben geen eigen tijd."),
        _param("filter", {"type": "string"}, "CQL2-filter op de queryables."),
        _param(
            "filter-lang", {"type": "string", "enum": list(FILTERTALEN), "default": "cql2-text"}, "Taal van filter."
        ),
        _param("filter-crs", crs, "CRS van geometrieën in filter."),
    ]
    gelijk = [
        _param(naam, {"type": schema["type"]}, f"Alleen objecten waarvan {naam} gelijk is aan deze waarde.")
        for naam, schema in eigenschappen.items()
        if schema.get("type") in ("string", "integer", "number", "boolean")
    ]
    return vaste + gelijk


def _antwoord(beschrijving: str, *types: str) -> dict:
    return {"description": beschrijving, "content": {t: {"schema": {"type": "object"}} for t in types}}


FOUTEN = {
    "400": _antwoord("Ongeldige parameter (de melding noemt hem).", JSON),
    "404": _antwoord("Bestaat niet.", JSON),
}


def _collectiepaden(c: Collectie, eigenschappen: dict[str, dict]) -> dict:
    pad = f"/collections/{c.id}"
    f = [_param("f", {"type": "string", "enum": ["json", "html"]}, "Formaat van het antwoord.")]
    titel = gettext(c.titel)
    return {
        pad: {
            "get": {
                "summary": titel,
                "operationId": f"collectie_{c.id}",
                "parameters": f,
                "responses": {"200": _antwoord(titel, JSON, HTML), **FOUTEN},
            }
        },
        f"{pad}/queryables": {
            "get": {
                "summary": f"{titel}: queryables",
                "operationId": f"queryables_{c.id}",
                "responses": {"200": _antwoord("JSON Schema", SCHEMA_JSON), **FOUTEN},
            }
        },
        f"{pad}/schema": {
            "get": {
                "summary": f"{titel}: schema",
                "operationId": f"schema_{c.id}",
                "responses": {"200": _antwoord("JSON Schema", SCHEMA_JSON), **FOUTEN},
            }
        },
        f"{pad}/items": {
            "get": {
                "summary": f"{titel}: objecten",
                "operationId": f"items_{c.id}",
                "parameters": _items_parameters(eigenschappen),
                "responses": {"200": _antwoord("FeatureCollection", GEOJSON, HTML), **FOUTEN},
            }
        },
        f"{pad}/items/{{featureId}}": {
            "get": {
                "summary": f"{titel}: één object",
                "operationId": f"item_{c.id}",
                "parameters": [
                    _param("featureId", {"type": "string"}, "Id van het object.", "path", True),
                    *f,
                    _param("crs", {"type": "string", "enum": list(CRS_EPSG)}, "CRS van de geometrie."),
                ],
                "responses": {"200": _antwoord("Feature", GEOJSON, HTML), **FOUTEN},
            }
        },
    }


def openapi(basis: str, eigenschappen: dict[str, dict[str, dict]]) -> dict:
    """The OpenAPI 3.0 description (``service-desc``) with one set of paths per collection.

    Each collection's items path lists its own queryables as equality parameters, so clients such as
    GDAL send ``?gemeentecode=GM0392`` to the server instead of filtering every page themselves.
    """
    f = [_param("f", {"type": "string", "enum": ["json", "html"]}, "Formaat van het antwoord.")]
    paden = {
        "/": {
            "get": {
                "summary": "Landing page",
                "operationId": "landing",
                "parameters": f,
                "responses": {"200": _antwoord("Landing page", JSON, HTML)},
            }
        },
        "/conformance": {
            "get": {
                "summary": "Conformance",
                "operationId": "conformance",
                "parameters": f,
                "responses": {"200": _antwoord("Conformance", JSON, HTML)},
            }
        },
        "/collections": {
            "get": {
                "summary": "Collections",
                "operationId": "collections",
                "parameters": f,
                "responses": {"200": _antwoord("Collections", JSON, HTML)},
            }
        },
        "/api": {
            "get": {
                "summary": "Deze beschrijving",
                "operationId": "api",
                "responses": {"200": _antwoord("OpenAPI", OPENAPI)},
            }
        },
    }
    for c in COLLECTIES.values():
        paden |= _collectiepaden(c, eigenschappen.get(c.id, {}))
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "wijkkaart OGC API Features",
            "version": VERSIE,
            "description": gettext(
                "CBS-gebieden, aanbod en gaten als OGC API Features (Part 1, 2 en 3). Standaard-CRS is CRS84; "
                "EPSG:28992 (RD New) met crs=%(rd)s.",
                rd=RD_NEW,
            ),
            "license": {"name": "EUPL-1.2"},
        },
        "servers": [{"url": basis}],
        "paths": paden,
    }
