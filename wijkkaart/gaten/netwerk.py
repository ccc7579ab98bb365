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
from functools import cached_property

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

#: csgraph reads a stored 0 as "no edge": a zero-length join gets this many metres instead.
NUL = 1e-6
#: Metres between the sample points along an edge that snapping searches first.
MONSTERAFSTAND = 20.0


@dataclass(frozen=True)
class Netwerk:
    """Nodes (``xy``, metres) and undirected edges ``van``–``naar`` with their ``lengte`` in metres."""

    xy: np.ndarray
    van: np.ndarray
    naar: np.ndarray
    lengte: np.ndarray

    @classmethod
    def uit_lijnen(cls, lijnen, decimalen: int = 2) -> Netwerk:
        """A network from line strings: every vertex a node (equal to the centimetre: one node), every segment an edge.

        A segment given twice (an edge stored for two neighbouring gemeenten)
        becomes one edge: csgraph would add the two lengths together.
        """
        lijnen = np.asarray(lijnen, dtype=object)
        if not len(lijnen):
            leeg = np.empty(0, dtype=np.int64)
            return cls(np.empty((0, 2)), leeg, leeg, np.empty(0))
        coords, welke = shapely.get_coordinates(lijnen, return_index=True)
        # One integer per place (x and y in units of 10^-decimalen m): np.unique on a 1-d key is
        # ten times faster than on rows of two floats.
        schaal = 10.0**decimalen
        ix, iy = (np.round(c * schaal).astype(np.int64) for c in coords.T)
        sleutel = (ix - ix.min()) * (int(iy.max() - iy.min()) + 1) + (iy - iy.min())
        _, eerste, knoop = np.unique(sleutel, return_index=True, return_inverse=True)
        xy = np.round(coords[eerste], decimalen)
        zelfde_lijn = welke[:-1] == welke[1:]
        van, naar = knoop[:-1][zelfde_lijn], knoop[1:][zelfde_lijn]
        paar = np.unique(np.column_stack([np.minimum(van, naar), np.maximum(van, naar)]), axis=0)
        paar = paar[paar[:, 0] != paar[:, 1]]
        van_, naar_ = paar[:, 0].astype(np.int64), paar[:, 1].astype(np.int64)
        return cls(xy, van_, naar_, np.hypot(*(xy[naar_] - xy[van_]).T))

    def randen(self) -> np.ndarray:
        """Every edge as a shapely LineString."""
        return shapely.linestrings(np.stack([self.xy[self.van], self.xy[self.naar]], axis=1))

    @cached_property
    def monsters(self) -> tuple[cKDTree, np.ndarray]:
        """Sample points along every edge, at most :data:`MONSTERAFSTAND` apart, in a k-d tree; and each one's edge.

        Snapping asks this tree instead of an R-tree of the edges: 110,000
        points on the 201,040-edge grid of ``benchmarks/netwerk.py`` snapped in
        0.8 s, tree included, against 2.0–2.2 s for shapely's ``query_nearest``
        (same answers; measured 2026-12-01 on the shared 2-core machine).
        """
        aantal = np.maximum(1, np.ceil(self.lengte / MONSTERAFSTAND)).astype(np.int64)
        rand = np.repeat(np.arange(len(self.van)), aantal)
        plek = np.arange(aantal.sum()) - np.repeat(np.cumsum(aantal) - aantal, aantal)
        f = (plek + 0.5) / aantal[rand]
        a, b = self.xy[self.van[rand]], self.xy[self.naar[rand]]
        return cKDTree(a + f[:, None] * (b - a)), rand


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
    """Each point's nearest edge within ``max_m`` metres, the place on it (0 at ``van``, 1 at ``naar``) and the distance.

    ``punten`` are coordinates (n × 2); a row with NaN (an empty point) does
    not snap. Exact: candidates come from the :attr:`Netwerk.monsters`, and a
    point whose candidates might miss a nearer edge asks again with a radius
    that cannot (see :func:`_nakijken`). Of equally near edges the lowest
    numbered wins, so the answer does not depend on the order of the search.
    """
    n = len(punten)
    rand = np.full(n, -1, dtype=np.int64)
    fractie, afstand = np.zeros(n), np.full(n, np.inf)
    geldig = np.flatnonzero(np.isfinite(punten).all(axis=1)) if n else np.empty(0, dtype=np.int64)
    if not len(geldig) or not len(netwerk.van):
        return Snap(rand, fractie, afstand)
    p = punten[geldig]
    boom, rand_van = netwerk.monsters
    k = min(KANDIDATEN, len(rand_van))
    marge = MONSTERAFSTAND / 2
    monster_d, welke = boom.query(p, k=k, distance_upper_bound=max_m + marge, workers=-1)
    monster_d, welke = monster_d.reshape(len(p), k), welke.reshape(len(p), k)
    gevonden = welke < len(rand_van)
    r = rand_van[np.where(gevonden, welke, 0)]
    d, t = _op_rand(netwerk, np.repeat(p, k, axis=0), r.ravel())
    d, t = np.where(gevonden, d.reshape(len(p), k), np.inf), t.reshape(len(p), k)
    beste = _beste(d, r)
    rij = np.arange(len(p))
    r_p, d_p, t_p = r[rij, beste], d[rij, beste], t[rij, beste]
    # A nearer edge can hide behind the k samples only when the k-th sample is within reach of it.
    opnieuw = np.flatnonzero(gevonden[:, -1] & (monster_d[:, -1] <= np.minimum(d_p, max_m) + marge))
    if len(opnieuw):
        r_p[opnieuw], d_p[opnieuw], t_p[opnieuw] = _nakijken(netwerk, p[opnieuw], np.minimum(d_p[opnieuw], max_m))
    binnen = d_p <= max_m
    doel = geldig[binnen]
    rand[doel], afstand[doel], fractie[doel] = r_p[binnen], d_p[binnen], t_p[binnen]
    return Snap(rand, fractie, afstand)


