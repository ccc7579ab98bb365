"""Time of week: which day parts (ochtend, middag, avond × werkdag, weekend) an aanbod covers.

An aanbod covers a day part when its opening hours (OSM ``opening_hours``,
evaluated by opening-hours-py with Dutch public holidays) are open for some
time inside that day part on at least one day of the reference period. The
period is five weeks from the peildatum, so that every monthly pattern
(``Tu[2]``, "elke 2e dinsdag") falls inside it at least once: a monthly
inloop counts, weekly or not. Aanbod without hours, or with hours only as free
text, covers no day part and is counted separately as "tijden onbekend".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import opening_hours
import pandas as pd

from .openingstijden import TIJDZONE, ontleed
from .taal import N_, gettext


@dataclass(frozen=True)
class Dagdeel:
    """One day part: key, label (Dutch source, translated when shown), weekend or not, and its hours [begin, eind)."""

    sleutel: str
    label_nl: str
    weekend: bool
    begin: int  # hour of day
    eind: int

    @property
    def label(self) -> str:
        """The label in the active language."""
        return gettext(self.label_nl)


DAGDELEN: tuple[Dagdeel, ...] = (
    Dagdeel("werkdag_ochtend", N_("werkdagochtend"), False, 8, 12),
    Dagdeel("werkdag_middag", N_("werkdagmiddag"), False, 12, 18),
    Dagdeel("werkdag_avond", N_("werkdagavond"), False, 18, 23),
    Dagdeel("weekend_ochtend", N_("weekendochtend"), True, 8, 12),
    Dagdeel("weekend_middag", N_("weekendmiddag"), True, 12, 18),
    Dagdeel("weekend_avond", N_("weekendavond"), True, 18, 23),
)
SLEUTELS = tuple(d.sleutel for d in DAGDELEN)
#: Bit of each day part in a mask; ``ALLE`` has every bit set.
BIT = {d.sleutel: 1 << i for i, d in enumerate(DAGDELEN)}
ALLE = (1 << len(DAGDELEN)) - 1
#: Mask of an aanbod whose hours are unknown (no bits: it covers no day part).
ONBEKEND = 0
PERIODE_DAGEN = 35


def peildatum_standaard(vandaag: dt.date | None = None) -> dt.date:
    """Return the Monday of the current week, the default start of the reference period."""
    vandaag = vandaag or dt.datetime.now(TIJDZONE).date()
    return vandaag - dt.timedelta(days=vandaag.weekday())


@lru_cache(maxsize=8192)
def masker(osm: str | None, peildatum: dt.date) -> int:
    """Return the day-part bit mask of the hours ``osm`` over the five weeks from ``peildatum``.

    ``0`` when ``osm`` is empty, missing (None or NaN from a table) or invalid
    (hours unknown). Cached per string: a whole country repeats a few hundred
    distinct schedules.
    """
    if not isinstance(osm, str) or not osm.strip():
        return ONBEKEND
    try:
        oh = ontleed(osm)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return ONBEKEND
    start = dt.datetime.combine(peildatum, dt.time(), tzinfo=TIJDZONE)
    eind = start + dt.timedelta(days=PERIODE_DAGEN)
    bits = 0
    for begin, tot, staat, _ in oh.intervals(start, eind):
        if staat != opening_hours.State.OPEN:
            continue
        bits |= _bits_van_interval(begin.replace(tzinfo=None), tot.replace(tzinfo=None))
        if bits == ALLE:
            break
    return bits


def _bits_van_interval(begin: dt.datetime, tot: dt.datetime) -> int:
    """Day parts that the open interval [begin, tot) overlaps, in local wall-clock time."""
    bits = 0
    dag = begin.date()
    while dt.datetime.combine(dag, dt.time()) < tot:
        weekend = dag.weekday() >= 5
        for deel in DAGDELEN:
            if deel.weekend != weekend:
                continue
            a = dt.datetime.combine(dag, dt.time(deel.begin))
            b = (
                dt.datetime.combine(dag, dt.time(deel.eind))
                if deel.eind < 24
                else dt.datetime.combine(dag + dt.timedelta(days=1), dt.time())
            )
            if begin < b and tot > a:
                bits |= BIT[deel.sleutel]
        dag += dt.timedelta(days=1)
    return bits


def maskers(uren, peildatum: dt.date) -> np.ndarray:
    """Return the masks (uint8) of a sequence of OSM strings or ``None``, one per item."""
    codes, uniek = pd.factorize(pd.Series(uren, dtype=object), use_na_sentinel=True)
    per_uniek = np.array([masker(u, peildatum) for u in uniek] + [ONBEKEND], dtype=np.uint8)
    return per_uniek[codes]  # code -1 (missing) picks the trailing ONBEKEND


def dagdelen_van(bits: int) -> list[str]:
    """Return the day-part keys set in ``bits``, in display order."""
    return [d.sleutel for d in DAGDELEN if bits & BIT[d.sleutel]]
