"""Pages through the Flask test client (SpatiaLite; the browser tests drive them for real)."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest

from wijkkaart import create_app, services

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


@pytest.fixture
def app(tmp_path, shared_data):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite'}", "TESTING": True})
    engine = app.extensions["wijkkaart.engine"]
    services.import_cbs(engine, shared_data / "GM0392_haarlem_cbs_2024.gpkg")
    services.import_cbs(engine, shared_data / "GM0406_huizen_cbs_2024.gpkg")
    wk = gpd.read_file(shared_data / "GM0406_huizen_cbs_2024.gpkg", layer="wijken")
    wk["gemeentecode"] = "GM0999"
    wk["wijkcode"] = "WK0999" + wk["wijkcode"].str[-2:]
    wk["wijknaam"] = XSS
    wk.to_file(tmp_path / "xss_2024.gpkg", layer="wijken")
    services.import_cbs(engine, tmp_path / "xss_2024.gpkg")
    return app


def test_index_lists_gemeenten_and_filters(app):
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert "Haarlem" in page and "Huizen" in page and "3 van 3 gemeenten" in page
    filtered = client.get("/?q=huiz").get_data(as_text=True)
    assert "Huizen" in filtered and ">Haarlem<" not in filtered and "1 van 3 gemeenten" in filtered


def test_gemeente_page_loads_only_local_assets(app):
    page = app.test_client().get("/gemeente/GM0392").get_data(as_text=True)
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    assert "cdn" not in page.lower() and "jquery" not in page.lower()
    assert "/api/v1/gebieden?gemeente=GM0392" in page


def test_unknown_gemeente_is_a_dutch_404(app):
    response = app.test_client().get("/gemeente/GM0001")
    assert response.status_code == 404
    assert "Niet gevonden" in response.get_data(as_text=True)


def test_user_text_is_escaped_in_pages(app):
    client = app.test_client()
    for url in ("/", "/gemeente/GM0999"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>window.__xss" not in page and 'onerror="window' not in page


def test_security_headers_allow_only_self_and_basemap(app):
    csp = app.test_client().get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert "img-src 'self' data: https://tile.openstreetmap.org" in csp
