"""The residents' finder: from a postcode or address to the nearest aanbod, with its hours in plain Dutch.

No Flask here: the use-case :func:`wijkkaart.diensten.vinder.zoek` finds the
place with the finder's geocoders and calls :func:`zoek`. Distances are measured to
the point the map shows, so an aanbod that hides its address is measured to a
point inside its buurt and a resident cannot work out where it is from
several searches.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import opening_hours
from babel.dates import get_day_names
from sqlalchemy.orm import Session

from ..kern import openingstijden, taal
from ..kern.crs import naar_rd, naar_wgs84
from ..kern.fouten import OngeldigeVraag
from ..kern.taal import gettext as _
from ..opslag.koppelen import koppel
from .kaartlagen import Filter, aanbod_geojson, locaties_geojson
from .werkgebied import voor_gebied

#: Straight-line metres times this is roughly the distance along streets (documented in docs/aanbod.md).
OMWEG = 1.3
#: Metres per minute at an unhurried walk (4.5 km/h), so the minutes hold for older residents too.
LOOPSNELHEID = 75.0
ZOEKSTRAAL_M = 3000.0
#: When walking distance holds fewer than MIN_AANTAL places (a village, an outskirt), look this far.
RUIME_STRAAL_M = 10_000.0
MIN_AANTAL = 5
DAGEN = ("ma", "di", "wo", "do", "vr", "za", "zo")


def dagnamen() -> dict[str, str]:
    """The weekdays by key (``ma`` … ``zo``), named in the active language (CLDR, via Babel)."""
    namen = get_day_names("wide", locale=taal.locale())  # 0 is Monday
    return {dag: namen[i] for i, dag in enumerate(DAGEN)}


@dataclass(frozen=True)
class Plek:
    """Where the resident searched from, in EPSG:28992."""

    omschrijving: str
    x: float
    y: float
    precisie: str  # adres, postcode
    geocoder: str


@dataclass
class Treffer:
    """One aanbod or locatie near the search place, as the list shows it."""

    eigenschappen: dict
    lon: float
    lat: float
    afstand_m: float
    loopminuten: int
    status: str  # open, later, gesloten, onbekend
    status_tekst: str


@dataclass
class Zoekuitkomst:
    """What the finder found around a place at a moment, nearest first."""

    plek: Plek
    moment: dt.datetime
    treffers: list[Treffer] = field(default_factory=list)
    straal_m: float = ZOEKSTRAAL_M
    #: Aanbod without a fixed place whose werkgebied holds the search place (:mod:`.werkgebied`).
    zonder_vaste_plek: list[dict] = field(default_factory=list)

    @property
    def plek_wgs84(self) -> tuple[float, float]:
        """The search place as (lon, lat) in WGS84."""
        return naar_wgs84(self.plek.x, self.plek.y)


def status(osm: str | None, moment: dt.datetime) -> tuple[str, str]:
    """Return (code, text): ``open`` "nu open, tot 12:00"; ``later`` "vandaag nog open om 14:00"; ``gesloten``; ``onbekend``."""
    if not osm:
        return "onbekend", _("openingstijden onbekend")
    oh = openingstijden.ontleed(osm)
    moment = openingstijden.moment_nl(moment)
    if oh.is_unknown(moment):
        return "onbekend", _("openingstijden onbekend")
    volgende = oh.next_change(moment)
    if oh.is_open(moment):
        if volgende is not None and volgende.date() == moment.date():
            return "open", _("nu open, tot %(tijd)s", tijd=_klok(volgende))
        return "open", _("nu open")
    if volgende is not None and volgende.date() == moment.date() and oh.is_open(volgende):
        return "later", _("vandaag nog open om %(tijd)s", tijd=_klok(volgende))
    return "gesloten", _("nu gesloten")


def open_op_dag(osm: str | None, dag: str, moment: dt.datetime) -> bool:
    """Whether ``osm`` opens at some time on the next ``dag`` (ma … zo) from ``moment``, today included."""
    if not osm:
        return False
    moment = openingstijden.moment_nl(moment)
    datum = moment.date() + dt.timedelta(days=(DAGEN.index(dag) - moment.weekday()) % 7)
    begin = dt.datetime.combine(datum, dt.time(), tzinfo=openingstijden.TIJDZONE)
    return any(
        staat == opening_hours.State.OPEN
        for *_begin, staat, _opmerking in openingstijden.ontleed(osm).intervals(begin, begin + dt.timedelta(days=1))
    )


def zoek(
    session: Session,
    plek: Plek,
    moment: dt.datetime | None = None,
    thema: str | None = None,
    doelgroep: str | None = None,
    dag: str | None = None,
    nu_open: bool = False,
    straal_m: float | None = None,
    max_aantal: int = 25,
) -> Zoekuitkomst:
    """The nearest aanbod and locaties around ``plek``, nearest first.

    ``thema`` and ``doelgroep`` keep only aanbod that has them (locaties have
    neither, so they drop out); ``dag`` keeps what opens on that weekday;
    ``nu_open`` what is open at ``moment``. Without ``straal_m`` the search
    covers 3 km, and 10 km when 3 km holds fewer than five places.
    """
    if straal_m is None:
        dichtbij = zoek(session, plek, moment, thema, doelgroep, dag, nu_open, ZOEKSTRAAL_M, max_aantal)
        if len(dichtbij.treffers) >= MIN_AANTAL:
            return dichtbij
        return zoek(session, plek, moment, thema, doelgroep, dag, nu_open, RUIME_STRAAL_M, max_aantal)
    if dag is not None and dag not in DAGEN:
        raise OngeldigeVraag(f"onbekende dag {dag!r} (kies uit {', '.join(DAGEN)})")
    moment = openingstijden.moment_nl(moment)
    filter_ = Filter(
        rond=(plek.x, plek.y, straal_m), thema=thema, doelgroep=doelgroep, open_op=moment if nu_open else None
    )
    features = aanbod_geojson(session, filter_, moment)["features"]
    if not (thema or doelgroep):
        features += locaties_geojson(session, filter_, moment)["features"]
    treffers = []
    for f in features:
        props = f["properties"]
        osm = props.get("openingstijden")
        if dag and not open_op_dag(osm, dag, moment):
            continue
        lon, lat = f["geometry"]["coordinates"]
        x, y = naar_rd(lon, lat)
        afstand = math.hypot(x - plek.x, y - plek.y)
        if afstand > straal_m:
            continue  # the query asked for a square; keep the circle
        code, tekst = status(osm, moment)
        treffers.append(Treffer(props, lon, lat, afstand, max(1, round(afstand * OMWEG / LOOPSNELHEID)), code, tekst))
    treffers.sort(key=lambda t: (t.afstand_m, t.eigenschappen.get("naam") or ""))
    zonder = []
    if not (dag or nu_open):  # aanbod without a place has no hours here, so a day filter leaves it out
        k = koppel(session, [plek.x], [plek.y])[0]
        zonder = voor_gebied(session, k.buurtcode, k.wijkcode, k.gemeentecode, True, thema, doelgroep)
    return Zoekuitkomst(plek, moment, treffers[:max_aantal], straal_m, zonder)


def _klok(moment: dt.datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"
