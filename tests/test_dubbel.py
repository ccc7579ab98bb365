"""Probable duplicates: reported by the import (in the file and against the database), merged in the editor."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from wijkkaart import create_app
from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.kern.dubbel import lijkt_kop, lijkt_op
from wijkkaart.opslag.engine import make_engine, session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie
from wijkkaart.opslag.tabellen.audit import Wijziging

from .bewerkhulp import csrf, log_in, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod, haarlem_punten
from .test_import_aanbod import importeer, schrijf_csv


@pytest.mark.parametrize(
    ("a", "b", "zelfde"),
    [
        ("Buurthuis De Til", "Buurthuis-De Til!", True),
        ("Buurthuis De Til", "Buurthuis DeTil", True),
        ("Taalcafé Noord", "Taalcafe Noord", True),
        ("Repair Café Oost", "Repair Cafe  Oost", True),
        ("Koffieochtend", "Kookcursus", False),
        ("Taalcafé Noord", "Taalcafé Zuid", False),
    ],
)
def test_names_that_differ_only_in_a_space_or_a_sign_are_the_same(a, b, zelfde):
    assert lijkt_op(a, b) is zelfde


@pytest.mark.parametrize(
    ("naam", "kop"),
    [
        ("12. Welzijn en buurthuizen", True),
        ("1.2 Buurthuizen", True),
        ("B. Ontmoeting", True),
        ("3 Oktober Vereniging", False),
    ],
)
def test_numbered_section_headings_are_recognised(naam, kop):
    assert lijkt_kop(naam, heeft_adres=False) is kop


KOP = ["id", "naam", "soort", "lat", "lon", "website", "telefoon"]


def test_import_warns_about_duplicates_in_the_file_and_in_the_database_and_headings(
    database_url, shared_data, tmp_path
):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    (p1, p2, p3) = haarlem_punten(engine, 3, seed=31)
    with session_factory(engine)() as s:
        v1 = s.scalar(select(Aanbod.naam).where(Aanbod.extern_id == "v1"))
    rijen = [
        ["d1", "Buurthuis De Til", "activiteit", p1[1], p1[0], "https://www.detil.nl", ""],
        # 10 m away, the same name but for a sign and a space.
        ["d2", "Buurthuis-DeTil", "activiteit", p1[1] + 0.00009, p1[0], "", ""],
        ["d3", "Naaicafé", "activiteit", p2[1], p2[0], "detil.nl/", ""],
        ["d4", "Spreekuur", "inloopspreekuur", p3[1], p3[0], "", "023-5123456"],
        ["d5", "Spreekuur elders", "inloopspreekuur", p2[1], p2[0], "", "+31 23 512 3456"],
        ["d6", "12. Welzijn en buurthuizen", "activiteit", p3[1], p3[0], "", ""],
    ]
    s = importeer(engine, schrijf_csv(tmp_path / "d.csv", rijen, kop=KOP), tmp_path, bron="d")
    assert s.afgewezen == 0 and s.geimporteerd == 6
    rapport = {r["rij"]: r["reden"] for r in lees_rapport(tmp_path / "rapport.csv") if r["veld"] == "naam"}
    assert rapport["3"] == "mogelijk dubbel met rij 2 (‘Buurthuis De Til’): (bijna) dezelfde naam binnen 50 m"
    assert rapport["4"] == "mogelijk dubbel met rij 2 (‘Buurthuis De Til’): zelfde website"
    assert rapport["6"] == "mogelijk dubbel met rij 5 (‘Spreekuur’): zelfde telefoonnummer"
    assert "lijkt een kop uit het brondocument" in rapport["7"]
    assert "2" not in rapport and "5" not in rapport
    # Against the database: the example aanbod under its own name, from another source, at the same place.
    with session_factory(engine)() as sessie:
        from wijkkaart.opslag.aanbod import punt_van
        from wijkkaart.opslag.tabellen.aanbod import Locatie

        a = sessie.scalars(select(Aanbod).where(Aanbod.extern_id == "v1")).one()
        loc = sessie.get(
            Locatie, sessie.scalars(select(AanbodLocatie.locatie_id).where(AanbodLocatie.aanbod_id == a.id)).one()
        )
        x, y = punt_van(sessie, loc)
    from wijkkaart.kern.crs import naar_wgs84

    lon, lat = naar_wgs84(x + 5, y)
    s = importeer(
        engine,
        schrijf_csv(tmp_path / "e.csv", [["e1", v1 + " ", "activiteit", lat, lon, "", ""]], kop=KOP),
        tmp_path,
        bron="e",
    )
    reden = next(r["reden"] for r in lees_rapport(tmp_path / "rapport.csv") if r["veld"] == "naam")
    assert reden.startswith(f"mogelijk dubbel met ‘{v1}’ dat al in wijkkaart staat")
    engine.dispose()


def test_the_editor_shows_a_probable_duplicate_and_merges_with_a_trail(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    ((p1),) = haarlem_punten(engine, 1, seed=32)
    rijen = [
        ["m1", "Repair Café Oost", "activiteit", p1[1], p1[0], "https://repair-oost.nl", ""],
        ["m2", "Repair Cafe Oost", "activiteit", p1[1], p1[0] + 0.0001, "", "023-5123456"],
    ]
    importeer(engine, schrijf_csv(tmp_path / "m.csv", rijen, kop=KOP), tmp_path, bron="m")
    maak_accounts(engine)
    with session_factory(engine)() as s:
        ids = dict(s.execute(select(Aanbod.extern_id, Aanbod.id).where(Aanbod.bron == "m")).all())
    client = create_app({"DATABASE_URL": database_url, "TESTING": True}).test_client()
    log_in(client, "beheer@example.org")
    html = client.get(f"/bewerken/aanbod/{ids['m2']}").get_data(as_text=True)
    assert "Mogelijk dubbel" in html and "Repair Café Oost</a> ((bijna) dezelfde naam, binnen 50 m)" in html
    token = csrf(client, f"/bewerken/aanbod/{ids['m2']}")
    antwoord = client.post(f"/bewerken/aanbod/{ids['m2']}/samenvoegen", data={"met": ids["m1"], "csrf_token": token})
    assert antwoord.status_code == 303 and antwoord.location.endswith(f"/bewerken/aanbod/{ids['m1']}")
    with session_factory(engine)() as s:
        m1, m2 = s.get(Aanbod, ids["m1"]), s.get(Aanbod, ids["m2"])
        assert m2.gearchiveerd and not m1.gearchiveerd
        # What m1 lacked came from m2 (the phone), what it had stayed (the website); m2's place is now m1's too.
        assert (m1.website, m1.telefoon) == ("https://repair-oost.nl", "023 512 3456")
        assert len(s.scalars(select(AanbodLocatie).where(AanbodLocatie.aanbod_id == m1.id)).all()) == 2
        spoor = s.execute(
            select(Wijziging.item_id, Wijziging.actie, Wijziging.veld, Wijziging.nieuw).where(
                Wijziging.actie.in_(["samengevoegd", "gewijzigd"])
            )
        ).all()
    assert (ids["m2"], "samengevoegd", "samengevoegd_met", f"Repair Café Oost (#{ids['m1']})") in spoor
    assert (ids["m1"], "gewijzigd", "telefoon", "023 512 3456") in spoor
    # Without a token nothing is merged.
    assert client.post(f"/bewerken/aanbod/{ids['m1']}/samenvoegen", data={"met": ids["m2"]}).status_code == 400
    engine.dispose()
