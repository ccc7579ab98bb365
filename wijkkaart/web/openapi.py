"""The OpenAPI 3.1 document of /api/v1, built by apispec from the views' docstrings, and its documentation page.

Each API view describes its operation in YAML after a ``---`` line in its
docstring (apispec's convention), next to the code that answers it, so the
document cannot drift from the views unnoticed: the test suite runs
schemathesis against it and checks every answer. The shared shapes
(GeoJSON, the error body) are components here.
"""

from __future__ import annotations

import copy
import re

import yaml
from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Blueprint, abort, current_app, render_template, request, url_for

from ..kern.dagdelen import DAGDELEN
from ..kern.filters import MAX_DREMPEL_M, MIN_DREMPEL_M
from ..kern.kerncijfers import KERNCIJFERS
from ..kern.taal import gettext as _
from ..kern.uitgave import VERSIE
from ..kern.vocabulaire import SOORTEN_AANBOD, SOORTEN_LOCATIE

documentatie = Blueprint("apidocs", __name__)

#: The endpoints the document describes, in the order a reader meets them.
ENDPOINTS = (
    "api.gemeenten",
    "api.gebieden",
    "api.aanbod",
    "api.locaties",
    "gaten.api_gaten",
    "api.openingstijden_voorbeeld",
    "scenarios.laag",
)

FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"const": "Feature"},
        "id": {"type": ["string", "integer"]},
        "geometry": {"type": ["object", "null"]},
        "properties": {"type": "object"},
    },
}
FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {"$ref": "#/components/schemas/Feature"}},
        "wijkkaart": {"type": "object", "description": "Wat wijkkaart over de hele verzameling zegt."},
    },
}
FOUT = {
    "type": "object",
    "required": ["fout", "status"],
    "properties": {"fout": {"type": "string"}, "status": {"type": "integer"}},
}


def operatie(beschrijving: str):
    """Describe a view's operation for the OpenAPI document: YAML (``get: …``) kept beside the view."""
    operaties = yaml.safe_load(beschrijving)

    def markeer(view):
        view.openapi = operaties
        return view

    return markeer


#: What every text parameter may hold: the web's edge refuses control characters (C0, DEL, C1) in any of them
#: (beveiliging.py, kern.tekst.STUURTEKENS_EEN_REGEL).
GEEN_STUURTEKENS = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"


def _lijst(woorden) -> dict:
    """A comma-separated list of some of ``woorden`` (or nothing)."""
    een = "(" + "|".join(re.escape(w) for w in woorden) + ")"
    return {"type": "string", "pattern": f"^({een}(,{een})*)?$"}


def _keuzes() -> dict[str, dict]:
    """Schemas the views name by ``x-wijkkaart: naam``: made from the vocabularies the checks use."""
    return {
        "gemeente": {"type": "string", "pattern": "^[Gg][Mm][0-9]{4}$"},
        "wijk": {"type": "string", "pattern": "^[Ww][Kk][0-9]{4}[0-9A-Za-z]{2}$"},
        "buurt": {"type": "string", "pattern": "^[Bb][Uu][0-9]{4}[0-9A-Za-z]{4}$"},
        "soorten_aanbod": _lijst(SOORTEN_AANBOD),
        "soorten_locatie": _lijst(SOORTEN_LOCATIE),
        "kerncijfers": {"anyOf": [{"const": "alle"}, _lijst(k.naam for k in KERNCIJFERS)]},
        "dagdeel": {"type": "string", "enum": [d.sleutel for d in DAGDELEN]},
        "drempel": {"type": "integer", "minimum": MIN_DREMPEL_M, "maximum": MAX_DREMPEL_M},
        "moment": {"anyOf": [{"const": "nu"}, {"type": "string", "format": "date-time"}]},
    }


#: Query parameters several operations share, described once.
PARAMETERS = {
    "gemeente": (
        "GM-code, bijvoorbeeld GM0392 (aanbod en locaties: de server neemt ook alleen wijk of buurt)",
        True,
        "gemeente",
    ),
    "wijk": ("WK-code: alleen deze wijk.", False, "wijk"),
    "buurt": ("BU-code: alleen deze buurt.", False, "buurt"),
    "thema": ("Thema (een woord uit de lijst of hoe mensen het schrijven).", False, None),
    "doelgroep": ("Doelgroep.", False, None),
    "open_op": ("nu, of een ISO-tijd (Nederlandse tijd zonder offset): alleen wat dan open is.", False, "moment"),
    "zoom": ("Leaflet-zoomniveau waarvoor de geometrie vereenvoudigd wordt.", False, None),
}
#: Every operation can answer these; an operation that says nothing of them gets them.
FOUTEN = {"400": "OngeldigeVraag", "404": "BestaatNiet", "503": "Onbereikbaar"}


