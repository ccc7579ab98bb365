"""Calendar feeds (issue 18 item 4) and the aanbod page's schema.org JSON-LD (item 5).

The feeds are read back by clients no one here wrote: icalendar parses them and
recurring-ical-events expands the RRULEs and EXDATEs; the occurrences must equal
the open intervals opening-hours-py gives for the same OSM hours, over eight weeks
around Christmas and over eight weeks with Easter and the change to summer time.
The hours come from the hand-labelled corpus of real Dutch phrasings.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import extruct
import pytest
import recurring_ical_events
from icalendar import Calendar
from sqlalchemy import text

from wijkkaart import create_app
from wijkkaart.kern import openingstijden
from wijkkaart.kern.herhaling import agenda
from wijkkaart.opslag.engine import make_engine
from wijkkaart.uitvoer.agenda import kalender

from .helpers import haarlem_met_voorbeeldaanbod, wijk_met_aanbod

CORPUS = Path(__file__).parent / "data" / "openingstijden_nl.toml"
VENSTERS = (dt.date(2026, 12, 14), dt.date(2027, 3, 1))  # Christmas and New Year; Easter and summer time
EXTRA = [
    "Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off",
    "Mo-Fr 13:00-15:00; PH off",
    "Sa[1,3] 10:00-12:00,13:00-14:00",
    "Fr[-1] 19:30-22:00; PH off",
    "Su 10:00-11:00; Th[1] 20:00-21:30",
]


def _corpus() -> list[str]:
    zinnen = tomllib.loads(CORPUS.read_text("utf-8"))["zin"]
    return sorted({z["osm"] for z in zinnen if z["osm"]})


def _item(osm: str) -> dict:
    return {
        "id": "aanbod-1-1",
        "geometry": {"type": "Point", "coordinates": [4.64, 52.38]},
        "properties": {"aanbod_id": 1, "naam": "Koffieochtend", "openingstijden": osm, "status": "actief"},
    }


def _uit_feed(inhoud: bytes, van: dt.date) -> set[tuple[dt.datetime, dt.datetime]]:
    cal = Calendar.from_ical(inhoud)
    tot = van + dt.timedelta(weeks=8)
    return {(e["DTSTART"].dt, e["DTEND"].dt) for e in recurring_ical_events.of(cal).between(van, tot)}


def _uit_opening_hours(osm: str, van: dt.date) -> set[tuple[dt.datetime, dt.datetime]]:
    tz = openingstijden.TIJDZONE
    begin, eind = (
        dt.datetime.combine(van, dt.time(), tz),
        dt.datetime.combine(van + dt.timedelta(weeks=8), dt.time(), tz),
    )
    return {
        (s, e)
        for s, e, staat, _ in openingstijden.ontleed(osm).intervals(begin, eind)
        if staat == openingstijden.opening_hours.State.OPEN
    }


def test_feed_occurrences_equal_opening_hours_py_over_eight_weeks():
    gedekt = 0
    uitdrukkingen = _corpus() + EXTRA
    for osm in uitdrukkingen:
        if agenda(osm) is None:
            continue
        gedekt += 1
        for van in VENSTERS:
            feed = kalender([_item(osm)], "test", van, lambda i: f"https://example.org/aanbod/{i}")
            assert feed.opgenomen == 1
            gezien = {(s.astimezone(dt.UTC), e.astimezone(dt.UTC)) for s, e in _uit_feed(feed.inhoud, van)}
            verwacht = {(s.astimezone(dt.UTC), e.astimezone(dt.UTC)) for s, e in _uit_opening_hours(osm, van)}
            assert gezien == verwacht, (osm, van, sorted(gezien ^ verwacht)[:4])
    # Most real weekly phrasings are covered (the rest stays out of calendars rather than being wrong).
    assert gedekt >= 0.6 * len(_corpus()), (gedekt, len(_corpus()))


def test_public_holidays_are_exdates_only_when_the_hours_say_ph_off():
    van = dt.date(2026, 12, 14)
    met = _uit_feed(kalender([_item("Fr 10:00-12:00; PH off")], "t", van, str).inhoud, van)
    zonder = _uit_feed(kalender([_item("Fr 10:00-12:00")], "t", van, str).inhoud, van)
    feestdagen = {dt.date(2026, 12, 25), dt.date(2027, 1, 1)}  # both Fridays
    assert not feestdagen & {s.date() for s, _ in met} and feestdagen <= {s.date() for s, _ in zonder}
    assert len(zonder) == len(met) + 2


@pytest.mark.parametrize(
    "osm",
    [
        "Mo-Fr 09:00-12:00; We 14:00-16:00",
        "Mo 22:00-02:00",
        "24/7",
        "Jan-Mar Mo 10:00-12:00",
        "Mo off",
        "Tu 10:00-12:00; Tu[2] 19:00-21:00",
    ],
)
def test_hours_an_rrule_cannot_say_exactly_are_left_out_and_counted(osm):
    feed = kalender([_item(osm)], "t", dt.date(2026, 12, 14), str)
    assert feed.opgenomen == 0 and feed.weggelaten == 1
    cal = Calendar.from_ical(feed.inhoud)
    assert not cal.walk("VEVENT") and "1 aanbod" in str(cal["X-WR-CALDESC"])


@pytest.fixture
def client(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "KLOK": lambda: dt.datetime(2026, 12, 14, 9)}
    ).test_client()


def test_the_aanbod_feed_and_the_wijk_feed_over_http(client, database_url):
    antwoord = client.get("/agenda/aanbod/1.ics")
    assert antwoord.status_code == 200 and antwoord.mimetype == "text/calendar"
    cal = Calendar.from_ical(antwoord.data)
    assert {str(e["RRULE"].to_ical(), "ascii") for e in cal.walk("VEVENT")} == {
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=WE",
        "FREQ=MONTHLY;BYDAY=2TU",
    }
    wijk, in_wijk = wijk_met_aanbod(database_url)
    feed = Calendar.from_ical(client.get(f"/agenda/{wijk}.ics").data)
    assert {str(e["SUMMARY"]) for e in feed.walk("VEVENT")} <= in_wijk and feed.walk("VEVENT")
    assert client.get("/agenda/aanbod/999.ics").status_code == 404
    assert client.get("/agenda/XX12.ics").status_code == 404


def test_a_masked_address_stays_out_of_the_feed_and_the_page(client):
    gemeente = Calendar.from_ical(client.get("/agenda/GM0392.ics").data)
    tekst = gemeente.to_ical().decode()
    assert "Huiskamer bij Ans" in tekst and "Privéweg" not in tekst and "2011 AB" not in tekst
    pagina = client.get("/aanbod/3").get_data(as_text=True)
    assert "Privéweg" not in pagina and "Adres niet openbaar" in pagina


def test_the_aanbod_page_carries_schema_org_json_ld_for_an_event_with_its_schedule(client):
    html = client.get("/aanbod/1").get_data(as_text=True)
    assert 'href="/agenda/aanbod/1.ics"' in html and "Zet in mijn agenda" in html
    data = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    grafiek = data[0]["@graph"]
    events = [g for g in grafiek if g["@type"] == "Event"]
    assert len(events) == 1 and events[0]["location"]["@type"] == "Place"
    schema = {(tuple(s["byDay"]), s["startTime"], s.get("byMonthWeek", [None])[0]) for s in events[0]["eventSchedule"]}
    assert schema == {
        (("https://schema.org/Monday",), "09:00", None),
        (("https://schema.org/Wednesday",), "09:00", None),
        (("https://schema.org/Tuesday",), "19:00", 2),
    }
    # The name holds markup: it is data inside the JSON, never an element that ends the script.
    assert html.count("</script>") == html.count("<script")
    verborgen = extruct.extract(client.get("/aanbod/3").get_data(as_text=True), syntaxes=["json-ld"])["json-ld"][0]
    plek = next(g for g in verborgen["@graph"] if g["@type"] == "Event")["location"]
    assert "streetAddress" not in plek.get("address", {})


def test_a_closed_aanbod_offers_no_calendar_link_and_its_feed_is_empty(client, database_url):
    engine = make_engine(database_url)
    with engine.begin() as c:
        c.execute(text("UPDATE aanbod SET status = 'tijdelijk_gesloten' WHERE id = 1"))
    engine.dispose()
    # The page, the finder's data and the feed go by one rule: no link to a calendar that would stay empty.
    assert 'href="/agenda/aanbod/1.ics"' not in client.get("/aanbod/1").get_data(as_text=True)
    kaart = client.get("/api/v1/aanbod?gemeente=GM0392").get_json()["features"]
    assert [f["properties"]["agenda"] for f in kaart if f["properties"]["aanbod_id"] == 1] == [False]
    assert not Calendar.from_ical(client.get("/agenda/aanbod/1.ics").data).walk("VEVENT")
