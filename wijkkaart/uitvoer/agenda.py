"""Calendar feeds (RFC 5545, written by icalendar) of recurring aanbod: one VEVENT per recurring span.

The recurrences come from the OSM hours (:mod:`wijkkaart.kern.herhaling`); public
holidays are EXDATEs when the hours say ``PH off``, for the next two years (a
subscribed calendar refreshes daily and gets the years after). Aanbod whose hours
an RRULE cannot say exactly, or that is not active, is left out and counted in
the calendar's description, never given wrong dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from ..kern.herhaling import Herhaling, eerste_op_of_na, terugkerend
from ..kern.openingstijden import TIJDZONE, feestdagen
from ..kern.taal import gettext, ngettext

#: How far ahead holidays are excluded.
HORIZON = dt.timedelta(days=2 * 366)


@dataclass
class Feed:
    """A calendar's bytes, how many aanbod it holds, and how many it had to leave out."""

    inhoud: bytes
    opgenomen: int
    weggelaten: int


def _event(item: dict, h: Herhaling, volgnummer: int, vandaag: dt.date, vrij: list[dt.date], url: str) -> Event:
    p = item["properties"]
    dag = eerste_op_of_na(h, vandaag)
    e = Event()
    e.add("uid", f"{item['id']}-{volgnummer}@wijkkaart")
    e.add("dtstamp", dt.datetime.combine(vandaag, dt.time(), dt.UTC))
    e.add("summary", p["naam"])
    e.add("dtstart", dt.datetime.combine(dag, h.begin, TIJDZONE))
    e.add("dtend", dt.datetime.combine(dag, h.eind, TIJDZONE))
    e.add("rrule", vRecur(h.rrule))
    uitgezonderd = [dt.datetime.combine(d, h.begin, TIJDZONE) for d in vrij if d >= dag and h.valt_op(d)]
    if uitgezonderd:
        e.add("exdate", uitgezonderd)
    plek = ", ".join(d for d in (p.get("locatie_naam"), p.get("adres") or p.get("buurtnaam")) if d)
    if plek:
        e.add("location", plek)
    lon, lat = item["geometry"]["coordinates"]
    e.add("geo", (lat, lon))
    tekst = [d for d in (p.get("beschrijving"), p.get("openingstijden_leesbaar"), url) if d]
    e.add("description", "\n\n".join(tekst))
    e.add("url", url)
    return e


def _amsterdam() -> Timezone:
    """Europe/Amsterdam by its rule (EU summer time: last Sunday of March to last Sunday of October), for any year."""
    tz = Timezone()
    tz.add("tzid", "Europe/Amsterdam")
    for soort, naam, van, naar, begin, maand in (
        (TimezoneDaylight, "CEST", "+0100", "+0200", dt.datetime(1981, 3, 29, 2), 3),
        (TimezoneStandard, "CET", "+0200", "+0100", dt.datetime(1996, 10, 27, 3), 10),
    ):
        deel = soort()
        deel.add("tzname", naam)
        deel.add("tzoffsetfrom", dt.timedelta(hours=int(van[:3])))
        deel.add("tzoffsetto", dt.timedelta(hours=int(naar[:3])))
        deel.add("dtstart", begin)
        deel.add("rrule", {"FREQ": "YEARLY", "BYMONTH": maand, "BYDAY": "-1SU"})
        tz.add_component(deel)
    return tz


def kalender(items: list[dict], naam: str, vandaag: dt.date, url_van: Callable[[int], str]) -> Feed:
    """A calendar of the aanbod features ``items`` (as the map's GeoJSON gives them) from ``vandaag`` on."""
    cal = Calendar()
    cal.add("prodid", "-//wijkkaart//aanbod//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", naam)
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    # Subscribed calendars fetch again daily: new hours and the holidays beyond the horizon arrive by themselves.
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    cal.add_component(_amsterdam())
    vrij = feestdagen(vandaag, vandaag + HORIZON)
    opgenomen, weggelaten = set(), set()
    for item in items:
        p = item["properties"]
        regels = terugkerend(p.get("openingstijden"), p.get("status"))
        if regels is None:
            weggelaten.add(p["aanbod_id"])
            continue
        for i, h in enumerate(regels.herhalingen):
            cal.add_component(
                _event(item, h, i, vandaag, vrij if regels.feestdagen_dicht else [], url_van(p["aanbod_id"]))
            )
        opgenomen.add(p["aanbod_id"])
    weggelaten -= opgenomen
    cal.add(
        "x-wr-caldesc",
        gettext("Terugkerend aanbod uit wijkkaart.")
        + (
            " "
            + ngettext(
                "%(num)s aanbod zonder vaste herhaling (of niet actief) staat er niet in.",
                "%(num)s aanbod zonder vaste herhaling (of niet actief) staan er niet in.",
                len(weggelaten),
            )
            if weggelaten
            else ""
        ),
    )
    return Feed(cal.to_ical(), len(opgenomen), len(weggelaten))
