"""One items request on a collection: read its parameters, then bbox, property equality, CQL2 filter and paging.

A collection arrives as a GeoDataFrame in CRS84 (longitude, latitude) whose
index is the feature id. Everything here works on that frame in memory, so
the same request gives the same answer on SpatiaLite and PostGIS, and no
value from the query string ever reaches SQL.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pygeofilter import ast
from pygeofilter.backends.geopandas.evaluate import to_filter
from pygeofilter.parsers.cql2_json import parse as parse_cql2_json
from pygeofilter.parsers.cql2_text import parse as parse_cql2_text
from pyproj import Transformer

from ...kern.fouten import OngeldigeVraag
from . import CRS84, CRS_EPSG, DECIMALEN, MAX_LIMIET, STANDAARD_LIMIET

#: Query parameters every items request may carry besides a queryable's name.
VASTE_PARAMETERS = frozenset(
    {"f", "limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "filter-crs"}
)
FILTERTALEN = ("cql2-text", "cql2-json")
#: Properties a filter may name besides the collection's scalar properties.
GEOMETRIE = "geometry"


@dataclass
class Vraag:
    """What an items request asks for, checked."""

    limit: int = STANDAARD_LIMIET
    offset: int = 0
    bbox: tuple[float, float, float, float] | None = None
    bbox_crs: str = CRS84
    crs: str = CRS84
    filter: ast.Node | None = None
    filter_crs: str = CRS84
    #: Queryable name → value (typed) that a feature's property must equal.
    gelijk: dict[str, object] = field(default_factory=dict)


@dataclass
class Pagina:
    """One page of features, how many matched in all, and where the next and previous pages start."""

    features: list[dict]
    gevonden: int
    volgende: int | None
    vorige: int | None


def _geheel(naam: str, waarde: str, laagste: int) -> int:
    if not waarde.strip().isdigit() or int(waarde) < laagste:
        raise OngeldigeVraag(f"parameter {naam} moet een geheel getal van minstens {laagste} zijn, niet {waarde!r}")
    return int(waarde)


def lees_crs(naam: str, waarde: str | None) -> str:
    """The CRS URI a parameter names (CRS84 when absent); :class:`OngeldigeVraag` for one this API does not offer."""
    if waarde is None:
        return CRS84
    waarde = waarde.strip().strip("[]")
    if waarde not in CRS_EPSG:
        raise OngeldigeVraag(f"parameter {naam}: onbekend CRS {waarde!r}; bekend zijn {', '.join(CRS_EPSG)}")
    return waarde


def _bbox(waarde: str) -> tuple[float, float, float, float]:
    try:
        getallen = [float(d) for d in waarde.split(",")]
    except ValueError:
        raise OngeldigeVraag(f"parameter bbox moet vier getallen met komma's zijn, niet {waarde!r}") from None
    if len(getallen) == 6:
        # Three dimensions: wijkkaart's features are flat, so height does not select.
        getallen = [getallen[0], getallen[1], getallen[3], getallen[4]]
    if len(getallen) != 4 or not all(math.isfinite(g) for g in getallen):
        raise OngeldigeVraag(f"parameter bbox moet vier getallen met komma's zijn, niet {waarde!r}")
    minx, miny, maxx, maxy = getallen
    if miny > maxy:
        raise OngeldigeVraag("parameter bbox: de onderrand ligt boven de bovenrand")
    return minx, miny, maxx, maxy


def _waarde(naam: str, tekst: str, schema: dict) -> object:
    soort = schema.get("type")
    try:
        if soort == "integer":
            return int(tekst)
        if soort == "number":
            return float(tekst)
    except ValueError:
        raise OngeldigeVraag(f"parameter {naam} moet een getal zijn, niet {tekst!r}") from None
    if soort == "boolean":
        if tekst.lower() not in ("true", "false"):
            raise OngeldigeVraag(f"parameter {naam} moet true of false zijn, niet {tekst!r}")
        return tekst.lower() == "true"
    return tekst


def _knopen(knoop):
    yield knoop
    if isinstance(knoop, ast.Node):
        for sub in knoop.get_sub_nodes():
            yield from _knopen(sub)


def lees_filter(tekst: str, taal: str, queryables: Mapping[str, dict]) -> ast.Node:
    """Parse a CQL2 filter and check that it names only queryables and no functions."""
    if taal not in FILTERTALEN:
        raise OngeldigeVraag(f"parameter filter-lang moet {' of '.join(FILTERTALEN)} zijn, niet {taal!r}")
    try:
        boom = parse_cql2_text(tekst) if taal == "cql2-text" else parse_cql2_json(json.loads(tekst))
    except Exception as exc:  # lark and json raise many kinds; the client needs only the first line
        eerste = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OngeldigeVraag(f"parameter filter is geen geldige {taal}: {eerste}") from None
    for knoop in _knopen(boom):
        if isinstance(knoop, ast.Attribute) and knoop.name != GEOMETRIE and knoop.name not in queryables:
            raise OngeldigeVraag(
                f"parameter filter: {knoop.name!r} is geen queryable; zie /queryables van deze collectie"
            )
        if isinstance(knoop, ast.Function):
            raise OngeldigeVraag(f"parameter filter: functie {knoop.name!r} wordt niet ondersteund")
    return boom


def lees_vraag(parameters: Mapping[str, str], queryables: Mapping[str, dict]) -> Vraag:
    """Check an items request's query parameters against the collection's queryables.

    Raises
    ------
    OngeldigeVraag
        Naming the parameter, for a malformed value or a parameter the API does not define.
    """
    onbekend = [p for p in parameters if p not in VASTE_PARAMETERS and p not in queryables]
    if onbekend:
        raise OngeldigeVraag(f"onbekende parameter {onbekend[0]!r}; zie het API-document (/ogc/api)")
    vraag = Vraag(
        bbox_crs=lees_crs("bbox-crs", parameters.get("bbox-crs")),
        crs=lees_crs("crs", parameters.get("crs")),
        filter_crs=lees_crs("filter-crs", parameters.get("filter-crs")),
    )
    if parameters.get("limit"):
        # A larger limit is not an error (Part 1, /req/core/fc-limit-response-1): the maximum applies.
        vraag.limit = min(_geheel("limit", parameters["limit"], 1), MAX_LIMIET)
    if parameters.get("offset"):
        vraag.offset = _geheel("offset", parameters["offset"], 0)
    if parameters.get("bbox"):
        vraag.bbox = _bbox(parameters["bbox"])
    if parameters.get("datetime"):
        _lees_datetime(parameters["datetime"])
    if parameters.get("filter"):
        vraag.filter = lees_filter(parameters["filter"], parameters.get("filter-lang", "cql2-text"), queryables)
    for naam, schema in queryables.items():
        if naam in parameters and schema.get("type") in ("string", "integer", "number", "boolean"):
            vraag.gelijk[naam] = _waarde(naam, parameters[naam], schema)
    return vraag


def _lees_datetime(waarde: str) -> None:
    # Checked so a typo is an error; no collection has a time of its own, so a valid value selects everything.
    for deel in waarde.split("/"):
        if deel in ("..", ""):
            continue
        try:
            dt.datetime.fromisoformat(deel.replace("Z", "+00:00"))
        except ValueError:
            raise OngeldigeVraag(f"parameter datetime is geen RFC 3339-tijd of -interval: {waarde!r}") from None


def _naar(crs: str):
    return Transformer.from_crs(CRS_EPSG[crs], "OGC:CRS84", always_xy=True)


def selecteer(frame: gpd.GeoDataFrame, vraag: Vraag) -> tuple[gpd.GeoDataFrame, int]:
    """The features of ``frame`` the request selects, one page of them, and how many matched in all."""
    deel = frame
    if vraag.bbox is not None:
        kader = vraag.bbox
        if vraag.bbox_crs != CRS84:
            kader = _naar(vraag.bbox_crs).transform_bounds(*kader)
        rijen = deel.sindex.query(shapely.box(*kader), predicate="intersects")
        deel = deel.iloc[np.sort(rijen)]
    for naam, waarde in vraag.gelijk.items():
        deel = deel[deel[naam] == waarde]
    if vraag.filter is not None and len(deel):
        ruimte = deel if vraag.filter_crs == CRS84 else deel.to_crs(CRS_EPSG[vraag.filter_crs])
        masker = to_filter(ruimte, vraag.filter)
        if not isinstance(masker, pd.Series):
            # A filter without properties (INCLUDE, 1 = 1) is one truth for every feature.
            masker = pd.Series(bool(masker), index=ruimte.index)
        deel = deel[masker.fillna(False).astype(bool).to_numpy()]
    return deel.iloc[vraag.offset : vraag.offset + vraag.limit], len(deel)


def als_features(deel: gpd.GeoDataFrame, crs: str) -> list[dict]:
    """GeoJSON features of a page in ``crs``, coordinates rounded to what the data can tell."""
    if deel.empty:
        return []
    if crs != CRS84:
        deel = deel.to_crs(CRS_EPSG[crs])
    decimalen = DECIMALEN[crs]
    geometrie = shapely.transform(deel.geometry.to_numpy(), lambda xy: np.round(xy, decimalen))
    eigenschappen = deel.drop(columns=deel.geometry.name)
    eigenschappen = eigenschappen.astype(object).where(eigenschappen.notna(), None).to_dict("records")
    return [
        {
            "type": "Feature",
            "id": fid,
            "geometry": shapely.geometry.mapping(geom) if geom is not None else None,
            "properties": props,
        }
        for fid, geom, props in zip(deel.index, geometrie, eigenschappen, strict=True)
    ]


def pagina(frame: gpd.GeoDataFrame, vraag: Vraag) -> Pagina:
    """The page of features the request asks for, with the offsets of the pages around it."""
    deel, gevonden = selecteer(frame, vraag)
    einde = vraag.offset + len(deel)
    return Pagina(
        features=als_features(deel, vraag.crs),
        gevonden=gevonden,
        volgende=einde if einde < gevonden else None,
        vorige=max(vraag.offset - vraag.limit, 0) if vraag.offset > 0 else None,
    )
