"""Editing in real headless Chromium: add aanbod by address, move the pin, enter hours, see it on the map;
a resident's suggestion through moderation onto the map."""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie
from wijkkaart.opslag.tabellen.inzending import Inzending

from .bewerkhulp import WACHTWOORD, bewerkapp
from .helpers import XSS, draaiende_server
from .test_browser import Watched, browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory, shared_data):
    # Teststraat 5, 2011XY lies 25 m from example locatie A, inside wijk A.
    with (
        bewerkapp(tmp_path_factory.mktemp("bewerken-browser"), shared_data, ("2011XY", "5"), 25) as (app, _, adres),
        draaiende_server(app) as basis,
    ):
        yield basis, app.extensions["wijkkaart.engine"], adres


def _inloggen(page, basis, email="a@example.org"):
    page.goto(f"{basis}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{basis}/bewerken")


def _adres_invullen(page):
    page.get_by_label("Straat").fill("Teststraat")
    page.get_by_label("Huisnummer").fill("5")
    page.get_by_label("Postcode").fill("2011 XY")
    page.get_by_label("Plaats").fill("Haarlem")
    page.get_by_role("button", name="Zoek dit adres op de kaart").click()
    expect(page.locator(".adres-uitkomst")).to_contain_text("Gevonden in buurt BU0392")
    expect(page.locator(".pinkaart .leaflet-marker-icon")).to_be_visible()


def _tijdrij(page, n, dagen, van, tot, week=""):
    page.get_by_role("button", name="Tijd toevoegen").click()
    rij = page.locator(".tijden-rij").nth(n)
    for dag in dagen:
        rij.locator(f"input[value={dag}]").check()
    rij.locator(".tijden-week").select_option(week)
    rij.locator(".tijden-van").fill(van)
    rij.locator(".tijden-tot").fill(tot)


