"""The browser import in real headless Chromium: upload, choose columns and soorten, dry run, import, mapping kept."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from wijkkaart.invoer.geocoding import maak_keten
from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie

from .bewerkhulp import WACHTWOORD, maak_accounts
from .helpers import draaiende_server, haarlem_app, haarlem_punten
from .test_browser import Watched, browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory, shared_data):
    tmp = tmp_path_factory.mktemp("import-browser")
    app = haarlem_app(tmp, shared_data, INSTANCE_DIR=tmp / "instance", INLOG_LIMIET="1000 per minute")
    engine = app.extensions["wijkkaart.engine"]
    opzet = maak_accounts(engine)
    # No PDOK here: the rows carry their coordinates.
    app.extensions["wijkkaart.geocoders"]["import"] = maak_keten(["bestand"])
    with draaiende_server(app) as basis:
        yield basis, engine, opzet, tmp


def _bestand(pad, engine, seed=51):
    punten = haarlem_punten(engine, 4, seed=seed)
    rijen = [
        ["Buurthuis De Brug", "Buurthuis", "Ontmoeten en koffie", "ma t/m vr 9-17 uur"],
        ["Taalcafé Oost", "Taalcafé", "Nederlands oefenen", "di 19.30-21.00"],
        ["Kledingbank", "Kledingbank", "Gratis kleding voor wie het krap heeft", "wo 13:00-16:00"],
        ["Samen wandelen", "Iets anders", "Elke week een rondje door de wijk", "donderdagochtend"],
    ]
    with open(pad, "w", encoding="utf-8", newline="") as uit:
        s = csv.writer(uit, delimiter=";")
        s.writerow(["Titel", "Type", "Omschrijving", "Wanneer open", "Breedtegraad", "Lengtegraad"])
        for (lon, lat), rij in zip(punten, rijen, strict=True):
            s.writerow([*rij, lat, lon])
    return pad


def _inloggen(page, basis, email):
    page.goto(f"{basis}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{basis}/bewerken")


def _aantal(engine, bron):
    with session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(Aanbod).where(Aanbod.bron == bron))


def test_upload_choose_columns_dry_run_import_and_the_choices_come_back(omgeving, browser, artifacts):  # noqa: F811
    basis, engine, _opzet, tmp = omgeving
    bestand = _bestand(tmp / "sociale_kaart_noord.csv", engine)
    w = Watched(browser)
    page = w.page
    _inloggen(page, basis, "beheer@example.org")
    page.get_by_role("link", name="Bestand importeren").click()
    page.screenshot(path=artifacts / "import-1-upload-1280.png", full_page=True)
    page.get_by_label("Bestand (CSV").set_input_files(str(bestand))
    page.get_by_label("Naam van de bron").fill("Sociale kaart Noord")
    page.get_by_role("button", name="Bestand bekijken").click()
    # The first rows, and the columns recognised by name: Titel is the name, Breedtegraad the latitude.
    expect(page.locator(".voorbeeldrijen tbody tr")).to_have_count(4)
    expect(page.locator("#kolom_naam")).to_have_value("Titel")
    expect(page.locator("#kolom_lat")).to_have_value("Breedtegraad")
    expect(page.locator("#kolom_soort")).to_have_value("Type")
    # "Wanneer open" is recognised as the hours column.
    expect(page.locator("#kolom_openingstijden")).to_have_value("Wanneer open")
    # Type values with the soort suggested; "Iets anders" fits nothing and is translated by hand.
    soortregel = page.locator(".soortkeuzes .veld", has_text="Iets anders").locator("select")
    expect(soortregel).to_have_value("")
    soortregel.select_option("activiteit")
    expect(page.locator(".soortkeuzes .veld", has_text="Kledingbank").locator("select")).not_to_have_value("")
    # The description is not to be read: not used.
    page.locator("#kolom_beschrijving").select_option("")
    page.screenshot(path=artifacts / "import-2-kolommen-1280.png", full_page=True)

    page.get_by_role("button", name="Controleren").click()
    uitkomst = page.locator(".import-uitkomst")
    expect(uitkomst).to_contain_text("Controle: er is nog niets opgeslagen")
    expect(uitkomst.locator(".import-tellers")).to_contain_text("4 goed")
    expect(uitkomst).to_contain_text("openingstijden gelezen uit de openingstijden-kolom")
    assert _aantal(engine, "Sociale kaart Noord") == 0
    page.screenshot(path=artifacts / "import-3-controle-1280.png", full_page=True)

    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.locator(".import-uitkomst h2")).to_have_text("Geïmporteerd")
    expect(page.locator(".import-tellers")).to_contain_text("nieuw 3")  # the buurthuis is a locatie of its own
    page.screenshot(path=artifacts / "import-4-resultaat-1280.png", full_page=True)
    with session_factory(engine)() as s:
        rijen = dict(s.execute(select(Aanbod.naam, Aanbod.soort).where(Aanbod.bron == "Sociale kaart Noord")).all())
        wandel = s.scalars(select(Aanbod).where(Aanbod.naam == "Samen wandelen")).one()
        link = s.scalars(select(AanbodLocatie).where(AanbodLocatie.aanbod_id == wandel.id)).one()
    assert rijen["Samen wandelen"] == "activiteit" and wandel.beschrijving is None
    assert link.openingstijden == "Th 09:00-12:00" and link.openingstijden_afgeleid_uit == "donderdagochtend"
    # The choices as a mapping file to download.
    toml = page.request.get(basis + page.get_by_role("link", name="Keuzes downloaden").get_attribute("href")).text()
    assert 'naam = "Titel"' in toml and 'beschrijving = ""' in toml and '"Iets anders" = "activiteit"' in toml
    # The next file from the same bron: the choices come back.
    page.goto(f"{basis}/bewerken/importeren")
    page.get_by_label("Bestand (CSV").set_input_files(str(_bestand(tmp / "noord_2.csv", engine, seed=52)))
    page.get_by_label("Naam van de bron").fill("Sociale kaart Noord")
    page.get_by_role("button", name="Bestand bekijken").click()
    expect(page.locator("body")).to_contain_text("De keuzes van de vorige keer voor deze bron zijn ingevuld.")
    expect(page.locator("#kolom_beschrijving")).to_have_value("")
    expect(page.locator(".soortkeuzes .veld", has_text="Iets anders").locator("select")).to_have_value("activiteit")
    assert w.errors == [], w.errors
    # At 360 px the page still works: the first rows scroll sideways inside their box.
    smal = Watched(browser, width=360).page
    _inloggen(smal, basis, "beheer@example.org")
    smal.goto(page.url)
    smal.screenshot(path=artifacts / "import-2-kolommen-360.png", full_page=True)
    assert smal.evaluate("document.documentElement.scrollWidth") <= 362


def test_an_opbouwwerker_imports_only_into_their_wijk_and_a_wrong_file_gets_a_clear_message(omgeving, browser):  # noqa: F811
    basis, engine, opzet, tmp = omgeving
    w = Watched(browser)
    page = w.page
    _inloggen(page, basis, "b@example.org")  # an opbouwwerker of wijk B
    page.goto(f"{basis}/bewerken/importeren")
    verkeerd = tmp / "notities.pdf"
    verkeerd.write_bytes(b"%PDF-1.4")
    page.get_by_label("Bestand (CSV").set_input_files(str(verkeerd))
    page.get_by_role("button", name="Bestand bekijken").click()
    expect(page.locator(".berichten")).to_contain_text("notities.pdf: kies een CSV-, XLSX-, GeoJSON- of JSON-bestand")
    page.get_by_label("Bestand (CSV").set_input_files(str(_bestand(tmp / "elders.csv", engine, seed=53)))
    page.get_by_label("Naam van de bron").fill("Elders")
    page.get_by_role("button", name="Bestand bekijken").click()
    page.get_by_role("button", name="Importeren", exact=True).click()
    expect(page.locator(".import-uitkomst")).to_contain_text("ligt buiten uw wijken")
    with session_factory(engine)() as s:
        from wijkkaart.opslag.tabellen.aanbod import Locatie

        wijken = set(s.scalars(select(Locatie.wijkcode).where(Locatie.bron == "Elders")))
    assert wijken <= {opzet.wijk_b}
    # Without a token nothing is uploaded.
    antwoord = page.request.post(
        f"{basis}/bewerken/importeren",
        multipart={"bestand": {"name": "x.csv", "mimeType": "text/csv", "buffer": b"naam\nx\n"}},
    )
    assert antwoord.status == 400
