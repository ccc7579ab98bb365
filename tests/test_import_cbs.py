"""Importing real CBS files, on SpatiaLite and PostGIS."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import Polygon
from sqlalchemy import func, select, text

from wijkkaart.diensten import gebieden as services
from wijkkaart.kern.kerncijfers import KERNCIJFERS
from wijkkaart.opslag.engine import is_sqlite, transaction
from wijkkaart.opslag.gebieden import gebieden_frame
from wijkkaart.opslag.tabellen.gebied import Gebied

from .conftest import dump
from .helpers import file_counts


def _counts(engine, gemeente, jaar=None):
    with transaction(engine) as s:
        stmt = select(Gebied.niveau, func.count()).where(Gebied.gemeentecode == gemeente)
        if jaar:
            stmt = stmt.where(Gebied.jaar == jaar)
        return dict(s.execute(stmt.group_by(Gebied.niveau)).all())


@pytest.mark.parametrize("gemeente,naam", [("GM0392", "haarlem"), ("GM0406", "huizen")])
def test_import_counts_per_level_equal_the_files(engine, shared_data, gemeente, naam):
    cbs2024 = shared_data / f"{gemeente}_{naam}_cbs_2024.gpkg"
    buurten = shared_data / f"{gemeente}_{naam}_buurten_2019.gpkg"
    kwb = shared_data / f"{gemeente}_{naam}_kwb2024_woonikveilig.csv"
    services.import_cbs(engine, cbs2024)
    summary = services.import_cbs(engine, buurten, kerncijfers=kwb)

    expected = file_counts(cbs2024, {"gemeenten": "gemeente", "wijken": "wijk"})
    expected.update(file_counts(buurten, {"cbs_buurt_2019_gegeneraliseerd": "buurt"}))
    assert _counts(engine, gemeente) == expected
    # The CSV's gemeente and wijk rows have no region in a buurt file: reported, not lost.
    csv = pd.read_csv(kwb)
    assert sorted(summary.kerncijfers_zonder_gebied) == sorted(csv.loc[csv.niveau != "buurt", "regiocode"])


def test_water_parts_are_flagged_and_left_off_by_default(engine, shared_data):
    services.import_cbs(engine, shared_data / "GM0406_huizen_cbs_2024.gpkg")
    raw = gpd.read_file(shared_data / "GM0406_huizen_cbs_2024.gpkg", layer="gemeenten")
    assert sorted(raw["water"]) == ["JA", "NEE"]
    with transaction(engine) as s:
        zonder = gebieden_frame(s, "GM0406", "gemeente")
        met = gebieden_frame(s, "GM0406", "gemeente", met_water=True)
    assert zonder["water"].tolist() == [False]
    assert sorted(met["water"].tolist()) == [False, True]
    land_area = raw.loc[raw.water == "NEE"].area.iloc[0]
    assert zonder.geometry.area.iloc[0] == pytest.approx(land_area, rel=1e-6)


def test_secret_values_are_stored_as_null(engine, shared_data):
    """-99997 in the Wijk- en Buurtkaart and empty StatLine cells become NULL, never 0."""
    path = shared_data / "GM0406_huizen_cbs_2024.gpkg"
    raw = gpd.read_file(path, layer="gemeenten")
    water_row = raw[raw.water == "JA"].iloc[0]
    assert water_row["aantal_inwoners"] == -99997 and water_row["percentage_personen_65_jaar_en_ouder"] == -99997
    kwb = shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv"
    csv = pd.read_csv(kwb)
    unknown = csv.loc[(csv.niveau == "buurt") & csv.AantalInwoners_5.isna(), "regiocode"].tolist()
    assert len(unknown) == 4  # SOURCES.md: 4 Haarlem buurten with null inwoners

    services.import_cbs(engine, path)
    services.import_cbs(engine, shared_data / "GM0392_haarlem_buurten_2019.gpkg", kerncijfers=kwb)
    with transaction(engine) as s:
        water = s.execute(select(Gebied).where(Gebied.water.is_(True))).scalar_one()
        land = s.execute(select(Gebied).where(Gebied.code == "GM0406", Gebied.water.is_(False))).scalar_one()
        buurten = dict(s.execute(select(Gebied.code, Gebied.inwoners).where(Gebied.niveau == "buurt")).all())
    assert all(getattr(water, k.naam) is None for k in KERNCIJFERS)
    assert land.inwoners == raw.loc[raw.water == "NEE", "aantal_inwoners"].iloc[0]
    assert [buurten[c] for c in unknown] == [None] * 4
    assert sum(v is None for v in buurten.values()) == 4


def test_second_import_changes_nothing(engine, shared_data):
    path = shared_data / "GM0392_haarlem_buurten_2019.gpkg"
    kwb = shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv"
    services.import_cbs(engine, path, kerncijfers=kwb)
    before = dump(engine)
    again = services.import_cbs(engine, path, kerncijfers=kwb)
    assert dump(engine) == before
    assert again.opslag.ongewijzigd == {"buurt": 111}
    assert again.opslag.nieuw == {} and again.opslag.bijgewerkt == {}


def test_reimport_with_changed_figures_updates_in_place(engine, shared_data, tmp_path):
    path = shared_data / "GM0406_huizen_buurten_2019.gpkg"
    kwb = shared_data / "GM0406_huizen_kwb2024_woonikveilig.csv"
    services.import_cbs(engine, path, kerncijfers=kwb)
    ids = {r[0] for r in dump(engine)[1:]}
    changed = pd.read_csv(kwb, dtype=str)
    changed.loc[changed.regiocode == "BU04060001", "AantalInwoners_5"] = "4321"
    changed.to_csv(tmp_path / "kwb2024.csv", index=False)
    result = services.import_cbs(engine, path, kerncijfers=tmp_path / "kwb2024.csv")
    assert result.opslag.bijgewerkt == {"buurt": 1}
    assert {r[0] for r in dump(engine)[1:]} == ids
    with transaction(engine) as s:
        assert s.execute(select(Gebied.inwoners).where(Gebied.code == "BU04060001")).scalar_one() == 4321


def test_failure_while_writing_leaves_database_exactly_as_it_was(engine, shared_data, monkeypatch):
    services.import_cbs(engine, shared_data / "GM0406_huizen_cbs_2024.gpkg")
    before = dump(engine)
    real = services.bewaar_gebieden

    def write_then_fail(session, *args, **kwargs):
        real(session, *args, **kwargs)  # every row is flushed to the database
        raise RuntimeError("stroomstoring halverwege de import")

    monkeypatch.setattr(services, "bewaar_gebieden", write_then_fail)
    with pytest.raises(RuntimeError):
        services.import_cbs(
            engine,
            shared_data / "GM0406_huizen_buurten_2019.gpkg",
            kerncijfers=shared_data / "GM0406_huizen_kwb2024_woonikveilig.csv",
        )
    assert dump(engine) == before


def test_names_missing_in_geometry_come_from_the_kerncijfers_table(engine, shared_data):
    services.import_cbs(
        engine,
        shared_data / "GM0392_haarlem_buurten_2019.gpkg",
        kerncijfers=shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv",
    )
    csv = pd.read_csv(shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv").set_index("regiocode")
    with transaction(engine) as s:
        rows = s.execute(select(Gebied.code, Gebied.naam, Gebied.inwoners, Gebied.kerncijfers_jaar, Gebied.jaar)).all()
    assert len(rows) == 111
    for code, naam, inwoners, kjaar, jaar in rows:
        assert naam == csv.at[code, "naam"]
        expected = csv.at[code, "AantalInwoners_5"]
        assert (inwoners is None) if pd.isna(expected) else inwoners == expected
        assert (jaar, kjaar) == (2019, 2024)


def test_input_crs_is_reprojected_to_rd_new(engine, shared_data):
    path = shared_data / "GM0406_huizen_buurten_2019.gpkg"  # EPSG:4326
    services.import_cbs(engine, path)
    raw = gpd.read_file(path)
    assert raw.crs.to_epsg() == 4326
    expected = raw.set_index("statcode").to_crs(28992)
    with transaction(engine) as s:
        stored = gebieden_frame(s, "GM0406", "buurt").set_index("code")
    assert stored.crs.to_epsg() == 28992
    for code in expected.index:
        assert stored.geometry[code].centroid.distance(expected.geometry[code].centroid) < 0.01


def test_pre_2022_column_schema(engine, shared_data, tmp_path):
    wijken = gpd.read_file(shared_data / "GM0392_haarlem_cbs_2024.gpkg", layer="wijken")
    old = wijken.rename(
        columns={
            "wijkcode": "WK_CODE",
            "wijknaam": "WK_NAAM",
            "gemeentecode": "GM_CODE",
            "gemeentenaam": "GM_NAAM",
            "water": "WATER",
            "aantal_inwoners": "AANT_INW",
            "percentage_personen_65_jaar_en_ouder": "P_65_EO_JR",
        }
    )[["WK_CODE", "WK_NAAM", "GM_CODE", "GM_NAAM", "WATER", "AANT_INW", "P_65_EO_JR", "geometry"]]
    old.to_file(tmp_path / "wijk_2021_v1.shp")
    summary = services.import_cbs(engine, tmp_path / "wijk_2021_v1.shp")
    assert summary.jaar == [2021] and summary.per_niveau == {"wijk": 21}
    with transaction(engine) as s:
        stored = gebieden_frame(s, "GM0392", "wijk", jaar=2021).set_index("code")
    src = wijken.set_index("wijkcode")
    assert stored["naam"].to_dict() == src["wijknaam"].to_dict()
    assert stored["inwoners"].to_dict() == src["aantal_inwoners"].astype(float).to_dict()


def test_pdok_statcode_layer_reads_level_from_prefix(engine, shared_data, tmp_path):
    gem = gpd.read_file(shared_data / "GM0406_huizen_cbs_2024.gpkg", layer="gemeenten").to_crs(4326)
    wk = gpd.read_file(shared_data / "GM0406_huizen_cbs_2024.gpkg", layer="wijken").to_crs(4326)
    bu = gpd.read_file(shared_data / "GM0406_huizen_buurten_2019.gpkg")
    mixed = pd.concat(
        [
            gem.loc[gem.water == "NEE", ["gemeentecode", "gemeentenaam", "geometry"]].set_axis(
                ["statcode", "statnaam", "geometry"], axis=1
            ),
            wk[["wijkcode", "wijknaam", "geometry"]].set_axis(["statcode", "statnaam", "geometry"], axis=1),
            bu[["statcode", "geometry"]].assign(statnaam=None),
        ]
    )
    gpd.GeoDataFrame(mixed, crs=4326).to_file(tmp_path / "cbs_gebiedsindelingen.gpkg", layer="cbs_mix_2020")
    summary = services.import_cbs(engine, tmp_path / "cbs_gebiedsindelingen.gpkg")
    assert summary.per_niveau == {"gemeente": 1, "wijk": 13, "buurt": 30}
    assert summary.jaar == [2020]


def test_invalid_geometry_is_repaired_and_counted(engine, shared_data, tmp_path):
    bu = gpd.read_file(shared_data / "GM0406_huizen_buurten_2019.gpkg")
    x0, y0, x1, y1 = bu.geometry.iloc[0].bounds
    bowtie = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)])
    assert not bowtie.is_valid
    bu.loc[0, "geometry"] = bowtie
    bu.to_file(tmp_path / "buurten_2019.geojson", driver="GeoJSON")
    summary = services.import_cbs(engine, tmp_path / "buurten_2019.geojson")
    assert summary.hersteld == 1
    with transaction(engine) as s:
        stored = gebieden_frame(s, "GM0406", "buurt")
    assert stored.is_valid.all()
    fixed = stored.set_index("code").geometry[bu.statcode.iloc[0]]
    assert fixed.area == pytest.approx(
        shapely.make_valid(gpd.GeoSeries([bowtie], crs=4326).to_crs(28992).iloc[0]).area, rel=1e-6
    )


def test_several_jaargangen_coexist(engine, shared_data):
    path = shared_data / "GM0392_haarlem_cbs_2024.gpkg"
    services.import_cbs(engine, path, jaar=2023)
    services.import_cbs(engine, path)
    assert _counts(engine, "GM0392", 2023) == {"gemeente": 1, "wijk": 21}
    assert _counts(engine, "GM0392", 2024) == {"gemeente": 1, "wijk": 21}


def test_gemeente_filter_cuts_from_national_files(engine, shared_data):
    summary = services.import_cbs(engine, shared_data / "nl_wijken_2024_cbs.gpkg", gemeenten=["GM0153", "0363"])
    raw = pyogrio.read_dataframe(shared_data / "nl_wijken_2024_cbs.gpkg", columns=["gemeentecode"], read_geometry=False)
    assert summary.per_niveau == {"wijk": int(raw.gemeentecode.isin(["GM0153", "GM0363"]).sum())}
    assert summary.buiten_filter == len(raw) - summary.per_niveau["wijk"]


def _door_de_index(engine) -> set[int]:
    """The ids of areas a spatial-index lookup at each area's own inner point finds."""
    with engine.connect() as conn:
        if is_sqlite(engine):
            sql = (
                "SELECT g.id FROM gebied g WHERE g.id IN (SELECT pkid FROM idx_gebied_geom i, "
                "(SELECT X(PointOnSurface(geom)) AS x, Y(PointOnSurface(geom)) AS y FROM gebied WHERE id = g.id) p "
                "WHERE i.xmin <= p.x AND i.xmax >= p.x AND i.ymin <= p.y AND i.ymax >= p.y)"
            )
        else:
            sql = (
                "SELECT g.id FROM gebied g WHERE g.geom && (SELECT ST_PointOnSurface(geom) FROM gebied WHERE id = g.id)"
            )
        return set(conn.execute(text(sql)).scalars())


