"""The gap method in the app (issue 17 item 6): /methode with the settings of the page the reader came from."""

from __future__ import annotations

import re

import pytest

from wijkkaart import create_app

from .test_import_aanbod import haarlem  # noqa: F401 (fixture)


@pytest.fixture
def client(haarlem):  # noqa: F811
    return create_app(
        {"DATABASE_URL": haarlem.url.render_as_string(hide_password=False), "TESTING": True}
    ).test_client()


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_method_page_shows_the_settings_it_was_asked_with(client):
    standaard = _tekst(client.get("/methode").get_data(as_text=True))
    assert "Hoe wijkkaart gaten in het aanbod vindt" in standaard
    assert "loopafstand (drempel) 800 m hemelsbreed" in standaard
    assert "een raster van 250 m, hoogstens 16 punten per buurt" in standaard
    assert (
        "werkdagavond 18–23 uur" in standaard
        and "65+ (%) 1" in standaard
        and "bijstand per 1.000 inwoners 1" in standaard
    )
    assert "tekort = 1 − (0,5 × bereik + 0,5 × dekking over de week)" in standaard
    gefilterd = _tekst(client.get("/methode?drempel=1200&dagdeel=werkdag_avond&soort=inloopspreekuur").data.decode())
    assert "loopafstand (drempel) 1.200 m hemelsbreed" in gefilterd
    assert "alleen aanbod dat open is op werkdagavond" in gefilterd and "alleen de soorten inloopspreekuur" in gefilterd
    assert client.get("/methode?drempel=abc").status_code == 400
    client.set_cookie("taal", "en")
    engels = _tekst(client.get("/methode").get_data(as_text=True))
    assert "How wijkkaart finds gaps in the offer" in engels and "800 m as the crow flies" in engels


def test_the_legend_the_table_and_the_buurt_page_link_to_the_method_with_their_filter(client):
    vraag = "drempel=1200&soort=inloopspreekuur"
    for pagina in (
        f"/gemeente/GM0392?kerncijfer=gatscore&{vraag}",
        f"/gemeente/GM0392/gaten?{vraag}",
        f"/buurt/BU03921803?{vraag}",
    ):
        html = client.get(pagina).get_data(as_text=True)
        link = re.search(r'href="(/methode[^"]*)"', html)
        assert link, pagina
        doel = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
        assert "1.200 m hemelsbreed" in _tekst(doel) and "inloopspreekuur" in _tekst(doel), pagina


def test_a_filter_value_cannot_add_markup_to_the_method(client):
    html = client.get("/methode?thema=<script>x</script>*vet*[link](javascript:alert(1))").get_data(as_text=True)
    assert "<script>x" not in html and 'href="javascript' not in html and "<em>vet</em>" not in html
    assert "<td>&lt;script&gt;x&lt;/script&gt;*vet*[link](javascript:alert(1))</td>" in html  # shown as typed
