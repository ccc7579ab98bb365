"""Honest maps (issue 17): say when the data cannot carry the result, grey small-population percentages, no "nan"."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlalchemy import text

from wijkkaart import create_app
from wijkkaart.kern.kerncijfers import MIN_INWONERS_PERCENTAGE

from .helpers import haarlem_punten
from .test_import_aanbod import haarlem, importeer, schrijf_csv  # noqa: F401 (fixture)

PAGINAS = ("/gemeente/GM0392?kerncijfer=gatscore", "/gemeente/GM0392/gaten", "/buurt/BU03921803")


def _client(engine):
    return create_app({"DATABASE_URL": str(engine.url.render_as_string(hide_password=False)), "TESTING": True})


def _aanbod(engine, tmp_path, uren: list[str]):
    punten = haarlem_punten(engine, len(uren), seed=5)
    rijen = [
        [f"a{i}", f"Plek {i}", "activiteit", "", "", "", "", lat, lon, u, "ontmoeten", "iedereen"]
        for i, ((lon, lat), u) in enumerate(zip(punten, uren, strict=True))
    ]
    importeer(engine, schrijf_csv(tmp_path / "a.csv", rijen), tmp_path)


def _meldingen(html: str) -> list[str]:
    return re.findall(r'data-melding="([^"]+)"', html)


def test_without_aanbod_every_gap_view_says_the_scores_follow_need_alone(haarlem):  # noqa: F811
    client = _client(haarlem).test_client()
    for pagina in PAGINAS:
        html = client.get(pagina).get_data(as_text=True)
        assert _meldingen(html) == ["geen-aanbod"], pagina
        assert "Geen aanbod geladen." in html and "alleen de behoefte" in html, pagina
    # A kerncijfer map is no gap analysis: no such warning there.
    assert _meldingen(client.get("/gemeente/GM0392?kerncijfer=pct_65_plus").get_data(as_text=True)) == []


@pytest.mark.parametrize(
    ("uren", "verwacht"),
    [
        # Two of three without usable hours (one missing, one not understood): the day parts say little.
        (["Mo-Fr 09:00-17:00", "", "als de koffie klaar is"], ["tijden-onbekend"]),
        # One of three: still a useful picture, no warning.
        (["Mo-Fr 09:00-17:00", "Sa 10:00-12:00", ""], []),
    ],
)
def test_a_warning_when_more_than_a_third_of_the_aanbod_has_no_usable_hours(haarlem, tmp_path, uren, verwacht):  # noqa: F811
    _aanbod(haarlem, tmp_path, uren)
    client = _client(haarlem).test_client()
    for pagina in PAGINAS:
        html = client.get(pagina).get_data(as_text=True)
        assert _meldingen(html) == verwacht, pagina
    if verwacht:
        html = client.get("/gemeente/GM0392/gaten").get_data(as_text=True)
        assert "Van 3 aanbod in de analyse hebben er 2 (67%) geen bruikbare openingstijden" in html


def test_percentages_of_too_few_inwoners_are_greyed_and_left_out_of_the_classes(haarlem):  # noqa: F811
    with haarlem.connect() as conn:
        buurten = pd.read_sql(
            text("SELECT code, inwoners, pct_65_plus FROM gebied WHERE niveau = 'buurt' AND gemeentecode = 'GM0392'"),
            conn,
        )
    weinig = buurten[buurten["inwoners"] < MIN_INWONERS_PERCENTAGE]
    genoeg = buurten[(buurten["inwoners"] >= MIN_INWONERS_PERCENTAGE) | buurten["inwoners"].isna()]
    assert len(weinig) and weinig["pct_65_plus"].max() > genoeg["pct_65_plus"].max()  # they would set the top class
    html = _client(haarlem).test_client().get("/gemeente/GM0392?kerncijfer=pct_65_plus").get_data(as_text=True)
    legenda = html.split('class="legenda"', 1)[1].split("</section>", 1)[0]
    assert f"te weinig inwoners (minder dan 100) ({len(weinig)})" in legenda
    bovengrens = re.findall(r"(\d+(?:,\d+)?)%</li>", legenda)[-1]
    assert float(bovengrens.replace(",", ".")) == pytest.approx(genoeg["pct_65_plus"].max(), abs=0.05)
    # The table beside the map says why those buurten have no class.
    for code in weinig["code"]:
        rij = re.search(rf"<td>{code}</td>.*?</tr>", html, re.S).group(0)
        assert 'class="weinig"' in rij and "te weinig inwoners" in rij, code


def test_a_nameless_buurt_shows_its_code_never_nan(haarlem, tmp_path):  # noqa: F811
    _aanbod(haarlem, tmp_path, ["Mo-Fr 09:00-17:00"])
    with haarlem.begin() as conn:
        conn.execute(text("UPDATE gebied SET naam = NULL WHERE code IN ('BU03921803', 'WK039218')"))
    client = _client(haarlem).test_client()
    for pagina in (
        *PAGINAS,
        "/gemeente/GM0392?kerncijfer=pct_65_plus",
        "/gemeente/GM0392?niveau=wijk",
        "/api/v1/gaten?gemeente=GM0392",
        "/gemeente/GM0392/gaten.csv",
    ):
        antwoord = client.get(pagina)
        assert antwoord.status_code == 200, pagina
        inhoud = antwoord.get_data(as_text=True)
        assert not re.search(r"\b(nan|NaN|None)\b", inhoud), (
            pagina,
            re.search(r".{60}\b(nan|NaN|None)\b.{20}", inhoud),
        )
    tabel = client.get("/gemeente/GM0392/gaten").get_data(as_text=True)
    assert re.search(r'<a href="/buurt/BU03921803[^"]*">BU03921803</a>', tabel)


def test_a_warning_when_the_need_of_most_buurten_is_unknown(database_url, shared_data):
    from wijkkaart.diensten.gebieden import import_cbs

    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    # Boundaries only: no kerncijfers of the buurten, no wijken to borrow them from.
    import_cbs(app.extensions["wijkkaart.engine"], shared_data / "GM0392_haarlem_buurten_2019.gpkg")
    html = app.test_client().get("/gemeente/GM0392/gaten").get_data(as_text=True)
    assert _meldingen(html) == ["geen-aanbod", "behoefte-onbekend"]
    assert "Voor 111 van de 111 buurten zijn geen kerncijfers geladen" in html


def test_a_day_part_filter_keeps_the_warnings_about_what_it_leaves_out(haarlem, tmp_path):  # noqa: F811
    """Filtering on a day part drops aanbod without known hours; the warning must still count it."""
    _aanbod(haarlem, tmp_path, ["Mo-Fr 09:00-17:00", "", "als de koffie klaar is"])
    client = _client(haarlem).test_client()
    for dagdeel in ("werkdag_ochtend", "weekend_avond"):  # the one with hours is open, then nothing is
        for pagina in PAGINAS:
            html = client.get(f"{pagina}{'&' if '?' in pagina else '?'}dagdeel={dagdeel}").get_data(as_text=True)
            assert _meldingen(html) == ["tijden-onbekend"], (pagina, dagdeel)
