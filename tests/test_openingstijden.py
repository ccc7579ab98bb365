"""Opening hours: OSM strings × moments in Dutch local time, evaluated by opening-hours-py."""

from __future__ import annotations

import datetime as dt

import pytest

from wijkkaart.kern import openingstijden as oh

WIJKTEAM = "Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off"

# (expression, local moment, expected open?)
TABEL = [
    (WIJKTEAM, "2026-11-23 10:00", True),  # Monday morning
    (WIJKTEAM, "2026-11-23 12:30", False),  # Monday after closing
    (WIJKTEAM, "2026-11-25 09:00", True),  # Wednesday, opening minute
    (WIJKTEAM, "2026-11-25 12:00", False),  # closing minute is closed
    (WIJKTEAM, "2026-11-10 20:00", True),  # second Tuesday of November 2026
    (WIJKTEAM, "2026-11-17 20:00", False),  # third Tuesday
    (WIJKTEAM, "2026-11-03 20:00", False),  # first Tuesday
    (WIJKTEAM, "2026-04-20 10:00", True),  # an ordinary Monday
    (WIJKTEAM, "2026-04-27 10:00", False),  # Koningsdag, a Monday: PH off
    (WIJKTEAM, "2026-04-06 10:00", False),  # Tweede Paasdag
    ("Mo 09:00-12:00", "2026-04-27 10:00", True),  # without PH off Koningsdag is a normal Monday
    ("Fr 22:00-02:00", "2026-11-27 23:30", True),  # Friday night
    ("Fr 22:00-02:00", "2026-11-28 01:30", True),  # after midnight, Saturday
    ("Fr 22:00-02:00", "2026-11-28 02:30", False),
    ("Fr 22:00-02:00", "2026-11-27 21:59", False),
    ("24/7", "2026-12-25 03:00", True),
    ("Mo-Fr 08:00-22:00; Sa,Su off", "2026-11-29 12:00", False),
]


@pytest.mark.parametrize("osm,moment,verwacht", TABEL)
def test_open_of_dicht(osm, moment, verwacht):
    assert oh.is_open(osm, dt.datetime.fromisoformat(moment)) is verwacht


def test_tijdzone_telt_mee():
    # 08:30 UTC on a winter Monday is 09:30 in Amsterdam: open.
    utc = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)
    assert oh.is_open("Mo 09:00-12:00", utc) is True


def test_onbekende_uren_zijn_geen_gesloten():
    assert oh.is_open(None) is None
    assert oh.is_open("Mo 10:00-12:00 unknown", dt.datetime(2026, 11, 23, 11)) is None


@pytest.mark.parametrize(
    "osm,tekst",
    [
        ("Mo,We 09:00-12:00; Tu[2] 19:00-21:00", "ma en wo 9:00–12:00; elke 2e di 19:00–21:00"),
        (WIJKTEAM, "ma en wo 9:00–12:00; elke 2e di 19:00–21:00; feestdagen gesloten"),
        ("Mo-Fr 08:30-17:00", "ma t/m vr 8:30–17:00"),
        ("Tu[1,3] 10:00-12:00,13:00-15:00", "elke 1e en 3e di 10:00–12:00, 13:00–15:00"),
        ("Th[-1] 14:00-16:00", "elke laatste do 14:00–16:00"),
        ("Mo-Fr", "ma t/m vr hele dag"),
        ("24/7", "altijd open"),
        ('We 10:00-12:00 "alleen met aanmelding"', "wo 10:00–12:00 (alleen met aanmelding)"),
    ],
)
def test_leesbaar_nederlands(osm, tekst):
    assert oh.leesbaar(osm) == tekst


def test_onbekende_syntax_wordt_geen_verzonnen_zin():
    # Valid OSM the Dutch renderer does not cover: no sentence, the page shows the OSM string.
    assert oh.is_geldig("Jan-Mar Mo 10:00-12:00")
    assert oh.leesbaar("Jan-Mar Mo 10:00-12:00") is None


def test_vrije_tekst_blijft_tekst():
    tekst = "Maandag: 10.00 - 15.00 uur\nDinsdag: 10.00 - 15.00 uur"
    uren = oh.lees(tekst)
    assert uren.osm is None and uren.tekst == tekst and "opening_hours" in uren.fout


def test_weekreeks():
    assert oh.weekreeks_naar_osm([None] + ["10:00-17:00"] * 6) == "Tu-Su 10:00-17:00"
    assert oh.weekreeks_naar_osm(["08:00-22:00"] * 7) == "Mo-Su 08:00-22:00"
    assert oh.weekreeks_naar_osm([None] * 7) == "off"
    assert oh.weekreeks_naar_osm(["10:00"] * 7) is None
    assert oh.weekreeks_naar_osm(["10:00-12:00"] * 6) is None


def test_docs_beschrijven_elk_veld():
    """The field table in docs/aanbod.md is the one the code recognises: every field, every column name."""
    from wijkkaart.invoer.mapping import documentatietabel
    from wijkkaart.kern.settings import PROJECT_ROOT

    tekst = (PROJECT_ROOT / "docs" / "aanbod.md").read_text("utf-8")
    assert documentatietabel() in tekst
