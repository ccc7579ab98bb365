"""``wijkkaart netwerk import`` and the gap analysis over the walking network, on hand-made OpenStreetMap extracts.

The extract (tests/osmbouw.py) is a canal 300 m wide in Haarlem with one
bridge: from the south quay to the north quay is 300 m in a straight line and
1,400 m on foot. A motorway, a private footbridge, a cycle bridge with
``foot=no`` and a ferry also cross it; none of them may count.
"""

from __future__ import annotations

import datetime as dt
import re

import geopandas as gpd
import numpy as np
import pytest
import shapely
from sqlalchemy import text

from wijkkaart.diensten import netwerk as netwerk_diensten
from wijkkaart.gaten import Instellingen, analyseer
from wijkkaart.gaten.netwerk import naar_dichtstbijzijnde
from wijkkaart.opslag.engine import make_engine

from .helpers import load_haarlem, wijkkaart_cli
from .osmbouw import Extract, gracht_met_een_brug, rd

PEIL = dt.date(2026, 11, 23)


@pytest.fixture
def haarlem(database_url, shared_data):
    engine = make_engine(database_url)
    load_haarlem(engine, shared_data)
    yield database_url, engine
    engine.dispose()


def netwerk_rijen(engine) -> dict[str, list]:
    """Everything the three network tables hold (geometry as WKB), to compare before and after."""
    with engine.connect() as c:
        return {
            "looppadnetwerk": c.execute(
                text("SELECT gemeentecode, bron, randen, knopen FROM looppadnetwerk ORDER BY 1")
            ).all(),
            "looppad": c.execute(
                text(
                    "SELECT gemeentecode, osm_id, van, naar, soort, lengte_m, ST_AsBinary(geom) "
                    "FROM looppad ORDER BY 1, 2, 3, 4"
                )
            ).all(),
            "looppad_knoop": c.execute(text("SELECT gemeentecode, osm_id FROM looppad_knoop ORDER BY 1, 2")).all(),
        }


def test_import_keeps_only_walkable_ways_and_the_walk_goes_over_the_bridge(haarlem, tmp_path):
    url, engine = haarlem
    pad = gracht_met_een_brug().schrijf(tmp_path / "gracht.osm.pbf")
    uit = wijkkaart_cli("--database", url, "netwerk", "import", str(pad))
    assert uit.returncode == 0, uit.stderr
    assert "GM0392: 5 looppaden, 2,3 km, 6 knopen; 100% van de lengte hangt samen" in uit.stdout
    assert "niet beloopbaar (weggelaten): 5 (motorway 3, cycleway 1, footway 1)" in uit.stdout
    rijen = netwerk_rijen(engine)
    assert {r.soort for r in rijen["looppad"]} == {"residential", "footway"}
    assert len(rijen["looppad"]) == 5 and len(rijen["looppad_knoop"]) == 6
    assert sum(r.lengte_m for r in rijen["looppad"]) == pytest.approx(2300, abs=0.1)

    netwerk = netwerk_diensten.netwerk_van(engine, ["GM0392"])
    zuid, noord = np.array([rd(450, 0)]), np.array([rd(450, 300)])
    afstand, *_ = naar_dichtstbijzijnde(netwerk, noord, zuid, max_snap_m=250, limiet_m=5000)
    assert afstand[0] == pytest.approx(1400, abs=0.1)
    assert shapely.distance(shapely.Point(*zuid[0]), shapely.Point(*noord[0])) == pytest.approx(300)

    # Importing again replaces the gemeente's network: nothing doubles.
    opnieuw = wijkkaart_cli("--database", url, "netwerk", "import", str(pad), "--gemeente", "GM0392")
    assert opnieuw.returncode == 0, opnieuw.stderr
    assert netwerk_rijen(engine)["looppad"] == rijen["looppad"]
    status = wijkkaart_cli("--database", url, "netwerk", "status")
    assert status.stdout.startswith("GM0392: 5 looppaden, 2,3 km uit gracht.osm.pbf, geïmporteerd ")


