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

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Bewaard:
    """A collection as it is kept: its features, the JSON Schema of their properties, and its extent in CRS84."""

    frame: gpd.GeoDataFrame
    eigenschappen: dict[str, dict]
    omvang: tuple[float, float, float, float] | None


def _bewaar(f: gpd.GeoDataFrame) -> Bewaard:
    # The schema reads every value of every text column: once per data version, not per page.
    omvang = None if f.empty else tuple(round(float(v), 6) for v in f.total_bounds)
    return Bewaard(f, collecties.eigenschappen(f), omvang)


def bewaard(engine: Engine, collectie: str, cache: Cache | None = None) -> Bewaard:
    """The whole collection in CRS84 (indexed by feature id) with its schema and extent, kept per data version and language.

    Raises
    ------
    BestaatNiet
        For a collection id this API does not serve.
    """
    if collectie not in COLLECTIES:
        raise BestaatNiet(f"collectie {collectie!r} bestaat niet; zie /ogc/collections")
    return resultaatcache.per_gegevensversie(
        cache,
        engine,
        "ogc",
        lambda: _bewaar(_maak(engine, collectie, cache)),
        collectie=collectie,
        taal=taal.actief(),
    )


def items(engine: Engine, collectie: str, parameters: dict[str, str], cache: Cache | None = None):
    """One page of a collection for an items request's query parameters.

    Raises
    ------
    OngeldigeVraag
        When a parameter is malformed or unknown (the message names it).
    """
    b = bewaard(engine, collectie, cache)
    vraag = bevraging.lees_vraag(parameters, collecties.queryables(b.eigenschappen))
    return vraag, bevraging.pagina(b.frame, vraag)


def item(engine: Engine, collectie: str, fid: str, crs: str, cache: Cache | None = None) -> dict:
    """One feature by id, in ``crs`` (a URI :func:`~wijkkaart.uitvoer.ogc.bevraging.lees_crs` read).

    Raises
    ------
    BestaatNiet
        When the collection holds no feature with that id.
    """
    f = bewaard(engine, collectie, cache).frame
    if fid not in f.index:
        raise BestaatNiet(f"{collectie}: geen object met id {fid!r}")
    return bevraging.als_features(f.loc[[fid]], crs)[0]
