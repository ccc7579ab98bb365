"""Hours written in Dutch in an export reach "nu open", the popups and the editor, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from wijkkaart import create_app
from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.opslag.engine import make_engine, session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie
from wijkkaart.opslag.tabellen.audit import Wijziging

from .bewerkhulp import csrf, formulierdata, log_in, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod, haarlem_punten
from .test_import_aanbod import importeer, schrijf_csv

KOP = ["id", "naam", "soort", "lat", "lon", "beschrijving", "openingstijden"]
DINSDAG_10 = "2026-12-01T10:00"
WOENSDAG_1030 = "2026-12-02T10:30"


@pytest.fixture
def omgeving(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    (p1, p2, p3, p4) = haarlem_punten(engine, 4, seed=7)
    rijen = [
        ["t1", "Inloop wijkteam", "inloopspreekuur", p1[1], p1[0], "", "Inloop di+do 9–12u"],
        [
            "t2",
            "Koffieochtend",
            "activiteit",
            p2[1],
            p2[0],
            "Samen koffie. Elke woensdagochtend van 10.00 tot 11.30 uur in de kerk.",
            "",
        ],
        ["t3", "Eetgroep", "activiteit", p3[1], p3[0], "", "vrijdagavond vanaf zes"],
        ["t4", "Buurthuis De Til", "buurthuis", p4[1], p4[0], "", "ma t/m vr van 9 tot 17 uur"],
    ]
    bron = schrijf_csv(tmp_path / "export.csv", rijen, kop=KOP)
    samenvatting = importeer(engine, bron, tmp_path, bron="export")
    assert samenvatting.afgewezen == 0
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    maak_accounts(engine)
    yield app, engine, tmp_path / "rapport.csv"
    engine.dispose()


def _ids(engine) -> dict[str, int]:
    with session_factory(engine)() as s:
        return dict(s.execute(select(Aanbod.extern_id, Aanbod.id).where(Aanbod.bron == "export")).all())


def _link(engine, aanbod_id: int) -> AanbodLocatie:
    with session_factory(engine)() as s:
        return s.scalars(select(AanbodLocatie).where(AanbodLocatie.aanbod_id == aanbod_id)).one()


def test_hours_in_words_count_for_nu_open_and_say_where_they_came_from(omgeving):
    app, _engine, rapport = omgeving
    client = app.test_client()

    def open_op(moment):
        features = client.get(f"/api/v1/aanbod?gemeente=GM0392&open_op={moment}").get_json()["features"]
        return {f["properties"]["naam"]: f["properties"] for f in features}

    dinsdag, woensdag = open_op(DINSDAG_10), open_op(WOENSDAG_1030)
    assert "Inloop wijkteam" in dinsdag and "Inloop wijkteam" not in woensdag
    assert "Koffieochtend" in woensdag and "Koffieochtend" not in dinsdag
    assert "Eetgroep" not in dinsdag and "Eetgroep" not in woensdag  # "vanaf zes": not guessed
    assert dinsdag["Inloop wijkteam"]["openingstijden_afgeleid_uit"] == "Inloop di+do 9–12u"
    assert dinsdag["Inloop wijkteam"]["openingstijden_leesbaar"]
    assert woensdag["Koffieochtend"]["openingstijden_afgeleid_uit"] == (
        "Elke woensdagochtend van 10.00 tot 11.30 uur in de kerk."
    )
    # The report names each row as a spreadsheet numbers it, and what to do.
    regels = {(r["rij"], r["gevolg"]): r for r in lees_rapport(rapport) if r["veld"] == "openingstijden"}
    assert "gelezen uit de openingstijden-kolom" in regels[("2", "geïmporteerd, met waarschuwing")]["reden"]
    assert "gelezen uit de beschrijving" in regels[("3", "geïmporteerd, met waarschuwing")]["reden"]
    assert "als tekst bewaard" in regels[("4", "geïmporteerd, met waarschuwing")]["reden"]
    assert regels[("4", "geïmporteerd, met waarschuwing")]["waarde"] == "vrijdagavond vanaf zes"


def test_one_click_confirms_derived_hours_and_the_trail_says_so(omgeving):
    app, engine, _rapport = omgeving
    client = app.test_client()
    log_in(client, "beheer@example.org")
    aanbod_id = _ids(engine)["t1"]
    pagina = client.get(f"/bewerken/aanbod/{aanbod_id}").get_data(as_text=True)
    assert "Openingstijden gelezen uit de tekst van de bron" in pagina and "Inloop di+do 9–12u" in pagina
    antwoord = client.post(
        f"/bewerken/aanbod/{aanbod_id}/uren-bevestigen", data={"csrf_token": csrf(client, "/bewerken")}
    )
    assert antwoord.status_code == 303
    link = _link(engine, aanbod_id)
    assert link.openingstijden_afgeleid_uit is None and link.openingstijden == "Tu,Th 09:00-12:00"
    with session_factory(engine)() as s:
        rij = s.scalars(
            select(Wijziging).where(
                Wijziging.soort == "aanbod", Wijziging.item_id == aanbod_id, Wijziging.actie != "geimporteerd"
            )
        ).one()
    assert (rij.actie, rij.veld, rij.oud, rij.nieuw) == (
        "geverifieerd",
        "openingstijden",
        "Inloop di+do 9–12u",
        "Tu,Th 09:00-12:00",
    )
    assert "Openingstijden gelezen uit de tekst" not in client.get(f"/bewerken/aanbod/{aanbod_id}").get_data(
        as_text=True
    )
    # Without a request forgery token nothing happens.
    assert client.post(f"/bewerken/aanbod/{_ids(engine)['t2']}/uren-bevestigen").status_code == 400
    assert _link(engine, _ids(engine)["t2"]).openingstijden_afgeleid_uit is not None


def test_the_editor_takes_hours_in_dutch_and_a_correction_ends_the_derived_mark(omgeving):
    app, engine, _rapport = omgeving
    client = app.test_client()
    log_in(client, "beheer@example.org")
    aanbod_id = _ids(engine)["t2"]
    data = formulierdata(engine, aanbod_id, openingstijden="ma en wo 13-17 uur")
    data["csrf_token"] = csrf(client, f"/bewerken/aanbod/{aanbod_id}")
    assert client.post(f"/bewerken/aanbod/{aanbod_id}", data=data).status_code == 303
    link = _link(engine, aanbod_id)
    assert link.openingstijden == "Mo,We 13:00-17:00" and link.openingstijden_afgeleid_uit is None
    # Text that cannot be read is refused with a message beside the field, and what was typed stays.
    data = formulierdata(engine, aanbod_id, openingstijden="meestal in de middag")
    data["csrf_token"] = csrf(client, f"/bewerken/aanbod/{aanbod_id}")
    antwoord = client.post(f"/bewerken/aanbod/{aanbod_id}", data=data)
    html = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 400  # the form again, with its errors
    assert "niet te lezen als openingstijden" in html.lower() and "meestal in de middag" in html
    assert _link(engine, aanbod_id).openingstijden == "Mo,We 13:00-17:00"


def test_a_locatie_with_derived_hours_is_confirmed_on_its_own_page(omgeving):
    app, engine, _rapport = omgeving
    client = app.test_client()
    log_in(client, "beheer@example.org")
    with session_factory(engine)() as s:
        locatie = s.scalars(select(Locatie).where(Locatie.extern_id == "t4")).one()
    assert locatie.openingstijden == "Mo-Fr 09:00-17:00"
    assert locatie.openingstijden_afgeleid_uit == "ma t/m vr van 9 tot 17 uur"
    pagina = client.get(f"/bewerken/locatie/{locatie.id}").get_data(as_text=True)
    assert "Openingstijden gelezen uit de tekst van de bron" in pagina
    token = csrf(client, f"/bewerken/locatie/{locatie.id}")
    assert client.post(f"/bewerken/locatie/{locatie.id}/uren-bevestigen", data={"csrf_token": token}).status_code == 303
    with session_factory(engine)() as s:
        assert s.get(Locatie, locatie.id).openingstijden_afgeleid_uit is None
        rij = s.scalars(
            select(Wijziging).where(
                Wijziging.soort == "locatie", Wijziging.item_id == locatie.id, Wijziging.actie != "geimporteerd"
            )
        ).one()
    assert (rij.actie, rij.oud, rij.nieuw) == ("geverifieerd", "ma t/m vr van 9 tot 17 uur", "Mo-Fr 09:00-17:00")