def test_a_failed_import_leaves_the_network_as_it_was(haarlem, tmp_path):
    url, engine = haarlem
    goed = gracht_met_een_brug().schrijf(tmp_path / "gracht.osm.pbf")
    assert wijkkaart_cli("--database", url, "netwerk", "import", str(goed)).returncode == 0
    voor = netwerk_rijen(engine)

    kapot = tmp_path / "kapot.osm.pbf"
    kapot.write_bytes(b"dit is geen extract")
    uit = wijkkaart_cli("--database", url, "netwerk", "import", str(kapot))
    assert uit.returncode == 2
    assert uit.stderr.startswith(f"fout: {kapot}: geen leesbaar OpenStreetMap-extract (.osm.pbf)")
    assert "Traceback" not in uit.stderr

    # Ways far outside Haarlem: nothing for the gemeente asked for, so nothing changes.
    elders = Extract().weg([(90000, 90000), (90500, 90000)], highway="residential").schrijf(tmp_path / "elders.osm.pbf")
    uit = wijkkaart_cli("--database", url, "netwerk", "import", str(elders), "--gemeente", "GM0392")
    assert uit.returncode == 2
    assert uit.stderr.strip() == (
        f"fout: {elders}: geen wegen of paden rond de gemeenten; dekt dit extract het gebied wel?"
    )

    uit = wijkkaart_cli("--database", url, "netwerk", "import", str(goed), "--gemeente", "GM0406")
    assert uit.returncode == 2
    assert "geen buurten geladen voor GM0406" in uit.stderr
    assert wijkkaart_cli("--database", url, "netwerk", "import", str(goed), "--marge", "-5").returncode == 2
    assert netwerk_rijen(engine) == voor


def test_a_loaded_gemeente_the_extract_does_not_reach_is_named_and_keeps_its_network(haarlem, tmp_path, shared_data):
    url, engine = haarlem
    from wijkkaart.diensten import gebieden

    gebieden.import_cbs(engine, shared_data / "GM0406_huizen_cbs_2024.gpkg")
    gebieden.import_cbs(engine, shared_data / "GM0406_huizen_buurten_2019.gpkg")
    uit = wijkkaart_cli("--database", url, "netwerk", "import", str(gracht_met_een_brug().schrijf(tmp_path / "g.pbf")))
    assert uit.returncode == 0, uit.stderr
    assert "geen looppaden in dit bestand voor: GM0406 (niets veranderd)" in uit.stdout
    assert [r.gemeentecode for r in netwerk_rijen(engine)["looppadnetwerk"]] == ["GM0392"]
    # The gap analysis asked to walk in Huizen says what is missing, and how to get it.
    gaps = wijkkaart_cli("--database", url, "gaps", "--gemeente", "GM0406", "--afstand", "netwerk")
    assert gaps.returncode == 2
    assert gaps.stderr.strip() == (
        "fout: geen loopnetwerk geladen voor GM0406; importeer het met wijkkaart netwerk import"
    )
    # auto falls back to a straight line there, and says so.
    gaps = wijkkaart_cli("--database", url, "gaps", "--gemeente", "GM0406", "--top", "1")
    assert gaps.returncode == 0, gaps.stderr
    assert gaps.stderr.startswith("afstanden hemelsbreed (geen loopnetwerk gebruikt)")
    assert gaps.stdout.lstrip().startswith("1. BU0406")


