"""Gap analysis through the database, the API, the pages, the exports and the CLI, on both backends."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pandas as pd
import pyogrio
import pytest
from sqlalchemy import event

from wijkkaart import create_app

from .helpers import haarlem_met_voorbeeldaanbod
from .test_cli import wijkkaart


@pytest.fixture
def haarlem_url(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return database_url


@pytest.fixture
def client(haarlem_url):
    return create_app({"DATABASE_URL": haarlem_url, "TESTING": True}).test_client()


def schermtabel(client, query=""):
    """Codes and scores of the ranked table as the page shows it, top to bottom."""
    html = client.get(f"/gemeente/GM0392/gaten{query}").get_data(as_text=True)
    codes = re.findall(r'<tr data-code="(BU\d{8})">', html)
    scores = [
        float(s)
        for s in re.findall(
            r'<tr data-code="BU\d{8}">\s*<td data-waarde="\d+">\d+</td>\s*<td[^>]*>.*?</td>\s*<td[^>]*>.*?</td>\s*<td data-waarde="([\d.]+)">',
            html,
            re.S,
        )
    ]
    return codes, scores


def test_the_loaded_aanbod_counts_and_the_table_is_ranked(client):
    codes, scores = schermtabel(client)
    assert len(codes) == 111 and len(scores) == 111
    assert scores == sorted(scores, reverse=True)
    antwoord = client.get("/api/v1/gaten?gemeente=GM0392&zoom=13")
    assert antwoord.mimetype == "application/geo+json"

    def geen_nan(waarde):
        raise AssertionError(f"{waarde} is geen geldige JSON")

    data = json.loads(antwoord.data, parse_constant=geen_nan)  # unknown values are null, never NaN
    assert [f["properties"]["code"] for f in data["features"]] == codes
    assert any(f["properties"]["inwoners"] is None for f in data["features"])
    # The four example records: an activiteit, an inloopspreekuur, a bewonersinitiatief and a buurthuis.
    html = client.get("/gemeente/GM0392/gaten").get_data(as_text=True)
    assert "4 aanbod in de analyse" in html


def test_exports_open_in_their_readers_with_the_rows_of_the_screen_table(client, tmp_path):
    codes, scores = schermtabel(client)
    # By default for Dutch spreadsheets: a BOM, semicolons and decimal commas.
    antwoord = client.get("/gemeente/GM0392/gaten.csv")
    assert antwoord.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert antwoord.data.startswith(b"\xef\xbb\xbfrang;code;naam;")
    csv = pd.read_csv(io.BytesIO(antwoord.data), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(csv["code"]) == codes and list(csv["score"]) == scores
    assert re.search(r";\d+,\d+;", antwoord.get_data(as_text=True)) and "nan" not in antwoord.get_data(as_text=True)
    # The international CSV on request: the same rows.
    internationaal = client.get("/gemeente/GM0392/gaten.csv?csv=int")
    assert internationaal.data.startswith(b"rang,code,naam,")
    assert pd.read_csv(io.BytesIO(internationaal.data)).equals(csv)
    assert client.get("/gemeente/GM0392/gaten.csv?csv=fr").status_code == 400

    boek = openpyxl.load_workbook(io.BytesIO(client.get("/gemeente/GM0392/gaten.xlsx").data))
    assert boek.sheetnames == ["buurten", "wijken", "gemeenten", "methode"]
    rijen = list(boek["buurten"].iter_rows(values_only=True))
    kop = rijen[0]
    assert [r[kop.index("Buurtcode")] for r in rijen[1:]] == codes
    assert [r[kop.index("Gatscore")] for r in rijen[1:]] == scores
    # Every sheet: headers in words, the header row frozen, numbers rounded as on screen and formatted.
    for blad in boek.worksheets:
        assert blad.freeze_panes == "A2" and blad["A1"].font.b, blad.title
        koppen = [c.value for c in blad[1]]
        assert all(" " in k or k[0].isupper() for k in koppen) and "_" not in "".join(koppen), koppen
    wijken = boek["wijken"]
    koppen = [c.value for c in wijken[1]]
    assert koppen[:2] == ["Wijkcode", "Wijk"]
    for naam, formaat in (("Gatscore", "0.0"), ("Aandeel binnen drempel", "0.0%"), ("Inwoners", "#,##0")):
        cellen = [rij[koppen.index(naam)] for rij in wijken.iter_rows(min_row=2)]
        assert all(c.number_format == formaat for c in cellen), naam
    scores_wijk = [rij[koppen.index("Gatscore")].value for rij in wijken.iter_rows(min_row=2)]
    assert all(round(s, 1) == s for s in scores_wijk if s is not None) and len(scores_wijk) > 5

    antwoord = client.get("/gemeente/GM0392/gaten.gpkg")
    assert antwoord.mimetype == "application/geopackage+sqlite3"
    pad = tmp_path / "gaten.gpkg"
    pad.write_bytes(antwoord.data)
    gpkg = pyogrio.read_dataframe(pad, layer="gaten_buurten")
    assert list(gpkg["code"]) == codes and list(gpkg["score"]) == scores
    assert gpkg.crs.to_epsg() == 28992 and gpkg.geometry.is_valid.all()

    geojson = json.loads(client.get("/gemeente/GM0392/gaten.geojson").data)
    assert [f["properties"]["code"] for f in geojson["features"]] == codes


def test_filters_change_what_counts(client):
    alles = client.get("/api/v1/gaten?gemeente=GM0392").get_json()["features"]
    bereik = {f["properties"]["code"]: f["properties"]["bereik_pct"] for f in alles}
    # Only the inloopspreekuur: fewer buurten reached, none reached more.
    inloop = client.get("/api/v1/gaten?gemeente=GM0392&soort=inloopspreekuur").get_json()["features"]
    assert all(f["properties"]["bereik_pct"] <= bereik[f["properties"]["code"]] for f in inloop)
    assert sum(f["properties"]["bereik_pct"] for f in inloop) < sum(bereik.values())
    # Saturday evening: none of the examples is open then, so nobody is reached.
    avond = client.get("/api/v1/gaten?gemeente=GM0392&dagdeel=weekend_avond").get_json()["features"]
    assert all(f["properties"]["bereik_pct"] == 0 for f in avond)
    # A larger walking distance never lowers reach.
    ver = client.get("/api/v1/gaten?gemeente=GM0392&drempel=2000").get_json()["features"]
    assert all(f["properties"]["bereik_pct"] >= bereik[f["properties"]["code"]] for f in ver)
    for fout in ("dagdeel=nacht", "soort=kroeg", "drempel=abc", "drempel=10"):
        antwoord = client.get(f"/api/v1/gaten?gemeente=GM0392&{fout}")
        assert antwoord.status_code == 400 and antwoord.get_json()["fout"]
    assert client.get("/api/v1/gaten?gemeente=GM0999").status_code == 404


def test_buurt_page_shows_explanation_figures_aanbod_and_day_parts_escaped(client):
    data = client.get("/api/v1/gaten?gemeente=GM0392").get_json()["features"]
    # The buurt of the example activity with the script in its name (it lies inside a buurt: distance 0).
    html = None
    for f in sorted(data, key=lambda f: f["properties"]["rang"], reverse=True):
        pagina = client.get(f"/buurt/{f['properties']['code']}").get_data(as_text=True)
        if "window.__xss" in pagina:
            html, props = pagina, f["properties"]
            break
    assert html is not None, "geen buurt toont het voorbeeldaanbod"
    assert "<script>window.__xss" not in html and "&lt;script&gt;window.__xss=2&lt;/script&gt;" in html
    assert props["uitleg"].split(";")[0].replace("&", "&amp;") in html
    for kop in (
        "Dekking per dagdeel",
        "Kerncijfers naast de gemeente",
        "Aanbod in en rond de buurt",
        "werkdagochtend",
        "Haarlem",
    ):
        assert kop in html
    # The example activity is listed with its distance to the buurt: inside it, or within 800 m of its outline.
    assert re.search(r"<td>(in de buurt|\d{1,3} m)</td>", html) and ">nan<" not in html
    # With its description, shortened with "meer", markup as text.
    assert "<summary>&lt;b&gt;Vet&lt;/b&gt; Elke week samen koffie" in html and "<b>Vet</b>" not in html
    assert "EINDE VAN DE TEKST" in html.split("<summary>&lt;b&gt;Vet", 1)[1].split("</details>", 1)[0]
    # The buurt furthest from any aanbod lists none, and says so.
    tabel_csv = pd.read_csv(io.BytesIO(client.get("/gemeente/GM0392/gaten.csv?csv=int").data)).sort_values(
        "afstand_m", ascending=False
    )
    ver_html = client.get(f"/buurt/{tabel_csv['code'].iloc[0]}").get_data(as_text=True)
    assert (
        "Aanbod in en rond de buurt (0)" in ver_html
        and "Geen collectief aanbod binnen 800 m van deze buurt." in ver_html
    )
    assert ">nan<" not in ver_html and "nan voorbeeld" not in ver_html
    assert client.get("/buurt/BU99999999").status_code == 404
    assert client.get("/buurt/nietsnut").status_code == 404


def test_gemeente_map_offers_the_gap_colouring(client):
    html = client.get("/gemeente/GM0392?kerncijfer=gatscore").get_data(as_text=True)
    assert (
        'value="gatscore" selected' in html
        and "Gatscore" in html
        and "donkerder = groter gat" in html
        and "Wat is de gatscore?" in html
    )
    # The darkest class of the gap ramp (YlOrRd #bd0026): the page names its colour, the stylesheet holds it.
    css = client.get("/static/css/wijkkaart.css").get_data(as_text=True)
    assert "/api/v1/gaten?gemeente=GM0392" in html and "--palet-gat-5" in html and "--palet-gat-5: #bd0026" in css
    # The table under the map carries the same facts, ranked, with each buurt's sentence.
    rijen = re.findall(r'<tr><th scope="row"><a href="/buurt/(BU\d{8})">', html)
    codes, _ = schermtabel(client)
    assert rijen == codes


def test_cli_gaps_ranks_and_exports(haarlem_url, tmp_path):
    uit = wijkkaart(haarlem_url, "gaps", "--gemeente", "GM0392", "--top", "3")
    assert uit.returncode == 0, uit.stderr
    regels = uit.stdout.strip().splitlines()
    assert regels[0].lstrip().startswith("1. BU0392") and regels[-1].startswith("(111 buurten; drempel 800 m; 4 aanbod")
    pad = tmp_path / "gaten.gpkg"
    uit = wijkkaart(
        haarlem_url, "gaps", "--gemeente", "GM0392", "--drempel", "1200", "--soort", "inloopspreekuur", "-o", pad
    )
    assert uit.returncode == 0, uit.stderr
    gpkg = pyogrio.read_dataframe(pad)
    assert len(gpkg) == 111 and gpkg["score"].is_monotonic_decreasing
    # CSV for a Dutch spreadsheet unless asked otherwise, the same rows either way.
    for stijl, begin, lees in (
        ((), b"\xef\xbb\xbfrang;code;", {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"}),
        (("--csv-stijl", "int"), b"rang,code,", {}),
    ):
        uit = wijkkaart(haarlem_url, "gaps", "--gemeente", "GM0392", "-o", tmp_path / "g.csv", *stijl)
        assert uit.returncode == 0, uit.stderr
        assert (tmp_path / "g.csv").read_bytes().startswith(begin)
        assert pd.read_csv(tmp_path / "g.csv", **lees)["score"].is_monotonic_decreasing
    alle = wijkkaart(haarlem_url, "gaps", "--gemeente", "alle", "--top", "1")
    assert alle.returncode == 0 and alle.stdout.strip().splitlines()[-1].startswith("(111 buurten;")
    fout = wijkkaart(haarlem_url, "gaps", "--gemeente", "GM0999")
    assert (
        fout.returncode == 2
        and fout.stderr.strip()
        == "fout: geen buurten geladen voor GM0999; importeer eerst de buurtgrenzen (wijkkaart import-cbs)"
    )
    fout = wijkkaart(haarlem_url, "gaps", "--gemeente", "GM0392", "--gewicht", "pct_katten=2")
    assert fout.returncode == 2 and "onbekende indicator" in fout.stderr
    fout = wijkkaart(haarlem_url, "gaps", "--gemeente", "GM0392", "--gewicht", "pct_65_plus=veel")
    assert fout.returncode == 2 and "--gewicht" in fout.stderr


def test_buurt_page_reads_each_row_once_in_one_session(haarlem_url):
    """The buurt page reads buurten, wijken, gemeente and the aanbod around them once, on one connection.

    (It used to run 18 statements over two sessions and read the same gebied rows six times.) Measured
    without the result cache, which would answer the second request without reading any of them.
    """
    app = create_app({"DATABASE_URL": haarlem_url, "TESTING": True, "CACHE_OPSLAG": "geen"})
    engine = app.extensions["wijkkaart.engine"]
    client = app.test_client()
    assert client.get("/buurt/BU03922002").status_code == 200
    opdrachten: list[str] = []
    verbindingen: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _k, sql, *_rest: opdrachten.append(" ".join(sql.split())))
    event.listen(engine, "checkout", lambda *_: verbindingen.append(1))
    pagina = client.get("/buurt/BU03922002")
    assert pagina.status_code == 200 and "Hondsbos-Dever" in pagina.get_data(as_text=True)
    vragen = [o for o in opdrachten if o.upper().startswith("SELECT") and o.upper() != "SELECT 1"]
    gebied = [o for o in vragen if "FROM gebied" in o]
    assert len(verbindingen) == 1
    assert len(gebied) == 3, gebied  # buurten with geometry, wijken and the gemeente: each level once
    # Eight, and one to learn whether the gemeente has a walking network (the analysis then walks over it).
    assert len(vragen) <= 9, vragen
    assert sum("FROM looppadnetwerk" in o for o in vragen) == 1
