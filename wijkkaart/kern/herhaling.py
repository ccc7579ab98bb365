"""Opening hours as calendar recurrences: the part of OSM ``opening_hours`` an RRULE can say exactly.

Covered: weekday selectors (``Mo``, ``Mo-Fr``, ``Mo,We``), the nth weekday of the
month (``Tu[2]``, ``Fr[-1]``, ``Sa[1,3]``), one or more time spans per rule, and
``PH off`` (public holidays closed, as EXDATEs). Rules must fall on different days:
in OSM a later rule replaces an earlier one for the same day, which a set of RRULEs
cannot say without exceptions, so such hours get no calendar rather than a wrong
one. Spans past midnight, months, weeks, dates, ``24/7`` and sun times are not
covered either. Whether a day is open is still decided by opening-hours-py
(:mod:`.openingstijden`); the test suite compares both over eight weeks.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

DAGEN = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
ICAL_DAGEN = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAGDEEL = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su)|\[(-1|[1-5](?:,[1-5])*)\])?$")
_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


@dataclass(frozen=True)
class Herhaling:
    """One recurring span: on ``dagen`` (weekday numbers, Monday 0), every week or on the ``nde`` of the month."""

    dagen: tuple[int, ...]
    nde: tuple[int, ...]
    begin: dt.time
    eind: dt.time

    @property
    def rrule(self) -> dict:
        """The RRULE as icalendar's ``vRecur`` takes it."""
        if not self.nde:
            return {"FREQ": "WEEKLY", "BYDAY": [ICAL_DAGEN[d] for d in self.dagen]}
        return {"FREQ": "MONTHLY", "BYDAY": [f"{n}{ICAL_DAGEN[d]}" for d in self.dagen for n in self.nde]}

    def valt_op(self, datum: dt.date) -> bool:
        """True when an occurrence falls on ``datum``."""
        if datum.weekday() not in self.dagen:
            return False
        if not self.nde:
            return True
        nde = (datum.day - 1) // 7 + 1
        laatste = (datum + dt.timedelta(days=7)).month != datum.month
        return nde in self.nde or (-1 in self.nde and laatste)


@dataclass(frozen=True)
class Agenda:
    """The recurrences of an opening-hours expression, and whether public holidays are closed."""

    herhalingen: tuple[Herhaling, ...]
    feestdagen_dicht: bool


def _dagen(selector: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]] | None:
    uit = []
    for deel in re.split(r",(?![^\[]*\])", selector):  # commas inside [1,3] belong to the day
        m = _DAGDEEL.match(deel)
        if m is None:
            return None
        van = DAGEN.index(m.group(1))
        if m.group(2):
            tot = DAGEN.index(m.group(2))
            dagen = tuple(range(van, tot + 1)) if tot >= van else (*range(van, 7), *range(0, tot + 1))
        else:
            dagen = (van,)
        nde = tuple(int(n) for n in m.group(3).split(",")) if m.group(3) else ()
        uit.append((dagen, nde))
    return uit


def _selector_delen(osm: str) -> list[str]:
    # "Sa[1,3]" holds a comma: join the pieces a naive split would cut inside brackets.
    delen, huidig, diepte = [], "", 0
    for teken in osm:
        diepte += teken == "["
        diepte -= teken == "]"
        if teken == ";" and diepte == 0:
            delen.append(huidig)
            huidig = ""
        else:
            huidig += teken
    return [d.strip() for d in [*delen, huidig] if d.strip()]


def _spans(tekst: str) -> list[tuple[dt.time, dt.time]] | None:
    uit = []
    for span in tekst.split(","):
        m = _SPAN.match(span.strip())
        if m is None:
            return None
        begin, eind = dt.time(int(m.group(1)), int(m.group(2))), (int(m.group(3)), int(m.group(4)))
        if eind == (24, 0) or dt.time(*eind) <= begin:
            return None  # past midnight: not one span on one day
        uit.append((begin, dt.time(*eind)))
    return uit


def _kruisen(spans: list[tuple[dt.time, dt.time]]) -> bool:
    """True when spans of one rule overlap or touch (OSM joins them into one)."""
    gesorteerd = sorted(spans)
    return any(eerder[1] >= later[0] for eerder, later in itertools.pairwise(gesorteerd))


def _bezet(regels: list[Herhaling]) -> set[tuple[int, int]]:
    """(weekday, nth) pairs the rules cover; nth 0 means every week."""
    return {(d, n) for h in regels for d in h.dagen for n in (h.nde or (0,))}


def agenda(osm: str | None) -> Agenda | None:
    """The recurrences of ``osm``, or None when part of it cannot be said exactly as RRULEs."""
    if not osm:
        return None
    regels: list[Herhaling] = []
    dicht = False
    for regel in _selector_delen(osm):
        if regel in ("PH off", "PH closed"):
            dicht = True
            continue
        if dicht or " " not in regel:
            return None  # a rule after "PH off" could reopen holidays; a rule without times is not covered
        selector, tijden = regel.split(" ", 1)
        dagen, spans = _dagen(selector), _spans(tijden)
        if dagen is None or spans is None:
            return None
        nieuw = [Herhaling(d, n, b, e) for d, n in dagen for b, e in spans]
        paren = [(d, n) for dd, nn in dagen for d in dd for n in (nn or (0,))]
        if len(set(paren)) != len(paren) or _kruisen(spans) or _overlapt(_bezet(regels), _bezet(nieuw)):
            return None  # a day twice in one rule, spans that touch, or a day an earlier rule has
        regels += nieuw
    return Agenda(tuple(regels), dicht) if regels else None


#: Which nth-weekday numbers can fall on the same date: the last one is also the 4th or the 5th.
_SAMEN = {-1: {-1, 4, 5}, 4: {4, -1}, 5: {5, -1}}


def _overlapt(oud: set[tuple[int, int]], nieuw: set[tuple[int, int]]) -> bool:
    """True when a new (weekday, nth) can fall on a date an older rule already covers."""
    return any(
        (dag, 0) in oud
        or (nde == 0 and any(d == dag for d, _ in oud))
        or any((dag, n) in oud for n in _SAMEN.get(nde, {nde}))
        for dag, nde in nieuw
    )


def eerste_op_of_na(h: Herhaling, datum: dt.date) -> dt.date:
    """The first date on or after ``datum`` with an occurrence of ``h`` (always within 62 days)."""
    for stap in range(63):
        dag = datum + dt.timedelta(days=stap)
        if h.valt_op(dag):
            return dag
    raise ValueError(f"geen datum voor {h}")  # unreachable for a valid Herhaling


def terugkerend(osm: str | None, status: str | None) -> Agenda | None:
    """The recurrences of an aanbod's hours when it is active: what its calendar, its page and its link go by."""
    return agenda(osm) if status == "actief" else None