def _triggers(engine) -> set[str]:
    if not is_sqlite(engine):
        return set()
    with engine.connect() as conn:
        return set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())


def test_the_spatial_index_knows_every_area_after_bulk_imports_and_a_failed_one(engine, shared_data, monkeypatch):
    """Rows go in without per-row index triggers (SpatiaLite): the index must still find every area."""
    triggers = _triggers(engine)
    services.import_cbs(engine, shared_data / "GM0392_haarlem_cbs_2024.gpkg")
    services.import_cbs(engine, shared_data / "GM0406_huizen_buurten_2019.gpkg")  # onto a table with rows
    with transaction(engine) as s:
        ids = set(s.scalars(select(Gebied.id)))
    assert len(ids) > 40 and _door_de_index(engine) == ids
    assert _triggers(engine) == triggers
    real = services.bewaar_gebieden

    def write_then_fail(session, *args, **kwargs):
        real(session, *args, **kwargs)
        raise RuntimeError("stroomstoring")

    monkeypatch.setattr(services, "bewaar_gebieden", write_then_fail)
    with pytest.raises(RuntimeError):
        services.import_cbs(engine, shared_data / "GM0392_haarlem_buurten_2019.gpkg")
    # The rollback brought the triggers back: a single row added later is indexed as before.
    assert _triggers(engine) == triggers
    with transaction(engine) as s:
        nieuw = Gebied(**{**_een_gebied(s), "code": "WK999999", "naam": "Proefwijk"})
        s.add(nieuw)
    assert _door_de_index(engine) == ids | {nieuw.id}
    if is_sqlite(engine):
        with engine.connect() as conn:
            assert conn.execute(text("SELECT CheckSpatialIndex('gebied', 'geom')")).scalar() == 1


def _een_gebied(session) -> dict:
    """The columns of a stored wijk, to make a new one like it."""
    wijk = session.scalars(select(Gebied).where(Gebied.niveau == "wijk")).first()
    return {c.key: getattr(wijk, c.key) for c in Gebied.__table__.columns if c.key != "id"}