def test_aanbod_toevoegen_speld_verplaatsen_tijden_wijzigen_en_op_de_kaart(omgeving, browser, artifacts):  # noqa: F811
    basis, engine, adres = omgeving
    w = Watched(browser)
    page = w.page
    _inloggen(page, basis)
    page.get_by_role("link", name="Nieuw aanbod").click()
    page.get_by_label("Naam", exact=True).fill("Koffie-ochtend Zuid")
    page.get_by_label("Soort aanbod").select_option("activiteit")
    page.get_by_label("Collectief: voor een groep, niet één op één").check()
    page.get_by_label("Kosten").fill(XSS)
    page.get_by_label("Naam van de plek (bij een nieuw adres)").fill("Buurtkamer Zuid")
    page.get_by_label("Organisatie of bewonersgroep").fill("Bewonersgroep Zuid")  # no KvK number
    _adres_invullen(page)

    # Drag the pin 60 px to the east: the precision becomes "handmatig".
    speld = page.locator(".pinkaart .leaflet-marker-icon").bounding_box()
    page.mouse.move(speld["x"] + speld["width"] / 2, speld["y"] + speld["height"] / 2)
    page.mouse.down()
    page.mouse.move(speld["x"] + speld["width"] / 2 + 60, speld["y"] + speld["height"] / 2, steps=8)
    page.mouse.up()
    expect(page.locator("input[name=handmatig]")).to_have_value("1")
    expect(page.locator(".adres-uitkomst")).to_contain_text("handmatig")

    _tijdrij(page, 0, ["Mo", "We"], "09:00", "12:00")
    _tijdrij(page, 1, ["Tu"], "19:00", "21:00", week="2")
    page.get_by_label("Gesloten op feestdagen").check()
    expect(page.locator("input[name=openingstijden]")).to_have_value("Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off")
    expect(page.locator(".tijden-voorbeeld")).to_contain_text(
        "ma en wo 9:00–12:00; elke 2e di 19:00–21:00; feestdagen gesloten"
    )
    page.screenshot(path=artifacts / "bewerken-nieuw-aanbod.png", full_page=True)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".berichten")).to_contain_text("Aanbod Koffie-ochtend Zuid toegevoegd")

    with session_factory(engine)() as s:
        a_id, precisie, x, y, _wijk = s.execute(
            select(Aanbod.id, Locatie.precisie, func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom), Locatie.wijkcode)
            .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
            .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
            .where(Aanbod.naam == "Koffie-ochtend Zuid")
        ).one()
    assert precisie == "handmatig" and math.dist((x, y), adres) > 10

    # Edit the hours: the rows come back from the stored value; one change is one change.
    expect(page.locator(".tijden-rij")).to_have_count(2)
    page.locator(".tijden-rij").nth(0).locator(".tijden-tot").fill("13:00")
    expect(page.locator(".tijden-voorbeeld")).to_contain_text("ma en wo 9:00–13:00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".berichten")).to_contain_text("1 velden gewijzigd")
    expect(page.locator(".geschiedenis")).to_contain_text("Mo,We 09:00-13:00; Tu[2] 19:00-21:00; PH off")

    # On the public map: the popup has the new hours, the payload as text, and "klopt dit niet?".
    publiek = Watched(browser).page
    publiek.goto(f"{basis}/gemeente/GM0392")
    publiek.locator(".lijst-knop", has_text="Koffie-ochtend Zuid").click()
    popup = publiek.locator(".leaflet-popup-content", has_text="Koffie-ochtend Zuid")
    expect(popup).to_contain_text("ma en wo 9:00–13:00; elke 2e di 19:00–21:00; feestdagen gesloten")
    expect(popup).to_contain_text(XSS)
    assert popup.locator("script, img").count() == 0 and publiek.evaluate("window.__xss") is None
    expect(popup.get_by_role("link", name="Klopt dit niet?")).to_have_attribute("href", f"/meld/aanbod/{a_id}")
    publiek.screenshot(path=artifacts / "bewerken-op-de-kaart.png")
    assert not w.errors


def test_melding_van_bewoner_via_moderatie_op_de_kaart(omgeving, browser, artifacts):  # noqa: F811
    basis, engine, _ = omgeving
    bewoner = Watched(browser).page
    bewoner.goto(basis)
    bewoner.get_by_role("link", name="Meld een initiatief").click()
    bewoner.get_by_label("Naam van het initiatief").fill("Buurtmoestuin De Kiem")
    bewoner.get_by_label("Wat doen jullie, en voor wie?").fill("Samen tuinieren, iedereen welkom.")
    bewoner.get_by_label("Huisnummer").fill("5")
    bewoner.get_by_label("Postcode").fill("2011XY")
    bewoner.get_by_label("Uw e-mailadres").fill("kiem@example.org")
    bewoner.get_by_role("button", name="Versturen").click()
    expect(bewoner.get_by_role("heading", name="Bedankt voor uw melding")).to_be_visible()
    # Not published before approval: neither the API nor the map knows it.
    assert "De Kiem" not in bewoner.request.get(f"{basis}/api/v1/aanbod?gemeente=GM0392").text()

    w = Watched(browser)
    page = w.page
    _inloggen(page, basis)
    page.get_by_role("link", name="Meldingen van bewoners").click()
    page.get_by_role("link", name="Buurtmoestuin De Kiem").click()
    expect(page.locator(".gegevens")).to_contain_text("kiem@example.org")
    page.get_by_role("link", name="Publiceren: maak er aanbod van").click()
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Buurtmoestuin De Kiem")
    page.get_by_role("button", name="Zoek dit adres op de kaart").click()
    expect(page.locator(".adres-uitkomst")).to_contain_text("Gevonden in buurt")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".berichten")).to_contain_text("Aanbod Buurtmoestuin De Kiem toegevoegd")
    with session_factory(engine)() as s:
        status, contact_openbaar = s.execute(
            select(Inzending.status, Aanbod.contact_openbaar)
            .join(Aanbod, Aanbod.id == Inzending.resultaat_aanbod_id)
            .where(Inzending.naam == "Buurtmoestuin De Kiem")
        ).one()
    assert status == "verwerkt" and contact_openbaar is False

    page.goto(f"{basis}/gemeente/GM0392")
    # Two list items: the aanbod and the place made for it (both named after the initiative).
    page.get_by_role("button", name="Buurtmoestuin De Kiem bewonersinitiatief").click()
    popup = page.locator(".leaflet-popup-content", has_text="Buurtmoestuin De Kiem")
    expect(popup).to_be_visible()
    expect(popup).not_to_contain_text("kiem@example.org")  # no consent to publish the contact
    page.screenshot(path=artifacts / "melding-gepubliceerd.png")
    assert not w.errors


