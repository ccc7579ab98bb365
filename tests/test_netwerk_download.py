"""``wijkkaart netwerk download`` against a local HTTP server laid out as download.geofabrik.de is."""

from __future__ import annotations

import hashlib

import pytest

from .helpers import bestandsserver, wijkkaart_cli
from .osmbouw import gracht_met_een_brug

REGIO = "/netherlands/noord-holland-latest.osm.pbf"


@pytest.fixture
def geofabrik(tmp_path):
    root = tmp_path / "europe"
    (root / "netherlands").mkdir(parents=True)
    pbf = gracht_met_een_brug().schrijf(root / REGIO.lstrip("/"))
    md5 = hashlib.md5(pbf.read_bytes(), usedforsecurity=False).hexdigest()
    (root / (REGIO.lstrip("/") + ".md5")).write_text(f"{md5}  noord-holland-latest.osm.pbf\n")
    with bestandsserver(root) as (basis, handler):
        yield basis, handler, root


def run(tmp_path, base, *args):
    env = {
        "WIJKKAART_OSM_DOWNLOAD_URL": base,
        "WIJKKAART_CACHE_DIR": str(tmp_path / "cache"),
        "WIJKKAART_DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite'}",
    }
    return wijkkaart_cli(*args, env=env)


def test_download_retries_checks_the_checksum_caches_and_imports(geofabrik, tmp_path, shared_data):
    base, handler, root = geofabrik
    handler.fail_first.add(REGIO)  # one transient 503: retried
    uit = run(tmp_path, base, "netwerk", "download", "--regio", "Noord Holland")
    assert uit.returncode == 0, uit.stderr
    cached = tmp_path / "cache" / "osm" / "noord-holland-latest.osm.pbf"
    assert cached.read_bytes() == (root / REGIO.lstrip("/")).read_bytes()
    assert uit.stdout.splitlines() == [
        f"{cached} (gedownload van {base}netherlands/noord-holland-latest.osm.pbf; md5 gecontroleerd)",
        f"Importeren: wijkkaart netwerk import {cached}",
    ]
    assert handler.log == [REGIO + ".md5", REGIO, REGIO]

    again = run(tmp_path, base, "netwerk", "download", "--regio", "noord-holland")
    assert "uit de cache, van " in again.stdout and len(handler.log) == 3
    fresh = run(tmp_path, base, "netwerk", "download", "--regio", "noord_holland", "--opnieuw")
    assert fresh.returncode == 0 and len(handler.log) == 5

    assert run(tmp_path, base, "import-cbs", shared_data / "GM0392_haarlem_buurten_2019.gpkg").returncode == 0
    imported = run(tmp_path, base, "netwerk", "import", cached)
    assert imported.returncode == 0, imported.stderr
    assert "GM0392: 5 looppaden" in imported.stdout


def test_a_damaged_download_never_reaches_the_cache(geofabrik, tmp_path):
    base, _, root = geofabrik
    (root / (REGIO.lstrip("/") + ".md5")).write_text("0" * 32 + "  noord-holland-latest.osm.pbf\n")
    uit = run(tmp_path, base, "netwerk", "download", "--regio", "noord-holland")
    assert uit.returncode == 2
    assert uit.stderr.strip() == (
        f"fout: {base}netherlands/noord-holland-latest.osm.pbf: controlegetal (md5) klopt niet; "
        "het bestand is beschadigd overgekomen"
    )
    assert not list((tmp_path / "cache" / "osm").iterdir())

    # No checksum published, and an HTML error page instead of an extract.
    (root / (REGIO.lstrip("/") + ".md5")).unlink()
    (root / REGIO.lstrip("/")).write_text("<html>Onderhoud</html>")
    uit = run(tmp_path, base, "netwerk", "download", "--regio", "noord-holland")
    assert uit.returncode == 2
    assert uit.stderr.strip().endswith("noord-holland-latest.osm.pbf: geen OpenStreetMap-extract (.osm.pbf)")
    assert not list((tmp_path / "cache" / "osm").iterdir())


def test_unknown_region_and_unreachable_server_are_clear_errors(geofabrik, tmp_path):
    base, handler, _ = geofabrik
    uit = run(tmp_path, base, "netwerk", "download", "--regio", "Texel")
    assert uit.returncode == 2
    assert uit.stderr.startswith("fout: onbekende regio 'Texel'; kies uit drenthe, flevoland,")
    assert handler.log == []
    dicht = run(tmp_path, "http://127.0.0.1:9/", "netwerk", "download", "--regio", "utrecht")
    assert dicht.returncode != 0 and dicht.stderr.startswith("fout: kan http://127.0.0.1:9/netherlands/utrecht")
    assert "Traceback" not in dicht.stderr
