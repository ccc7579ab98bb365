"""Coverage over the walking network: the straight-line coverage of :mod:`.dekking`, measured along streets instead.

Every question is one multi-source shortest-path run over the same graph
(:class:`~wijkkaart.gaten.netwerk.Looproutes`), never an origin × destination
matrix: the nearest aanbod of all (up to ``ver_m``), one run per day part
(is aanbod open then within the threshold?), one per soort and thema, and
one for the aanbod with unknown hours. Runs per group stop just above the
threshold, as nothing beyond it changes reach.

What the network cannot measure stays a straight line, and is counted:

* a woonpunt farther than the snapping limit from every walkable way gets
  the straight-line figures (``woonpunt_op_netwerk`` is False for it);
* an aanbod that far from any way cannot be walked to and is left out of the
  network runs (``aanbod_op_netwerk``); the analysis names it;
* beyond the threshold a group's distance is, as in :mod:`.dekking`, the
  straight line from the buurt's representative point, and at least the
  threshold; beyond ``ver_m`` the distance to any aanbod is at least
  ``ver_m`` and at least the straight line.

The count of aanbod with unknown hours in reach counts, per woonpunt, the
nearest such aanbod over the network: it can say fewer than there are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from ..kern.dagdelen import DAGDELEN, ONBEKEND
from .dekking import PuntDekking, bereken_puntdekking, dichtstbij
from .netwerk import Looproutes, Netwerk

#: Runs per group stop this far above the threshold (rounding of the snapped lengths stays inside).
BOVEN_DREMPEL = 1.0


@dataclass(frozen=True)
class Grenzen:
    """The distances the network runs work with."""

    #: The walking threshold: aanbod this far or nearer is in reach.
    drempel_m: float
    #: Snapping limit (:data:`wijkkaart.kern.lopen.MAX_SNAP_M`).
    max_snap_m: float
    #: How far along the network the nearest aanbod of all is looked for.
    ver_m: float


@dataclass
class Snapuitkomst:
    """Which points reached the network, and over how many metres (inf: not within the limit)."""

    max_snap_m: float
    woonpunt_op_netwerk: np.ndarray
    woonpunt_snap_m: np.ndarray
    aanbod_op_netwerk: np.ndarray
    aanbod_snap_m: np.ndarray


def xy(punten: np.ndarray) -> np.ndarray:
    """Coordinates (n × 2) of shapely points, NaN for an empty one (``get_coordinates`` would skip it)."""
    return np.column_stack([shapely.get_x(punten), shapely.get_y(punten)]) if len(punten) else np.empty((0, 2))


def netwerkdekking(
    netwerk: Netwerk,
    woonpunten: np.ndarray,
    buurt: np.ndarray,
    buurtpunten: np.ndarray,
    aanbod: np.ndarray,
    maskers: np.ndarray,
    groepen: dict[str, np.ndarray],
    grenzen: Grenzen,
) -> tuple[PuntDekking, Snapuitkomst]:
    """Return the coverage of every woonpunt over ``netwerk`` and what snapping did.

    Parameters
    ----------
    netwerk, woonpunten, aanbod
        The walking network and the points (shapely, EPSG:28992).
    buurt, buurtpunten, maskers, groepen
        As for :func:`~wijkkaart.gaten.dekking.bereken_puntdekking`.
    grenzen
        Threshold, snapping limit and how far to look for the nearest aanbod.
    """
    drempel_m, max_snap_m, ver_m = grenzen.drempel_m, grenzen.max_snap_m, grenzen.ver_m
    routes = Looproutes(netwerk, xy(aanbod), xy(woonpunten), max_snap_m)
    op = routes.doel.gelukt
    # Woonpunten off the network: the straight-line analysis, for them only.
    buiten = np.flatnonzero(~op)
    recht = bereken_puntdekking(woonpunten[buiten], buurt[buiten], buurtpunten, aanbod, maskers, drempel_m, groepen)
    limiet = drempel_m + BOVEN_DREMPEL
    afstand = routes.dichtstbij(limiet_m=ver_m).afstand
    te_ver = np.flatnonzero(op & ~np.isfinite(afstand))
    if len(te_ver) and len(aanbod):
        # Farther than ver_m along the network: at least that, and at least the straight line.
        afstand[te_ver] = np.maximum(dichtstbij(xy(aanbod), xy(woonpunten[te_ver])), ver_m)
    afstand[buiten] = recht.afstand
    masker = np.zeros(len(woonpunten), dtype=np.uint8)
    for i, _ in enumerate(DAGDELEN):
        open_dan = (maskers >> i) & 1 > 0
        if open_dan.any():
            bereikt = routes.dichtstbij(open_dan, limiet).afstand <= drempel_m
            masker[bereikt] |= np.uint8(1 << i)
    masker[buiten] = recht.masker
    buurt_xy = xy(buurtpunten)
    groep_afstand = {}
    for naam, lid in groepen.items():
        d = routes.dichtstbij(lid, limiet).afstand
        ver = np.flatnonzero(op & ~(d <= drempel_m))
        if len(ver):
            # Beyond the threshold, as in the straight-line analysis: from the buurt's point, at least the threshold.
            buurten = np.unique(buurt[ver])
            per_buurt = np.full(len(buurt_xy), np.inf)
            per_buurt[buurten] = dichtstbij(xy(aanbod[lid]), buurt_xy[buurten])
            d[ver] = np.maximum(per_buurt[buurt[ver]], drempel_m)
        d[buiten] = recht.groep_afstand[naam]
        groep_afstand[naam] = d
    paren = _paren_onbekend(routes, maskers, limiet, drempel_m, recht, buiten)
    snap = Snapuitkomst(max_snap_m, op, routes.doel.afstand, routes.bron.gelukt, routes.bron.afstand)
    return PuntDekking(afstand, masker, groep_afstand, paren), snap


def _paren_onbekend(routes: Looproutes, maskers, limiet, drempel_m, recht: PuntDekking, buiten) -> tuple:
    """Pairs (woonpunt, aanbod with unknown hours in reach): the nearest one over the network, all in a straight line."""
    onbekend = maskers == ONBEKEND
    p_net = a_net = np.empty(0, dtype=np.int64)
    if onbekend.any():
        uit = routes.dichtstbij(onbekend, limiet)
        p_net = np.flatnonzero(uit.afstand <= drempel_m)
        a_net = uit.bron[p_net]
    p_recht, a_recht = recht.paren
    p = np.concatenate([p_net, buiten[p_recht]])
    a = np.concatenate([a_net, a_recht])
    volgorde = np.argsort(p, kind="stable")
    return p[volgorde], a[volgorde]
