"""Open Referral HSDS 3: wijkkaart's profile, shared by the reader (:mod:`wijkkaart.invoer.lezers.hsds`) and the writer (:mod:`wijkkaart.uitvoer.hsds`).

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

import uuid

NAMESPACE = uuid.UUID("5b0c3f4e-6a0e-4f7c-9d0e-77a1c4b1f0aa")
STATUS_NAAR_HSDS = {"actief": "active", "tijdelijk_gesloten": "temporarily closed", "gestopt": "defunct"}
STATUS_UIT_HSDS = {v: k for k, v in STATUS_NAAR_HSDS.items()} | {"inactive": "tijdelijk_gesloten"}
TAXONOMIE = {
    "soort": "wijkkaart:soort",
    "themas": "wijkkaart:thema",
    "doelgroepen": "wijkkaart:doelgroep",
    "collectief": "wijkkaart:collectief",
}
RRULE_DAGEN = {"MO": "Mo", "TU": "Tu", "WE": "We", "TH": "Th", "FR": "Fr", "SA": "Sa", "SU": "Su"}
PAKKET_TABELLEN = (
    "organizations",
    "services",
    "locations",
    "addresses",
    "service_at_locations",
    "service_areas",
    "schedules",
    "phones",
    "attributes",
    "taxonomy_terms",
    "organization_identifiers",
)


def hsds_id(*delen) -> str:
    """A stable UUID for an HSDS record made from its wijkkaart key, so an export is the same every time."""
    return str(uuid.uuid5(NAMESPACE, "|".join(str(d) for d in delen)))


def groepeer(rijen: list[dict], sleutel: str) -> dict[str, list[dict]]:
    """Rows grouped by the value of ``sleutel`` (rows without it are left out)."""
    uit = {}
    for r in rijen:
        if r.get(sleutel):
            uit.setdefault(r[sleutel], []).append(r)
    return uit
