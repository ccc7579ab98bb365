"""Where a buurt's residents can walk to collective aanbod within 5, 10 and 15 minutes (isochrones), and who cannot.

From every aanbod at once, one multi-source run over the walking network
gives each node its distance to the nearest aanbod. Each edge is reachable
from either end for what is left of the walking budget, and around an aanbod
on its own edge in both directions; those stretches of street, widened by
:data:`BREEDTE_M` on either side (the houses along a street), make the area.
Residents outside it are counted from the woonpunten of the gap analysis,
measured the same way (snapping and all), so the page's numbers and the
analysis agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from ..kern.lopen import LOOPSNELHEID
from .netwerk import Looproutes, Netwerk

#: The walking budgets the buurt page draws, in minutes.
MINUTEN = (5, 10, 15)
#: Metres either side of a reachable street that count as reached: a front door, a short path.
BREEDTE_M = 40.0
#: A hole smaller than this (m²) inside a reached area is a block whose doors face reached streets: filled.
KLEINE_GAT_M2 = 20_000.0


@dataclass(frozen=True)
class Loopband:
    """The area within ``minuten`` of the nearest aanbod (RD New), and the buurt's residents outside it."""

    minuten: int
    gebied: shapely.Geometry
    inwoners_buiten: float
    aandeel_buiten: float


def stukken(netwerk: Netwerk, routes: Looproutes, knoop: np.ndarray, budget_m: float) -> np.ndarray:
    """The stretches of edge (as lines) within ``budget_m`` of the nearest source, given each node's distance."""
    net = netwerk
    lengte = np.maximum(net.lengte, 1e-9)
    van_kant = np.clip((budget_m - knoop[net.van]) / lengte, 0.0, 1.0)
    naar_kant = np.clip((budget_m - knoop[net.naar]) / lengte, 0.0, 1.0)
    heel = van_kant + naar_kant >= 1.0
    delen = [(np.flatnonzero(heel), 0.0, 1.0)]
    deels = ~heel
    a = np.flatnonzero(deels & (van_kant > 0))
    b = np.flatnonzero(deels & (naar_kant > 0))
    delen += [(a, 0.0, van_kant[a]), (b, 1.0 - naar_kant[b], 1.0)]
    # A source on an edge reaches along it both ways, whatever the edge's ends can.
    bron = routes.bron
    s = np.flatnonzero(bron.gelukt & (bron.afstand < budget_m))
    rest = (budget_m - bron.afstand[s]) / lengte[bron.rand[s]]
    delen.append((bron.rand[s], np.clip(bron.fractie[s] - rest, 0, 1), np.clip(bron.fractie[s] + rest, 0, 1)))
    randen = np.concatenate([d[0] for d in delen])
    begin = np.concatenate([np.broadcast_to(d[1], d[0].shape) for d in delen])
    eind = np.concatenate([np.broadcast_to(d[2], d[0].shape) for d in delen])
    p, q = net.xy[net.van[randen]], net.xy[net.naar[randen]]
    return shapely.linestrings(np.stack([p + begin[:, None] * (q - p), p + eind[:, None] * (q - p)], axis=1))


def zonder_kleine_gaten(vlak: shapely.Geometry, min_m2: float) -> shapely.Geometry:
    """``vlak`` with its holes smaller than ``min_m2`` filled."""
    delen = shapely.get_parts(vlak)
    heel = []
    for deel in delen:
        if deel.geom_type != "Polygon":
            continue
        gaten = [g for g in deel.interiors if shapely.Polygon(g).area >= min_m2]
        heel.append(shapely.Polygon(deel.exterior, gaten))
    return shapely.union_all(heel) if heel else vlak


def loopbanden(
    netwerk: Netwerk,
    aanbod_xy: np.ndarray,
    venster: shapely.Geometry,
    woonpunten_xy: np.ndarray,
    aandeel: np.ndarray,
    inwoners: float,
    max_snap_m: float,
) -> list[Loopband]:
    """The 5, 10 and 15-minute areas within ``venster`` (RD New), with the residents outside each.

    Parameters
    ----------
    aanbod_xy, woonpunten_xy
        Coordinates (n × 2) of the aanbod and of the buurt's woonpunten.
    aandeel, inwoners
        Each woonpunt's share of the buurt's ``inwoners`` (NaN inwoners: unknown, counted as 0).
    max_snap_m
        Snapping limit; a woonpunt off the network counts as outside every band.
    """
    routes = Looproutes(netwerk, aanbod_xy, woonpunten_xy, max_snap_m)
    langste = max(MINUTEN) * LOOPSNELHEID
    knopen = routes.knoopafstand(limiet_m=langste)
    knoop = knopen[0]
    # The same run gives the woonpunten their distance: the areas and the residents outside them agree.
    naar_woonpunt = routes.dichtstbij(limiet_m=langste, knopen=knopen).afstand
    # Only the stretches near the window are drawn: the rest cannot show.
    raam = shapely.buffer(venster, BREEDTE_M)
    shapely.prepare(raam)
    banden = []
    for minuten in MINUTEN:
        budget = minuten * LOOPSNELHEID
        lijnen = stukken(netwerk, routes, knoop, budget)
        lijnen = lijnen[shapely.intersects(raam, lijnen)]
        gebied = shapely.union_all(shapely.buffer(lijnen, BREEDTE_M, quad_segs=4))
        gebied = shapely.intersection(zonder_kleine_gaten(gebied, KLEINE_GAT_M2), venster)
        buiten = float(np.sum(aandeel[~(naar_woonpunt <= budget)]))
        banden.append(Loopband(minuten, gebied, buiten * (inwoners if np.isfinite(inwoners) else 0.0), buiten))
    return banden
