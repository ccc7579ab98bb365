"""The malformed-file corpus: broken and odd variants of the real shared files through ``import-aanbod``.

Every variant is made here from the shared files (Twente sociale kaart, the
Amsterdam cool places, an OSM Overpass answer), the way real exports go wrong:
other encodings (UTF-16 from Excel among them), separators, stray quotes,
control characters, huge cells, duplicate and renamed columns, odd sheets,
merged cells, formulas without a result, broken GeoJSON geometry, an old
``crs`` member, nested JSON. For each, on both backends: no traceback, exit 0
or 1 (2 only where the file as a whole is refused, then nothing is stored),
and every row of the file is either imported or in the report
(imported + reported = rows, counted by the generator, not by wijkkaart).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from wijkkaart.diensten import gebieden as cbs
from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.opslag.engine import make_engine
from wijkkaart.opslag.schema import bereid_voor
from wijkkaart.opslag.tabellen.aanbod import Aanbod, Locatie

from .helpers import wijkkaart_cli

TWENTE = "venues/twente_sociale_kaart_facilities_base.csv"
KOELTE = "venues/amsterdam_koelteplekken_ggd.geojson"
OVERPASS = "venues/osm_overpass_sample_denhaag_zoetermeer_2026.json"


def _twente(shared_data) -> tuple[list[str], list[list[str]]]:
    rijen = list(csv.reader((shared_data / TWENTE).open(encoding="utf-8-sig")))
    return rijen[0], rijen[1:]


def _csv(kop, rijen, scheiding=";", regeleinde="\n") -> str:
    uit = io.StringIO()
    csv.writer(uit, delimiter=scheiding, lineterminator=regeleinde).writerows([kop, *rijen])
    return uit.getvalue()


def _xlsx(pad, bladen: dict[str, list[list]], samenvoegen=(), formules=()):
    boek = Workbook()
    boek.remove(boek.active)
    for naam, rijen in bladen.items():
        blad = boek.create_sheet(naam)
        for rij in rijen:
            blad.append(rij)
    for bereik in samenvoegen:
        boek.worksheets[0].merge_cells(bereik)
    for cel, formule in formules:
        boek.worksheets[0][cel] = formule
    boek.save(pad)


def _varianten(shared_data, tmp):
    """(name, path, rows in the file, whole file refused?) for every variant."""
    kop, rijen = _twente(shared_data)
    n = len(rijen)
    v = []

    def tekst(naam, inhoud, rij_aantal=n, codering="utf-8", geweigerd=False):
        pad = tmp / naam
        pad.write_bytes(inhoud.encode(codering) if isinstance(inhoud, str) else inhoud)
        v.append((naam, pad, rij_aantal, geweigerd))

    gewoon = _csv(kop, rijen)
    tekst("01_gewoon.csv", gewoon)
    tekst("02_bom.csv", "\ufeff" + gewoon)
    tekst("03_cp1252.csv", gewoon, codering="cp1252")
    tekst("04_utf16_le_bom_tab.txt", "\ufeff" + _csv(kop, rijen, "\t", "\r\n"), codering="utf-16-le")
    tekst("05_utf16_le_zonder_bom.txt", _csv(kop, rijen, "\t", "\r\n"), codering="utf-16-le")
    tekst("06_utf16_be_bom.csv", _csv(kop, rijen), codering="utf-16")
    tekst("07_komma.csv", _csv(kop, rijen, ","))
    tekst("08_tab.tsv", _csv(kop, rijen, "\t"))
    tekst("09_crlf.csv", _csv(kop, rijen, ";", "\r\n"))
    los = [list(r) for r in rijen]
    los[4][1] = '"' + los[4][1]  # an unclosed quote at the start of a cell
    tekst("10_los_aanhalingsteken.csv", _csv(kop, los).replace('"""', '"'), rij_aantal=None)
    meer = [list(r) for r in rijen]
    meer[2][2] = meer[2][2] + "\n(ingang achterzijde)"
    tekst("11_regeleinde_in_cel.csv", _csv(kop, meer))
    nul = [list(r) for r in rijen]
    nul[3][1] = nul[3][1] + "\x00"
    nul[5][11] = "inloop\x07"
    tekst("12_nul_en_stuurtekens.csv", _csv(kop, nul))
    lang = [list(r) for r in rijen]
    lang[1][11] = "x" * 200_000
    tekst("13_lange_cel.csv", _csv(kop, lang))
    naam = [list(r) for r in rijen]
    naam[2][1] = "N" * 400
    tekst("14_lange_naam.csv", _csv(kop, naam))
    tekst("15_naam_en_Naam.csv", _csv([*kop, "Name"], [[*r, "x"] for r in rijen]), geweigerd=True)
    tekst("16_onbekende_kolom.csv", _csv([*kop, "Postcodegebied oud"], [[*r, "7511"] for r in rijen]))
    tekst("17_lege_kolommen_achteraan.csv", _csv([*kop, "", ""], [[*r, "", ""] for r in rijen]))
    tekst("18_lege_regels.csv", gewoon.replace("\n", "\n\n", 5))
    teveel = [list(r) for r in rijen]
    teveel[6] = [*teveel[6], "extra", "meer"]
    tekst("19_te_veel_waarden.csv", _csv(kop, teveel))
    te_weinig = [list(r) for r in rijen]
    te_weinig[7] = te_weinig[7][:5]
    tekst("20_te_weinig_waarden.csv", _csv(kop, te_weinig))
    tekst("21_alleen_kop.csv", _csv(kop, []), rij_aantal=0, geweigerd=True)
    tekst("22_leeg.csv", "", rij_aantal=0, geweigerd=True)
    gemengd = gewoon.encode("utf-8").replace(b"Wijkwijzer Centrum", "Wijkwijzer Céntrum".encode("cp1252"))
    tekst("23_gemengde_codering.csv", gemengd)
    tekst("24_stuurteken_in_kop.csv", _csv([kop[0], "na\x01me", *kop[2:]], rijen))
    formule = [list(r) for r in rijen]
    formule[0][1] = '=HYPERLINK("http://x.nl","klik")'
    formule[1][14] = "@SUM(1+1)"
    tekst("25_formules_als_tekst.csv", _csv(kop, formule))
    komma = [list(r) for r in rijen]
    for r in komma:
        r[6], r[7] = r[6].replace(".", ","), r[7].replace(".", ",")
    tekst("26_decimale_komma.csv", _csv(kop, komma))
    om = [list(r) for r in rijen]
    for r in om[:3]:
        r[6], r[7] = r[7], r[6]
    tekst("27_lat_lon_verwisseld.csv", _csv(kop, om))
    dubbel = [list(r) for r in rijen] + [list(rijen[0])]
    tekst("28_dubbel_id.csv", _csv(kop, dubbel), rij_aantal=n + 1)
    tekst("29_alleen_naam.csv", _csv(["naam"], [[r[1]] for r in rijen]))
    tekst("30_hoofdletters_kop.csv", _csv([k.upper() for k in kop], rijen))
    tekst("31_spaties_in_kop.csv", _csv([f"  {k} " for k in kop], rijen))
    tekst("32_kop_met_aanhalingstekens.csv", '"' + '";"'.join(kop) + '"\n' + gewoon.split("\n", 1)[1])
    adres = [list(r) for r in rijen]
    for r in adres:
        r[6] = r[7] = ""
    tekst("33_zonder_coordinaten.csv", _csv(kop, adres))
    zonder_plek = [list(r) for r in rijen]
    for r in zonder_plek[:4]:
        r[2], r[6], r[7] = "Online", "", ""
    tekst("34_online.csv", _csv(kop, zonder_plek))

    # XLSX
    def boek(naam, bladen, rij_aantal=n, **opties):
        pad = tmp / naam
        _xlsx(pad, bladen, **opties)
        v.append((naam, pad, rij_aantal, False))

    boek("40_gewoon.xlsx", {"Blad1": [kop, *rijen]})
    boek(
        "41_uitleg_eerst.xlsx",
        {"Uitleg": [["Lees dit eerst"], ["Vul de lijst op het tweede blad in."]], "Data": [kop, *rijen]},
    )
    boek("42_twee_bladen.xlsx", {"Deel 1": [kop, *rijen[:20]], "Deel 2": [kop, *rijen[20:]]})
    boek("43_titel_boven_kop.xlsx", {"Blad1": [["Sociale kaart Twente, stand 2026"], [], kop, *rijen]})
    boek("44_samengevoegd.xlsx", {"Blad1": [kop, *rijen]}, samenvoegen=("D2:D5",))
    boek("45_formule_zonder_waarde.xlsx", {"Blad1": [kop, *rijen]}, formules=(("N3", "=1+1"), ("N4", "=A4&B4")))
    getallen = [[*r[:6], float(r[6] or 0) or None, float(r[7] or 0) or None, *r[8:]] for r in rijen]
    boek("46_getallen.xlsx", {"Blad1": [kop, *getallen]})
    boek("47_lege_rijen.xlsx", {"Blad1": [kop, *rijen[:10], [], [], *rijen[10:]]})
    boek("48_lege_kolom.xlsx", {"Blad1": [[*kop[:3], None, *kop[3:]], *[[*r[:3], None, *r[3:]] for r in rijen]]})

    # GeoJSON, from the Amsterdam cool places
    koelte = json.loads((shared_data / KOELTE).read_text())
    k = len(koelte["features"])

    def geo(naam, wijzig, rij_aantal=k, geweigerd=False):
        data = json.loads(json.dumps(koelte))
        wijzig(data)
        pad = tmp / naam
        pad.write_text(json.dumps(data))
        v.append((naam, pad, rij_aantal, geweigerd))

    def geom(i, g):
        return lambda d: d["features"][i].__setitem__("geometry", g)

    geo("50_gewoon.geojson", lambda d: None)
    geo("51_een_coordinaat.geojson", geom(0, {"type": "Point", "coordinates": [4.8]}))
    geo("52_tekst_coordinaten.geojson", geom(1, {"type": "Point", "coordinates": ["4.8", "52.3"]}))
    geo("53_onbekend_type.geojson", geom(2, {"type": "Cirkel", "coordinates": [4.8, 52.3]}))
    geo("54_lege_geometrie.geojson", geom(3, {"type": "Point", "coordinates": []}))
    geo("55_collectie.geojson", geom(4, {"type": "GeometryCollection", "geometries": []}))
    geo("56_null_geometrie.geojson", geom(5, None))
    geo(
        "57_polygoon.geojson",
        geom(0, {"type": "Polygon", "coordinates": [[[4.80, 52.35], [4.81, 52.35], [4.81, 52.36], [4.80, 52.35]]]}),
    )

    def rd(d):
        from pyproj import Transformer

        t = Transformer.from_crs(4326, 28992, always_xy=True)
        d["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
        for f in d["features"]:
            f["geometry"]["coordinates"] = list(t.transform(*f["geometry"]["coordinates"]))

    geo("58_crs_rd.geojson", rd)
    geo("59_properties_null.geojson", lambda d: d["features"][1].__setitem__("properties", None))
    geo("60_genest_object.geojson", lambda d: d["features"][2]["properties"].__setitem__("extra", {"a": [1, 2]}))
    geo("61_feature_geen_object.geojson", lambda d: d["features"].__setitem__(3, "kapot"))
    geo("62_geen_features.geojson", lambda d: d.__setitem__("features", {}), rij_aantal=0, geweigerd=True)

    # JSON records and Overpass
    records = [dict(zip(kop, r, strict=True)) for r in rijen]
    (tmp / "70_records.json").write_text(json.dumps(records))
    v.append(("70_records.json", tmp / "70_records.json", n, False))
    genest = [dict(r) for r in records]
    genest[0]["audience"] = {"nl": "iedereen"}
    genest[1]["access"] = ["inloop", "afspraak"]
    (tmp / "71_genest.json").write_text(json.dumps(genest))
    v.append(("71_genest.json", tmp / "71_genest.json", n, False))
    (tmp / "72_bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(records).encode())
    v.append(("72_bom.json", tmp / "72_bom.json", n, False))
    (tmp / "73_kapot.json").write_text(json.dumps(records)[:-20])
    v.append(("73_kapot.json", tmp / "73_kapot.json", 0, True))
    overpass = json.loads((shared_data / OVERPASS).read_text())
    (tmp / "74_overpass.json").write_text(json.dumps(overpass))
    v.append(("74_overpass.json", tmp / "74_overpass.json", len(overpass["elements"]), False))
    zonder = json.loads(json.dumps(overpass))
    zonder["elements"][0].pop("lat", None)
    zonder["elements"][0].pop("lon", None)
    (tmp / "75_overpass_zonder_punt.json").write_text(json.dumps(zonder))
    v.append(("75_overpass_zonder_punt.json", tmp / "75_overpass_zonder_punt.json", len(zonder["elements"]), False))
    return v


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared_data):
    tmp = tmp_path_factory.mktemp("corpus")
    return _varianten(shared_data, tmp), tmp


def test_the_corpus_is_big_enough(corpus):
    assert len(corpus[0]) >= 60


@pytest.fixture
def nederland(database_url, shared_data):
    """Haarlem's buurten and every gemeente of the Netherlands (so Enschede, Amsterdam and Den Haag are placed)."""
    engine = make_engine(database_url)
    bereid_voor(engine)
    cbs.import_cbs(engine, shared_data / "nl_gemeenten_2024_cbs.gpkg")
    yield engine
    engine.dispose()


def _stand(engine):
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(Aanbod)), c.scalar(select(func.count()).select_from(Locatie))


