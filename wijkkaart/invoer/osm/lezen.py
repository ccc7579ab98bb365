"""The walkable ways of an OpenStreetMap extract, clipped to gemeenten plus a margin.

pyrosm reads the file (only the part around the gemeenten) and splits ways
into edges between OSM nodes; which ways count as walkable is decided here,
for Dutch streets (``docs/netwerk.md``):

* footways, paths, steps, pedestrian areas, living streets, residential and
  service streets, tracks, and the larger roads with their pavements
  (unclassified up to primary);
* cycleways too, unless ``foot=no``: in the Netherlands a pedestrian may use
  the cycle path where there is no pavement, and a fietspad is often the only
  way across a park or a canal;
* not motorways and trunk roads (autowegen), nor any way with ``foot=no`` or
  ``foot=use_sidepath``, nor private ways (``access=private|no``) unless
  ``foot`` explicitly allows walking; any other way whose ``foot`` tag allows
  walking is kept;
* ferries are not ways: a pont is left out, so a crossing that only a ferry
  makes is a barrier in the analysis (the documentation says so).

Streets keep their centre line where pavements are mapped as separate ways
as well: the street stands for its pavements, and a missing crossing in the
map cannot cut a neighbourhood in two.
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ...kern.crs import RD_NEW, WGS84
from ...kern.fouten import InvoerFout

LOOPBAAR = frozenset(
    {
        "footway",
        "pedestrian",
        "path",
        "steps",
        "living_street",
        "residential",
        "service",
        "unclassified",
        "tertiary",
        "tertiary_link",
        "secondary",
        "secondary_link",
        "primary",
        "primary_link",
        "track",
        "cycleway",
        "road",
        "crossing",
    }
)
#: ``foot`` values that allow walking, also on a way that would otherwise not count.
VOET_JA = frozenset({"yes", "designated", "permissive", "official"})
VOET_NEE = frozenset({"no", "use_sidepath"})
TOEGANG_NEE = frozenset({"no", "private"})
EXTRA_KENMERKEN = ["foot", "access"]


@dataclass
class Looppaden:
    """The walkable edges (RD New) with their OSM way, end nodes, kind and length; and the nodes they use."""

    randen: gpd.GeoDataFrame
    knopen: gpd.GeoDataFrame
    #: Ways the file holds around the gemeenten, and how many of them were not walkable (per highway kind).
    gelezen: int
    niet_loopbaar: dict[str, int]
    osm_datum: dt.datetime | None


def loopbaar(highway: pd.Series, foot: pd.Series, access: pd.Series) -> np.ndarray:
    """True for the ways a pedestrian may use (the rules of the module text)."""
    h, f, a = (s.fillna("").astype(str).str.strip().str.lower() for s in (highway, foot, access))
    voet_ja = f.isin(VOET_JA)
    soort_ok = h.isin(LOOPBAAR) | voet_ja
    return (soort_ok & ~f.isin(VOET_NEE) & (~a.isin(TOEGANG_NEE) | voet_ja)).to_numpy()


def lees_looppaden(pad: str | Path, gebied_rd: shapely.Geometry, toon_voortgang: bool | None = None) -> Looppaden:
    """Read the walkable edges of ``pad`` that meet ``gebied_rd`` (a polygon in RD New: the gemeenten plus margin).

    Raises
    ------
    InvoerFout
        When the file is missing, is no OpenStreetMap PBF extract, or holds no way around the gemeenten.
    """
    pad = Path(pad)
    if not pad.is_file():
        raise InvoerFout(pad, "bestand bestaat niet")
    kader = gpd.GeoSeries([gebied_rd], crs=RD_NEW).to_crs(WGS84).iloc[0]
    randen = _lees(pad, kader, toon_voortgang)
    if randen is None or randen.empty:
        raise InvoerFout(pad, "geen wegen of paden rond de gemeenten; dekt dit extract het gebied wel?")
    gelezen = len(randen)
    for kolom in ("highway", *EXTRA_KENMERKEN):
        if kolom not in randen:
            randen[kolom] = None
    houd = loopbaar(randen["highway"], randen["foot"], randen["access"])
    niet = randen.loc[~houd, "highway"].fillna("?").value_counts().to_dict()
    randen = randen[houd].to_crs(RD_NEW)
    randen = randen[randen.intersects(gebied_rd)]
    return Looppaden(
        randen=_randen(randen),
        knopen=_knopen(randen),
        gelezen=gelezen,
        niet_loopbaar={str(k): int(v) for k, v in niet.items()},
        osm_datum=_datum(randen),
    )


def _lees(pad: Path, kader, toon_voortgang):
    """Pyrosm's edges of every way within the box around ``kader`` (WGS84), or None when there are none."""
    # pyrosm loads its Cython readers and protobuf: only the network import needs them.
    from pyrosm import OSM  # noqa: PLC0415

    try:
        with warnings.catch_warnings():
            # "Could not find any edges": the caller says that itself, naming the file.
            warnings.simplefilter("ignore", UserWarning)
            # pyrosm's own bar while it reads (on a terminal, unless asked otherwise).
            balk = sys.stderr.isatty() if toon_voortgang is None else toon_voortgang
            osm = OSM(str(pad), bounding_box=kader, progress=balk)
            # Only with its nodes does pyrosm split ways at them and say which two nodes each edge joins (u, v).
            uitkomst = osm.get_network(network_type="all", extra_attributes=EXTRA_KENMERKEN, nodes=True)
    except (OSError, RuntimeError, ValueError, KeyError, IndexError) as exc:
        raise InvoerFout(pad, f"geen leesbaar OpenStreetMap-extract (.osm.pbf): {exc}") from None
    except Exception as exc:  # the protobuf and Cython readers raise their own kinds for a damaged file
        raise InvoerFout(pad, f"geen leesbaar OpenStreetMap-extract (.osm.pbf): {exc.__class__.__name__}") from None
    return None if uitkomst is None or uitkomst[1] is None else uitkomst[1]


def _randen(randen: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geometrie = randen.geometry.values
    return gpd.GeoDataFrame(
        {
            "osm_id": randen["id"].to_numpy(dtype=np.int64),
            "van": randen["u"].to_numpy(dtype=np.int64),
            "naar": randen["v"].to_numpy(dtype=np.int64),
            "soort": randen["highway"].fillna("").astype(str).str.slice(0, 40).to_numpy(),
            "lengte_m": shapely.length(geometrie),
        },
        geometry=geometrie,
        crs=RD_NEW,
    ).reset_index(drop=True)


def _knopen(randen: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each end node once, at the end of the edge that uses it."""
    begin = shapely.get_point(randen.geometry.values, 0)
    eind = shapely.get_point(randen.geometry.values, -1)
    ids = np.concatenate([randen["u"].to_numpy(dtype=np.int64), randen["v"].to_numpy(dtype=np.int64)])
    punten = np.concatenate([begin, eind])
    ids, eerste = np.unique(ids, return_index=True)
    return gpd.GeoDataFrame({"osm_id": ids}, geometry=punten[eerste], crs=RD_NEW)


def _datum(randen: gpd.GeoDataFrame) -> dt.datetime | None:
    if "timestamp" not in randen or randen.empty:
        return None
    tijd = pd.to_numeric(randen["timestamp"], errors="coerce").max()
    return dt.datetime.fromtimestamp(int(tijd), dt.UTC).replace(tzinfo=None) if pd.notna(tijd) and tijd > 0 else None
