"""Opening hours written in plain Dutch become OSM hours that "nu open" and the time-of-week coverage can use."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkkaart.kern import openingstijden
from wijkkaart.kern.uren_tekst import DAGDELEN, lees_tekst

from .urencorpus import scoor, zelfde

DOCS = Path(__file__).resolve().parents[1] / "docs" / "aanbod.md"
# Tuesday 1 December 2026 at 10:00 and Wednesday at the same hour, local time.
DINSDAG_10 = dt.datetime(2026, 12, 1, 10, 0)
WOENSDAG_10 = dt.datetime(2026, 12, 2, 10, 0)


def test_the_corpus_of_real_phrasings_is_read_right_and_never_wrong():
    uitslagen = scoor()
    assert len(uitslagen) >= 150
    assert all(u.bron.strip() for u in uitslagen)
    met_uren = [u for u in uitslagen if u.verwacht]
    fout = [(u.tekst, u.gelezen, u.verwacht) for u in uitslagen if u.oordeel == "fout"]
    assert fout == []
    goed = sum(u.oordeel == "goed" for u in met_uren) / len(met_uren)
    assert goed >= 0.85, f"{goed:.0%} van de zinnen met weektijden goed gelezen"
    for u in uitslagen:
        if u.gelezen is not None:
            assert openingstijden.is_geldig(u.gelezen), u.gelezen


def test_hours_from_an_export_make_nu_open_work():
    afleiding = lees_tekst("Inloop di+do 9–12u")
    assert openingstijden.is_open(afleiding.osm, DINSDAG_10) is True
    assert openingstijden.is_open(afleiding.osm, WOENSDAG_10) is False
    assert afleiding.bron == "Inloop di+do 9–12u"


def test_hours_inside_a_description_are_found_and_the_sentence_is_kept_as_source():
    tekst = "Samen koffie en een praatje. Het Taalcafé is elke dinsdag van 9.00 tot 11.00 uur in de bibliotheek."
    afleiding = lees_tekst(tekst)
    assert zelfde(afleiding.osm, "Tu 09:00-11:00")
    assert afleiding.bron == "Het Taalcafé is elke dinsdag van 9.00 tot 11.00 uur in de bibliotheek."


@pytest.mark.parametrize(
    ("tekst", "osm"),
    [
        ("ma t/m vr van 9 tot 17 uur", "Mo-Fr 09:00-17:00"),
        ("di en do 9.00-12.00", "Tu,Th 09:00-12:00"),
        ("di/do 9:00 - 12:00", "Tu,Th 09:00-12:00"),
        ("elke 2e dinsdag 19.30-21.00", "Tu[2] 19:30-21:00"),
        ("eerste maandag van de maand 10-12 uur", "Mo[1] 10:00-12:00"),
        ("laatste vrijdag van de maand 13.30-16 uur", "Fr[-1] 13:30-16:00"),
        ("maandag en woensdag 9-12 en 13-17 uur", "Mo,We 09:00-12:00,13:00-17:00"),
        ("ma-do 9-17 uur, vr 9-12 uur; gesloten op feestdagen", "Mo-Th 09:00-17:00; Fr 09:00-12:00; PH off"),
        ("dagelijks 10-16 uur", "Mo-Su 10:00-16:00"),
        ("za op afspraak, di 9-12 uur", 'Tu 09:00-12:00; Sa unknown "op afspraak"'),
    ],
)
def test_common_dutch_notations(tekst, osm):
    afleiding = lees_tekst(tekst)
    assert afleiding is not None, tekst
    assert zelfde(afleiding.osm, osm), (tekst, afleiding.osm)


def test_school_holidays_are_kept_as_a_comment_not_dropped():
    afleiding = lees_tekst("di 9-12, gesloten in schoolvakanties")
    assert zelfde(afleiding.osm, "Tu 09:00-12:00")
    assert '"gesloten in schoolvakanties"' in afleiding.osm


def test_parts_of_the_day_use_the_documented_hours():
    docs = DOCS.read_text("utf-8")
    for deel, (begin, eind) in DAGDELEN.items():
        regel = f"| {deel} | {begin[0]:02d}:{begin[1]:02d}–{eind[0]:02d}:{eind[1]:02d} |"
        assert regel in docs, regel
    assert zelfde(lees_tekst("donderdagochtend").osm, "Th 09:00-12:00")
    # An explicit time wins over the part of the day.
    assert zelfde(lees_tekst("woensdagochtend van 11.00 tot 13.00 uur").osm, "We 11:00-13:00")


@pytest.mark.parametrize(
    "tekst",
    [
        "om de week op dinsdag 10-12",  # a rhythm OSM cannot say without week numbers
        "dinsdag 3 januari van 10 tot 12 uur",  # a date: a one-off
        "elke dinsdag om 10 uur",  # no end
        "vanaf 13.30 uur",
        "vrijdagavond vanaf zes",  # a time in words: which hour is meant is not certain
        "9 tot 12 uur",  # no day
        "op dinsdag en woensdag, tijden op de website",  # days without a time
        "kinderen van 4 tot 12 jaar",
        "Zo'n 15 tot 20 mensen komen elke week",
        "ma-vr 1-4",  # which half of the day?
        "behalve op woensdag, ma-vr 9-12",
        "Aanmelden bij de balie.",
        "",
    ],
)
def test_unsure_text_stays_text(tekst):
    assert lees_tekst(tekst) is None


_WOORDEN = st.sampled_from(
    ["ma", "di", "wo", "do", "vr", "za", "zo", "maandag", "dinsdagochtend", "vrijdagavond", "t/m", "tot", "en",
     "+", "/", ",", "-", "–", "van", "uur", "u", "9", "12", "13.30", "17:00", "24", "0", "1e", "laatste",
     "van de maand", "gesloten", "feestdagen", "op afspraak", "schoolvakanties", "tussen", "vanaf", ".", "\n",
     "elke", "dagelijks", "weekend", "zo'n", "99", "9u30", "'s avonds"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(_WOORDEN, max_size=14).map(" ".join))
def test_any_mix_of_day_and_time_words_gives_valid_hours_or_none(tekst):
    afleiding = lees_tekst(tekst)
    if afleiding is not None:
        assert openingstijden.is_geldig(afleiding.osm), (tekst, afleiding.osm)
        assert not re.search(r"\bNone\b|\bnan\b", afleiding.osm)
