"""Reports (issue 17 item 1): a gemeente, wijk and buurt as PDF and HTML, from the CLI and the page, in nl and en.

The PDF is read back with poppler, a reader no one here wrote: ``pdfinfo`` for
the page count, ``pdftotext`` for the words on each page and ``pdftoppm`` for
the pixels of the map.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import create_engine, text

from wijkkaart import create_app
from wijkkaart.diensten import gaten as gaten_diensten
from wijkkaart.kern.filters import GatenFilter
from wijkkaart.kern.settings import PROJECT_ROOT
from wijkkaart.opslag.engine import make_engine

from .helpers import haarlem_met_voorbeeldaanbod, wijkkaart_cli

WIJK = "WK039218"
BUURT = "BU03921803"


@pytest.fixture
def haarlem_url(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return database_url


@pytest.fixture
def client(haarlem_url):
    return create_app({"DATABASE_URL": haarlem_url, "TESTING": True}).test_client()


def _woorden(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst)


def lees_pdf(pad) -> tuple[list[str], list[np.ndarray]]:
    """The words and the pixels (RGB at 60 dpi) of every page, as poppler reads them."""
    info = subprocess.run(["pdfinfo", str(pad)], capture_output=True, text=True, check=True).stdout
    aantal = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    teksten = [
        _woorden(
            subprocess.run(
                ["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pad), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for i in range(1, aantal + 1)
    ]
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pad), str(pad.with_suffix(""))], check=True)
    pngs = sorted(pad.parent.glob(pad.stem + "-*.png"))
    assert len(pngs) == aantal, "pdftoppm en pdfinfo tellen een ander aantal pagina's"
    return teksten, [np.asarray(Image.open(p).convert("RGB")) for p in pngs]


def kleur(eigenschap: str) -> tuple[int, int, int]:
    """A colour of the web map's stylesheet, read here on its own (the report must use the same)."""
    css = (PROJECT_ROOT / "static/css/wijkkaart.css").read_text("utf-8")
    waarde = re.search(rf"{eigenschap}:\s*#([0-9a-f]{{6}})", css).group(1)
    return tuple(int(waarde[i : i + 2], 16) for i in (0, 2, 4))


def pixels_van(beeld: np.ndarray, rgb) -> int:
    return int((np.abs(beeld.astype(int) - np.array(rgb)).sum(axis=2) <= 12).sum())


def test_the_gemeente_report_from_the_cli_has_title_map_gaps_and_method(haarlem_url, tmp_path):
    pdf = tmp_path / "haarlem.pdf"
    uit = wijkkaart_cli("--database", haarlem_url, "rapport", "--gemeente", "gm0392", "-o", str(pdf))
    assert uit.returncode == 0, uit.stderr
    assert f"geschreven naar {pdf}" in uit.stdout
    teksten, paginas = lees_pdf(pdf)
    assert 5 <= len(teksten) <= 12, len(teksten)
    engine = create_engine(haarlem_url)
    with engine.connect() as c:
        jaar_grenzen = c.execute(
            text("SELECT max(jaar) FROM gebied WHERE niveau = 'buurt' AND gemeentecode = 'GM0392'")
        ).scalar_one()
        jaar_cijfers = c.execute(
            text("SELECT max(kerncijfers_jaar) FROM gebied WHERE niveau = 'buurt' AND gemeentecode = 'GM0392'")
        ).scalar_one()
        wijken = set(
            c.execute(text("SELECT DISTINCT wijkcode FROM gebied WHERE niveau = 'buurt' AND gemeentecode = 'GM0392'"))
            .scalars()
            .all()
        )
        inwoners = c.execute(
            text("SELECT inwoners FROM gebied WHERE niveau = 'gemeente' AND code = 'GM0392' AND NOT water")
        ).scalar_one()
    engine.dispose()
    titel = teksten[0]
    assert "Gemeente Haarlem" in titel and dt.date.today().strftime("%d-%m-%Y") in titel
    assert f"CBS Wijk- en Buurtkaart {jaar_grenzen}" in titel
    assert f"CBS Kerncijfers wijken en buurten {jaar_cijfers}" in titel
    assert "voorbeeld (" in titel  # the aanbod's source, with its count

    # The ranked gaps: the fifteen buurten the gap table ranks highest, in that order.
    tabel = gaten_diensten.tabel(make_engine(haarlem_url), "GM0392", GatenFilter())
    alles = " ".join(teksten)
    posities = [alles.find(r["code"]) for r in tabel.rijen[:15]]
    assert -1 not in posities and posities == sorted(posities)
    assert tabel.rijen[15]["code"] not in alles.split("Dekking per dagdeel")[0].split("De grootste gaten")[1]

    # Kerncijfers of the gemeente as loaded; day parts; the method summary on its own last page.
    assert f"{int(inwoners):,}".replace(",", ".") in alles
    assert "weekendavond" in alles and "Dekking over de week" in alles
    # The wijken side by side: every wijk of the gemeente.
    naast_elkaar = alles.split("Wijken naast elkaar Gaten en dekking")[1].split("Dekking per dagdeel")[0]
    assert set(re.findall(r"WK0392\d\d", naast_elkaar)) == wijken
    assert teksten[-1].startswith("Hoe de gaten berekend zijn (samenvatting)")
    assert all(re.search(rf"\b{i} ?/ ?{len(teksten)}\b", t) for i, t in enumerate(teksten[1:], start=2))

    # The map: text of its legend, scale and north arrow, and each gap class's colour in its pixels.
    kaartpagina = next(i for i, t in enumerate(teksten) if "Gatscore (hoger = groter gat)" in t)
    assert re.search(r"\b\d+ k?m\b", teksten[kaartpagina]) and " N " in f" {teksten[kaartpagina]} "
    assert "wijkgrens" in teksten[kaartpagina] and "collectief aanbod" in teksten[kaartpagina]
    scores = [r["score"] for r in tabel.rijen]
    klassen = sum(1 for i in range(1, 6) if pixels_van(paginas[kaartpagina], kleur(f"--palet-gat-{i}")) > 200)
    assert klassen == min(5, len(set(scores)))
    assert pixels_van(paginas[kaartpagina], kleur("--accent-donker")) > 5  # the aanbod points


