"""Open Referral HSDS 3: read and write services, locations and schedules (JSON or a CSV package).

wijkkaart's HSDS profile (documented in ``docs/aanbod.md``):

* ``soort``, thema's, doelgroepen and collectief are ``attributes`` with
  taxonomy terms of the taxonomies ``wijkkaart:soort``, ``wijkkaart:thema``,
  ``wijkkaart:doelgroep`` and ``wijkkaart:collectief``;
* opening hours are a ``schedule`` whose ``notes`` hold ``opening_hours=<OSM>``
  and whose ``description`` is the Dutch text (or the free text kept as is);
  schedules from other systems with ``freq``/``byday``/``opens_at``/``closes_at``
  are turned into OSM strings;
* the source key and what HSDS has no field for travel as ``x_wijkkaart_*``
  extension fields, so an export imports again to the same records.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from pathlib import Path

from ..errors import InvoerFout
from . import openingstijden
from .lezen import Invoer, lees_zip_of_map
from .records import splits_adres
from .vocabulaire import SOORTEN_LOCATIE

NAMESPACE = uuid.UUID("5b0c3f4e-6a0e-4f7c-9d0e-77a1c4b1f0aa")
STATUS_NAAR_HSDS = {"actief": "active", "tijdelijk_gesloten": "temporarily closed", "gestopt": "defunct"}
STATUS_UIT_HSDS = {v: k for k, v in STATUS_NAAR_HSDS.items()} | {"inactive": "tijdelijk_gesloten"}
TAXONOMIE = {"soort": "wijkkaart:soort", "themas": "wijkkaart:thema", "doelgroepen": "wijkkaart:doelgroep", "collectief": "wijkkaart:collectief"}
RRULE_DAGEN = {"MO": "Mo", "TU": "Tu", "WE": "We", "TH": "Th", "FR": "Fr", "SA": "Sa", "SU": "Su"}
PAKKET_TABELLEN = (
    "organizations", "services", "locations", "addresses", "service_at_locations", "schedules",
    "phones", "attributes", "taxonomy_terms", "organization_identifiers",
)


def _id(*delen) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(str(d) for d in delen)))


# ------------------------------------------------------------------- write

def naar_tabellen(rijen: list[dict]) -> dict[str, list[dict]]:
    """Turn canonical export rows into HSDS tables."""
    t = {naam: [] for naam in PAKKET_TABELLEN}
    gezien_org, gezien_loc, gezien_term, gezien_dienst = set(), set(), {}, set()

    def term(taxonomie, code):
        sleutel = (taxonomie, code)
        if sleutel not in gezien_term:
            gezien_term[sleutel] = _id("term", taxonomie, code)
            t["taxonomy_terms"].append({"id": gezien_term[sleutel], "code": code, "name": code, "taxonomy": taxonomie})
        return gezien_term[sleutel]

    def schedule(rij, **link):
        if not rij.get("openingstijden"):
            return
        uren = openingstijden.lees(rij["openingstijden"])
        t["schedules"].append({
            "id": _id("schedule", *link.values()),
            **link,
            "description": openingstijden.leesbaar(uren.osm) or uren.osm if uren.osm else uren.tekst,
            "notes": f"opening_hours={uren.osm}" if uren.osm else None,
        })

    def locatie(rij) -> str:
        loc_id = _id("locatie", rij["bron"], rij["locatie_id"])
        if loc_id in gezien_loc:
            return loc_id
        gezien_loc.add(loc_id)
        t["locations"].append({
            "id": loc_id, "location_type": "physical", "name": rij["locatie_naam"] if rij["soort"] not in SOORTEN_LOCATIE else rij["naam"],
            "latitude": rij["lat"], "longitude": rij["lon"],
            "external_identifier": rij["bag_id"], "external_identifier_type": "BAG nummeraanduiding" if rij["bag_id"] else None,
            "x_wijkkaart_bron": rij["bron"], "x_wijkkaart_locatie_id": rij["locatie_id"],
            "x_wijkkaart_soort": rij["locatie_soort"] if rij["soort"] not in SOORTEN_LOCATIE else rij["soort"],
            "x_wijkkaart_x": rij["x"], "x_wijkkaart_y": rij["y"], "x_wijkkaart_precisie": rij["precisie"],
            "x_wijkkaart_geocoder": rij["geocoder"], "x_wijkkaart_adres_verbergen": rij["adres_verbergen"],
            "x_wijkkaart_straat": rij["straat"], "x_wijkkaart_huisnummer": rij["huisnummer"],
            "x_wijkkaart_voorbeeld": rij["voorbeeld"],
        })
        if rij["straat"] or rij["postcode"] or rij["plaats"]:
            t["addresses"].append({
                "id": _id("adres", loc_id), "location_id": loc_id, "address_type": "physical",
                "address_1": " ".join(d for d in (rij["straat"], rij["huisnummer"]) if d) or None,
                "city": rij["plaats"], "postal_code": rij["postcode"], "country": "NL",
            })
        return loc_id

    for rij in rijen:
        if rij["soort"] in SOORTEN_LOCATIE:
            loc_id = locatie(rij)
            schedule(rij, location_id=loc_id)
            continue
        loc_id = locatie(rij)
        dienst = _id("aanbod", rij["bron"], rij["extern_id"])
        org_id = None
        if rij["organisatie"]:
            org_id = _id("organisatie", rij["bron"], rij["organisatie"])
            if org_id not in gezien_org:
                gezien_org.add(org_id)
                t["organizations"].append({"id": org_id, "name": rij["organisatie"], "website": rij["organisatie_website"], "x_wijkkaart_bron": rij["bron"]})
                if rij["organisatie_kvk"]:
                    t["organization_identifiers"].append({
                        "id": _id("kvk", org_id), "organization_id": org_id, "identifier_scheme": "NL-KVK",
                        "identifier_type": "KvK-nummer", "identifier": rij["organisatie_kvk"],
                    })
        if dienst not in gezien_dienst:
            gezien_dienst.add(dienst)
            t["services"].append({
                "id": dienst, "organization_id": org_id, "name": rij["naam"], "description": rij["beschrijving"],
                "url": rij["website"], "email": rij["email"], "status": STATUS_NAAR_HSDS[rij["status"]],
                "fees_description": rij["kosten"], "application_process": rij["toegang"],
                "eligibility_description": rij["doelgroep_omschrijving"], "assured_date": rij["laatst_geverifieerd"],
                "x_wijkkaart_bron": rij["bron"], "x_wijkkaart_extern_id": rij["extern_id"], "x_wijkkaart_voorbeeld": rij["voorbeeld"],
                "x_wijkkaart_contact_openbaar": rij["contact_openbaar"],
            })
            if rij["telefoon"]:
                t["phones"].append({"id": _id("telefoon", dienst), "service_id": dienst, "number": rij["telefoon"]})
            waarden = {"soort": [rij["soort"]], "collectief": [rij["collectief"]],
                       "themas": [w for w in (rij["themas"] or "").split("; ") if w],
                       "doelgroepen": [w for w in (rij["doelgroepen"] or "").split("; ") if w]}
            for veld, codes in waarden.items():
                for code in codes:
                    t["attributes"].append({
                        "id": _id("attribuut", dienst, veld, code), "link_id": dienst, "link_type": "service",
                        "link_entity": "service", "taxonomy_term_id": term(TAXONOMIE[veld], code),
                    })
        sal = _id("sal", dienst, loc_id)
        t["service_at_locations"].append({"id": sal, "service_id": dienst, "location_id": loc_id})
        schedule(rij, service_at_location_id=sal)
    return t


def _geneste_json(t: dict[str, list[dict]]) -> dict:
    per = lambda tabel, sleutel: _groepeer(t[tabel], sleutel)  # noqa: E731
    adressen, schedules_sal = per("addresses", "location_id"), per("schedules", "service_at_location_id")
    schedules_loc, attributen = per("schedules", "location_id"), per("attributes", "link_id")
    telefoons, sals = per("phones", "service_id"), per("service_at_locations", "service_id")
    ids_org = per("organization_identifiers", "organization_id")
    termen = {r["id"]: r for r in t["taxonomy_terms"]}
    orgs = {o["id"]: {**o, "organization_identifiers": ids_org.get(o["id"], [])} for o in t["organizations"]}

    def loc(l):
        return {**l, "addresses": adressen.get(l["id"], []), "schedules": schedules_loc.get(l["id"], [])}

    locaties = {l["id"]: loc(l) for l in t["locations"]}
    services = []
    for s in t["services"]:
        services.append({
            **s,
            "organization": orgs.get(s["organization_id"]),
            "phones": telefoons.get(s["id"], []),
            "attributes": [{**a, "taxonomy_term": termen[a["taxonomy_term_id"]]} for a in attributen.get(s["id"], [])],
            "service_at_locations": [
                {**sal, "location": locaties[sal["location_id"]], "schedules": schedules_sal.get(sal["id"], [])}
                for sal in sals.get(s["id"], [])
            ],
        })
    return {"services": services, "locations": list(locaties.values())}


def _groepeer(rijen, sleutel):
    uit = {}
    for r in rijen:
        if r.get(sleutel):
            uit.setdefault(r[sleutel], []).append(r)
    return uit


def schrijf_json(rijen: list[dict], pad: Path) -> None:
    """Write HSDS 3 JSON: ``{"services": [...], "locations": [...]}`` with nested objects."""
    pad.write_text(json.dumps(_geneste_json(naar_tabellen(rijen)), ensure_ascii=False, indent=1), "utf-8")


def schrijf_pakket(rijen: list[dict], pad: Path) -> None:
    """Write an HSDS CSV package as a zip (one CSV per table plus ``datapackage.json``)."""
    tabellen = naar_tabellen(rijen)
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as archief:
        resources = []
        for naam, tabel in tabellen.items():
            kolommen = list(dict.fromkeys(k for r in tabel for k in r)) or ["id"]
            buffer = io.StringIO()
            schrijver = csv.DictWriter(buffer, fieldnames=kolommen)
            schrijver.writeheader()
            schrijver.writerows(tabel)
            archief.writestr(f"{naam}.csv", buffer.getvalue())
            resources.append({"name": naam, "path": f"{naam}.csv"})
        archief.writestr("datapackage.json", json.dumps({"profile": "tabular-data-package", "name": "wijkkaart-hsds", "resources": resources}, indent=1))


# -------------------------------------------------------------------- read

def is_hsds_json(data) -> bool:
    """True for HSDS JSON: a list of services, a page (``contents``) or ``{"services": ...}``."""
    if isinstance(data, dict):
        data = data.get("services", data.get("contents"))
    return (
        isinstance(data, list) and bool(data) and isinstance(data[0], dict)
        and ("service_at_locations" in data[0] or ("organization" in data[0] and "name" in data[0]))
    )


def _osm_uit_schedules(schedules: list[dict]) -> str | None:
    """Return an OSM string from HSDS schedules: our ``notes``, or freq/byday/opens_at/closes_at."""
    for s in schedules:
        notes = s.get("notes") or ""
        if notes.startswith("opening_hours="):
            return notes.removeprefix("opening_hours=")
    regels = []
    for s in schedules:
        freq, byday = (s.get("freq") or "").upper(), (s.get("byday") or "").upper()
        opens, closes = (s.get("opens_at") or "")[:5], (s.get("closes_at") or "")[:5]
        if not (byday and opens and closes):
            continue
        dagen = []
        for dag in byday.split(","):
            dag = dag.strip()
            n, code = dag[:-2], dag[-2:]
            if code not in RRULE_DAGEN:
                return None
            if freq == "MONTHLY" and n:
                dagen.append(f"{RRULE_DAGEN[code]}[{int(n)}]")
            elif not n:
                dagen.append(RRULE_DAGEN[code])
            else:
                return None
        regels.append(f"{','.join(dagen)} {opens}-{closes}")
    osm = "; ".join(regels)
    return osm if osm and openingstijden.is_geldig(osm) else None


def _tekst_uit_schedules(schedules: list[dict]) -> str | None:
    teksten = [s.get("description") for s in schedules if s.get("description")]
    return "; ".join(teksten) or None


def _taxonomie(attributen: list[dict], termen: dict) -> dict[str, list[str]]:
    uit: dict[str, list[str]] = {}
    omgekeerd = {v: k for k, v in TAXONOMIE.items()}
    for a in attributen:
        term = a.get("taxonomy_term") or termen.get(a.get("taxonomy_term_id")) or {}
        veld = omgekeerd.get(term.get("taxonomy"))
        if veld:
            uit.setdefault(veld, []).append(term.get("code") or term.get("name"))
    return uit


def _locatie_velden(loc: dict) -> dict:
    adres = (loc.get("addresses") or loc.get("physical_addresses") or [{}])[0]
    straat, huisnummer = loc.get("x_wijkkaart_straat"), loc.get("x_wijkkaart_huisnummer")
    if straat is None and huisnummer is None and adres.get("address_1"):
        straat, huisnummer, _ = splits_adres(adres["address_1"])
    uit = {
        "locatie_id": loc.get("x_wijkkaart_locatie_id") or loc.get("id"),
        "locatie_naam": loc.get("name"),
        "straat": straat, "huisnummer": huisnummer,
        "postcode": adres.get("postal_code"), "plaats": adres.get("city"),
        "bag_id": loc.get("external_identifier") if (loc.get("external_identifier_type") or "").startswith("BAG") else None,
        "lat": loc.get("latitude"), "lon": loc.get("longitude"),
        "x": loc.get("x_wijkkaart_x"), "y": loc.get("x_wijkkaart_y"),
        "precisie": loc.get("x_wijkkaart_precisie"), "geocoder": loc.get("x_wijkkaart_geocoder"),
        "adres_verbergen": loc.get("x_wijkkaart_adres_verbergen"),
    }
    if loc.get("x_wijkkaart_soort"):
        uit["locatie_soort"] = loc["x_wijkkaart_soort"]
    return uit


def uit_tabellen(t: dict[str, list[dict]]) -> list[dict]:
    """Turn HSDS tables into canonical rows (aanbod per service_at_location, plus places of their own)."""
    adressen = _groepeer(t.get("addresses", []) or t.get("physical_addresses", []), "location_id")
    locaties = {l["id"]: {**l, "addresses": adressen.get(l["id"], []), "schedules": []} for l in t.get("locations", [])}
    for s in t.get("schedules", []):
        if s.get("location_id") in locaties and not s.get("service_at_location_id"):
            locaties[s["location_id"]]["schedules"].append(s)
    orgs = {o["id"]: o for o in t.get("organizations", [])}
    kvk = {i["organization_id"]: i["identifier"] for i in t.get("organization_identifiers", []) if i.get("identifier_scheme") == "NL-KVK"}
    for o in orgs.values():
        o.setdefault("organization_identifiers", [{"identifier_scheme": "NL-KVK", "identifier": kvk[o["id"]]}] if o["id"] in kvk else [])
    termen = {r["id"]: r for r in t.get("taxonomy_terms", [])}
    attributen = _groepeer(t.get("attributes", []), "link_id")
    telefoons = _groepeer(t.get("phones", []), "service_id")
    schedules_sal = _groepeer(t.get("schedules", []), "service_at_location_id")
    services = []
    for s in t.get("services", []):
        services.append({
            **s, "organization": orgs.get(s.get("organization_id")), "phones": telefoons.get(s["id"], []),
            "attributes": attributen.get(s["id"], []),
            "service_at_locations": [
                {**sal, "location": locaties.get(sal["location_id"], {"id": sal["location_id"]}), "schedules": schedules_sal.get(sal["id"], [])}
                for sal in t.get("service_at_locations", []) if sal.get("service_id") == s["id"]
            ],
        })
    return uit_json({"services": services, "locations": list(locaties.values())}, termen)


def uit_json(data, termen: dict | None = None) -> list[dict]:
    """Turn nested HSDS JSON into canonical rows."""
    termen = termen or {}
    if isinstance(data, dict):
        services, losse = data.get("services", data.get("contents", [])), data.get("locations", [])
    else:
        services, losse = data, []
    rijen = []
    gebruikt = set()
    for s in services:
        tax = _taxonomie(s.get("attributes") or [], termen)
        org = s.get("organization") or {}
        kvk = next((i.get("identifier") for i in org.get("organization_identifiers") or [] if i.get("identifier_scheme") == "NL-KVK"), None)
        basis = {
            "bron": s.get("x_wijkkaart_bron"), "extern_id": s.get("x_wijkkaart_extern_id") or s.get("id"),
            "naam": s.get("name"), "beschrijving": s.get("description"),
            "soort": (tax.get("soort") or [None])[0], "themas": tax.get("themas"), "doelgroepen": tax.get("doelgroepen"),
            "collectief": (tax.get("collectief") or [None])[0],
            "doelgroep_omschrijving": s.get("eligibility_description"), "toegang": s.get("application_process"),
            "kosten": s.get("fees_description"), "status": STATUS_UIT_HSDS.get(s.get("status"), s.get("status")),
            "laatst_geverifieerd": s.get("assured_date"), "website": s.get("url"), "email": s.get("email"),
            "telefoon": ((s.get("phones") or [{}])[0]).get("number"),
            "organisatie": org.get("name"), "organisatie_kvk": kvk, "organisatie_website": org.get("website"),
            "voorbeeld": s.get("x_wijkkaart_voorbeeld"),
            "contact_openbaar": s.get("x_wijkkaart_contact_openbaar"),
        }
        for sal in s.get("service_at_locations") or [{}]:
            loc = sal.get("location") or {}
            gebruikt.add(loc.get("id"))
            schedules = sal.get("schedules") or []
            rij = {**basis, **_locatie_velden(loc)}
            rij["openingstijden"] = _osm_uit_schedules(schedules) or _tekst_uit_schedules(schedules)
            rijen.append(rij)
    for loc in losse:
        soort = loc.get("x_wijkkaart_soort")
        if soort in SOORTEN_LOCATIE and loc.get("name"):
            velden = _locatie_velden(loc)
            rij = {
                "bron": loc.get("x_wijkkaart_bron"), "extern_id": velden["locatie_id"], "naam": loc.get("name"),
                "soort": soort, "voorbeeld": loc.get("x_wijkkaart_voorbeeld"), **velden,
            }
            rij.pop("locatie_naam")
            rij["openingstijden"] = _osm_uit_schedules(loc.get("schedules") or []) or _tekst_uit_schedules(loc.get("schedules") or [])
            rijen.append(rij)
    return rijen


def _invoer(pad: Path, formaat: str, rijen: list[dict]) -> Invoer:
    kolommen = list(dict.fromkeys(k for r in rijen for k in r))
    return Invoer(str(pad), formaat, kolommen, list(enumerate(rijen, start=1)), canoniek=True)


def lees_json(pad: Path, data) -> Invoer:
    """Read HSDS JSON (rows numbered per service at location, then places of their own)."""
    return _invoer(pad, "HSDS JSON", uit_json(data))


def lees_pakket(pad: Path) -> Invoer:
    """Read an HSDS CSV package (folder or zip with services.csv, locations.csv, …)."""
    if lees_zip_of_map(pad, "services.csv") is None and lees_zip_of_map(pad, "locations.csv") is None:
        raise InvoerFout(str(pad), "map of zip is geen HSDS-pakket (services.csv en locations.csv ontbreken)")
    tabellen = {}
    for naam in (*PAKKET_TABELLEN, "physical_addresses"):
        tekst = lees_zip_of_map(pad, f"{naam}.csv")
        if tekst is None:
            continue
        tabellen[naam] = [{k: (v if v != "" else None) for k, v in r.items()} for r in csv.DictReader(io.StringIO(tekst))]
    return _invoer(pad, "HSDS CSV-pakket", uit_tabellen(tabellen))