def test_every_row_of_every_odd_file_is_imported_or_reported(corpus, nederland, database_url, tmp_path):
    varianten, _tmp = corpus
    env = {"WIJKKAART_DATABASE_URL": database_url}
    mislukt = []
    for i, (naam, pad, rijen, geweigerd) in enumerate(varianten):
        rapport = tmp_path / f"{i}.rapport.csv"
        voor = _stand(nederland)
        uit = wijkkaart_cli(
            "import-aanbod", pad, "--geocoder", "bestand", "--bron", f"corpus{i}", "--rapport", rapport, env=env
        )
        if "Traceback" in uit.stderr or uit.returncode not in (0, 1, 2):
            mislukt.append((naam, uit.returncode, uit.stderr[-300:]))
            continue
        if geweigerd:
            if uit.returncode != 2 or _stand(nederland) != voor or "fout:" not in uit.stderr:
                mislukt.append((naam, "had geweigerd moeten worden", uit.returncode, uit.stdout[-200:]))
            continue
        if uit.returncode == 2:
            mislukt.append((naam, "geweigerd", uit.stderr[-300:]))
            continue
        regels = lees_rapport(rapport)
        gemeld = {r["rij"] for r in regels if r["gevolg"] in ("afgewezen", "uitgesloten", "wacht op een plek")}
        geimporteerd = int(uit.stdout.split("geïmporteerd: ")[1].split()[0])
        gelezen = int(uit.stdout.split("rijen gelezen: ")[1].split()[0])
        if rijen is not None and gelezen != rijen:
            mislukt.append((naam, f"{gelezen} rijen gelezen, het bestand heeft er {rijen}"))
        if geimporteerd + len(gemeld - {"1"}) != gelezen:
            mislukt.append((naam, f"geïmporteerd {geimporteerd} + gemeld {len(gemeld)} ≠ {gelezen} rijen"))
    assert not mislukt, "\n".join(map(str, mislukt))


