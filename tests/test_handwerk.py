"""A re-import of the same export keeps what opbouwwerkers changed through the web forms (both backends).

The export is imported, an editor changes fields through the real forms
(with CSRF, as a browser posts them), and the same file is imported again:
every hand-edited field keeps its value, the report names each conflict with
both values, and the history shows the import and the person as authors.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from wijkkaart import create_app
from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.opslag.aanbod import punt_van
from wijkkaart.opslag.engine import make_engine, session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodDoelgroep, AanbodLocatie, AanbodThema, Locatie
from wijkkaart.opslag.tabellen.audit import Wijziging

from .bewerkhulp import csrf, formulierdata, log_in, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod, haarlem_punten
from .test_import_aanbod import importeer, schrijf_csv

KOP = [
    "id",
    "naam",
    "soort",
    "lat",
    "lon",
    "beschrijving",
    "thema",
    "doelgroep",
    "website",
    "telefoon",
    "email",
    "status",
    "openingstijden",
    "toegang",
    "kosten",
    "organisatie",
    "adres_verbergen",
    "locatie_naam",
]

#: What the editor types, field by field; the file keeps its own values for all of these.
AANBOD_HAND = {
    "naam": "Huiskamer Oost (bijgewerkt)",
    "beschrijving": "Nu ook op vrijdag, met soep.",
    "soort": "ontmoetingsplek",
    "status": "tijdelijk_gesloten",
    "website": "https://huiskamer-oost.example.org",
    "telefoon": "023 123 45 67",
    "email": "nieuw@huiskamer.example.org",
    "toegang": "op afspraak",
    "kosten": "€ 2 per keer",
    "organisatie": "Bewonersgroep Oost",
    "openingstijden": "Fr 10:00-12:00",
    "themas": ["eten"],
    "doelgroepen": ["ouderen"],
}


@pytest.fixture
def omgeving(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    (p1, p2) = haarlem_punten(engine, 2, seed=11)
    rijen = [
        [
            "h1",
            "Huiskamer Oost",
            "activiteit",
            p1[1],
            p1[0],
            "Elke dinsdag koffie.",
            "ontmoeting",
            "iedereen",
            "https://oud.example.org",
            "0231111111",
            "oud@example.org",
            "actief",
            "Tu 10:00-12:00",
            "vrije inloop",
            "gratis",
            "Stichting Oud",
            "nee",
            "Woonkamer mevrouw J.",
        ],
        [
            "h2",
            "Taalcafé",
            "taalcafe",
            p2[1],
            p2[0],
            "Oefenen.",
            "taal",
            "",
            "",
            "",
            "",
            "actief",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    bestand = schrijf_csv(tmp_path / "export.csv", rijen, kop=KOP)
    assert importeer(engine, bestand, tmp_path, bron="export").afgewezen == 0
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    maak_accounts(engine)
    yield app, engine, bestand, rijen
    engine.dispose()


def _aanbod(engine, extern_id):
    with session_factory(engine)() as s:
        a = s.scalars(select(Aanbod).where(Aanbod.bron == "export", Aanbod.extern_id == extern_id)).one()
        link = s.scalars(select(AanbodLocatie).where(AanbodLocatie.aanbod_id == a.id)).one()
        loc = s.get(Locatie, link.locatie_id)
        themas = sorted(s.scalars(select(AanbodThema.thema).where(AanbodThema.aanbod_id == a.id)))
        doelgroepen = sorted(s.scalars(select(AanbodDoelgroep.doelgroep).where(AanbodDoelgroep.aanbod_id == a.id)))
        org = a.organisatie.naam if a.organisatie else None
        punt = punt_van(s, loc)
        return a, link, loc, themas, doelgroepen, org, punt


def _stand(engine) -> dict:
    """Every field the editor changed, as stored."""
    a, link, loc, themas, doelgroepen, org, punt = _aanbod(engine, "h1")
    return {
        **{v: getattr(a, v) for v in AANBOD_HAND if hasattr(Aanbod, v) and v != "organisatie"},
        "organisatie": org,
        "openingstijden": link.openingstijden,
        "themas": themas,
        "doelgroepen": doelgroepen,
        "collectief": a.collectief,
        "contact_openbaar": a.contact_openbaar,
        "laatst_geverifieerd": a.laatst_geverifieerd,
        "locatie.naam": loc.naam,
        "locatie.soort": loc.soort,
        "locatie.adres_verbergen": loc.adres_verbergen,
        "locatie.punt": (round(punt[0]), round(punt[1])),
        "locatie.precisie": loc.precisie,
    }


def _bewerk_alles(app, engine):
    """An opbouwwerker changes 19 fields of h1 and its locatie through the forms, verifies it and archives h2."""
    client = app.test_client()
    log_in(client, "beheer@example.org")
    a, _link, loc, *_rest, punt = _aanbod(engine, "h1")
    token = csrf(client, f"/bewerken/aanbod/{a.id}")
    data = formulierdata(engine, a.id, **AANBOD_HAND, collectief=False, contact_openbaar=True)
    data["csrf_token"] = token
    antwoord = client.post(f"/bewerken/aanbod/{a.id}", data=data)
    assert antwoord.status_code == 303, antwoord.get_data(as_text=True)[:2000]
    assert client.post(f"/bewerken/aanbod/{a.id}/verifieren", data={"csrf_token": token}).status_code == 303
    # The locatie: a new name and soort, the address hidden (a living room), the pin dragged 40 m east.
    from wijkkaart.kern.crs import naar_wgs84

    lon, lat = naar_wgs84(punt[0] + 40, punt[1])
    locatie = {
        "naam": "Woonkamer (adres verborgen)",
        "soort": "buurthuis",
        "straat": "",
        "huisnummer": "",
        "postcode": "",
        "plaats": "",
        "openingstijden": "",
        "adres_verbergen": "y",
        "lat": str(lat),
        "lon": str(lon),
        "handmatig": "1",
        "csrf_token": token,
    }
    antwoord = client.post(f"/bewerken/locatie/{loc.id}", data=locatie)
    assert antwoord.status_code == 303, antwoord.get_data(as_text=True)[:2000]
    h2 = _aanbod(engine, "h2")[0]
    assert client.post(f"/bewerken/aanbod/{h2.id}/archiveren", data={"csrf_token": token}).status_code == 303
    return client


def test_a_reimport_keeps_every_field_edited_by_hand_and_reports_each_conflict(omgeving, tmp_path):
    app, engine, bestand, _rijen = omgeving
    client = _bewerk_alles(app, engine)
    voor = _stand(engine)
    # The forms really changed what the file says (else this test proves nothing).
    assert voor["status"] == "tijdelijk_gesloten" and voor["locatie.adres_verbergen"] is True
    assert voor["openingstijden"] == "Fr 10:00-12:00" and voor["locatie.precisie"] == "handmatig"

    samenvatting = importeer(engine, bestand, tmp_path, bron="export")

    na = _stand(engine)
    for veld, waarde in voor.items():
        assert na[veld] == waarde, f"{veld}: {waarde!r} werd door de import {na[veld]!r}"
    assert _aanbod(engine, "h2")[0].gearchiveerd is True
    rapport = lees_rapport(tmp_path / "rapport.csv")
    conflicten = {r["veld"]: r for r in rapport if "in de editor gewijzigd door Bea Beheer" in r["reden"]}
    verwacht = {
        *(v for v in AANBOD_HAND),
        "collectief",
        "contact_openbaar",
        "laatst_geverifieerd",
        "adres_verbergen",
        "punt",
    }
    # The locatie's naam and soort share the column names of the aanbod's: both are reported on row 2.
    assert verwacht <= set(conflicten), sorted(verwacht - set(conflicten))
    assert conflicten["status"]["waarde"] == "bestand: actief · wijkkaart: tijdelijk_gesloten"
    assert conflicten["adres_verbergen"]["waarde"] == "bestand: nee · wijkkaart: ja"
    assert conflicten["themas"]["waarde"] == "bestand: ontmoeten · wijkkaart: eten"
    assert all(r["rij"] == "2" and r["gevolg"] == "geïmporteerd, met waarschuwing" for r in conflicten.values())
    assert any("in de editor gewijzigd en behouden" in regel for regel in samenvatting.regels())
    # The history: the import that made the records, then the person; the second import changed nothing.
    a = _aanbod(engine, "h1")[0]
    html = client.get(f"/bewerken/aanbod/{a.id}").get_data(as_text=True)
    assert "import export" in html and "Bea Beheer" in html
    with session_factory(engine)() as s:
        auteurs = set(
            s.scalars(select(Wijziging.gebruiker_naam).where(Wijziging.item_id == a.id, Wijziging.soort == "aanbod"))
        )
    assert auteurs == {"import export", "Bea Beheer"}


def test_fields_nobody_touched_follow_the_file_and_the_trail_names_the_bron(omgeving, tmp_path):
    app, engine, bestand, rijen = omgeving
    _bewerk_alles(app, engine)
    # The source changed the description of h2 (archived, not edited) and the kosten of h1 (edited): only h2's follows.
    rijen[1][5] = "Oefenen met Nederlands, elke week."
    rijen[0][14] = "€ 1"
    schrijf_csv(bestand, rijen, kop=KOP)
    importeer(engine, bestand, tmp_path, bron="export")
    h2 = _aanbod(engine, "h2")[0]
    assert h2.beschrijving == "Oefenen met Nederlands, elke week."
    assert _aanbod(engine, "h1")[0].kosten == "€ 2 per keer"
    with session_factory(engine)() as s:
        spoor = s.execute(
            select(Wijziging.gebruiker_naam, Wijziging.actie, Wijziging.oud, Wijziging.nieuw).where(
                Wijziging.soort == "aanbod", Wijziging.item_id == h2.id, Wijziging.veld == "beschrijving"
            )
        ).all()
        # An import of an unchanged file writes no trail rows at all.
        voor = s.scalar(select(func.count()).select_from(Wijziging))
    assert spoor == [("import export", "geimporteerd", "Oefenen.", "Oefenen met Nederlands, elke week.")]
    importeer(engine, bestand, tmp_path, bron="export")
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Wijziging)) == voor


def test_a_dry_run_reports_the_conflicts_and_writes_nothing(omgeving, tmp_path):
    app, engine, bestand, _rijen = omgeving
    _bewerk_alles(app, engine)
    voor = _stand(engine)
    with session_factory(engine)() as s:
        sporen = s.scalar(select(func.count()).select_from(Wijziging))
    samenvatting = importeer(engine, bestand, tmp_path, bron="export", droog=True)
    assert _stand(engine) == voor
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Wijziging)) == sporen
    assert samenvatting.telling.conflicten and any("behouden" in r for r in samenvatting.regels())
