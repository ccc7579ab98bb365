"""Shapes for the map: overlapping real boundaries are made a valid coverage, so they can be simplified too."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from wijkkaart.uitvoer.kaartdata import als_dekking, als_geojson, tolerantie_voor_zoom, vereenvoudig


def test_two_overlapping_squares_share_one_edge_and_the_smaller_keeps_its_shape():
    groot = shapely.box(0, 0, 100, 100)
    klein = shapely.box(80, 20, 130, 70)  # reaches 20 m into the large one
    uit = als_dekking(np.array([groot, klein], dtype=object))
    assert shapely.coverage_is_valid(uit)
    assert shapely.area(uit[1]) == shapely.area(klein)
    assert shapely.area(uit[0]) == shapely.area(groot) - 20 * 50
    assert shapely.area(shapely.intersection(uit[0], uit[1])) == 0


def test_amsterdams_national_wijken_overlap_and_are_simplified_all_the_same(shared_data):
    wijken = gpd.read_file(shared_data / "nl_wijken_2024_cbs.gpkg", where="gemeentecode = 'GM0363'").to_crs(28992)
    assert len(wijken) > 100 and not shapely.coverage_is_valid(wijken.geometry.values)
    tolerantie = tolerantie_voor_zoom(11)
    vormen, vereenvoudigd = vereenvoudig(wijken.geometry, tolerantie)
    assert vereenvoudigd and shapely.coverage_is_valid(vormen.values)
    # No overlaps left: the areas add up to the area of their union.
    assert abs(vormen.area.sum() - shapely.union_all(vormen.values).area) < 1.0
    # Every wijk stays where it was: at least 85 % of each new shape lies in its old one.
    binnen = shapely.area(shapely.intersection(vormen.values, wijken.geometry.values)) / vormen.area
    assert binnen.min() > 0.85
    # The API says so, and its GeoJSON (WGS84, rounded to 6 decimals) shows no overlap either.
    geojson = als_geojson(wijken.rename(columns={"wijkcode": "code"}), zoom=11, kolommen=["code"])
    assert geojson["wijkkaart"]["tolerantie_m"] == round(tolerantie, 2)
    terug = gpd.GeoSeries([shapely.geometry.shape(f["geometry"]) for f in geojson["features"]], crs=4326).to_crs(28992)
    assert terug.area.sum() - shapely.union_all(terug.values).area < 10.0  # m², over 220 km²
    origineel = wijken.geometry
    assert origineel.area.sum() - shapely.union_all(origineel.values).area > 1_000_000  # it was 1.5 km²
