"""OGC API Features: each collection as a frame made by the use-cases the map uses, kept per data version.

Aanbod and locaties come from the same GeoJSON as the map's layers
(:mod:`wijkkaart.uitvoer.kaartlagen`): archived rows are left out, a masked
address is a point in its buurt without a street, contact details only with
consent. Gebieden are the newest jaargang per gemeente, land only; gaten the
gap analysis with the method's default settings over every gemeente with
buurten. A frame is kept per data version and language (the labels it
carries), so paging through a collection reads the database once.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from sqlalchemy.engine import Engine

from ..kern import taal
from ..kern.filters import GatenFilter
from ..kern.fouten import BestaatNiet
from ..kern.kerncijfers import KERNCIJFERS
from ..opslag import gebieden as opslag_gebieden
from ..opslag.engine import lezen
from ..uitvoer import gatentabel, kaartlagen
from ..uitvoer.kaartdata import EIGENSCHAPPEN
from ..uitvoer.ogc import bevraging, collecties
from ..uitvoer.ogc.collecties import COLLECTIES
from . import gaten, resultaatcache
from .resultaatcache import Cache

#: What the map's point layers carry that does not belong in a dataset: the layer name, and "open"
#: (true at the moment the frame was made, which a kept frame would report long after).
WEGLATEN = ("laag", "open")


def _leeg() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"geometry": []}, geometry="geometry", crs="OGC:CRS84")


def _punten(geojson: dict, sleutel: str) -> gpd.GeoDataFrame:
    features = geojson["features"]
    if not features:
        return _leeg()
    frame = gpd.GeoDataFrame.from_features(features, crs="OGC:CRS84")
    frame.index = pd.Index([f["id"] for f in features], name=sleutel)
    frame = frame.drop(columns=[k for k in WEGLATEN if k in frame])
    return frame[[*(k for k in frame.columns if k != "geometry"), "geometry"]]


def _gebieden(engine: Engine, niveau: str) -> gpd.GeoDataFrame:
    with lezen(engine) as session:
        frame = opslag_gebieden.gebieden_frame(session, None, niveau)
    if frame.empty:
        return _leeg()
    kolommen = [k for k in EIGENSCHAPPEN if k != "water"] + [k.naam for k in KERNCIJFERS if k.naam in frame]
    if niveau == "gemeente":
        kolommen.remove("wijkcode")
    uit = gpd.GeoDataFrame(frame[kolommen], geometry=frame.geometry, crs=frame.crs).to_crs("OGC:CRS84")
    uit.index = pd.Index(uit["code"].astype(str), name="code")
    return uit


def _gaten(engine: Engine, cache: Cache | None) -> gpd.GeoDataFrame:
    try:
        analyse_ = gaten.analyse(engine, ["ALLE"], GatenFilter(), cache=cache)
    except BestaatNiet:
        return _leeg()
    t = gatentabel.tabel(analyse_, met_geometrie=True).to_crs("OGC:CRS84")
    t["peildatum"] = analyse_.peildatum.isoformat()
    t.index = pd.Index(t["code"].astype(str), name="code")
    return t


def _maak(engine: Engine, collectie: str, cache: Cache | None) -> gpd.GeoDataFrame:
    if collectie in ("gemeenten", "wijken", "buurten"):
        return _gebieden(engine, collectie[:-2] if collectie != "gemeenten" else "gemeente")
    if collectie == "gaten":
        return _gaten(engine, cache)
    with lezen(engine) as session:
        if collectie == "aanbod":
            return _punten(kaartlagen.aanbod_geojson(session, kaartlagen.Filter()), "id")
        return _punten(kaartlagen.locaties_geojson(session, kaartlagen.Filter()), "id")


def frame(engine: Engine, collectie: str, cache: Cache | None = None) -> gpd.GeoDataFrame:
    """The whole collection in CRS84, indexed by feature id, kept per data version and language.

    Raises
    ------
    BestaatNiet
        For a collection id this API does not serve.
    """
    if collectie not in COLLECTIES:
        raise BestaatNiet(f"collectie {collectie!r} bestaat niet; zie /ogc/collections")
    return resultaatcache.per_gegevensversie(
        cache, engine, "ogc", lambda: _maak(engine, collectie, cache), collectie=collectie, taal=taal.actief()
    )


def eigenschappen(engine: Engine, collectie: str, cache: Cache | None = None) -> dict[str, dict]:
    """The JSON Schema of each property of a collection (its queryables, lists included)."""
    return collecties.eigenschappen(frame(engine, collectie, cache))


def omvang(engine: Engine, collectie: str, cache: Cache | None = None) -> tuple[float, float, float, float] | None:
    """The collection's bounding box in CRS84, or None when it is empty."""
    f = frame(engine, collectie, cache)
    if f.empty:
        return None
    return tuple(round(float(v), 6) for v in f.total_bounds)


def items(engine: Engine, collectie: str, parameters: dict[str, str], cache: Cache | None = None):
    """One page of a collection for an items request's query parameters.

    Raises
    ------
    OngeldigeVraag
        When a parameter is malformed or unknown (the message names it).
    """
    f = frame(engine, collectie, cache)
    queryables = {k: v for k, v in collecties.eigenschappen(f).items() if v.get("type") != "array"}
    vraag = bevraging.lees_vraag(parameters, queryables)
    return vraag, bevraging.pagina(f, vraag)


def item(engine: Engine, collectie: str, fid: str, crs: str | None, cache: Cache | None = None) -> dict:
    """One feature by id, in ``crs`` (CRS84 when None).

    Raises
    ------
    BestaatNiet
        When the collection holds no feature with that id.
    """
    f = frame(engine, collectie, cache)
    if fid not in f.index:
        raise BestaatNiet(f"{collectie}: geen object met id {fid!r}")
    doel = bevraging.lees_vraag({"crs": crs} if crs else {}, {}).crs
    return bevraging.als_features(f.loc[[fid]], doel)[0]
