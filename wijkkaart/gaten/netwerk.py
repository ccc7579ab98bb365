"""Walking distances over a street network: from many woonpunten to the nearest of many aanbod, in one run.

The network is undirected, in RD metres (EPSG:28992). Points reach it by their
nearest edge: a point is "snapped" to the closest place on that edge, and the
metres from the point to that place are added to its walk. A point farther than
the snapping limit from every edge is not snapped: its distance is unknown (inf)
and it is flagged, never silently moved across a canal or a railway.

The distance from each target to the nearest source is one multi-source
shortest-path run (scipy's ``csgraph.dijkstra`` with ``min_only`` and a
``limit``), not an origin × destination matrix: each source is a virtual node
joined to both ends of its edge, and a target on an edge takes the shorter way
to either end. Sources and targets on the same edge may also meet directly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

#: csgraph reads a stored 0 as "no edge": a zero-length join gets this many metres instead.
NUL = 1e-6


@dataclass(frozen=True)
class Netwerk:
    """Nodes (``xy``, metres) and undirected edges ``van``–``naar`` with their ``lengte`` in metres."""

    xy: np.ndarray
    van: np.ndarray
    naar: np.ndarray
    lengte: np.ndarray

    @classmethod
    def uit_lijnen(cls, lijnen, decimalen: int = 2) -> Netwerk:
        """A network from line strings: every vertex a node (equal to the centimetre: one node), every segment an edge."""
        coords, van, naar = [], [], []
        index: dict[tuple[float, float], int] = {}

        def knoop(x: float, y: float) -> int:
            sleutel = (round(x, decimalen), round(y, decimalen))
            if sleutel not in index:
                index[sleutel] = len(coords)
                coords.append(sleutel)
            return index[sleutel]

        for lijn in lijnen:
            punten = list(lijn.coords)
            for (x1, y1), (x2, y2) in itertools.pairwise(punten):
                a, b = knoop(x1, y1), knoop(x2, y2)
                if a != b:
                    van.append(a)
                    naar.append(b)
        xy = np.asarray(coords, dtype=float).reshape(-1, 2)
        van_, naar_ = np.asarray(van, dtype=np.int64), np.asarray(naar, dtype=np.int64)
        return cls(xy, van_, naar_, np.hypot(*(xy[naar_] - xy[van_]).T))

    def randen(self) -> np.ndarray:
        """Every edge as a shapely LineString (for snapping)."""
        return shapely.linestrings(np.stack([self.xy[self.van], self.xy[self.naar]], axis=1))


@dataclass(frozen=True)
class Snap:
    """Where points meet the network: the edge (-1: farther than the limit), the fraction along it, the metres to it."""

    rand: np.ndarray
    fractie: np.ndarray
    afstand: np.ndarray

    @property
    def gelukt(self) -> np.ndarray:
        """True for points that reached an edge within the limit."""
        return self.rand >= 0


def snap(netwerk: Netwerk, punten: np.ndarray, max_m: float) -> Snap:
    """Each point's nearest edge within ``max_m`` metres, the place on it (0 at ``van``, 1 at ``naar``) and the distance."""
    n = len(punten)
    rand = np.full(n, -1, dtype=np.int64)
    fractie, afstand = np.zeros(n), np.full(n, np.inf)
    if n == 0 or len(netwerk.van) == 0:
        return Snap(rand, fractie, afstand)
    lijnen = netwerk.randen()
    geometrie = shapely.points(punten)
    (welk, randnummer), metres = shapely.STRtree(lijnen).query_nearest(
        geometrie, max_distance=max_m, return_distance=True, all_matches=False
    )
    rand[welk], afstand[welk] = randnummer, metres
    fractie[welk] = shapely.line_locate_point(lijnen[randnummer], geometrie[welk], normalized=True)
    return Snap(rand, fractie, afstand)


def _graaf(netwerk: Netwerk, bron: Snap):
    """The network's edges plus one virtual node per snapped source, joined to both ends of its edge."""
    n = len(netwerk.xy)
    gelukt = np.flatnonzero(bron.gelukt)
    virtueel = n + np.arange(len(gelukt))
    randen = bron.rand[gelukt]
    lengte = netwerk.lengte[randen]
    rijen = np.concatenate([netwerk.van, virtueel, virtueel])
    kolommen = np.concatenate([netwerk.naar, netwerk.van[randen], netwerk.naar[randen]])
    gewicht = np.concatenate(
        [
            netwerk.lengte,
            bron.afstand[gelukt] + bron.fractie[gelukt] * lengte,
            bron.afstand[gelukt] + (1 - bron.fractie[gelukt]) * lengte,
        ]
    )
    totaal = n + len(gelukt)
    graaf = coo_matrix((np.maximum(gewicht, NUL), (rijen, kolommen)), shape=(totaal, totaal)).tocsr()
    return graaf, virtueel, gelukt


def _zelfde_rand(bron: Snap, doel: Snap, lengte: np.ndarray, uit: np.ndarray) -> None:
    """Targets on an edge that holds a source: the direct walk along that edge may be the shortest."""
    per_rand: dict[int, list[int]] = {}
    for i in np.flatnonzero(bron.gelukt):
        per_rand.setdefault(int(bron.rand[i]), []).append(int(i))
    for j in np.flatnonzero(doel.gelukt):
        bronnen = per_rand.get(int(doel.rand[j]))
        if bronnen:
            langs = np.abs(bron.fractie[bronnen] - doel.fractie[j]) * lengte[doel.rand[j]]
            uit[j] = min(uit[j], float(np.min(langs + bron.afstand[bronnen])) + doel.afstand[j])


def naar_dichtstbijzijnde(
    netwerk: Netwerk, bronnen: np.ndarray, doelen: np.ndarray, max_snap_m: float, limiet_m: float
) -> tuple[np.ndarray, Snap, Snap]:
    """Walking metres from each target to its nearest source (inf beyond ``limiet_m`` or when not snapped).

    Returns the distances and both snaps (their ``gelukt`` flags the points that could not reach the network).
    """
    bron, doel = snap(netwerk, bronnen, max_snap_m), snap(netwerk, doelen, max_snap_m)
    uit = np.full(len(doelen), np.inf)
    if not bron.gelukt.any() or not doel.gelukt.any():
        return uit, bron, doel
    graaf, virtueel, _ = _graaf(netwerk, bron)
    afstand = dijkstra(graaf, directed=False, indices=virtueel, min_only=True, limit=limiet_m)
    j = np.flatnonzero(doel.gelukt)
    rand, t = doel.rand[j], doel.fractie[j]
    lengte = netwerk.lengte[rand]
    via_van = afstand[netwerk.van[rand]] + t * lengte
    via_naar = afstand[netwerk.naar[rand]] + (1 - t) * lengte
    uit[j] = np.minimum(via_van, via_naar) + doel.afstand[j]
    _zelfde_rand(bron, doel, netwerk.lengte, uit)
    uit[uit > limiet_m] = np.inf
    return uit, bron, doel