def test_a_wijk_report_lists_its_buurten_its_aanbod_and_compares_with_the_gemeente(client, haarlem_url):
    antwoord = client.get(f"/rapport/{WIJK}.html?drempel=1200")
    assert antwoord.status_code == 200 and antwoord.mimetype == "text/html"
    html = antwoord.get_data(as_text=True)
    tekst = _woorden(re.sub(r"<[^>]+>", " ", html))
    tabel = gaten_diensten.tabel(make_engine(haarlem_url), "GM0392", GatenFilter(drempel_m=1200))
    eigen = [r for r in tabel.rijen if r["wijkcode"] == WIJK]
    assert eigen, "de wijk heeft buurten"
    posities = [tekst.find(r["uitleg"]) for r in eigen]
    assert -1 not in posities and posities == sorted(posities)
    assert "1.200 m hemelsbreed" in tekst
    # Aanbod in the wijk's buurten, counted here in SQL: the same number in the heading and rows.
    engine = create_engine(haarlem_url)
    with engine.connect() as c:
        namen = (
            c.execute(
                text(
                    "SELECT a.naam FROM aanbod a JOIN aanbod_locatie al ON al.aanbod_id = a.id"
                    " JOIN locatie l ON l.id = al.locatie_id WHERE l.buurtcode LIKE :prefix"
                    " AND (a.collectief OR a.soort = 'inloopspreekuur') AND a.status = 'actief'"
                ),
                {"prefix": "BU" + WIJK[2:] + "%"},
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert f"Het aanbod en zijn tijden ({len(namen)})" in tekst
    # Escaped, never markup: the example aanbod's name carries a script.
    assert "<script>window.__xss" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    assert "Wijk " in tekst and "Haarlem" in tekst  # wijk and gemeente columns
    assert 'src="data:image/svg+xml;base64,' in html


def test_the_buurt_report_in_english_from_the_page_button(client, tmp_path):
    client.set_cookie("taal", "en")
    pagina = client.get(f"/buurt/{BUURT}?drempel=1000").get_data(as_text=True)
    link = re.search(r'href="(/rapport/[^"]+\.pdf[^"]*)"', pagina).group(1).replace("&amp;", "&")
    assert link == f"/rapport/{BUURT}.pdf?drempel=1000"
    antwoord = client.get(link)
    assert antwoord.status_code == 200 and antwoord.mimetype == "application/pdf"
    assert "attachment" in antwoord.headers["Content-Disposition"]
    pdf = tmp_path / "buurt.pdf"
    pdf.write_bytes(antwoord.data)
    teksten, _ = lees_pdf(pdf)
    alles = " ".join(teksten)
    assert "How the gaps were computed (summary)" in alles and "1,000 m as the crow flies" in alles
    for nederlands in ("Dekking per dagdeel", "Samenvatting en kaart", "Het aanbod en zijn tijden", "onbekend"):
        assert nederlands not in alles
    assert "Coverage by time of week" in alles and "weekend evening" in alles
    # The report links to the full method with its settings (a PDF link must be absolute to work).
    assert "http://localhost/methode?drempel=1000" in alles


@pytest.mark.parametrize(
    ("argumenten", "melding"),
    [
        (["--gemeente", "GM0392", "--buurt", "BU03631803"], "BU03631803 ligt niet in GM0392"),
        (["--gemeente", "GM0392", "--wijk", "WK039201", "--buurt", BUURT], f"{BUURT} ligt niet in wijk WK039201"),
        (["--gemeente", "GM0392", "--buurt", "BU03929999"], "BU03929999 is niet geladen"),
        (["--gemeente", "GM0363"], "geen buurten geladen voor GM0363"),
        (["--gemeente", "Haarlem"], "verwacht een gemeentecode zoals GM0392"),
    ],
)
def test_a_wrong_area_is_refused_and_writes_nothing(haarlem_url, tmp_path, argumenten, melding):
    pdf = tmp_path / "r.pdf"
    uit = wijkkaart_cli("--database", haarlem_url, "rapport", *argumenten, "-o", str(pdf))
    assert uit.returncode != 0 and melding in _woorden(uit.stderr) and "Traceback" not in uit.stderr
    assert list(tmp_path.glob("r.pdf*")) == [] and list(tmp_path.glob(".r.pdf*")) == []


def test_the_web_refuses_unknown_areas_and_formats(client):
    for url in (
        "/rapport/XX.pdf",
        "/rapport/GM0392.docx",
        "/rapport/BU03929999.pdf",
        "/rapport/GM0392.pdf?drempel=abc",
    ):
        assert client.get(url).status_code in (400, 404), url
    uit = wijkkaart_cli("rapport", "--gemeente", "GM0392", "-o", "x.docx")
    assert uit.returncode == 2 and "de extensie moet .pdf of .html zijn" in uit.stderr


def test_user_text_is_escaped_in_the_report_and_its_map(client, haarlem_url):
    import base64

    engine = create_engine(haarlem_url)
    with engine.begin() as c:
        c.execute(
            text("UPDATE gebied SET naam = :naam WHERE code = :code"),
            {"naam": "<script>window.__x=1</script>Buurt", "code": BUURT},
        )
    engine.dispose()
    for url in ("/rapport/GM0392.html", f"/rapport/{BUURT}.html"):
        html = client.get(url).get_data(as_text=True)
        assert "<script" not in html and "<img src=x" not in html, url
        svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)).decode()
        assert "<script" not in svg, url
    html = client.get("/rapport/GM0392.html").get_data(as_text=True)
    assert "&lt;img src=x onerror=" in html  # the example aanbod's name, shown as typed
    assert "&lt;script&gt;window.__x=1&lt;/script&gt;Buurt" in client.get(f"/rapport/{BUURT}.html").get_data(
        as_text=True
    )