#: Candidate sample points per point in the first search.
KANDIDATEN = 8


def _beste(d: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Per row the column of the smallest distance; among equal distances the lowest edge number."""
    kleinste = d.min(axis=1, keepdims=True)
    return np.where(d == kleinste, r, np.iinfo(np.int64).max).argmin(axis=1)


def _nakijken(netwerk: Netwerk, punten: np.ndarray, straal: np.ndarray):
    """The nearest edge of each point among every sample within ``straal`` + half the sample spacing.

    Every place on an edge lies within half the spacing of one of its
    samples, so any edge nearer than ``straal`` has a sample in that circle.
    """
    boom, rand_van = netwerk.monsters
    lijsten = boom.query_ball_point(punten, straal + MONSTERAFSTAND / 2, workers=-1)
    aantal = np.fromiter((len(x) for x in lijsten), dtype=np.int64, count=len(lijsten))
    p = np.repeat(np.arange(len(punten)), aantal)
    r = rand_van[np.fromiter(itertools.chain.from_iterable(lijsten), dtype=np.int64, count=int(aantal.sum()))]
    d, t = _op_rand(netwerk, punten[p], r)
    volgorde = np.lexsort((r, d, p))
    p, r, d, t = p[volgorde], r[volgorde], d[volgorde], t[volgorde]
    eerste = np.r_[True, p[1:] != p[:-1]]
    return r[eerste], d[eerste], t[eerste]


def _op_rand(netwerk: Netwerk, punten: np.ndarray, rand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance from each point to its edge, and the fraction along the edge of the nearest place on it."""
    a, b = netwerk.xy[netwerk.van[rand]], netwerk.xy[netwerk.naar[rand]]
    ab = b - a
    lengte2 = np.einsum("ij,ij->i", ab, ab)
    t = np.divide(np.einsum("ij,ij->i", punten - a, ab), lengte2, out=np.zeros(len(rand)), where=lengte2 > 0)
    t = np.clip(t, 0.0, 1.0)
    verschil = punten - (a + t[:, None] * ab)
    return np.sqrt(np.einsum("ij,ij->i", verschil, verschil)), t


def samenhang(netwerk: Netwerk) -> float:
    """Share of the network's length in its largest connected part (1.0: one piece; islands lower it)."""
    if not len(netwerk.van):
        return 0.0
    n = len(netwerk.xy)
    graaf = coo_matrix((np.ones(len(netwerk.van)), (netwerk.van, netwerk.naar)), shape=(n, n))
    _, deel = connected_components(graaf, directed=False)
    per_deel = np.bincount(deel[netwerk.van], weights=netwerk.lengte)
    return float(per_deel.max() / per_deel.sum())


@dataclass(frozen=True)
class Dichtstbij:
    """Per target: walking metres to the nearest chosen source (inf: none within the limit) and which (-1: none)."""

    afstand: np.ndarray
    bron: np.ndarray


class Looproutes:
    """Sources and targets snapped onto one network, ready to ask "nearest source" for any subset of the sources.

    Every snapped source is a virtual node joined to both ends of its edge, so
    one graph serves every group: a run starts from the group's virtual nodes
    only. A path *through* another source's virtual node is never shorter
    than the edge it sits on (it adds the snapping distance twice), so those
    nodes change no distance.
    """

    def __init__(self, netwerk: Netwerk, bronnen: np.ndarray, doelen: np.ndarray, max_snap_m: float):
        self.netwerk = netwerk
        self.bron = snap(netwerk, bronnen, max_snap_m)
        self.doel = snap(netwerk, doelen, max_snap_m)
        self.graaf, self.virtueel = self._graaf()
        self._paren = self._zelfde_rand()

    def _graaf(self):
        """The network's edges plus one virtual node per snapped source (``virtueel``: its node, -1 when unsnapped)."""
        net, bron = self.netwerk, self.bron
        n = len(net.xy)
        gelukt = np.flatnonzero(bron.gelukt)
        virtueel = np.full(len(bron.rand), -1, dtype=np.int64)
        virtueel[gelukt] = n + np.arange(len(gelukt))
        randen = bron.rand[gelukt]
        lengte = net.lengte[randen]
        rijen = np.concatenate([net.van, virtueel[gelukt], virtueel[gelukt]])
        kolommen = np.concatenate([net.naar, net.van[randen], net.naar[randen]])
        langs = bron.afstand[gelukt]
        gewicht = np.concatenate(
            [net.lengte, langs + bron.fractie[gelukt] * lengte, langs + (1 - bron.fractie[gelukt]) * lengte]
        )
        totaal = n + len(gelukt)
        graaf = coo_matrix((np.maximum(gewicht, NUL), (rijen, kolommen)), shape=(totaal, totaal)).tocsr()
        return graaf, virtueel

    def _zelfde_rand(self):
        """Pairs (target, source) on the same edge, with the direct walk along it: it may beat going round."""
        bron, doel = self.bron, self.doel
        b = np.flatnonzero(bron.gelukt)
        b = b[np.argsort(bron.rand[b], kind="stable")]
        j = np.flatnonzero(doel.gelukt)
        laag = np.searchsorted(bron.rand[b], doel.rand[j], "left")
        aantal = np.searchsorted(bron.rand[b], doel.rand[j], "right") - laag
        pd_ = np.repeat(j, aantal)
        plek = np.repeat(laag, aantal) + np.arange(aantal.sum()) - np.repeat(np.cumsum(aantal) - aantal, aantal)
        pb = b[plek]
        lengte = self.netwerk.lengte[doel.rand[pd_]] if len(pd_) else np.empty(0)
        afstand = np.abs(bron.fractie[pb] - doel.fractie[pd_]) * lengte + bron.afstand[pb] + doel.afstand[pd_]
        return pd_, pb, afstand

    def knoopafstand(self, welke: np.ndarray | None = None, limiet_m: float = np.inf):
        """Walking metres from the nearest chosen source to every node of the graph, and which source that is."""
        kies = self.bron.gelukt if welke is None else (self.bron.gelukt & welke)
        n_graaf = self.graaf.shape[0]
        if not kies.any():
            return np.full(n_graaf, np.inf), np.full(n_graaf, -1, dtype=np.int64)
        afstand, _, van = dijkstra(
            self.graaf,
            directed=False,
            indices=self.virtueel[kies],
            min_only=True,
            limit=limiet_m,
            return_predecessors=True,
        )
        n = len(self.netwerk.xy)
        return afstand, np.where(van >= n, van - n, -1)

    def dichtstbij(self, welke: np.ndarray | None = None, limiet_m: float = np.inf, knopen=None) -> Dichtstbij:
        """One multi-source run: per target the nearest of the chosen sources (``welke``: a mask; None: all).

        ``knopen`` is the answer of :meth:`knoopafstand` for the same ``welke``
        and ``limiet_m`` when the caller already has it (the run is not repeated).
        """
        afstand, van = self.knoopafstand(welke, limiet_m) if knopen is None else knopen
        # csgraph numbers the virtual nodes in the order of the snapped sources: map back to source indices.
        bron_van_knoop = np.full(len(afstand), -1, dtype=np.int64)
        geldig = van >= 0
        bron_van_knoop[geldig] = np.flatnonzero(self.bron.gelukt)[van[geldig]]
        uit = np.full(len(self.doel.rand), np.inf)
        welke_bron = np.full(len(self.doel.rand), -1, dtype=np.int64)
        j = np.flatnonzero(self.doel.gelukt)
        net, doel = self.netwerk, self.doel
        rand, t = doel.rand[j], doel.fractie[j]
        via_van = afstand[net.van[rand]] + t * net.lengte[rand]
        via_naar = afstand[net.naar[rand]] + (1 - t) * net.lengte[rand]
        naar_kant = via_naar < via_van
        uit[j] = np.where(naar_kant, via_naar, via_van) + doel.afstand[j]
        welke_bron[j] = np.where(naar_kant, bron_van_knoop[net.naar[rand]], bron_van_knoop[net.van[rand]])
        self._direct(uit, welke_bron, welke)
        te_ver = uit > limiet_m
        uit[te_ver], welke_bron[te_ver] = np.inf, -1
        return Dichtstbij(uit, welke_bron)

    def _direct(self, uit: np.ndarray, welke_bron: np.ndarray, welke: np.ndarray | None) -> None:
        """Lower ``uit`` where a chosen source on the target's own edge is nearer along that edge."""
        pd_, pb, afstand = self._paren
        if welke is not None:
            houd = welke[pb]
            pd_, pb, afstand = pd_[houd], pb[houd], afstand[houd]
        if not len(pd_):
            return
        volgorde = np.lexsort((afstand, pd_))
        pd_, pb, afstand = pd_[volgorde], pb[volgorde], afstand[volgorde]
        eerste = np.r_[True, pd_[1:] != pd_[:-1]]
        pd_, pb, afstand = pd_[eerste], pb[eerste], afstand[eerste]
        beter = afstand < uit[pd_]
        uit[pd_[beter]], welke_bron[pd_[beter]] = afstand[beter], pb[beter]


def naar_dichtstbijzijnde(
    netwerk: Netwerk, bronnen: np.ndarray, doelen: np.ndarray, max_snap_m: float, limiet_m: float
) -> tuple[np.ndarray, Snap, Snap]:
    """Walking metres from each target to its nearest source (inf beyond ``limiet_m`` or when not snapped).

    Returns the distances and both snaps (their ``gelukt`` flags the points that could not reach the network).
    """
    routes = Looproutes(netwerk, bronnen, doelen, max_snap_m)
    return routes.dichtstbij(limiet_m=limiet_m).afstand, routes.bron, routes.doel
