"""Answers of the HSDS 3 API (``/hsds/``): paged lists, one service or organisation, services at locations near a point.

Everything is made from the public export (:func:`wijkkaart.uitvoer.aanbodexport.export_rijen`
without ``intern``): masked addresses are a point in their buurt without street or
postcode, contact details appear only with the initiative's consent. The nested
records are the export's own (:mod:`wijkkaart.uitvoer.hsds`), so the API and a
downloaded HSDS file say the same.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..kern.fouten import BestaatNiet, OngeldigeVraag
from .hsds import geneste_json, naar_tabellen, zonder_leeg

#: Items per page when the client does not say, and the most it may ask for.
PER_PAGINA = 50
MAX_PER_PAGINA = 500
#: The properties of the list forms (``service_list``, ``organization_list``, the location of
#: ``service_at_location_list``): nested arrays are only in the full records.
SERVICE_LIJST = (
    "id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
    "application_process", "fees_description", "eligibility_description", "assured_date", "last_modified",
)  # fmt: skip
ORGANISATIE_LIJST = ("id", "name", "alternate_name", "description", "email", "website")
LOCATIE_LIJST = ("id", "location_type", "name", "description", "latitude", "longitude")


def _lijstvorm(record: dict, velden: tuple[str, ...]) -> dict:
    """A record's list form: the named properties and its ``x_`` extension fields."""
    return {k: v for k, v in record.items() if k in velden or k.startswith("x_")}


@dataclass
class Catalogus:
    """Everything the API serves, made once per data version."""

    services: dict[str, dict]
    organisaties: dict[str, dict]
    service_at_locations: list[dict]
    termen: dict[str, dict]


def maak_catalogus(rijen: list[dict], gewijzigd: Mapping[tuple[str, str], dt.datetime]) -> Catalogus:
    """The API's records from export rows and each aanbod's last change (``(bron, extern_id)`` → UTC moment)."""
    tabellen = naar_tabellen(rijen)
    genest = geneste_json(tabellen)
    services, organisaties, sal = {}, {}, []
    for s in genest["services"]:
        moment = gewijzigd.get((s.get("x_wijkkaart_bron"), s.get("x_wijkkaart_extern_id")))
        if moment is not None:
            s["last_modified"] = moment.replace(microsecond=0).isoformat() + "Z"
        if "organization" in s:
            org = organisaties.setdefault(s["organization"]["id"], {**s["organization"], "services": []})
            org["services"].append(_lijstvorm(s, SERVICE_LIJST) | {"status": s["status"]})
        services[s["id"]] = s
        zonder_sal = {k: v for k, v in s.items() if k != "service_at_locations"}
        for link in s.get("service_at_locations", []):
            sal.append({**link, "service": zonder_sal})
    termen = {t["id"]: zonder_leeg(t) for t in tabellen["taxonomy_terms"]}
    return Catalogus(services, organisaties, sal, termen)


def _geheel(parameters: Mapping[str, str], naam: str, standaard: int, laagste: int, hoogste: int) -> int:
    tekst = (parameters.get(naam) or "").strip()
    if not tekst:
        return standaard
    if not tekst.isdigit() or not laagste <= int(tekst) <= hoogste:
        raise OngeldigeVraag(f"parameter {naam} moet een geheel getal van {laagste} tot en met {hoogste} zijn")
    return int(tekst)


def pagina(items: list[dict], parameters: Mapping[str, str]) -> dict:
    """The HSDS paging envelope (``total_items``, ``page_number``, …) around one page of ``items``."""
    per = _geheel(parameters, "per_page", PER_PAGINA, 1, MAX_PER_PAGINA)
    totaal_paginas = max(1, math.ceil(len(items) / per))
    nummer = _geheel(parameters, "page", 1, 1, 1_000_000)
    inhoud = items[(nummer - 1) * per : nummer * per]
    return {
        "total_items": len(items),
        "total_pages": totaal_paginas,
        "page_number": nummer,
        "size": len(inhoud),
        "first_page": nummer == 1,
        "last_page": nummer >= totaal_paginas,
        "empty": not items,
        "contents": inhoud,
    }


def _moment(parameters: Mapping[str, str]) -> dt.datetime | None:
    tekst = (parameters.get("modified_after") or "").strip()
    if not tekst:
        return None
    try:
        moment = dt.datetime.fromisoformat(tekst.replace("Z", "+00:00"))
    except ValueError:
        raise OngeldigeVraag(f"parameter modified_after is geen datum of tijd (ISO 8601): {tekst!r}") from None
    # Stored moments are UTC without a zone; a moment with a zone is brought to UTC first.
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _past(s: dict, parameters: Mapping[str, str], na: dt.datetime | None) -> bool:
    zoek = (parameters.get("search") or "").strip().lower()
    if zoek and not any(zoek in str(s.get(v) or "").lower() for v in ("name", "description", "alternate_name")):
        return False
    term = parameters.get("taxonomy_term_id")
    if term and term not in {a.get("taxonomy_term_id") for a in s.get("attributes", [])}:
        return False
    org = parameters.get("organization_id")
    if org and s.get("organization_id") != org:
        return False
    if na is not None:
        gewijzigd = s.get("last_modified")
        if gewijzigd is None or dt.datetime.fromisoformat(gewijzigd.removesuffix("Z")) < na:
            return False
    return True


