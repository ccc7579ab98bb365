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

import numpy as np
import opening_hours
from babel.dates import get_day_names
from sqlalchemy.orm import Session

from ..gaten.netwerk import Looproutes, Netwerk
from ..kern import openingstijden, taal
from ..kern.crs import naar_rd, naar_wgs84
from ..kern.fouten import OngeldigeVraag
from ..kern.lopen import LOOPSNELHEID, MAX_SNAP_M, loopminuten
from ..kern.taal import gettext as _
from ..opslag.koppelen import koppel
from .kaartlagen import Filter, aanbod_geojson, locaties_geojson
from .werkgebied import voor_gebied

#: Straight-line metres times this is roughly the distance along streets (documented in docs/aanbod.md).
OMWEG = 1.3
ZOEKSTRAAL_M = 3000.0
#: When walking distance holds fewer than MIN_AANTAL places (a village, an outskirt), look this far.
RUIME_STRAAL_M = 10_000.0
MIN_AANTAL = 5
#: The list shows at most this many places.
MAX_AANTAL = 25
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
    #: Metres over streets and paths (None: no walking network here, or the place is off it; then
    #: ``loopminuten`` is the straight line times :data:`OMWEG`).
    loopafstand_m: float | None = None

    @property
    def volgorde(self) -> tuple[float, str]:
        """Nearest walk first; a place without a network walk by its estimate."""
        loop = self.loopafstand_m if self.loopafstand_m is not None else self.afstand_m * OMWEG
        return loop, self.eigenschappen.get("naam") or ""


@dataclass
class Zoekuitkomst:
    """What the finder found around a place at a moment, nearest first."""

    plek: Plek
    moment: dt.datetime
    treffers: list[Treffer] = field(default_factory=list)
    straal_m: float = ZOEKSTRAAL_M
    #: Aanbod without a fixed place whose werkgebied holds the search place (:mod:`.werkgebied`).
    zonder_vaste_plek: list[dict] = field(default_factory=list)
    #: ``netwerk``: minutes walked over the network from OpenStreetMap; ``geschat``: no network here;
    #: ``buiten_netwerk``: the search place lies too far from any walkable way.
    looproutes: str = "geschat"

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
    netwerk: Netwerk | None = None,
) -> Zoekuitkomst:
    """The nearest aanbod and locaties around ``plek``, nearest first.

    ``thema`` and ``doelgroep`` keep only aanbod that has them (locaties have
    neither, so they drop out); ``dag`` keeps what opens on that weekday;
    ``nu_open`` what is open at ``moment``. Without ``straal_m`` the search
    covers 3 km, and 10 km when 3 km holds fewer than five places. With a
    walking ``netwerk`` the minutes are walked over it and the nearest walk
    comes first.
    """
    if straal_m is None:
        dichtbij = zoek(session, plek, moment, thema, doelgroep, dag, nu_open, ZOEKSTRAAL_M, netwerk)
        if len(dichtbij.treffers) >= MIN_AANTAL:
            return dichtbij
        return zoek(session, plek, moment, thema, doelgroep, dag, nu_open, RUIME_STRAAL_M, netwerk)
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
    looproutes = _loop(treffers, plek, netwerk, straal_m) if netwerk is not None else "geschat"
    treffers.sort(key=lambda t: t.volgorde)
    zonder = []
    if not (dag or nu_open):  # aanbod without a place has no hours here, so a day filter leaves it out
        k = koppel(session, [plek.x], [plek.y])[0]
        zonder = voor_gebied(session, k.buurtcode, k.wijkcode, k.gemeentecode, True, thema, doelgroep)
    return Zoekuitkomst(plek, moment, treffers[:MAX_AANTAL], straal_m, zonder, looproutes)


def _loop(treffers: list[Treffer], plek: Plek, netwerk: Netwerk, straal_m: float) -> str:
    """Walk from ``plek`` to every treffer over ``netwerk`` (one run); what the minutes are based on."""
    doelen = np.array([naar_rd(t.lon, t.lat) for t in treffers]).reshape(-1, 2)
    # Undirected: the walk from the place to each treffer is the walk back, so the place is the one source.
    routes = Looproutes(netwerk, np.array([[plek.x, plek.y]]), doelen, MAX_SNAP_M)
    if not routes.bron.gelukt.all():
        return "buiten_netwerk"
    loop = routes.dichtstbij(limiet_m=2 * straal_m).afstand
    for t, meter in zip(treffers, loop.tolist(), strict=True):
        if math.isfinite(meter):
            t.loopafstand_m, t.loopminuten = meter, loopminuten(meter)
    return "netwerk"


def _klok(moment: dt.datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"