def test_the_gap_command_walks_over_the_network_and_flags_far_woonpunten(haarlem, tmp_path):
    url, _ = haarlem
    pad = gracht_met_een_brug().schrijf(tmp_path / "g.pbf")
    assert wijkkaart_cli("--database", url, "netwerk", "import", str(pad)).returncode == 0
    gaps = wijkkaart_cli("--database", url, "gaps", "--gemeente", "GM0392", "--top", "2")
    assert gaps.returncode == 0, gaps.stderr
    regels = gaps.stderr.splitlines()
    assert regels[0] == (
        "afstanden lopend over het netwerk uit OpenStreetMap (4,5 km/u; punten tot 250 m van een looppad)"
    )
    # The toy network covers a few hundred metres of Haarlem: almost every woonpunt is too far from it,
    # and those that reach it say how far they walk to it.
    assert re.fullmatch(
        r"woonpunten tot het looppad: mediaan \d+ m, hoogstens \d+ m \(telt mee in de wandeling\)", regels[1]
    )
    assert regels[2].endswith("woonpunten liggen te ver van een looppad en zijn hemelsbreed gemeten")
    assert gaps.stdout.splitlines()[-1].endswith("drempel 11 minuten lopen (800 m); 0 aanbod in de analyse)")
    hemelsbreed = wijkkaart_cli("--database", url, "gaps", "--gemeente", "GM0392", "--afstand", "hemelsbreed")
    assert hemelsbreed.stderr.startswith("afstanden hemelsbreed")


def _strook(x: float, y: float, code: str, inwoners: float = 1000.0):
    """A small buurt centred on the offset (x, y), so its centroid is that point."""
    x, y = rd(x, y)
    return {"code": code, "geometry": shapely.box(x - 40, y - 40, x + 40, y + 40), "inwoners": inwoners}


def _analyse(tmp_path, buurten, aanbod_punten, afstand):
    from wijkkaart.gaten.netwerk import Netwerk
    from wijkkaart.invoer.osm.lezen import lees_looppaden

    pad = gracht_met_een_brug().schrijf(tmp_path / "gracht.osm.pbf")
    x0, y0 = rd(-2000, -2000)
    x1, y1 = rd(3000, 3000)
    netwerk = Netwerk.uit_lijnen(lees_looppaden(pad, shapely.box(x0, y0, x1, y1)).randen.geometry.values)
    b = gpd.GeoDataFrame(
        [dict(r, naam=r["code"], wijkcode="WK999900", gemeentecode="GM9999", pct_65_plus=20.0) for r in buurten],
        crs=28992,
    )
    a = gpd.GeoDataFrame(
        {
            "id": range(1, len(aanbod_punten) + 1),
            "naam": [p[2] for p in aanbod_punten],
            "soort": ["buurthuis"] * len(aanbod_punten),
            "themas": [[] for _ in aanbod_punten],
            "openingstijden": ["Mo-Fr 09:00-17:00"] * len(aanbod_punten),
        },
        geometry=[shapely.Point(*rd(p[0], p[1])) for p in aanbod_punten],
        crs=28992,
    )
    ins = Instellingen(methode="centroide", afstand=afstand, peildatum=PEIL, gewichten={"pct_65_plus": 1.0})
    return analyseer(b, a, ins, netwerk=netwerk if afstand != "hemelsbreed" else None)


def test_across_the_canal_is_in_reach_straight_but_a_long_walk_over_the_bridge(tmp_path):
    buurten = [_strook(450, 0, "BU99990001"), _strook(450, 300, "BU99990002"), _strook(450, -600, "BU99990003")]
    aanbod = [(450, 300, "Buurthuis Noordkade"), (450, 2000, "Ver van elk pad")]
    recht = _analyse(tmp_path, buurten, aanbod, "hemelsbreed").buurten.set_index("code")
    lopen_ = _analyse(tmp_path, buurten, aanbod, "netwerk")
    net = lopen_.buurten.set_index("code")

    assert recht.loc["BU99990001", "afstand_m"] == pytest.approx(300, abs=0.5)
    assert recht.loc["BU99990001", "bereik"] == 1.0
    assert net.loc["BU99990001", "afstand_m"] == pytest.approx(1400, abs=0.5)
    assert net.loc["BU99990001", "bereik"] == 0.0
    assert net.loc["BU99990001", "minuten_lopen"] == 19
    assert net.loc["BU99990001", "score"] > recht.loc["BU99990001", "score"]
    assert (
        "dichtstbijzijnde collectief aanbod op gemiddeld 19 minuten lopen (1,4 km)" in net.loc["BU99990001", "uitleg"]
    )
    assert "binnen 11 minuten lopen (800 m)" in net.loc["BU99990002", "uitleg"]
    # 600 m south of the quay and no path nearer than that: flagged, and measured in a straight line.
    assert net.loc["BU99990003", "woonpunten_buiten_netwerk"] == 1
    assert net.loc["BU99990003", "afstand_m"] == pytest.approx(recht.loc["BU99990003", "afstand_m"])
    assert "1 woonpunt ligt te ver van een looppad en is hemelsbreed gemeten" in net.loc["BU99990003", "uitleg"]
    # The aanbod 1.7 km from any way cannot be walked to, and the analysis names it.
    assert list(lopen_.snap.aanbod_op_netwerk) == [True, False]
    from wijkkaart.uitvoer.gatentabel import afstand_regels

    assert afstand_regels(lopen_)[-1] == (
        "1 aanbod ligt te ver van een looppad en telt over het netwerk niet mee: Ver van elk pad"
    )