def _gedeelde_parameters(spec: APISpec) -> None:
    for naam, (beschrijving, verplicht, keuze) in PARAMETERS.items():
        schema = {"x-wijkkaart": keuze} if keuze else {"type": "string"}
        if naam == "zoom":
            schema = {"type": "integer", "minimum": 0, "maximum": 22}
        parameter = {"description": beschrijving, "required": verplicht, "schema": schema}
        spec.components.parameter(
            naam, "query", _verfijn({"get": {"parameters": [{"name": naam, **parameter}]}})["get"]["parameters"][0]
        )


def _verfijn(operaties: dict) -> dict:
    """The operations ready for apispec: named schemas filled in, shared error answers, text limited to what the edge lets through.

    A shared parameter (``$ref: "#/components/parameters/x"``) goes to apispec by its component name.
    """
    keuzes = _keuzes()
    for operatie in operaties.values():
        operatie["parameters"] = [
            p["$ref"].rsplit("/", 1)[1] if isinstance(p, dict) and "$ref" in p else p
            for p in operatie.get("parameters", [])
        ]
        if "responses" in operatie:
            for status, naam in FOUTEN.items():
                operatie["responses"].setdefault(status, {"$ref": f"#/components/responses/{naam}"})
        for parameter in operatie["parameters"]:
            if isinstance(parameter, str):
                continue
            naam = parameter.get("schema", {}).get("x-wijkkaart")
            if naam:
                parameter["schema"] = copy.deepcopy(keuzes[naam])
            schema = parameter["schema"]
            if schema.get("type") == "string" and "enum" not in schema and "pattern" not in schema:
                schema["pattern"] = GEEN_STUURTEKENS
    return operaties


def _fout(beschrijving: str) -> dict:
    return {
        "description": beschrijving,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}},
    }


def document() -> dict:
    """The OpenAPI 3.1 document of /api/v1 for the running app (server URL from the request)."""
    spec = APISpec(
        title="wijkkaart API",
        version=VERSIE,
        openapi_version="3.1.0",
        plugins=[FlaskPlugin()],
        info={
            "description": _(
                "Gebieden, aanbod, locaties en gaten als GeoJSON (EPSG:4326). Antwoorden hebben een ETag; "
                "stuur If-None-Match om een 304 te krijgen als er niets veranderde."
            ),
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        servers=[{"url": url_for("pages.index", _external=True).rstrip("/")}],
    )
    spec.components.schema("Feature", FEATURE)
    spec.components.schema("FeatureCollection", FEATURE_COLLECTION)
    spec.components.schema("Fout", FOUT)
    spec.components.response(
        "OngeldigeVraag", _fout(_("Een parameter ontbreekt of is ongeldig; de melding noemt hem."))
    )
    spec.components.response("BestaatNiet", _fout(_("Het gevraagde gebied of object is niet geladen.")))
    spec.components.response("Onbereikbaar", _fout(_("De database is even niet bereikbaar; probeer het later.")))
    spec.components.response("Geweigerd", _fout(_("Alleen voor planners van deze gemeente (ingelogd).")))
    _gedeelde_parameters(spec)
    for endpoint in ENDPOINTS:
        view = current_app.view_functions[endpoint]
        spec.path(view=view, app=current_app, operations=_verfijn(copy.deepcopy(view.openapi)))
    return spec.to_dict()


@documentatie.get("/api/v1/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 document of /api/v1."""
    return document()


def _documenten() -> dict[str, dict]:
    """The OpenAPI documents the documentation page can show, by their short name."""
    return {
        "v1": {"naam": _("wijkkaart API v1 (OpenAPI 3.1)"), "url": url_for("apidocs.openapi_json")},
        "ogc": {"naam": _("OGC API Features (OpenAPI 3.0)"), "url": url_for("ogc.api_document")},
        "hsds": {"naam": _("Open Referral HSDS 3 (OpenAPI 3.1)"), "url": url_for("hsds.openapi")},
    }


@documentatie.get("/api/v1/docs")
def pagina():
    """Documentation of the APIs (Redoc, served from this server): ``api`` = v1 (default), ogc or hsds."""
    documenten = _documenten()
    gekozen = request.args.get("api", "v1")
    if gekozen not in documenten:
        abort(404, _("Onbekende API-beschrijving: kies uit %(namen)s.", namen=", ".join(documenten)))
    return render_template("apidocs.html", documenten=documenten, gekozen=gekozen)
