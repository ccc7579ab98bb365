"""Coverage over the walking network: the straight-line coverage of :mod:`.dekking`, measured along streets instead.

Every question is one multi-source shortest-path run over the same graph
(:class:`~wijkkaart.gaten.netwerk.Looproutes`), never an origin × destination
matrix: the nearest aanbod of all (up to ``ver_m``), one run per day part
(is aanbod open then within the threshold?), one per soort and thema, and
one for the aanbod with unknown hours. Runs per group stop just above the
threshold, as nothing beyond it changes reach.

What the network cannot measure stays a straight line, and is counted:

* a woonpunt farther than the snapping limit from every walkable way keeps
  its straight-line figures (``woonpunt_op_netwerk`` is False for it);
* an aanbod that far from any way cannot be walked to and is left out of the
  network runs (``aanbod_op_netwerk``); the analysis names it;
* beyond the threshold a group's distance is at least the threshold and at
  least its straight-line distance (a lower bound, as in :mod:`.dekking`).

The count of aanbod with unknown hours in reach counts, per woonpunt, the
nearest such aanbod over the network: it can say fewer than there are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from ..kern.dagdelen import DAGDELEN, ONBEKEND
from .dekking import PuntDekking
from .netwerk import Looproutes, Netwerk

#: Runs per group stop this far above the threshold (rounding of the snapped lengths stays inside).
BOVEN_DREMPEL = 1.0


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
    aanbod: np.ndarray,
    maskers: np.ndarray,
    drempel_m: float,
    groepen: dict[str, np.ndarray],
    recht: PuntDekking,
    max_snap_m: float,
    ver_m: float,
) -> tuple[PuntDekking, Snapuitkomst]:
    """Return the coverage of every woonpunt over ``netwerk`` and what snapping did.

    Parameters
    ----------
    netwerk, woonpunten, aanbod
        The walking network and the points (shapely, EPSG:28992).
    maskers, drempel_m, groepen
        As for :func:`~wijkkaart.gaten.dekking.bereken_puntdekking`.
    recht
        The straight-line coverage of the same points: kept where the network cannot measure.
    max_snap_m
        Snapping limit (:data:`wijkkaart.kern.lopen.MAX_SNAP_M`).
    ver_m
        How far the nearest aanbod of all is looked for along the network.
    """
    routes = Looproutes(netwerk, xy(aanbod), xy(woonpunten), max_snap_m)
    op = routes.doel.gelukt
    limiet = drempel_m + BOVEN_DREMPEL
    alle = routes.dichtstbij(limiet_m=ver_m).afstand
    afstand = np.where(op, np.where(np.isfinite(alle), alle, np.maximum(recht.afstand, ver_m)), recht.afstand)
    # No aanbod at all (inf in both): unknown, as in the straight-line analysis.
    afstand[~np.isfinite(recht.afstand)] = np.inf
    masker = recht.masker.copy()
    masker[op] = 0
    for i, _ in enumerate(DAGDELEN):
        open_dan = (maskers >> i) & 1 > 0
        if open_dan.any():
            bereikt = routes.dichtstbij(open_dan, limiet).afstand <= drempel_m
            masker[op & bereikt] |= np.uint8(1 << i)
    groep_afstand = {}
    for naam, lid in groepen.items():
        d = routes.dichtstbij(lid, limiet).afstand
        ondergrens = np.maximum(recht.groep_afstand[naam], drempel_m)
        groep_afstand[naam] = np.where(op, np.where(d <= drempel_m, d, ondergrens), recht.groep_afstand[naam])
    paren = _paren_onbekend(routes, maskers, limiet, drempel_m, recht, op)
    snap = Snapuitkomst(max_snap_m, op, routes.doel.afstand, routes.bron.gelukt, routes.bron.afstand)
    return PuntDekking(afstand, masker, groep_afstand, paren), snap


def _paren_onbekend(routes: Looproutes, maskers, limiet, drempel_m, recht: PuntDekking, op) -> tuple:
    """Pairs (woonpunt, aanbod with unknown hours in reach): the nearest one over the network, all in a straight line."""
    onbekend = maskers == ONBEKEND
    uit = routes.dichtstbij(onbekend, limiet) if onbekend.any() else None
    p_net = np.flatnonzero(op & (uit.afstand <= drempel_m)) if uit is not None else np.empty(0, dtype=np.int64)
    a_net = uit.bron[p_net] if uit is not None else np.empty(0, dtype=np.int64)
    p_recht, a_recht = recht.paren
    buiten = ~op[p_recht]
    p = np.concatenate([p_net, p_recht[buiten]])
    a = np.concatenate([a_net, a_recht[buiten]])
    volgorde = np.argsort(p, kind="stable")
    return p[volgorde], a[volgorde]
