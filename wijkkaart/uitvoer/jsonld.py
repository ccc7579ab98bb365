"""schema.org JSON-LD for aanbod pages: each locatie a ``Place``, recurring aanbod an ``Event`` with its ``eventSchedule``.

Search engines read this from the page; a masked address gives only the buurt
and the place, never the street.
"""

from __future__ import annotations

from ..kern.herhaling import ICAL_DAGEN, terugkerend

#: schema.org's day names for the iCal weekday codes.
SCHEMA_DAGEN = dict(
    zip(ICAL_DAGEN, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)


def _plaats(p: dict, geometrie: dict) -> dict:
    lon, lat = geometrie["coordinates"]
    plaats = {
        "@type": "Place",
        "name": p.get("locatie_naam") or p.get("buurtnaam") or p["naam"],
        "geo": {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon},
    }
    if p.get("adres"):
        plaats["address"] = {"@type": "PostalAddress", "streetAddress": p["adres"], "addressCountry": "NL"}
    elif p.get("buurtnaam"):
        plaats["address"] = {"@type": "PostalAddress", "addressLocality": p["buurtnaam"], "addressCountry": "NL"}
    return plaats


def _schema(h) -> dict:
    uit = {
        "@type": "Schedule",
        "byDay": [f"https://schema.org/{SCHEMA_DAGEN[ICAL_DAGEN[d]]}" for d in h.dagen],
        "startTime": h.begin.strftime("%H:%M"),
        "endTime": h.eind.strftime("%H:%M"),
        "repeatFrequency": "P1M" if h.nde else "P1W",
        "scheduleTimezone": "Europe/Amsterdam",
    }
    if h.nde:
        uit["byMonthWeek"] = list(h.nde)
    return uit


def aanbod(items: list[dict], url: str) -> dict:
    """The JSON-LD graph of one aanbod at its locaties."""
    grafiek = []
    for item in items:
        p = item["properties"]
        plaats = _plaats(p, item["geometry"])
        regels = terugkerend(p.get("openingstijden"), p.get("status"))
        if regels is None:
            grafiek.append(plaats)
            continue
        event = {
            "@type": "Event",
            "name": p["naam"],
            "url": url,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": plaats,
            "eventSchedule": [_schema(h) for h in regels.herhalingen],
        }
        if p.get("beschrijving"):
            event["description"] = p["beschrijving"]
        if p.get("organisatie"):
            event["organizer"] = {"@type": "Organization", "name": p["organisatie"]}
        grafiek.append(event)
    return {"@context": "https://schema.org", "@graph": grafiek}
