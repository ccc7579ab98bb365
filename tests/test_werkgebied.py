"""Addresses as people write them, and aanbod without a fixed place: a werkgebied instead of a rejection.

"Straatnaam 57, 1234 AB Plaats" in one cell, addresses over two lines, house
number additions; "Online", "Meerdere locaties", "Bij u thuis" as no fixed
place, listed for residents in that area and never counted as walk-in coverage.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from sqlalchemy import select

from wijkkaart.diensten.aanbod import exporteer
from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.kern.adres import Adres, lees_adres
from wijkkaart.opslag.engine import make_engine, session_factory
from wijkkaart.opslag.schema import bereid_voor
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie, AanbodWerkgebied, Locatie

from .bewerkhulp import csrf, formulierdata, log_in, maak_accounts
from .helpers import haarlem_app, haarlem_punten, load_haarlem
from .test_import_aanbod import haarlem, importeer, schrijf_csv  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    ("cel", "verwacht"),
    [
        ("Straatnaam 57, 1234 AB Plaats", Adres("Straatnaam", "57", "1234AB", "Plaats")),
        ("Kerkstraat 12 A\n2011 AB Haarlem", Adres("Kerkstraat", "12 A", "2011AB", "Haarlem")),
        ("Wijkcentrum De Til, Kerkstraat 12, Haarlem", Adres("Kerkstraat", "12", None, "Haarlem")),
        ("1e Van Swindenstraat 12-3", Adres("1e Van Swindenstraat", "12-3")),
        ("Oude Ebbingestraat 14a, 9712 HB Groningen", Adres("Oude Ebbingestraat", "14a", "9712HB", "Groningen")),
        ("Kerkstraat 12 (ingang achter), 2011 AB Haarlem", Adres("Kerkstraat", "12", "2011AB", "Haarlem")),
        ("Plein 10 bis", Adres("Plein", "10 bis")),
        ("Osdorpplein, Amsterdam", Adres("Osdorpplein", None, None, "Amsterdam")),
        ("Postbus 123, 9700 AA Groningen", Adres(None, None, "9700AA", "Groningen")),
        ("Landelijk (geen vast adres)", Adres(zonder_vaste_plek="geen vast adres")),
        ("Meerdere locaties", Adres(zonder_vaste_plek="meerdere locaties")),
        ("Diverse locaties in Groningen", Adres(plaats="Groningen", zonder_vaste_plek="diverse locaties")),
        ("Online", Adres(zonder_vaste_plek="online")),
        ("Bij u thuis", Adres(zonder_vaste_plek="bij u thuis")),
        ("Op afspraak", Adres(zonder_vaste_plek="op afspraak")),
        # An address with a remark is still an address; a buurthuis is not "thuis".
        ("Kerkstraat 12 (op afspraak)", Adres("Kerkstraat", "12")),
        ("Buurthuis De Til", Adres("Buurthuis De Til")),
    ],
)
def test_address_cells_as_people_write_them(cel, verwacht):
    assert lees_adres(cel) == verwacht


KOP = ["naam", "type", "adres", "plaats", "werkgebied", "beschrijving"]


def test_one_address_cell_is_split_and_no_fixed_place_gets_a_werkgebied(haarlem, tmp_path):  # noqa: F811
    (lon, lat), _ = haarlem_punten(haarlem, 2, seed=5)
    adressen = schrijf_csv(
        tmp_path / "adressen.csv", [["2011AB", "57", lat, lon]], kop=["postcode", "huisnummer", "lat", "lon"]
    )
    rijen = [
        ["Taalspreekuur", "spreekuur", "Straatnaam 57,\n2011 AB Haarlem", "", "", "Elke maandag"],
        ["Schuldhulp online", "hulp", "Online", "Haarlem", "", "Hulp bij geldzaken, via beeldbellen."],
        ["Wandelgroep", "activiteit", "Meerdere locaties", "", "GM0392", ""],
        ["Maatje aan huis", "vrijwilligerswerk", "Bij u thuis", "", "", "Bezoek thuis"],
        ["Buurtkamer", "activiteit", "Wisselende locaties", "Nergensdorp", "", ""],
    ]
    bestand = schrijf_csv(tmp_path / "export.csv", rijen, kop=KOP)
    samenvatting = importeer(haarlem, bestand, tmp_path, geocoders=("bestand", "adrestabel"), adrestabellen=[adressen])
    assert (samenvatting.geimporteerd, samenvatting.afgewezen) == (3, 2)
    with session_factory(haarlem)() as s:
        loc = s.scalars(select(Locatie)).one()
        assert (loc.straat, loc.huisnummer, loc.postcode, loc.plaats) == ("Straatnaam", "57", "2011AB", "Haarlem")
        zonder = dict(
            s.execute(select(Aanbod.naam, Aanbod.zonder_vaste_plek).where(Aanbod.zonder_vaste_plek.is_not(None))).all()
        )
        gebieden = dict(s.execute(select(Aanbod.naam, AanbodWerkgebied.gebiedcode).join(AanbodWerkgebied)).all())
        zonder_link = s.scalars(select(Aanbod.naam).where(~Aanbod.id.in_(select(AanbodLocatie.aanbod_id)))).all()
    assert zonder == {"Schuldhulp online": "online", "Wandelgroep": "meerdere locaties"}
    assert gebieden == {"Schuldhulp online": "GM0392", "Wandelgroep": "GM0392"}
    assert sorted(zonder_link) == ["Schuldhulp online", "Wandelgroep"]
    rapport = {r["rij"]: r for r in lees_rapport(tmp_path / "rapport.csv") if r["gevolg"] == "afgewezen"}
    # Not "adres niet gevonden": the report says what is missing and what to do.
    assert rapport["5"]["reden"] == (
        "geen vaste plek (‘bij u thuis’) en geen werkgebied: vul de kolom werkgebied of plaats in"
    )
    assert "‘Nergensdorp’ is geen geladen gemeente, wijk of buurt" in rapport["6"]["reden"]
    regels = "\n".join(samenvatting.regels())
    assert "buiten de gatenanalyse, geen vaste plek (werkgebied, geen inloop op een plek): 2" in regels


def test_aanbod_without_a_place_is_listed_for_residents_and_planners_and_survives_export(tmp_path, shared_data):
    app = haarlem_app(tmp_path, shared_data)
    engine = app.extensions["wijkkaart.engine"]
    rijen = [
        ["Schuldhulp online", "hulp", "Online", "Haarlem", "", "Hulp bij <b>geldzaken</b>, via beeldbellen."],
        ["Wandelgroep", "activiteit", "Meerdere locaties", "", "GM0392", "Wandelen door de stad"],
    ]
    assert importeer(engine, schrijf_csv(tmp_path / "e.csv", rijen, kop=KOP), tmp_path, bron="e").afgewezen == 0
    client = app.test_client()
    html = client.get("/zoek?q=2011").get_data(as_text=True)
    assert "Ook voor uw buurt, zonder vaste plek (2)" in html
    assert "Schuldhulp online" in html and "in heel Haarlem" in html and "online" in html
    assert "Hulp bij &lt;b&gt;geldzaken&lt;/b&gt;" in html and "<b>geldzaken" not in html
    # A day filter asks for hours, which aanbod without a place does not have here.
    assert "zonder vaste plek" not in client.get("/zoek?q=2011&dag=ma").get_data(as_text=True)
    with session_factory(engine)() as s:
        from wijkkaart.opslag.tabellen.gebied import Gebied

        buurt = s.scalar(select(Gebied.code).where(Gebied.niveau == "buurt", Gebied.gemeentecode == "GM0392").limit(1))
    html = client.get(f"/buurt/{buurt}").get_data(as_text=True)
    assert "Zonder vaste plek, voor deze buurt (2)" in html and "Wandelgroep" in html
    html = client.get("/gemeente/GM0392").get_data(as_text=True)
    assert "Zonder vaste plek, niet op de kaart (2)" in html
    # The editor opens such aanbod and saves it without a place.
    maak_accounts(engine)
    log_in(client, "beheer@example.org")
    with session_factory(engine)() as s:
        wandel = s.scalar(select(Aanbod.id).where(Aanbod.naam == "Wandelgroep"))
    pagina = client.get(f"/bewerken/aanbod/{wandel}")
    assert pagina.status_code == 200 and "None" not in pagina.get_data(as_text=True)
    data = formulierdata(engine, wandel, kosten="gratis")
    data["csrf_token"] = csrf(client, f"/bewerken/aanbod/{wandel}")
    assert client.post(f"/bewerken/aanbod/{wandel}", data=data).status_code == 303
    # Export and import again into an empty database: the same werkgebied, still without a place.
    uit = tmp_path / "uit.csv"
    exporteer(engine, uit, intern=True)
    leeg = make_engine(f"sqlite:///{tmp_path / 'leeg.sqlite'}")
    bereid_voor(leeg)
    load_haarlem(leeg, shared_data)
    assert importeer(leeg, uit, tmp_path).afgewezen == 0
    with session_factory(leeg)() as s:
        terug = dict(s.execute(select(Aanbod.naam, AanbodWerkgebied.gebiedcode).join(AanbodWerkgebied)).all())
        assert s.scalar(select(Aanbod.zonder_vaste_plek).where(Aanbod.naam == "Wandelgroep")) == "meerdere locaties"
    assert terug == {"Schuldhulp online": "GM0392", "Wandelgroep": "GM0392"}
    # HSDS: the werkgebied as service_areas, valid against the official schema.
    hsds = tmp_path / "uit.json"
    exporteer(engine, hsds)
    data = json.loads(hsds.read_text())
    schema = json.loads((shared_data.parent / "hsds3" / "schema" / "service_area.json").read_text())
    gebieden = [g for s in data["services"] for g in s["service_areas"]]
    assert {g["name"] for g in gebieden} == {"GM0392"}
    for g in gebieden:
        jsonschema.validate(g, schema)
    # And HSDS JSON reads back as aanbod without a place, with the same werkgebied.
    leeg2 = make_engine(f"sqlite:///{tmp_path / 'leeg2.sqlite'}")
    bereid_voor(leeg2)
    load_haarlem(leeg2, shared_data)
    assert importeer(leeg2, hsds, tmp_path).afgewezen == 0
    with session_factory(leeg2)() as s:
        terug = dict(s.execute(select(Aanbod.naam, AanbodWerkgebied.gebiedcode).join(AanbodWerkgebied)).all())
        assert s.scalar(select(Aanbod.zonder_vaste_plek).where(Aanbod.naam == "Schuldhulp online")) == "online"
    assert terug == {"Schuldhulp online": "GM0392", "Wandelgroep": "GM0392"}
