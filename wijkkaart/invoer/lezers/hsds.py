"""Read Open Referral HSDS 3 into canonical rows: nested JSON or a CSV package (folder or zip).

Schedules from other systems with ``freq``/``byday``/``opens_at``/``closes_at``
become OSM strings; wijkkaart's own ``x_wijkkaart_*`` fields bring back what HSDS
has no field for (:mod:`wijkkaart.kern.hsds`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...kern import openingstijden
from ...kern.fouten import InvoerFout
from ...kern.hsds import PAKKET_TABELLEN, RRULE_DAGEN, STATUS_UIT_HSDS, TAXONOMIE
from ...kern.hsds import groepeer as _groepeer
from ...kern.tekst import splits_adres
from ...kern.vocabulaire import SOORTEN_LOCATIE
from .basis import Invoer, lees_zip_of_map

# -------------------------------------------------------------------- read


def is_hsds_json(data) -> bool:
    """True for HSDS JSON: a list of services, a page (``contents``) or ``{"services": ...}``."""
    if isinstance(data, dict):
        data = data.get("services", data.get("contents"))
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
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
        "straat": straat,
        "huisnummer": huisnummer,
        "postcode": adres.get("postal_code"),
        "plaats": adres.get("city"),
        "bag_id": loc.get("external_identifier")
        if (loc.get("external_identifier_type") or "").startswith("BAG")
        else None,
        "lat": loc.get("latitude"),
        "lon": loc.get("longitude"),
        "x": loc.get("x_wijkkaart_x"),
        "y": loc.get("x_wijkkaart_y"),
        "precisie": loc.get("x_wijkkaart_precisie"),
        "geocoder": loc.get("x_wijkkaart_geocoder"),
        "adres_verbergen": loc.get("x_wijkkaart_adres_verbergen"),
    }
    if loc.get("x_wijkkaart_soort"):
        uit["locatie_soort"] = loc["x_wijkkaart_soort"]
    return uit


def uit_tabellen(t: dict[str, list[dict]]) -> list[dict]:
    """Turn HSDS tables into canonical rows (aanbod per service_at_location, plus places of their own)."""
    adressen = _groepeer(t.get("addresses", []) or t.get("physical_addresses", []), "location_id")
    locaties = {
        loc["id"]: {**loc, "addresses": adressen.get(loc["id"], []), "schedules": []} for loc in t.get("locations", [])
    }
    for s in t.get("schedules", []):
        if s.get("location_id") in locaties and not s.get("service_at_location_id"):
            locaties[s["location_id"]]["schedules"].append(s)
    orgs = {o["id"]: o for o in t.get("organizations", [])}
    kvk = {
        i["organization_id"]: i["identifier"]
        for i in t.get("organization_identifiers", [])
        if i.get("identifier_scheme") == "NL-KVK"
    }
    for o in orgs.values():
        o.setdefault(
            "organization_identifiers",
            [{"identifier_scheme": "NL-KVK", "identifier": kvk[o["id"]]}] if o["id"] in kvk else [],
        )
    termen = {r["id"]: r for r in t.get("taxonomy_terms", [])}
    attributen = _groepeer(t.get("attributes", []), "link_id")
    telefoons = _groepeer(t.get("phones", []), "service_id")
    gebieden = _groepeer(t.get("service_areas", []), "service_id")
    schedules_sal = _groepeer(t.get("schedules", []), "service_at_location_id")
    services = []
    for s in t.get("services", []):
        services.append(
            {
                **s,
                "organization": orgs.get(s.get("organization_id")),
                "phones": telefoons.get(s["id"], []),
                "service_areas": gebieden.get(s["id"], []),
                "attributes": attributen.get(s["id"], []),
                "service_at_locations": [
                    {
                        **sal,
                        "location": locaties.get(sal["location_id"], {"id": sal["location_id"]}),
                        "schedules": schedules_sal.get(sal["id"], []),
                    }
                    for sal in t.get("service_at_locations", [])
                    if sal.get("service_id") == s["id"]
                ],
            }
        )
    return uit_json({"services": services, "locations": list(locaties.values())}, termen)


def _dienst(s: dict, termen: dict) -> dict:
    """The canonical fields of one HSDS service (what its locations share)."""
    tax = _taxonomie(s.get("attributes") or [], termen)
    org = s.get("organization") or {}
    kvk = next(
        (
            i.get("identifier")
            for i in org.get("organization_identifiers") or []
            if i.get("identifier_scheme") == "NL-KVK"
        ),
        None,
    )
    return {
        "bron": s.get("x_wijkkaart_bron"),
        "extern_id": s.get("x_wijkkaart_extern_id") or s.get("id"),
        "naam": s.get("name"),
        "beschrijving": s.get("description"),
        "soort": (tax.get("soort") or [None])[0],
        "themas": tax.get("themas"),
        "doelgroepen": tax.get("doelgroepen"),
        "collectief": (tax.get("collectief") or [None])[0],
        "doelgroep_omschrijving": s.get("eligibility_description"),
        "toegang": s.get("application_process"),
        "kosten": s.get("fees_description"),
        "status": STATUS_UIT_HSDS.get(s.get("status"), s.get("status")),
        "laatst_geverifieerd": s.get("assured_date"),
        "website": s.get("url"),
        "email": s.get("email"),
        "telefoon": ((s.get("phones") or [{}])[0]).get("number"),
        "organisatie": org.get("name"),
        "organisatie_kvk": kvk,
        "organisatie_website": org.get("website"),
        "voorbeeld": s.get("x_wijkkaart_voorbeeld"),
        "contact_openbaar": s.get("x_wijkkaart_contact_openbaar"),
        **_werkgebied(s),
    }


def _werkgebied(s: dict) -> dict:
    """A service without locations but with service areas: no fixed place, its areas as werkgebied."""
    gebieden = s.get("service_areas") or []
    if not gebieden or s.get("service_at_locations"):
        return {}
    return {
        "werkgebied": "; ".join(g.get("name") or "" for g in gebieden if g.get("name")),
        "zonder_vaste_plek": next((g.get("description") for g in gebieden if g.get("description")), None)
        or "geen vaste plek",
    }


def _uren(schedules: list[dict]) -> str | None:
    return _osm_uit_schedules(schedules) or _tekst_uit_schedules(schedules)


def _eigen_plek(loc: dict) -> dict | None:
    """A location that is a place of its own (a buurthuis with a name), as a canonical row; None otherwise."""
    soort = loc.get("x_wijkkaart_soort")
    if soort not in SOORTEN_LOCATIE or not loc.get("name"):
        return None
    velden = _locatie_velden(loc)
    rij = {
        "bron": loc.get("x_wijkkaart_bron"),
        "extern_id": velden["locatie_id"],
        "naam": loc.get("name"),
        "soort": soort,
        "voorbeeld": loc.get("x_wijkkaart_voorbeeld"),
        **velden,
    }
    rij.pop("locatie_naam")
    rij["openingstijden"] = _uren(loc.get("schedules") or [])
    return rij


def uit_json(data, termen: dict | None = None) -> list[dict]:
    """Turn nested HSDS JSON into canonical rows: one per service at location, then places of their own."""
    termen = termen or {}
    if isinstance(data, dict):
        services, losse = data.get("services", data.get("contents", [])), data.get("locations", [])
    else:
        services, losse = data, []
    rijen = []
    for s in services:
        basis = _dienst(s, termen)
        for sal in s.get("service_at_locations") or [{}]:
            rij = {**basis, **_locatie_velden(sal.get("location") or {})}
            rij["openingstijden"] = _uren(sal.get("schedules") or [])
            rijen.append(rij)
    rijen += [rij for rij in map(_eigen_plek, losse) if rij is not None]
    return rijen


def _invoer(pad: Path, formaat: str, rijen: list[dict]) -> Invoer:
    kolommen = list(dict.fromkeys(k for r in rijen for k in r))
    return Invoer(str(pad), formaat, kolommen, list(enumerate(rijen, start=2)), canoniek=True)


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
        tabellen[naam] = [
            {k: (v if v != "" else None) for k, v in r.items()} for r in csv.DictReader(io.StringIO(tekst))
        ]
    return _invoer(pad, "HSDS CSV-pakket", uit_tabellen(tabellen))


class HsdsJsonVorm:
    """HSDS JSON: a list of services, a page (``contents``) or ``{"services": ...}``."""

    naam = "hsds-json"

    def herkent(self, data) -> bool:
        """True for HSDS JSON."""
        return is_hsds_json(data)

    def lees(self, pad: Path, data) -> Invoer:
        """Canonical rows, one per service at location, then places of their own."""
        return lees_json(pad, data)


class HsdsPakketLezer:
    """An HSDS CSV package: a folder or zip with ``services.csv``, ``locations.csv`` and so on."""

    naam = "hsds-pakket"

    def herkent(self, pad: Path) -> bool:
        """True for a folder or a zip."""
        return pad.is_dir() or pad.suffix.lower() == ".zip"

    def lees(self, pad: Path) -> Invoer:
        """The package's tables as canonical rows."""
        return lees_pakket(pad)
