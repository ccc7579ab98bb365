"""Write Open Referral HSDS 3: JSON with nested objects, or a CSV package (wijkkaart's profile: :mod:`wijkkaart.kern.hsds`)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from ..kern import openingstijden
from ..kern.hsds import PAKKET_TABELLEN, STATUS_NAAR_HSDS, TAXONOMIE
from ..kern.hsds import groepeer as _groepeer
from ..kern.hsds import hsds_id as _id
from ..kern.spreadsheet import csv_schrijver
from ..kern.taal import in_taal
from ..kern.vocabulaire import SOORTEN_LOCATIE
from ..kern.woorden import label


class _Tabellen:
    """HSDS tables filled row by row; each organisation, location, service and term is written once."""

    def __init__(self):
        self.t: dict[str, list[dict]] = {naam: [] for naam in PAKKET_TABELLEN}
        self._gezien: set[str] = set()
        self._termen: dict[tuple, str] = {}

    def _eerste_keer(self, id_: str) -> bool:
        nieuw = id_ not in self._gezien
        self._gezien.add(id_)
        return nieuw

    def term(self, taxonomie: str, code) -> str:
        sleutel = (taxonomie, code)
        if sleutel not in self._termen:
            self._termen[sleutel] = _id("term", taxonomie, code)
            naam = term_naam(taxonomie, code)
            self.t["taxonomy_terms"].append(
                # HSDS requires a description; the term's Dutch name is the best one wijkkaart has.
                {"id": self._termen[sleutel], "code": code, "name": naam, "description": naam, "taxonomy": taxonomie}
            )
        return self._termen[sleutel]

    def schedule(self, rij: dict, **link) -> None:
        if not rij.get("openingstijden"):
            return
        uren = openingstijden.lees(rij["openingstijden"])
        self.t["schedules"].append(
            {
                "id": _id("schedule", *link.values()),
                **link,
                "description": openingstijden.leesbaar(uren.osm) or uren.osm if uren.osm else uren.tekst,
                "notes": f"opening_hours={uren.osm}" if uren.osm else None,
            }
        )

    def locatie(self, rij: dict) -> str:
        loc_id = _id("locatie", rij["bron"], rij["locatie_id"])
        if not self._eerste_keer(loc_id):
            return loc_id
        eigen_plek = rij["soort"] in SOORTEN_LOCATIE
        self.t["locations"].append(
            {
                "id": loc_id,
                "location_type": "physical",
                "name": rij["naam"] if eigen_plek else rij["locatie_naam"],
                "latitude": rij["lat"],
                "longitude": rij["lon"],
                "external_identifier": rij["bag_id"],
                "external_identifier_type": "BAG nummeraanduiding" if rij["bag_id"] else None,
                "x_wijkkaart_bron": rij["bron"],
                "x_wijkkaart_locatie_id": rij["locatie_id"],
                "x_wijkkaart_soort": rij["soort"] if eigen_plek else rij["locatie_soort"],
                "x_wijkkaart_x": rij["x"],
                "x_wijkkaart_y": rij["y"],
                "x_wijkkaart_precisie": rij["precisie"],
                "x_wijkkaart_geocoder": rij["geocoder"],
                "x_wijkkaart_adres_verbergen": rij["adres_verbergen"],
                "x_wijkkaart_straat": rij["straat"],
                "x_wijkkaart_huisnummer": rij["huisnummer"],
                "x_wijkkaart_voorbeeld": rij["voorbeeld"],
            }
        )
        if rij["straat"] or rij["postcode"] or rij["plaats"]:
            self.t["addresses"].append(
                {
                    "id": _id("adres", loc_id),
                    "location_id": loc_id,
                    "address_type": "physical",
                    # HSDS requires these; an empty text says "not known" (a masked address keeps only its city).
                    "address_1": " ".join(d for d in (rij["straat"], rij["huisnummer"]) if d),
                    "city": rij["plaats"] or "",
                    "postal_code": rij["postcode"] or "",
                    # Required by HSDS 3; wijkkaart does not keep the province, so it is left empty.
                    "state_province": "",
                    "country": "NL",
                }
            )
        return loc_id

    def organisatie(self, rij: dict) -> str | None:
        if not rij["organisatie"]:
            return None
        org_id = _id("organisatie", rij["bron"], rij["organisatie"])
        if not self._eerste_keer(org_id):
            return org_id
        self.t["organizations"].append(
            {
                "id": org_id,
                "name": rij["organisatie"],
                # Required by HSDS 3; wijkkaart keeps no description of an organisation, so it is empty, not invented.
                "description": "",
                "website": rij["organisatie_website"],
                "x_wijkkaart_bron": rij["bron"],
            }
        )
        if rij["organisatie_kvk"]:
            self.t["organization_identifiers"].append(
                {
                    "id": _id("kvk", org_id),
                    "organization_id": org_id,
                    "identifier_scheme": "NL-KVK",
                    "identifier_type": "KvK-nummer",
                    "identifier": rij["organisatie_kvk"],
                }
            )
        return org_id

    def dienst(self, rij: dict, org_id: str | None) -> str:
        dienst = _id("aanbod", rij["bron"], rij["extern_id"])
        if not self._eerste_keer(dienst):
            return dienst
        self.t["services"].append(
            {
                "id": dienst,
                "organization_id": org_id,
                "name": rij["naam"],
                "description": rij["beschrijving"],
                "url": rij["website"],
                "email": rij["email"],
                "status": STATUS_NAAR_HSDS[rij["status"]],
                "fees_description": rij["kosten"],
                "application_process": rij["toegang"],
                "eligibility_description": rij["doelgroep_omschrijving"],
                "assured_date": rij["laatst_geverifieerd"],
                "x_wijkkaart_bron": rij["bron"],
                "x_wijkkaart_extern_id": rij["extern_id"],
                "x_wijkkaart_voorbeeld": rij["voorbeeld"],
                "x_wijkkaart_contact_openbaar": rij["contact_openbaar"],
            }
        )
        if rij["telefoon"]:
            self.t["phones"].append({"id": _id("telefoon", dienst), "service_id": dienst, "number": rij["telefoon"]})
        waarden = {
            "soort": [rij["soort"]],
            "collectief": [rij["collectief"]],
            "themas": [w for w in (rij["themas"] or "").split("; ") if w],
            "doelgroepen": [w for w in (rij["doelgroepen"] or "").split("; ") if w],
        }
        for veld, codes in waarden.items():
            for code in codes:
                self.t["attributes"].append(
                    {
                        "id": _id("attribuut", dienst, veld, code),
                        "link_id": dienst,
                        "link_type": "service",
                        "link_entity": "service",
                        "taxonomy_term_id": self.term(TAXONOMIE[veld], code),
                    }
                )
        return dienst


def naar_tabellen(rijen: list[dict]) -> dict[str, list[dict]]:
    """Turn canonical export rows into HSDS tables: places of their own, and services at their locations."""
    tabellen = _Tabellen()
    for rij in rijen:
        if rij.get("zonder_vaste_plek"):
            # No location: the werkgebied (CBS codes) as HSDS service areas, the source's words as description.
            dienst = tabellen.dienst(rij, tabellen.organisatie(rij))
            for code in (rij.get("werkgebied") or "").split("; "):
                if code:
                    tabellen.t["service_areas"].append(
                        {
                            "id": _id("werkgebied", dienst, code),
                            "service_id": dienst,
                            "name": code,
                            "description": rij["zonder_vaste_plek"],
                        }
                    )
            continue
        loc_id = tabellen.locatie(rij)
        if rij["soort"] in SOORTEN_LOCATIE:
            tabellen.schedule(rij, location_id=loc_id)
            continue
        dienst = tabellen.dienst(rij, tabellen.organisatie(rij))
        sal = _id("sal", dienst, loc_id)
        tabellen.t["service_at_locations"].append({"id": sal, "service_id": dienst, "location_id": loc_id})
        tabellen.schedule(rij, service_at_location_id=sal)
    return tabellen.t


def term_naam(taxonomie: str, code) -> str:
    """A taxonomy term's name: the controlled list's Dutch label, or the code for soort and collectief."""
    lijst = {TAXONOMIE["themas"]: "themas", TAXONOMIE["doelgroepen"]: "doelgroepen"}.get(taxonomie)
    with in_taal("nl"):
        return label(lijst, code) if lijst else str(code)


def zonder_leeg(waarde):
    """``waarde`` with every None member of every object left out: HSDS types a missing text as absent, not null."""
    if isinstance(waarde, dict):
        return {k: zonder_leeg(v) for k, v in waarde.items() if v is not None}
    if isinstance(waarde, list):
        return [zonder_leeg(v) for v in waarde]
    return waarde


def geneste_json(t: dict[str, list[dict]]) -> dict:
    """HSDS tables as nested records: services with their organisation, phones, attributes and locations; locations."""
    per = lambda tabel, sleutel: _groepeer(t[tabel], sleutel)  # noqa: E731
    adressen, schedules_sal = per("addresses", "location_id"), per("schedules", "service_at_location_id")
    schedules_loc, attributen = per("schedules", "location_id"), per("attributes", "link_id")
    telefoons, sals = per("phones", "service_id"), per("service_at_locations", "service_id")
    gebieden = per("service_areas", "service_id")
    ids_org = per("organization_identifiers", "organization_id")
    termen = {r["id"]: r for r in t["taxonomy_terms"]}
    orgs = {o["id"]: {**o, "organization_identifiers": ids_org.get(o["id"], [])} for o in t["organizations"]}

    def loc(locatie):
        return {
            **locatie,
            "addresses": adressen.get(locatie["id"], []),
            "schedules": schedules_loc.get(locatie["id"], []),
        }

    locaties = {locatie["id"]: loc(locatie) for locatie in t["locations"]}
    services = []
    for s in t["services"]:
        services.append(
            {
                **s,
                "organization": orgs.get(s["organization_id"]),
                "phones": telefoons.get(s["id"], []),
                "service_areas": gebieden.get(s["id"], []),
                "attributes": [
                    {**a, "taxonomy_term": termen[a["taxonomy_term_id"]]} for a in attributen.get(s["id"], [])
                ],
                "service_at_locations": [
                    {**sal, "location": locaties[sal["location_id"]], "schedules": schedules_sal.get(sal["id"], [])}
                    for sal in sals.get(s["id"], [])
                ],
            }
        )
    return zonder_leeg({"services": services, "locations": list(locaties.values())})


def schrijf_json(rijen: list[dict], pad: Path) -> None:
    """Write HSDS 3 JSON: ``{"services": [...], "locations": [...]}`` with nested objects."""
    pad.write_text(json.dumps(geneste_json(naar_tabellen(rijen)), ensure_ascii=False, indent=1), "utf-8")


def schrijf_pakket(rijen: list[dict], pad: Path) -> None:
    """Write an HSDS CSV package as a zip (one CSV per table plus ``datapackage.json``)."""
    tabellen = naar_tabellen(rijen)
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as archief:
        resources = []
        for naam, tabel in tabellen.items():
            kolommen = list(dict.fromkeys(k for r in tabel for k in r)) or ["id"]
            buffer = io.StringIO()
            schrijver = csv_schrijver(buffer, kolommen)
            schrijver.writeheader()
            schrijver.writerows(tabel)
            archief.writestr(f"{naam}.csv", buffer.getvalue())
            resources.append({"name": naam, "path": f"{naam}.csv"})
        archief.writestr(
            "datapackage.json",
            json.dumps({"profile": "tabular-data-package", "name": "wijkkaart-hsds", "resources": resources}, indent=1),
        )
