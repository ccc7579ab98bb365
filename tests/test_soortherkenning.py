"""Ordinary sociale-kaart exports import without a mapping file: columns by name, soort from the source's words."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.kern.settings import PROJECT_ROOT
from wijkkaart.kern.soortherkenning import TREFWOORDEN, documentatie, herken_soort
from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie

from .helpers import haarlem_punten
from .test_import_aanbod import haarlem, importeer, schrijf_csv  # noqa: F401  (fixture)

#: The columns of the real export of 565 initiatives that imported 0 rows before (issue 15).
KOP = ["id", "naam", "type", "categorie", "gemeente", "postcode", "adres", "beschrijving", "doelgroep",
       "website", "telefoon", "email", "lat", "lng"]  # fmt: skip


@pytest.mark.parametrize(
    ("teksten", "soort"),
    [
        (("Buurthuis", None, "De Til"), "buurthuis"),
        (("Inloop", None, "Wijkteam Noord"), "inloopspreekuur"),
        ((None, "Taal en meedoen", "Taalcafé De Brug"), "cursus"),
        (("Voedselbank", None, "Voedselbank Haarlem"), "overig_aanbod"),
        ((None, None, "Huis van de Wijk Schalkwijk"), "wijkcentrum"),
        ((None, None, "Repair Café Oost"), "activiteit"),
        (("hulp_en_advies", None, "X"), "hulp_en_advies"),
        ((None, None, "Inloopspreekuur in buurthuis De Til"), "inloopspreekuur"),  # the specific word first
        (("Buurtkamer", "Ontmoeten", "Inloop De Kamer"), "buurtkamer"),  # the source's type before the name
    ],
)
def test_the_soort_is_recognised_from_the_sources_words(teksten, soort):
    type_, categorie, naam = teksten
    # As the import asks: the source's type and category first, the name only when they say nothing.
    herkend = herken_soort(type_, categorie) or herken_soort(naam)
    assert herkend is not None and herkend.soort == soort


def test_words_that_say_nothing_are_not_guessed():
    assert herken_soort("Atelier", "Kunst", "De Ezel") is None
    assert herken_soort(None, "", "   ") is None
    # "les" and "koor" are whole words, not parts of "lesbische" or "koorts".
    assert herken_soort("Praatgroep lesbische vrouwen") is None
    assert herken_soort("Koorts en griep") is None


def test_the_keyword_table_is_documented_as_the_code_reads_it():
    tekst = (PROJECT_ROOT / "docs" / "aanbod.md").read_text("utf-8")
    assert documentatie() in tekst
    assert len(documentatie().splitlines()) == len(TREFWOORDEN)


def _export(haarlem, tmp_path, rijen, kop=KOP):  # noqa: F811
    return schrijf_csv(tmp_path / "sociale_kaart.csv", rijen, kop=kop, scheiding=",")


def test_a_real_shaped_export_imports_every_row_without_a_mapping_file(haarlem, tmp_path):  # noqa: F811
    p = haarlem_punten(haarlem, 6, seed=5)
    rijen = [
        ["1", "Buurthuis De Til", "Buurthuis", "Welzijn", "Haarlem", "", "", "Voor iedereen uit de buurt.",
         "", "www.detil.nl", "023-1234567", "info@detil.nl", p[0][1], p[0][0]],
        ["2", "Inloop wijkteam", "Inloop", "Hulp", "Haarlem", "", "", "Inloop di+do 9–12u, gratis.",
         "iedereen", "", "", "", p[1][1], p[1][0]],
        ["3", "Taalcafé De Brug", "", "Taal", "Haarlem", "", "", "Elke woensdag van 19.00 tot 21.00 uur.",
         "nieuwkomers", "", "", "", p[2][1], p[2][0]],
        ["4", "Voedselbank Haarlem", "Voedselbank", "Armoede", "Haarlem", "", "", "Uitgifte op afspraak.",
         "", "", "", "", p[3][1], p[3][0]],
        ["5", "Atelier De Ezel", "Atelier", "Kunst", "Haarlem", "", "", "", "", "", "", "", p[4][1], p[4][0]],
        ["6", "Samen Eten Oost", "", "", "Haarlem", "", "", "", "ouderen", "", "", "", p[5][1], p[5][0]],
    ]  # fmt: skip
    s = importeer(haarlem, _export(haarlem, tmp_path, rijen), tmp_path, bron="sociale-kaart")
    assert s.afgewezen == 0 and s.geimporteerd == 6
    # The summary says what stays outside the gap analysis, and why: the food bank and the atelier.
    assert s.buiten_gatenanalyse == {"niet collectief": {"overig_aanbod": 2}}
    assert "  buiten de gatenanalyse, niet collectief: 2 (overig_aanbod 2)" in s.regels()
    with session_factory(haarlem)() as sessie:
        soorten = dict(
            sessie.execute(select(Aanbod.extern_id, Aanbod.soort).where(Aanbod.bron == "sociale-kaart")).all()
        )
        locaties = dict(
            sessie.execute(select(Locatie.extern_id, Locatie.soort).where(Locatie.bron == "sociale-kaart")).all()
        )
        uren = dict(
            sessie.execute(
                select(Aanbod.extern_id, AanbodLocatie.openingstijden)
                .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
                .where(Aanbod.bron == "sociale-kaart")
            ).all()
        )
    assert locaties["1"] == "buurthuis"
    assert soorten == {
        "2": "inloopspreekuur",
        "3": "cursus",
        "4": "overig_aanbod",
        "5": "overig_aanbod",
        "6": "activiteit",
    }
    assert uren["2"] == "Tu,Th 09:00-12:00" and uren["3"] == "We 19:00-21:00"
    # Rows as a spreadsheet numbers them: the header is row 1, so the sixth record is row 7.
    rapport = {(r["rij"], r["veld"]): r for r in lees_rapport(tmp_path / "rapport.csv")}
    assert rapport[("7", "soort")]["reden"].startswith("soort afgeleid uit de naam")
    assert rapport[("7", "soort")]["gevolg"] == "geïmporteerd, met waarschuwing"
    assert rapport[("7", "soort")]["waarde"] == "Samen Eten Oost"
    assert rapport[("7", "soort")]["reden"].endswith(": activiteit")
    assert "soort niet herkend" in rapport[("6", "soort")]["reden"]
    assert rapport[("6", "soort")]["waarde"] == "Atelier / Kunst"


def test_a_file_without_an_id_column_gets_stable_keys_and_reports_duplicates(haarlem, tmp_path):  # noqa: F811
    p = haarlem_punten(haarlem, 2, seed=9)
    kop = ["naam", "soort", "lat", "lon"]
    rijen = [
        ["Koffieochtend Noord", "activiteit", p[0][1], p[0][0]],
        ["Koffieochtend Zuid", "activiteit", p[1][1], p[1][0]],
        ["Koffieochtend Noord", "activiteit", p[0][1], p[0][0]],  # the same again
    ]
    bestand = schrijf_csv(tmp_path / "lijst.csv", rijen, kop=kop)
    eerste = importeer(haarlem, bestand, tmp_path, bron="lijst")
    assert eerste.geimporteerd == 2 and eerste.afgewezen == 1
    rapport = lees_rapport(tmp_path / "rapport.csv")
    assert any(r["rij"] == "1" and r["veld"] == "extern_id" and "geen id-kolom" in r["reden"] for r in rapport)
    assert any(r["rij"] == "4" and "zelfde naam op dezelfde plek als rij 2" in r["reden"] for r in rapport)
    # The same file again updates, it does not duplicate.
    tweede = importeer(haarlem, bestand, tmp_path, bron="lijst")
    assert tweede.telling.nieuw["aanbod"] == 0
    with session_factory(haarlem)() as sessie:
        assert sessie.scalar(select(func.count()).select_from(Aanbod).where(Aanbod.bron == "lijst")) == 2


def test_status_words_of_exports_are_understood_and_unknown_ones_reported(haarlem, tmp_path):  # noqa: F811
    p = haarlem_punten(haarlem, 3, seed=11)
    kop = ["id", "naam", "soort", "status", "lat", "lon"]
    rijen = [
        ["s1", "Koffieochtend", "activiteit", "published", p[0][1], p[0][0]],
        ["s2", "Eetgroep", "activiteit", "Opgeheven", p[1][1], p[1][0]],
        ["s3", "Soos", "activiteit", "verwijderd?", p[2][1], p[2][0]],
    ]
    s = importeer(haarlem, schrijf_csv(tmp_path / "status.csv", rijen, kop=kop), tmp_path, bron="status")
    assert (s.geimporteerd, s.afgewezen) == (2, 1)
    with session_factory(haarlem)() as sessie:
        statussen = dict(sessie.execute(select(Aanbod.extern_id, Aanbod.status).where(Aanbod.bron == "status")).all())
    assert statussen == {"s1": "actief", "s2": "gestopt"}
    regel = next(r for r in lees_rapport(tmp_path / "rapport.csv") if r["veld"] == "status")
    assert (regel["rij"], regel["gevolg"], regel["waarde"]) == ("4", "afgewezen", "verwijderd?")
