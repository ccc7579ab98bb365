"""download-cbs against a local HTTP server that serves files the way download.cbs.nl does."""

from __future__ import annotations

import zipfile

import pytest

from .helpers import bestandsserver, wijkkaart_cli


@pytest.fixture
def cbs_server(tmp_path, shared_data):
    root = tmp_path / "regionale-kaarten"
    root.mkdir()
    with zipfile.ZipFile(root / "wijkbuurtkaart_2024_v1.zip", "w") as archive:
        archive.write(shared_data / "GM0406_huizen_cbs_2024.gpkg", "WijkBuurtkaart_2024_v1/wijkenbuurten_2024_v1.gpkg")
    with bestandsserver(root) as (basis, handler):
        yield basis, handler


def run(tmp_path, base, *args, db=None):
    env = {
        "WIJKKAART_CBS_DOWNLOAD_URL": base,
        "WIJKKAART_CACHE_DIR": str(tmp_path / "cache"),
        "WIJKKAART_DATABASE_URL": db or f"sqlite:///{tmp_path / 'w.sqlite'}",
    }
    return wijkkaart_cli(*args, env=env)


def test_download_takes_newest_version_caches_it_and_imports(cbs_server, tmp_path):
    base, handler = cbs_server
    handler.fail_first.add("/wijkbuurtkaart_2024_v1.zip")  # one transient 503: retried
    result = run(tmp_path, base, "download-cbs", "--jaar", "2024")
    assert result.returncode == 0, result.stderr
    cached = tmp_path / "cache" / "cbs" / "wijkbuurtkaart_2024_v1.zip"
    assert cached.exists() and zipfile.is_zipfile(cached)
    assert handler.log == [
        "/wijkbuurtkaart_2024_v3.zip",
        "/wijkbuurtkaart_2024_v2.zip",
        "/wijkbuurtkaart_2024_v1.zip",
        "/wijkbuurtkaart_2024_v1.zip",
    ]
    again = run(tmp_path, base, "download-cbs", "--jaar", "2024")
    assert "uit de cache" in again.stdout and len(handler.log) == 4

    imported = run(tmp_path, base, "import-cbs", cached, "--gemeente", "GM0406")
    assert imported.returncode == 0, imported.stderr
    assert "gemeente 2, wijk 13" in imported.stdout


def test_missing_release_is_a_clear_error(cbs_server, tmp_path):
    base, _ = cbs_server
    result = run(tmp_path, base, "download-cbs", "--jaar", "2031")
    assert result.returncode == 2
    assert (
        result.stderr.strip() == f"fout: CBS heeft geen wijk- en buurtkaart 2031 op {base} (geprobeerd: v3, v2, v1, v0)"
    )
    assert not any((tmp_path / "cache").rglob("*.zip"))


def test_unreachable_server_is_a_clear_error(tmp_path):
    result = run(tmp_path, "http://127.0.0.1:9/", "download-cbs", "--jaar", "2024")
    assert result.returncode == 2
    assert result.stderr.startswith("fout: kan http://127.0.0.1:9/wijkbuurtkaart_2024_v3.zip niet bereiken")