def test_percentages_of_a_buurt_with_too_few_inwoners_are_marked(client, haarlem_url):
    engine = create_engine(haarlem_url)
    with engine.connect() as c:
        klein = (
            c.execute(
                text(
                    "SELECT code FROM gebied WHERE niveau = 'buurt' AND gemeentecode = 'GM0392' AND NOT water"
                    " AND inwoners > 0 AND inwoners < 100 AND pct_65_plus IS NOT NULL ORDER BY code"
                )
            )
            .scalars()
            .first()
        )
    engine.dispose()
    assert klein, "Haarlem heeft kleine buurten met een percentage"
    tekst = _woorden(re.sub(r"<[^>]+>", " ", client.get(f"/rapport/{klein}.html").get_data(as_text=True)))
    assert "(te weinig inwoners)" in tekst and "minder dan 100 inwoners zeggen weinig" in tekst
    groot = _woorden(re.sub(r"<[^>]+>", " ", client.get(f"/rapport/{BUURT}.html").get_data(as_text=True)))
    assert "(te weinig inwoners)" not in groot


def test_reports_and_map_images_are_rate_limited_per_client(haarlem_url):
    app = create_app({"DATABASE_URL": haarlem_url, "TESTING": True, "RAPPORT_LIMIET": "2 per minute"})
    client = app.test_client()
    assert client.get(f"/rapport/{BUURT}.html").status_code == 200
    assert client.get("/gemeente/GM0392/kaart.svg?kerncijfer=gatscore").status_code == 200
    te_veel = client.get(f"/rapport/{BUURT}.html")
    assert te_veel.status_code == 429 and int(te_veel.headers["Retry-After"]) > 0
    assert client.get("/gemeente/GM0392").status_code == 200  # the pages themselves are not limited


def test_a_report_is_kept_until_the_data_changes(haarlem_url):
    from wijkkaart.opslag.engine import transaction

    app = create_app({"DATABASE_URL": haarlem_url, "TESTING": True})
    client = app.test_client()
    eerste = client.get(f"/rapport/{BUURT}.html").data
    assert client.get(f"/rapport/{BUURT}.html").data == eerste  # the same report, not made again
    assert client.get(f"/rapport/{BUURT}.html?drempel=1200").data != eerste  # another filter is another report
    # A change to what the maps show (a new data version) makes a new report.
    with transaction(app.extensions["wijkkaart.engine"]) as s:
        s.execute(text("UPDATE gebied SET naam = 'Schoolenaer Nieuw' WHERE code = :code"), {"code": BUURT})
    nieuw = client.get(f"/rapport/{BUURT}.html").get_data(as_text=True)
    assert "Schoolenaer Nieuw" in nieuw and nieuw.encode() != eerste
