"""The wijkkaart command: bad input gives one clear line, exit code 2, no traceback, an unchanged database."""

from __future__ import annotations

import gc
import hashlib
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from wijkkaart.opslag.engine import make_engine

from .conftest import dump
from .helpers import file_counts, wijkkaart_cli


def wijkkaart(database_url, *args):
    """``wijkkaart ARGS`` on ``database_url``, in this process (the command line itself is click's)."""
    return wijkkaart_cli(*args, env={"WIJKKAART_DATABASE_URL": database_url})


@pytest.fixture
def loaded(database_url, shared_data):
    result = wijkkaart(database_url, "import-cbs", shared_data / "GM0406_huizen_cbs_2024.gpkg")
    assert result.returncode == 0, result.stderr
    return database_url


def _state(url):
    engine = make_engine(url)
    try:
        state = dump(engine)
    finally:
        engine.dispose()
    if url.startswith("sqlite:///"):
        state.append(hashlib.sha256(Path(url[len("sqlite:///") :]).read_bytes()).hexdigest())
    return state


def _bad_inputs(shared_data, tmp: Path):
    corrupt = tmp / "kapot.gpkg"
    corrupt.write_bytes((shared_data / "GM0392_haarlem_cbs_2024.gpkg").read_bytes()[:40000])
    no_codes = tmp / "buurten.gpkg"
    bu = gpd.read_file(shared_data / "GM0406_huizen_buurten_2019.gpkg")
    bu.drop(columns=["statcode"]).assign(naam="x").to_file(no_codes, layer="buurten")
    bad_value = tmp / "kwb2024.csv"
    csv = pd.read_csv(shared_data / "GM0406_huizen_kwb2024_woonikveilig.csv", dtype=str)
    csv.loc[5, "AantalInwoners_5"] = "ongeveer 300"
    csv.to_csv(bad_value, index=False)
    bad_code = tmp / "wijken_2024.geojson"
    wk = gpd.read_file(shared_data / "GM0406_huizen_cbs_2024.gpkg", layer="wijken")[
        ["wijkcode", "wijknaam", "geometry"]
    ]
    wk.loc[3, "wijkcode"] = "W0406-3"
    wk.to_file(bad_code, driver="GeoJSON")
    return {
        "missing file": ([tmp / "bestaat-niet.gpkg"], ["bestaat-niet.gpkg", "bestaat niet"]),
        "not CBS data": ([shared_data / "nl_pc4_4pp_2014.csv"], ["nl_pc4_4pp_2014.csv", "geen CBS-gebiedsindeling"]),
        "no code columns": ([no_codes], ["buurten.gpkg", "codekolom", "buurten: "]),
        "corrupt GeoPackage": ([corrupt], ["kapot.gpkg", "kan niet gelezen worden"]),
        "unknown gemeente": (
            [shared_data / "GM0406_huizen_cbs_2024.gpkg", "--gemeente", "GM9999"],
            ["GM0406_huizen_cbs_2024.gpkg", "gemeente GM9999 komt niet voor"],
        ),
        "bad kerncijfer value": (
            [shared_data / "GM0406_huizen_buurten_2019.gpkg", "--kerncijfers", bad_value],
            ["kwb2024.csv, rij 7, veld 'AantalInwoners_5'", "'ongeveer 300' is geen getal"],
        ),
        "bad region code": (
            [bad_code],
            ["wijken_2024.geojson, rij 4, veld 'wijkcode'", "ongeldige wijkcode 'W0406-3'"],
        ),
    }


def test_bad_input_is_refused_clearly_and_changes_nothing(loaded, shared_data, tmp_path):
    for case, (args, expected) in _bad_inputs(shared_data, tmp_path).items():
        before = _state(loaded)
        result = wijkkaart(loaded, "import-cbs", *args)
        assert result.returncode == 2, case
        assert "Traceback" not in result.stderr, case
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("fout: "), (case, result.stderr)
        for part in expected:
            assert part in lines[0], (case, lines[0])
        assert _state(loaded) == before, case


def test_missing_file_on_a_new_database_creates_no_database(tmp_path, shared_data):
    url = f"sqlite:///{tmp_path / 'nieuw.sqlite'}"
    result = wijkkaart(url, "import-cbs", tmp_path / "nope.gpkg")
    assert result.returncode == 2
    assert not (tmp_path / "nieuw.sqlite").exists()


def test_after_a_command_the_spatialite_file_alone_holds_everything(tmp_path, shared_data):
    """Copying the .sqlite file right after a command is a complete backup: nothing waits in its write-ahead log.

    Garbage collection is off, so a connection the command left open would still hold the log.
    """
    bestand = tmp_path / "w.sqlite"
    gc.disable()
    try:
        result = wijkkaart(f"sqlite:///{bestand}", "import-cbs", shared_data / "GM0406_huizen_cbs_2024.gpkg")
        kopie = tmp_path / "kopie.sqlite"
        kopie.write_bytes(bestand.read_bytes())
    finally:
        gc.enable()
    assert result.returncode == 0, result.stderr
    assert not Path(f"{bestand}-wal").exists()
    verwacht = file_counts(shared_data / "GM0406_huizen_cbs_2024.gpkg", {"gemeenten": "gemeente", "wijken": "wijk"})
    engine = make_engine(f"sqlite:///{kopie}")
    try:
        with engine.connect() as conn:
            rijen = dict(conn.exec_driver_sql("SELECT niveau, count(*) FROM gebied GROUP BY niveau").all())
    finally:
        engine.dispose()
    assert {k: rijen.get(k) for k in verwacht} == verwacht


def test_import_prints_the_summary(database_url, shared_data):
    result = wijkkaart(
        database_url,
        "import-cbs",
        shared_data / "GM0392_haarlem_buurten_2019.gpkg",
        "--kerncijfers",
        shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "gebieden per niveau: buurt 111" in out
    assert "nieuw: 111; bijgewerkt: 0; ongewijzigd: 0" in out
    assert "gerepareerde geometrieën: 0" in out
    assert "22 rijen zonder gebied" in out


def test_unreachable_database_is_a_clear_error(tmp_path, shared_data):
    result = wijkkaart(
        "postgresql+psycopg://nobody@127.0.0.1:9/none", "import-cbs", shared_data / "GM0406_huizen_cbs_2024.gpkg"
    )
    assert result.returncode == 2
    assert result.stderr.startswith("fout: database niet bereikbaar")
    assert "Traceback" not in result.stderr


def test_a_command_starts_without_importing_what_only_other_commands_need():
    """``import-cbs`` loads neither the gap analysis, spreadsheets, Argon2 nor the web app: it starts faster."""
    zwaar = ("openpyxl", "argon2", "flask", "waitress", "folium", "mapclassify", "wijkkaart.gaten", "wijkkaart.uitvoer")
    code = (
        "import sys\nfrom wijkkaart.cli import main\ntry:\n    main(['import-cbs', '--help'])\nexcept SystemExit:\n    pass\n"
        f"print('geladen:', sorted(m for m in {zwaar!r} if m in sys.modules))"
    )
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Importeer CBS-gebieden" in uit
    assert uit.strip().splitlines()[-1] == "geladen: []"
    # Listing every command still works, and names them all.
    alles = subprocess.run(
        [sys.executable, "-m", "wijkkaart.cli", "--help"], capture_output=True, text=True, check=True
    )
    for naam in ("import-cbs", "import-aanbod", "gaps", "serve", "create-user", "db"):
        assert f"  {naam} " in alles.stdout