def test_values_are_imported_as_the_file_means_them(corpus, nederland, database_url, tmp_path):
    """Nested JSON as JSON text, a merged cell for every row it covers, a formula without result reported."""
    varianten = {naam: pad for naam, pad, _r, _g in corpus[0]}
    env = {"WIJKKAART_DATABASE_URL": database_url}
    uit = wijkkaart_cli("import-aanbod", varianten["71_genest.json"], "--geocoder", "bestand", "--bron", "g", env=env)
    assert uit.returncode in (0, 1), uit.stderr
    with nederland.connect() as c:
        toegang = c.scalar(select(Aanbod.toegang).where(Aanbod.bron == "g", Aanbod.extern_id == "loc-2"))
    assert toegang == '["inloop", "afspraak"]'  # JSON, never Python's repr "['inloop', 'afspraak']"
    rapport = tmp_path / "m.csv"
    uit = wijkkaart_cli(
        "import-aanbod",
        varianten["44_samengevoegd.xlsx"],
        "--geocoder",
        "bestand",
        "--bron",
        "m",
        "--rapport",
        rapport,
        env=env,
    )
    with nederland.connect() as c:
        plaatsen = c.execute(select(Locatie.extern_id, Locatie.plaats).where(Locatie.bron == "m")).all()
    # D2:D5 merged: the town of row 2 counts for rows 3–5 too (unfilled, their plaats would be empty).
    assert plaatsen and all(plaats for _e, plaats in plaatsen), plaatsen
    rapport = tmp_path / "f.csv"
    uit = wijkkaart_cli(
        "import-aanbod",
        varianten["45_formule_zonder_waarde.xlsx"],
        "--geocoder",
        "bestand",
        "--bron",
        "f",
        "--rapport",
        rapport,
        env=env,
    )
    regels = [r for r in lees_rapport(rapport) if "formule zonder berekende waarde" in r["reden"]]
    assert {(r["rij"], r["veld"]) for r in regels} == {("3", "costs"), ("4", "costs")}
    # A column no field reads is named in the summary.
    uit = wijkkaart_cli(
        "import-aanbod", varianten["16_onbekende_kolom.csv"], "--geocoder", "bestand", "--bron", "o", env=env
    )
    assert "kolommen niet gebruikt" in uit.stdout and "Postcodegebied oud" in uit.stdout


def test_an_unexpected_error_has_its_own_exit_code_and_a_report(nederland, database_url, tmp_path, monkeypatch):
    """Code 3, not 1 (rows rejected) or 2 (a bad file); nothing stored; the report says what happened."""
    from wijkkaart.invoer import records

    def kapot(*_args, **_kwargs):
        raise RuntimeError("iets onvoorziens")

    monkeypatch.setattr(records, "_uren", kapot)
    bestand = tmp_path / "a.csv"
    bestand.write_text("id;naam;soort;lat;lon\na1;Koffie;activiteit;52.38;4.64\n", encoding="utf-8")
    voor = _stand(nederland)
    uit = wijkkaart_cli(
        "import-aanbod",
        bestand,
        "--geocoder",
        "bestand",
        "--rapport",
        tmp_path / "r.csv",
        env={"WIJKKAART_DATABASE_URL": database_url},
    )
    assert uit.returncode == 3 and "Traceback" not in uit.stderr and "onverwachte fout" in uit.stderr
    assert _stand(nederland) == voor
    assert "RuntimeError: iets onvoorziens" in lees_rapport(tmp_path / "r.csv")[0]["reden"]