def test_afgeleide_tijden_bevestigen_en_in_gewone_taal_typen(omgeving, browser, artifacts):  # noqa: F811
    basis, engine, _adres = omgeving
    with session_factory(engine)() as s:
        inloop = s.scalar(select(Aanbod.id).where(Aanbod.extern_id == "v2"))
    for breedte in (1280, 360):
        w = Watched(browser, width=breedte)
        page = w.page
        _inloggen(page, basis, "beheer@example.org")
        page.goto(f"{basis}/bewerken/aanbod/{inloop}")
        blok = page.locator(".afgeleid-blok")
        expect(blok).to_contain_text("Inloop ma t/m vr 13-15 uur")
        expect(page.locator(".tijden-voorbeeld span")).to_have_text("ma t/m vr 13:00–15:00")
        # The rows show a range of days too ("Mo-Fr"), so the hours can be changed with the widget.
        expect(page.locator(".tijden-rij")).to_have_count(1)
        expect(page.locator(".tijden-rij input[type=checkbox]:checked")).to_have_count(5)
        page.screenshot(path=artifacts / f"bewerken-afgeleide-tijden-{breedte}.png", full_page=True)
        assert w.errors == [], w.errors
    # Typing Dutch shows what will be saved before saving.
    veld = page.locator("input[name='openingstijden']")
    veld.fill("di en do 9-12 uur")
    expect(page.locator(".tijden-voorbeeld span")).to_have_text("gelezen als: di en do 9:00–12:00")
    veld.fill("Mo-Fr 13:00-15:00")
    # One click confirms; the block goes and the trail has the row.
    page.get_by_role("button", name="Tijden kloppen").click()
    expect(page.locator(".berichten")).to_contain_text("Openingstijden bevestigd")
    expect(page.locator(".afgeleid-blok")).to_have_count(0)
    expect(page.locator(".geschiedenis")).to_contain_text("Inloop ma t/m vr 13-15 uur")
    with session_factory(engine)() as s:
        link = s.scalars(select(AanbodLocatie).where(AanbodLocatie.aanbod_id == inloop)).one()
    assert link.openingstijden == "Mo-Fr 13:00-15:00" and link.openingstijden_afgeleid_uit is None
    # Two rows on the same day add up: in OSM a second "Mo …" rule would replace the first.
    page.locator(".tijden-weg").first.click()
    _tijdrij(page, 0, ["Mo"], "09:00", "12:00")
    _tijdrij(page, 1, ["Mo", "We"], "13:00", "17:00")
    expect(veld).to_have_value("Mo 09:00-12:00,13:00-17:00; We 13:00-17:00")
    assert w.errors == [], w.errors


def test_fouten_staan_bovenaan_en_wat_getypt_is_blijft(omgeving, browser, artifacts):  # noqa: F811
    basis, engine, _adres = omgeving
    with session_factory(engine)() as s:
        inloop = s.scalar(select(Aanbod.id).where(Aanbod.extern_id == "v2"))
    for breedte in (1280, 360):
        w = Watched(browser, width=breedte)
        page = w.page
        _inloggen(page, basis, "beheer@example.org")
        page.goto(f"{basis}/bewerken/aanbod/{inloop}")
        # Hours typed with the widget, a website without https:// and an e-mail address that is none.
        page.locator(".tijden-weg").first.click()
        _tijdrij(page, 0, ["Tu", "Th"], "10:00", "12:30")
        page.get_by_label("Website", exact=True).fill("www.buurthuis-test.nl")
        page.get_by_label("Telefoon", exact=True).fill("023-5123456")
        page.get_by_label("E-mail", exact=True).fill("inloop@@buurthuis")
        page.get_by_label("Kosten").fill("gratis")
        page.get_by_role("button", name="Opslaan").click()
        overzicht = page.locator(".foutoverzicht")
        expect(overzicht).to_be_visible()
        expect(overzicht).to_contain_text("E-mail: Dit is geen e-mailadres.")
        # The summary is above the first field, so it is seen without scrolling.
        assert overzicht.bounding_box()["y"] < page.get_by_label("Naam", exact=True).bounding_box()["y"]
        assert overzicht.bounding_box()["y"] < page.viewport_size["height"]
        expect(page.locator("input[name='openingstijden']")).to_have_value("Tu,Th 10:00-12:30")
        expect(page.locator(".tijden-rij")).to_have_count(1)
        expect(page.get_by_label("E-mail", exact=True)).to_have_value("inloop@@buurthuis")
        expect(page.get_by_label("Kosten")).to_have_value("gratis")
        page.screenshot(path=artifacts / f"bewerken-foutoverzicht-{breedte}.png", full_page=False)
        # The link in the summary takes you to the field.
        overzicht.get_by_role("link").click()
        expect(page).to_have_url(f"{basis}/bewerken/aanbod/{inloop}#email")
        page.get_by_label("E-mail", exact=True).fill("inloop@buurthuis.nl")
        page.get_by_role("button", name="Opslaan").click()
        # The second round saves the same values again: then nothing changes.
        expect(page.locator(".berichten")).to_contain_text("velden gewijzigd" if breedte == 1280 else "Niets gewijzigd")
        expect(page.get_by_label("Website", exact=True)).to_have_value("https://www.buurthuis-test.nl")
        expect(page.get_by_label("Telefoon", exact=True)).to_have_value("023 512 3456")
        # The form that came back with errors was answered with 400, as it should; nothing else went wrong.
        assert [e for e in w.errors if "status of 400" not in e] == [], w.errors
    with session_factory(engine)() as s:
        a = s.get(Aanbod, inloop)
        link = s.scalars(select(AanbodLocatie).where(AanbodLocatie.aanbod_id == inloop)).one()
    assert (a.website, a.telefoon, a.email) == ("https://www.buurthuis-test.nl", "023 512 3456", "inloop@buurthuis.nl")
    assert link.openingstijden == "Tu,Th 10:00-12:30"
