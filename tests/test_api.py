"""/api/v1/gebieden on both backends: valid GeoJSON in EPSG:4326 that covers the gemeente."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import shape

from wijkkaart import create_app
from wijkkaart.diensten import gebieden as services
from wijkkaart.kern.kerncijfers import KERNCIJFERS

from .helpers import load_haarlem


@pytest.fixture
def client(database_url, shared_data):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    engine = app.extensions["wijkkaart.engine"]
    load_haarlem(engine, shared_data)
    services.import_cbs(engine, shared_data / "GM0406_huizen_cbs_2024.gpkg")
    return app.test_client()


def _features(client, **params):
    response = client.get("/api/v1/gebieden", query_string=params)
    assert response.status_code == 200, response.json
    assert response.mimetype == "application/geo+json"
    data = response.json
    assert data["type"] == "FeatureCollection"
    return data


@pytest.mark.parametrize("zoom", [None, 12, 15])
def test_buurten_are_valid_geojson_in_wgs84_covering_the_gemeente(client, shared_data, zoom):
    params = {"gemeente": "GM0392", "niveau": "buurt"} | ({"zoom": zoom} if zoom else {})
    data = _features(client, **params)
    geoms = [shape(f["geometry"]) for f in data["features"]]
    assert len(geoms) == 111
    assert len({f["id"] for f in data["features"]}) == 111
    for f, geom in zip(data["features"], geoms, strict=True):
        assert f["geometry"]["type"] == "MultiPolygon" and geom.is_valid
        minx, miny, maxx, maxy = geom.bounds
        assert 4.5 < minx < maxx < 4.8 and 52.3 < miny < maxy < 52.45  # lon/lat order, Haarlem
    rd = gpd.GeoSeries(geoms, crs=4326).to_crs(28992)
    union = shapely.union_all(rd.values)
    # Topology kept: no overlaps (areas add up to the union) and no new gaps.
    assert rd.area.sum() == pytest.approx(union.area, rel=1e-4)
    source = gpd.read_file(shared_data / "GM0392_haarlem_buurten_2019.gpkg").to_crs(28992)
    source_union = shapely.union_all(source.geometry.values)
    assert union.symmetric_difference(source_union).area / source_union.area < 0.01
    gemeente = gpd.read_file(shared_data / "GM0392_haarlem_cbs_2024.gpkg", layer="gemeenten").geometry.iloc[0]
    assert union.intersection(gemeente).area / gemeente.area > 0.97


def test_zoom_out_sends_fewer_vertices(client):
    counts = {}
    for zoom in (10, 16):
        data = _features(client, gemeente="GM0392", niveau="buurt", zoom=zoom)
        counts[zoom] = sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in data["features"])
    assert counts[10] < counts[16]


def test_unknown_values_are_null_never_numbers(client):
    data = _features(client, gemeente="GM0392", niveau="buurt", velden="inwoners")
    inwoners = [f["properties"]["inwoners"] for f in data["features"]]
    assert inwoners.count(None) == 4 and all(v is None or v >= 0 for v in inwoners)


def test_water_only_parts_only_on_request(client):
    assert len(_features(client, gemeente="GM0406", niveau="gemeente")["features"]) == 1
    both = _features(client, gemeente="GM0406", niveau="gemeente", water=1)["features"]
    assert sorted(f["properties"]["water"] for f in both) == [False, True]


@pytest.mark.parametrize(
    "params,status,fout",
    [
        ({}, 400, "gemeente"),
        ({"gemeente": "Haarlem"}, 400, "GM-code"),
        ({"gemeente": "GM0392", "niveau": "straat"}, 400, "niveau"),
        ({"gemeente": "GM0392", "zoom": "99"}, 400, "zoom"),
        ({"gemeente": "GM0999"}, 404, "geen buurten van GM0999"),
    ],
)
def test_bad_requests_get_a_json_error(client, params, status, fout):
    response = client.get("/api/v1/gebieden", query_string=params)
    assert response.status_code == status
    assert fout in response.json["fout"]


def test_features_carry_only_the_figures_asked_for(client):
    identiteit = {"code", "naam", "niveau", "jaar", "kerncijfers_jaar", "gemeentecode", "wijkcode", "water"}
    kaal = _features(client, gemeente="GM0392", niveau="buurt", zoom=13)
    assert set(kaal["features"][0]["properties"]) == identiteit
    # A percentage comes with whether the buurt has too few inwoners for it (the map greys those).
    twee = _features(client, gemeente="GM0392", niveau="buurt", zoom=13, velden="pct_65_plus,inwoners")
    assert set(twee["features"][0]["properties"]) == identiteit | {"pct_65_plus", "inwoners", "weinig_inwoners"}
    for f in twee["features"]:
        inwoners = f["properties"]["inwoners"]
        assert f["properties"]["weinig_inwoners"] is (inwoners is not None and inwoners < 100)
    assert any(f["properties"]["weinig_inwoners"] for f in twee["features"])
    aantal = _features(client, gemeente="GM0392", niveau="buurt", zoom=13, velden="inwoners")
    assert set(aantal["features"][0]["properties"]) == identiteit | {"inwoners"}
    alle = _features(client, gemeente="GM0392", niveau="buurt", zoom=13, velden="alle")
    assert set(alle["features"][0]["properties"]) == identiteit | {k.naam for k in KERNCIJFERS} | {"weinig_inwoners"}
    groottes = {
        naam: len(client.get("/api/v1/gebieden", query_string={"gemeente": "GM0392", "zoom": 13, **v}).data)
        for naam, v in (("kaal", {}), ("alle", {"velden": "alle"}))
    }
    assert groottes["kaal"] < 0.6 * groottes["alle"]
    fout = client.get("/api/v1/gebieden?gemeente=GM0392&velden=inwoners,bestaatniet")
    assert fout.status_code == 400 and "bestaatniet" in fout.json["fout"]
