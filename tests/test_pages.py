"""Pages through the Flask test client (SpatiaLite; the browser tests drive them for real)."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest

from wijkkaart import create_app
from wijkkaart.diensten import gebieden as services

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
    # Scripts and styles from /static; the preloaded first layer from our own API.
    assert assets and all(a.startswith(("/static/", "/api/v1/")) for a in assets), assets
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


def test_map_has_a_table_with_the_same_facts(app, shared_data):
    """Every coloured region is a table row with its value and the legend class it is drawn in."""
    page = app.test_client().get("/gemeente/GM0392?niveau=wijk&kerncijfer=pct_65_plus").get_data(as_text=True)
    begin = page.index('<details class="kaarttabel">')
    tabel = page[begin : page.index("</details>", begin)]
    rijen = re.findall(
        r'<tr><th scope="row">(.*?)</th>\s*<td>(WK\d{4}[0-9A-Z]{2})</td><td>(.*?)</td><td>(.*?)</td></tr>', tabel
    )
    assert len(rijen) == 21 and "(21)" in tabel
    # The values are the file's, written the Dutch way; CBS's secret code -99997 reads "onbekend".
    bestand = gpd.read_file(shared_data / "GM0392_haarlem_cbs_2024.gpkg", layer="wijken").set_index("wijkcode")
    for _, code, waarde, _ in rijen:
        verwacht = bestand.loc[code, "percentage_personen_65_jaar_en_ouder"]
        assert waarde == ("onbekend" if verwacht < 0 else f"{verwacht:g}".replace(".", ",")), code
    # The classes are the legend's: the oldest wijk in the last class, the youngest in the first.
    legenda = re.findall(r'<span class="vlak" style="background: var\(--palet-kerncijfer-\d\)"></span>(.*?)</li>', page)
    bekend = [(float(w.replace(",", ".")), k) for _, _, w, k in rijen if w != "onbekend"]
    assert max(bekend)[1] == legenda[-1] and min(bekend)[1] == legenda[0]
    assert all(k in legenda for _, k in bekend)
