"""A place an import made from an aanbod row (an address, no name, no soort) opens and saves in the editor unchanged."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from wijkkaart import create_app
from wijkkaart.opslag.engine import make_engine, session_factory
from wijkkaart.opslag.tabellen.aanbod import Locatie
from wijkkaart.opslag.tabellen.audit import Wijziging

from .bewerkhulp import csrf, log_in, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod, haarlem_punten
from .test_import_aanbod import importeer, schrijf_csv


def _formulier(html: str) -> dict:
    """What a browser posts for the locatie form as the page shows it (no field touched)."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        naam, waarde = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if naam and waarde and 'type="checkbox"' not in tag:
            data[naam.group(1)] = waarde.group(1)
    for naam in re.findall(r'<input[^>]*type="checkbox"[^>]*name="([^"]+)"[^>]*checked', html):
        data[naam] = "y"
    for naam, opties in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        gekozen = re.search(
            r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', opties
        )
        eerste = re.search(r'<option[^>]*value="([^"]*)"', opties)
        data[naam] = (gekozen.group(1) or gekozen.group(2)) if gekozen else eerste.group(1)
    return data


def test_an_imported_place_without_name_or_soort_saves_unchanged(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    ((lon, lat),) = haarlem_punten(engine, 1, seed=21)
    rijen = [["k1", "Koffie", "activiteit", "Kerkstraat", "12 A", "", "Haarlem", lat, lon, "", "", ""]]
    assert importeer(engine, schrijf_csv(tmp_path / "k.csv", rijen), tmp_path, bron="k").afgewezen == 0
    maak_accounts(engine)
    with session_factory(engine)() as s:
        loc = s.scalars(select(Locatie).where(Locatie.bron == "k")).one()
        assert (loc.naam, loc.soort) == (None, None)
        voor = s.scalar(select(func.count()).select_from(Wijziging))
    client = create_app({"DATABASE_URL": database_url, "TESTING": True}).test_client()
    log_in(client, "beheer@example.org")
    html = client.get(f"/bewerken/locatie/{loc.id}").get_data(as_text=True)
    # The page names the place by its address, never "None" or an internal id.
    assert "<h1>Kerkstraat 12 A, Haarlem</h1>" in html and "None" not in html and "aanbod:k1" not in html
    soort = re.search(r'<select[^>]*name="soort"[^>]*>(.*?)</select>', html, re.S).group(1)
    # Nothing selected, so a browser shows (and posts) the first choice: the empty one.
    assert soort.startswith('<option value="">(geen soort)</option>') and "selected" not in soort, soort[:300]
    data = _formulier(html)
    data["csrf_token"] = csrf(client, f"/bewerken/locatie/{loc.id}")
    antwoord = client.post(f"/bewerken/locatie/{loc.id}", data=data, follow_redirects=True)
    tekst = antwoord.get_data(as_text=True)
    assert "Niets gewijzigd." in tekst, re.findall(r'class="(?:fout|berichten)"[^>]*>(.{0,200})', tekst, re.S)
    with session_factory(engine)() as s:
        na = s.get(Locatie, loc.id)
        assert (na.naam, na.soort, na.straat, na.huisnummer) == (None, None, "Kerkstraat", "12 A")
        assert s.scalar(select(func.count()).select_from(Wijziging)) == voor
    engine.dispose()