def services(cat: Catalogus, parameters: Mapping[str, str]) -> dict:
    """A page of services (list form; ``full=true``: complete records) matching the query parameters."""
    na = _moment(parameters)
    gekozen = [s for s in cat.services.values() if _past(s, parameters, na)]
    vol = (parameters.get("full") or "").lower() == "true"
    return pagina([s if vol else _lijstvorm(s, SERVICE_LIJST) | _org_lijst(s) for s in gekozen], parameters)


def _org_lijst(s: dict) -> dict:
    return {"organization": _lijstvorm(s["organization"], ORGANISATIE_LIJST)} if "organization" in s else {}


def service(cat: Catalogus, id_: str) -> dict:
    """One complete service."""
    if id_ not in cat.services:
        raise BestaatNiet(f"geen service met id {id_!r}")
    return cat.services[id_]


def afstand_m(link: dict, punt: tuple[float, float]) -> float | None:
    """Metres from ``punt`` (RD) to the link's location, or None when the location has no point."""
    loc = link["location"]
    if loc.get("x_wijkkaart_x") is None:
        return None
    return math.hypot(loc["x_wijkkaart_x"] - punt[0], loc["x_wijkkaart_y"] - punt[1])


def service_at_locations(
    cat: Catalogus, parameters: Mapping[str, str], punt: tuple[float, float] | None = None
) -> dict:
    """A page of services at locations; with ``punt`` (a postcode's centre) nearest first, within ``proximity``.

    Each result then carries ``x_wijkkaart_afstand_m``.
    """
    na = _moment(parameters)
    nabij = _geheel(parameters, "proximity", 0, 1, 100_000) if parameters.get("proximity") else None
    gekozen = []
    for link in cat.service_at_locations:
        if not _past(link["service"], parameters, na):
            continue
        item = link
        if punt is not None:
            afstand = afstand_m(link, punt)
            if afstand is None or (nabij is not None and afstand > nabij):
                continue
            item = {**link, "x_wijkkaart_afstand_m": round(afstand)}
        gekozen.append(item)
    if punt is not None:
        gekozen.sort(key=lambda i: i["x_wijkkaart_afstand_m"])
    vol = (parameters.get("full") or "").lower() == "true"
    if not vol:
        gekozen = [_sal_lijst(i) for i in gekozen]
    return pagina(gekozen, parameters)


def _sal_lijst(item: dict) -> dict:
    uit = {
        k: v for k, v in item.items() if k in ("id", "service_id", "location_id", "description") or k.startswith("x_")
    }
    uit["location"] = _lijstvorm(item["location"], LOCATIE_LIJST)
    uit["service"] = _lijstvorm(item["service"], SERVICE_LIJST) | _org_lijst(item["service"])
    return uit


def organisaties(cat: Catalogus, parameters: Mapping[str, str]) -> dict:
    """A page of organisations (list form)."""
    zoek = (parameters.get("search") or "").strip().lower()
    gekozen = [o for o in cat.organisaties.values() if not zoek or zoek in o["name"].lower()]
    return pagina([_lijstvorm(o, ORGANISATIE_LIJST) for o in gekozen], parameters)


def organisatie(cat: Catalogus, id_: str) -> dict:
    """One organisation with its services."""
    if id_ not in cat.organisaties:
        raise BestaatNiet(f"geen organisatie met id {id_!r}")
    return cat.organisaties[id_]


def taxonomie_termen(cat: Catalogus, parameters: Mapping[str, str]) -> dict:
    """A page of the taxonomy terms the services use (soort, thema, doelgroep, collectief)."""
    return pagina(sorted(cat.termen.values(), key=lambda t: (t["taxonomy"], t["code"])), parameters)


#: Where the official compiled HSDS 3 schemas live; the document names them for every record it returns.
SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"


def _extern(schema: str) -> dict:
    # Named, not $ref'd: a viewer behind this site's Content-Security-Policy (and a machine without internet)
    # cannot fetch the specification's files; the test suite validates every answer against them.
    return {
        "type": "object",
        "title": schema.removesuffix(".json"),
        "description": f"HSDS 3.0, officieel schema: {SCHEMAS}{schema}",
        "externalDocs": {"url": SCHEMAS + schema},
    }


