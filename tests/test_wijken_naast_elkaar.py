"""The wijken of a gemeente side by side (issue 17 item 3): the page, the XLSX's wijken sheet and the CLI agree."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from wijkkaart import create_app
from wijkkaart.kern.vocabulaire import LOCATIE_ALS_ONTMOETINGSPLEK

from .helpers import draaiende_server, haarlem_app, haarlem_met_voorbeeldaanbod, wijkkaart_cli
from .test_browser import Watched, browser  # noqa: F401  (fixture)


@pytest.fixture
def haarlem_url(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return database_url


@pytest.fixture
def client(haarlem_url):
    return create_app({"DATABASE_URL": haarlem_url, "TESTING": True}).test_client()


def _getal(tekst: str) -> float | None:
    """A number as the Dutch page shows it (``9.195``, ``53,8%``), or None for "onbekend"."""
    tekst = tekst.strip().removesuffix("%")
    return None if tekst == "onbekend" else float(tekst.replace(".", "").replace(",", "."))


def tabel_van_pagina(html: str) -> tuple[list[str], dict[str, list[str]]]:
    """Column headers and the cells of each row (by its code) of the wijken table, read from the HTML."""
    tabel = html[html.index('<table class="gatentabel wijkentabel"') :]
    tabel = tabel[: tabel.index("</table>")]
    koppen = [re.sub(r"<[^>]+>", "", k).strip() for k in re.findall(r"<button[^>]*>(.*?)</button>", tabel)]
    rijen = {}
    for rij in re.findall(r"<tr[^>]*>(.*?)</tr>", tabel, re.S)[2:]:
        cellen = [re.sub(r"<[^>]+>", " ", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij, re.S)]
        code = re.search(r"(WK\d{6}|GM\d{4})", rij)
        rijen[code.group(1) if code else "gemeente"] = cellen
    return koppen, rijen


def test_the_page_shows_every_wijk_with_the_figures_of_the_xlsx(client, haarlem_url):
    html = client.get("/gemeente/GM0392/wijken?drempel=1200").get_data(as_text=True)
    koppen, rijen = tabel_van_pagina(html)
    engine = create_engine(haarlem_url)
    with engine.connect() as c:
        wijken = set(
            c.execute(
                text("SELECT DISTINCT wijkcode FROM gebied WHERE niveau = 'buurt' AND gemeentecode = 'GM0392'")
            ).scalars()
        )
        cbs_65 = dict(
            c.execute(
                text(
                    "SELECT code, pct_65_plus FROM gebied WHERE niveau = 'wijk' AND gemeentecode = 'GM0392'"
                    " AND jaar = (SELECT max(jaar) FROM gebied WHERE niveau = 'wijk' AND gemeentecode = 'GM0392')"
                )
            ).all()
        )
    engine.dispose()
    assert set(rijen) - {"gemeente"} == wijken and "gemeente" in rijen
    # Highest gap score first.
    scores = [_getal(rijen[c][koppen.index("Gatscore")]) for c in rijen if c != "gemeente"]
    assert scores == sorted(scores, reverse=True)
    # The XLSX's wijken and gemeenten sheets: the same figures, rounded the same way.
    boek = openpyxl.load_workbook(io.BytesIO(client.get("/gemeente/GM0392/gaten.xlsx?drempel=1200").data))
    blad = list(boek["wijken"].iter_rows(values_only=True))
    xkop = blad[0]
    for r in blad[1:]:
        cellen = rijen[r[xkop.index("Wijkcode")]]
        for kop in ("Inwoners", "Gatscore", "Inwoners zonder aanbod binnen drempel", "65+ (%)"):
            assert _getal(cellen[koppen.index(kop)]) == r[xkop.index(kop)], kop
        for kop in ("Aandeel binnen drempel", "Dekking werkdagavond", "Dekking over de week"):
            assert _getal(cellen[koppen.index(kop)]) == round(100 * r[xkop.index(kop)]), kop
        # Kerncijfers are the wijk's own CBS figures, not a mean of its buurten.
        assert r[xkop.index("65+ (%)")] == cbs_65[r[xkop.index("Wijkcode")]]
        # Aanbod per soort adds up to the total.
        soorten = [k for k in koppen if k.startswith("Aanbod: ")]
        assert sum(_getal(cellen[koppen.index(k)]) for k in soorten) == _getal(cellen[koppen.index("Totaal")])
    gemeente = list(boek["gemeenten"].iter_rows(values_only=True))
    assert _getal(rijen["gemeente"][koppen.index("Gatscore")]) == gemeente[1][gemeente[0].index("Gatscore")]


def test_aanbod_per_soort_matches_a_count_in_sql(client, haarlem_url):
    _koppen, rijen = tabel_van_pagina(client.get("/gemeente/GM0392/wijken").get_data(as_text=True))
    koppen = _koppen
    engine = create_engine(haarlem_url)
    with engine.connect() as c:
        telling = c.execute(
            text(
                "SELECT 'WK' || substr(l.buurtcode, 3, 6), a.soort, count(*) FROM aanbod a"
                " JOIN aanbod_locatie al ON al.aanbod_id = a.id JOIN locatie l ON l.id = al.locatie_id"
                " WHERE (a.collectief OR a.soort = 'inloopspreekuur') AND a.status = 'actief' AND l.buurtcode IS NOT NULL"
                " GROUP BY 1, 2"
            )
        ).all()
        # Walk-in locaties (a buurthuis, a library) count as ontmoetingsplek with their own hours.
        plekken = c.execute(
            text(
                "SELECT 'WK' || substr(buurtcode, 3, 6), 'ontmoetingsplek', count(*) FROM locatie"
                f" WHERE soort IN ({', '.join(repr(s) for s in sorted(LOCATIE_ALS_ONTMOETINGSPLEK))})"
                " AND buurtcode IS NOT NULL GROUP BY 1"
            )
        ).all()
    engine.dispose()
    per = {}
    for wijk, soort, aantal in [*telling, *plekken]:
        per[(wijk, soort)] = per.get((wijk, soort), 0) + aantal
    telling = [(w, s, a) for (w, s), a in per.items()]
    assert telling, "het voorbeeldaanbod ligt in Haarlem"
    labels = {"ontmoetingsplek": "Aanbod: ontmoetingsplek", "inloopspreekuur": "Aanbod: inloopspreekuur"}
    for wijk, soort, aantal in telling:
        kop = labels.get(soort, f"Aanbod: {soort}")
        assert kop in koppen, kop
        assert _getal(rijen[wijk][koppen.index(kop)]) == aantal, (wijk, soort)
    totaal = sum(a for _w, _s, a in telling)
    assert sum(_getal(r[koppen.index("Totaal")]) for c, r in rijen.items() if c != "gemeente") == totaal


def test_the_cli_writes_the_same_table(client, haarlem_url, tmp_path):
    koppen, rijen = tabel_van_pagina(client.get("/gemeente/GM0392/wijken").get_data(as_text=True))
    pad = tmp_path / "wijken.csv"
    uit = wijkkaart_cli("--database", haarlem_url, "gaps", "--gemeente", "GM0392", "--per", "wijk", "-o", str(pad))
    assert uit.returncode == 0, uit.stderr
    csv = pd.read_csv(pad, sep=";", decimal=",", encoding="utf-8-sig")
    assert list(csv["code"]) == [c for c in rijen if c != "gemeente"] + ["GM0392"]
    for r in csv.itertuples():
        cellen = rijen["gemeente" if r.code == "GM0392" else r.code]
        assert _getal(cellen[koppen.index("Gatscore")]) == r.score
        assert _getal(cellen[koppen.index("Aandeel binnen drempel")]) == round(100 * r.bereik)
    scherm = wijkkaart_cli("--database", haarlem_url, "gaps", "--gemeente", "GM0392", "--per", "wijk")
    eerste = next(iter(rijen))
    assert scherm.stdout.splitlines()[0].startswith(eerste)
    assert re.search(rf"^GM0392 .* score\s+{r.score:.1f} ", scherm.stdout, re.M)
    fout = wijkkaart_cli("--database", haarlem_url, "gaps", "--gemeente", "GM0392", "--per", "wijk", "-o", "w.xlsx")
    assert fout.returncode == 2 and "--per wijk schrijft alleen .csv" in fout.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_data):
    with draaiende_server(haarlem_app(tmp_path_factory.mktemp("wijken"), shared_data)) as url:
        yield url


@pytest.mark.browser
def test_the_columns_sort_in_a_browser(server, browser, artifacts):  # noqa: F811
    w = Watched(browser)
    page = w.page
    page.goto(f"{server}/gemeente/GM0392/wijken")
    # The header's button by its name before sorting (the arrow of a sorted column joins its name).
    kolom = int(page.get_by_role("button", name="Inwoners", exact=True).get_attribute("data-kolom"))
    kop = page.locator(f"table.wijkentabel thead th:has(button[data-kolom='{kolom}'])")
    kop.get_by_role("button").click()
    expect(kop).to_have_attribute("aria-sort", "ascending")
    waarden = page.eval_on_selector_all(
        "table.wijkentabel tbody tr", f"rijen => rijen.map(r => r.cells[{kolom}].getAttribute('data-waarde'))"
    )
    getallen = [float(x) for x in waarden if x]
    assert getallen == sorted(getallen) and len(getallen) > 5
    kop.get_by_role("button").click()
    expect(kop).to_have_attribute("aria-sort", "descending")
    page.screenshot(path=str(artifacts / "wijken_naast_elkaar.png"), full_page=True)
    assert not w.errors, w.errors