def test_auto_walks_when_a_network_is_given_and_the_choice_is_kept(tmp_path):
    buurten = [_strook(450, 0, "BU99990001")]
    uit = _analyse(tmp_path, buurten, [(450, 300, "Buurthuis")], "auto")
    assert uit.instellingen.afstand == "netwerk" and uit.lopen
    with pytest.raises(ValueError, match="vraagt om een loopnetwerk"):
        analyseer(uit.buurten[["code", "geometry"]], uit.aanbod, Instellingen(afstand="netwerk"))


def test_the_finder_walks_over_the_bridge(database_url, shared_data, tmp_path):
    from sqlalchemy.orm import Session

    from wijkkaart.kern.crs import naar_rd
    from wijkkaart.uitvoer.vinder import Plek, zoek

    from .helpers import haarlem_met_voorbeeldaanbod, haarlem_punten

    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    try:
        # The canal laid out so that the first example aanbod stands on its north quay, 300 m from the search.
        noordkade = naar_rd(*haarlem_punten(engine, 4, seed=21)[0])
        oorsprong = (noordkade[0] - 450, noordkade[1] - 300)
        pad = gracht_met_een_brug(oorsprong).schrijf(tmp_path / "gracht.osm.pbf")
        assert wijkkaart_cli("--database", database_url, "netwerk", "import", str(pad)).returncode == 0
        plek = Plek("Zuidkade", *rd(450, 0, oorsprong), "adres", "test")
        moment = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
        with Session(engine) as s:
            netwerk = netwerk_diensten.netwerk_rond(s, plek.x, plek.y)
            lopend = zoek(s, plek, moment, straal_m=3000, netwerk=netwerk)
            geschat = zoek(s, plek, moment, straal_m=3000)
        assert lopend.looproutes == "netwerk" and geschat.looproutes == "geschat"
        over_de_brug = [t for t in lopend.treffers if t.loopafstand_m is not None]
        assert over_de_brug, "the aanbod on the north quay is walked to"
        t = min(over_de_brug, key=lambda t: t.afstand_m)
        assert t.afstand_m == pytest.approx(300, abs=1)
        assert t.loopafstand_m == pytest.approx(1400, abs=1) and t.loopminuten == 19
        zelfde = next(g for g in geschat.treffers if g.eigenschappen == t.eigenschappen)
        assert zelfde.loopafstand_m is None and zelfde.loopminuten == 5  # 300 m x 1.3 at 75 m/min
        # Far from the toy network's streets, the other places keep the estimate.
        assert all(x.loopafstand_m is None for x in lopend.treffers if x.eigenschappen != t.eigenschappen)
        with Session(engine) as s:
            assert netwerk_diensten.netwerk_rond(s, *rd(0, 60_000, oorsprong)) is None  # in no loaded gemeente
    finally:
        engine.dispose()