def _lijst_antwoord(schema: str) -> dict:
    return {
        "description": "Een pagina (HSDS-envelop).",
        "content": {
            "application/json": {
                "schema": {
                    "allOf": [{"$ref": "#/components/schemas/Page"}],
                    "properties": {"contents": {"type": "array", "items": _extern(schema)}},
                }
            }
        },
    }


def _een(schema: str) -> dict:
    return {"description": "Eén record.", "content": {"application/json": {"schema": _extern(schema)}}}


def _p(naam: str, schema: dict, beschrijving: str, plek: str = "query") -> dict:
    return {"name": naam, "in": plek, "required": plek == "path", "schema": schema, "description": beschrijving}


def openapi(basis: str) -> dict:
    """The OpenAPI 3.1 document of the part of the HSDS 3 API wijkkaart serves, with its own parameters."""
    paging = [
        _p("page", {"type": "integer", "minimum": 1}, "Paginanummer (vanaf 1)."),
        _p("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGINA}, f"Aantal per pagina (standaard {PER_PAGINA})."),
    ]  # fmt: skip
    filters = [
        _p("search", {"type": "string"}, "Zoek in naam en beschrijving."),
        _p("taxonomy_term_id", {"type": "string"}, "Alleen services met deze term (zie /taxonomy_terms)."),
        _p("organization_id", {"type": "string"}, "Alleen services van deze organisatie."),
        _p("modified_after", {"type": "string"}, "Alleen services die op of na dit moment (ISO 8601, UTC) veranderden."),
        _p("full", {"type": "boolean"}, "true: volledige records in plaats van de lijstvorm."),
    ]  # fmt: skip
    fout = {
        "description": "Ongeldige parameter of onbekend id.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    paden = {
        "/": {"get": {"summary": "Versie en links", "operationId": "api_info", "tags": ["api"], "responses": {"200": {"description": "Versie en links.", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/services": {"get": {"summary": "Services (pagina's)", "operationId": "services", "tags": ["services"], "parameters": [*filters, *paging], "responses": {"200": _lijst_antwoord("service_list.json"), "400": fout}}},
        "/services/{id}": {"get": {"summary": "Eén service", "operationId": "service", "tags": ["services"], "parameters": [_p("id", {"type": "string"}, "Id.", "path")], "responses": {"200": _een("service.json"), "404": fout}}},
        "/service_at_locations": {"get": {"summary": "Services op locaties, ook rond een postcode", "operationId": "service_at_locations", "tags": ["service_at_locations"], "parameters": [
            *filters, *paging,
            _p("postcode", {"type": "string"}, "Postcode (1234 of 1234AB): dichtstbijzijnde eerst, met x_wijkkaart_afstand_m."),
            _p("proximity", {"type": "integer", "minimum": 1, "maximum": 100000}, "Alleen binnen zoveel meter van het midden van de postcode."),
        ], "responses": {"200": _lijst_antwoord("service_at_location_list.json"), "400": fout, "404": fout}}},
        "/organizations": {"get": {"summary": "Organisaties (pagina's)", "operationId": "organizations", "tags": ["organizations"], "parameters": [_p("search", {"type": "string"}, "Zoek in de naam."), *paging], "responses": {"200": _lijst_antwoord("organization_list.json"), "400": fout}}},
        "/organizations/{id}": {"get": {"summary": "Eén organisatie", "operationId": "organization", "tags": ["organizations"], "parameters": [_p("id", {"type": "string"}, "Id.", "path")], "responses": {"200": _een("organization.json"), "404": fout}}},
        "/taxonomy_terms": {"get": {"summary": "Taxonomietermen", "operationId": "taxonomy_terms", "tags": ["taxonomy_terms"], "parameters": paging, "responses": {"200": {"description": "Een pagina termen.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}, "400": fout}}},
    }  # fmt: skip
    pagina_schema = {
        "type": "object",
        "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"],
        "properties": {
            "total_items": {"type": "integer"}, "total_pages": {"type": "integer"}, "page_number": {"type": "integer"},
            "size": {"type": "integer"}, "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"}, "contents": {"type": "array"},
        },
    }  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "wijkkaart – Open Referral HSDS 3 API",
            "version": "3.0",
            "description": (
                "Het collectieve aanbod als HSDS 3 (Human Services Data Specification). Profiel: thema's, "
                "doelgroepen, soort en collectief als attributes met taxonomieën wijkkaart:*, openingstijden "
                "in schedule.notes als opening_hours=<OSM>, extra velden als x_wijkkaart_*. Verborgen adressen "
                "staan op een punt in hun buurt zonder straat of postcode; contactgegevens alleen met toestemming."
            ),
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": basis}],
        "paths": paden,
        "components": {"schemas": {"Page": pagina_schema}},
    }
