"""Hand-made OpenStreetMap extracts (.osm.pbf) with known walking distances, written with pyosmium.

Coordinates are given in RD New metres around an origin in Haarlem, so a
test can say "a canal 300 m wide with one bridge 550 m east" and know the
answer; the file holds WGS84 as every OSM extract does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import osmium
import osmium.osm.mutable as mutable

from wijkkaart.kern.crs import naar_wgs84

#: The origin of the test coordinates (RD New): a point in Haarlem.
OORSPRONG = (104000.0, 488000.0)
TIJD = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


class Extract:
    """Collects nodes (by RD offset, one per place) and ways, and writes them as a PBF file."""

    def __init__(self, oorsprong: tuple[float, float] = OORSPRONG):
        self.oorsprong = oorsprong
        self.knopen: dict[tuple[float, float], int] = {}
        self.wegen: list[tuple[list[int], dict[str, str]]] = []

    def knoop(self, x: float, y: float) -> int:
        """The node at offset (x, y) metres from the origin (made once)."""
        return self.knopen.setdefault((x, y), len(self.knopen) + 1)

    def weg(self, punten: list[tuple[float, float]], **tags: str) -> Extract:
        """A way through the points (offsets in metres) with OSM tags."""
        self.wegen.append(([self.knoop(x, y) for x, y in punten], tags))
        return self

    def schrijf(self, pad: Path) -> Path:
        """Write the extract to ``pad`` (replacing it)."""
        pad = Path(pad)
        pad.unlink(missing_ok=True)
        with osmium.SimpleWriter(str(pad)) as w:
            for (x, y), nummer in sorted(self.knopen.items(), key=lambda kv: kv[1]):
                lon, lat = naar_wgs84(self.oorsprong[0] + x, self.oorsprong[1] + y)
                w.add_node(mutable.Node(id=nummer, location=(lon, lat), version=1, timestamp=TIJD, changeset=1))
            for i, (knopen, tags) in enumerate(self.wegen, start=1):
                w.add_way(mutable.Way(id=i, nodes=knopen, tags=tags, version=1, timestamp=TIJD, changeset=1))
        return pad


def rd(x: float, y: float, oorsprong: tuple[float, float] = OORSPRONG) -> tuple[float, float]:
    """The RD New coordinates of an offset from the origin."""
    return oorsprong[0] + x, oorsprong[1] + y


def gracht_met_een_brug(oorsprong: tuple[float, float] = OORSPRONG) -> Extract:
    """Two streets along a canal 300 m apart, joined by one bridge at x = 1000, and ways a pedestrian may not use.

    From (450, 0) to (450, 300) is 300 m straight and 550 + 300 + 550 = 1,400 m
    on foot. The ways across the canal at x = 200 (cycle bridge, ``foot=no``),
    300 (private footbridge), 450 (motorway) and 600 (ferry) must not count.
    """
    e = Extract(oorsprong)
    e.weg([(0, 0), (450, 0), (1000, 0)], highway="residential", name="Zuidkade")
    e.weg([(0, 300), (450, 300), (1000, 300)], highway="residential", name="Noordkade")
    e.weg([(1000, 0), (1000, 300)], highway="footway", bridge="yes", name="Brug")
    e.weg([(200, 0), (200, 300)], highway="cycleway", foot="no", bridge="yes")
    e.weg([(300, 0), (300, 300)], highway="footway", access="private", bridge="yes")
    e.weg([(450, -500), (450, 0), (450, 300), (450, 800)], highway="motorway", ref="A9")
    e.weg([(600, 0), (600, 300)], route="ferry", name="Pont")
    return e


def stad_met_rivier(
    oorsprong: tuple[float, float], breedte_m: float, hoogte_m: float, stap: float = 100.0, brug_elke_m: float = 1000.0
) -> Extract:
    """A street grid with a river down the middle that only a bridge every ``brug_elke_m`` crosses.

    Streets run every ``stap`` metres east–west and north–south; the east–west
    streets stop at the river (x = ``breedte_m / 2``) except where a bridge is.
    A motorway runs along the river's west bank without any exit: it must not
    serve as a path.
    """
    e = Extract(oorsprong)
    rivier = round(breedte_m / 2 / stap) * stap
    xs = [i * stap for i in range(int(breedte_m // stap) + 1)]
    ys = [j * stap for j in range(int(hoogte_m // stap) + 1)]
    for x in xs:
        e.weg([(x, y) for y in ys], highway="residential")
    for y in ys:
        brug = round(y) % round(brug_elke_m) == 0
        if brug:
            e.weg([(x, y) for x in xs], highway="residential")
        else:
            e.weg([(x, y) for x in xs if x <= rivier - stap], highway="residential")
            e.weg([(x, y) for x in xs if x >= rivier], highway="residential")
    e.weg([(rivier - stap / 2, ys[0]), (rivier - stap / 2, ys[-1])], highway="motorway")
    return e


def netwerk_over_haarlem(app, tmp: Path) -> None:
    """Import a street grid with a river over all of Haarlem (plus 500 m) into the app's database."""
    from sqlalchemy.orm import Session

    from wijkkaart.opslag.netwerk import gemeentegebieden

    from .helpers import wijkkaart_cli

    engine = app.extensions["wijkkaart.engine"]
    with Session(engine) as s:
        minx, miny, maxx, maxy = gemeentegebieden(s, ["GM0392"])["GM0392"].bounds
    pad = stad_met_rivier((minx - 500, miny - 500), maxx - minx + 1000, maxy - miny + 1000).schrijf(
        Path(tmp) / "haarlem_rooster.osm.pbf"
    )
    uit = wijkkaart_cli("--database", app.config["DATABASE_URL"], "netwerk", "import", str(pad))
    assert uit.returncode == 0, uit.stderr
