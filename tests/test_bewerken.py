"""Editing through the web: who may do what (every route), CSRF, the audit trail on both backends, XSS, privacy."""

from __future__ import annotations

import csv
import json

import pytest
from sqlalchemy import func, select

from wijkkaart import create_app
from wijkkaart.diensten.aanbod import exporteer
from wijkkaart.kern.crs import naar_wgs84
from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie
from wijkkaart.opslag.tabellen.audit import Wijziging
from wijkkaart.opslag.tabellen.gebruiker import Gebruiker
from wijkkaart.opslag.tabellen.inzending import Inzending

from .bewerkhulp import bewerkapp, csrf, formulierdata, log_in, maak_accounts
from .helpers import XSS, haarlem_app, haarlem_met_voorbeeldaanbod

#: Every route of the editing blueprints with an example request; {a} and {l} are wijk A's aanbod and locatie,
#: {i} a resident's correction about it. The first test fails when a route is added without an entry here.
ROUTES = {
    "bewerken.overzicht": [("GET", "/bewerken")],
    "bewerken.te_verifieren_lijst": [("GET", "/bewerken/te-verifieren")],
    "bewerken.nieuw_aanbod": [("GET", "/bewerken/aanbod/nieuw"), ("POST", "/bewerken/aanbod/nieuw")],
    "bewerken.aanbod": [("GET", "/bewerken/aanbod/{a}"), ("POST", "/bewerken/aanbod/{a}")],
    "bewerken.verifieer_aanbod": [("POST", "/bewerken/aanbod/{a}/verifieren")],
    "bewerken.archiveer_aanbod": [("POST", "/bewerken/aanbod/{a}/archiveren")],
    "bewerken.herstel_aanbod": [("POST", "/bewerken/aanbod/{a}/herstellen")],
    "bewerken.nieuwe_locatie": [("GET", "/bewerken/locatie/nieuw"), ("POST", "/bewerken/locatie/nieuw")],
    "bewerken.locatie": [("GET", "/bewerken/locatie/{l}"), ("POST", "/bewerken/locatie/{l}")],
    "bewerken.archiveer_locatie": [("POST", "/bewerken/locatie/{l}/archiveren")],
    "bewerken.herstel_locatie": [("POST", "/bewerken/locatie/{l}/herstellen")],
    "bewerken.bevestig_uren": [
        ("POST", "/bewerken/aanbod/{a}/uren-bevestigen"),
        ("POST", "/bewerken/locatie/{l}/uren-bevestigen"),
    ],
    "bewerken.adres_voorbeeld": [("GET", "/bewerken/adres?postcode=2011AA&huisnummer=1")],
    "bewerken.plaats_wachtenden": [("POST", "/bewerken/wachtend/plaatsen")],
    "bewerken.voeg_samen": [("POST", "/bewerken/aanbod/{a}/samenvoegen")],
    "bewerken.veroudering": [("GET", "/bewerken/veroudering?gemeente=GM0392")],
    "moderatie.wachtrij_pagina": [("GET", "/bewerken/inzendingen")],
    "moderatie.inzending": [("GET", "/bewerken/inzendingen/{i}"), ("POST", "/bewerken/inzendingen/{i}")],
    "beheer.gebruikers": [("GET", "/beheer/gebruikers")],
    "beheer.nieuwe_gebruiker": [("POST", "/beheer/gebruikers")],
    "beheer.wijzig_gebruiker": [("POST", "/beheer/gebruikers/1")],
}
#: Routes an opbouwwerker of another wijk may open (their own lists and empty forms): they must not show wijk A.
EIGEN_LIJSTEN = {
    "bewerken.overzicht",
    "bewerken.te_verifieren_lijst",
    "bewerken.nieuw_aanbod:GET",
    "bewerken.nieuwe_locatie:GET",
    "moderatie.wachtrij_pagina",
    "bewerken.adres_voorbeeld",
}


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory, shared_data):
    # The address preview finds 2011AA 1 right on locatie A.
    with bewerkapp(tmp_path_factory.mktemp("bewerken"), shared_data, ("2011AA", "1")) as (app, opzet, punt):
        engine = app.extensions["wijkkaart.engine"]
        lon, lat = naar_wgs84(*punt)
        # A resident's correction about aanbod A: it waits in wijk A's queue.
        bewoner = app.test_client()
        pad = f"/meld/aanbod/{opzet.aanbod_a}"
        assert bewoner.post(pad, data={"opmerking": "Gestopt", "csrf_token": csrf(bewoner, pad)}).status_code == 303
        with session_factory(engine)() as s:
            inzending = s.scalar(select(Inzending.id).where(Inzending.aanbod_id == opzet.aanbod_a))
        yield app, engine, opzet, {"a": opzet.aanbod_a, "l": opzet.locatie_a, "i": inzending}, (lat, lon)


def _stand(engine) -> tuple:
    """Everything an editing request could change, to show a refused one changed nothing."""
    with session_factory(engine)() as s:
        return (
            s.scalar(select(func.count()).select_from(Wijziging)),
            s.scalar(select(func.count()).select_from(Aanbod)),
            s.scalar(select(func.count()).select_from(Locatie)),
            tuple(s.execute(select(Inzending.id, Inzending.status)).all()),
            tuple(s.execute(select(Gebruiker.id, Gebruiker.rol, Gebruiker.actief)).all()),
            tuple(s.execute(select(Aanbod.id, Aanbod.gearchiveerd, Aanbod.laatst_geverifieerd, Aanbod.kosten)).all()),
        )


def _verzoeken(ids, pin):
    lat, lon = pin
    # A create request that would place something in wijk A (pin put by hand on A's locatie).
    plek = {
        "naam": "Nieuw",
        "soort": "activiteit",
        "status": "actief",
        "locatie_naam": "Plek",
        "locatie_soort": "buurthuis",
        "handmatig": "1",
        "lat": str(lat),
        "lon": str(lon),
    }
    for endpoint, voorbeelden in ROUTES.items():
        for methode, pad in voorbeelden:
            data = (
                dict(
                    plek,
                    kosten="gratis",
                    actie="afgewezen",
                    rol="beheerder",
                    email="x@example.org",
                    wachtwoord="x" * 12,
                )
                if methode == "POST"
                else None
            )
            if endpoint == "bewerken.nieuwe_locatie" and data:
                data["soort"] = "buurthuis"
            yield endpoint, methode, pad.format(**ids), data


def test_elke_bewerkroute_staat_in_de_lijst(omgeving):
    app = omgeving[0]
    routes = {
        r.endpoint for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in ("bewerken", "moderatie", "beheer")
    }
    assert routes == set(ROUTES)


def test_bezoeker_krijgt_403_op_elke_bewerkroute(omgeving):
    app, engine, _, ids, pin = omgeving
    voor = _stand(engine)
    client = app.test_client()
    for endpoint, methode, pad, data in _verzoeken(ids, pin):
        if data is not None:
            data["csrf_token"] = csrf(client)
        r = client.open(pad, method=methode, data=data)
        assert r.status_code == 403, (endpoint, methode, r.status_code)
        if "text/html" in r.content_type:
            assert "Inloggen" in r.get_data(as_text=True)
    assert _stand(engine) == voor


@pytest.mark.parametrize("email", ["b@example.org", "p@example.org"])
def test_andere_wijk_of_publiek_krijgt_403(omgeving, email):
    app, engine, opzet, ids, pin = omgeving
    voor = _stand(engine)
    client = app.test_client()
    assert log_in(client, email).status_code == 303
    for endpoint, methode, pad, data in _verzoeken(ids, pin):
        if data is not None:
            data["csrf_token"] = csrf(client)
        r = client.open(pad, method=methode, data=data)
        if email == "b@example.org" and (endpoint in EIGEN_LIJSTEN or f"{endpoint}:{methode}" in EIGEN_LIJSTEN):
            assert r.status_code == 200, (endpoint, methode)
            if endpoint == "bewerken.adres_voorbeeld":
                # The preview finds the address (in wijk A) but says this editor may not place anything there.
                assert r.get_json()["wijkcode"] == opzet.wijk_a and r.get_json()["mag"] is False
                continue
            tekst = r.get_data(as_text=True)
            assert opzet.wijk_a not in tekst and "Inloop wijkteam" not in tekst, endpoint
        else:
            assert r.status_code == 403, (email, endpoint, methode, r.status_code)
    assert _stand(engine) == voor


def test_zonder_csrf_token_wordt_elke_wijziging_geweigerd(omgeving):
    app, engine, _, ids, pin = omgeving
    client = app.test_client()
    log_in(client, "beheer@example.org")
    voor = _stand(engine)
    posts = [(e, p, d) for e, m, p, d in _verzoeken(ids, pin) if m == "POST"]
    posts += [
        ("accounts.uitloggen", "/uitloggen", {}),
        ("meldingen.initiatief", "/meld", {"naam": "x", "beschrijving": "y", "postcode": "2011AA"}),
        ("meldingen.correctie_aanbod", f"/meld/aanbod/{ids['a']}", {"opmerking": "x"}),
        ("taal.kies", "/taal", {"taal": "en"}),
    ]
    for endpoint, pad, data in posts:
        r = client.post(pad, data=data)
        assert r.status_code == 400, endpoint
        assert "CSRF" in r.get_data(as_text=True)
    assert _stand(engine) == voor
    assert client.get("/bewerken").status_code == 200  # still logged in: the refused logout did nothing


def test_opbouwwerker_wijzigt_en_ziet_alleen_eigen_wijk(omgeving):
    app, engine, opzet, ids, _ = omgeving
    client = app.test_client()
    log_in(client, "a@example.org")
    lijst = client.get("/bewerken/te-verifieren").get_data(as_text=True)
    with session_factory(engine)() as s:
        elders = s.scalars(
            select(Aanbod.naam)
            .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
            .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
            .where(Locatie.wijkcode != opzet.wijk_a)
        ).all()
    assert f'href="/bewerken/aanbod/{ids["a"]}"' in lijst  # never verified, in wijk A
    assert elders and not any(f">{naam}<" in lijst for naam in elders)
    wachtrij = client.get("/bewerken/inzendingen").get_data(as_text=True)
    assert f"/bewerken/inzendingen/{ids['i']}" in wachtrij
    # Staleness per wijk is for beheerders only.
    assert client.get("/bewerken/veroudering?gemeente=GM0392").status_code == 403
    beheer = app.test_client()
    log_in(beheer, "beheer@example.org")
    laag = beheer.get("/bewerken/veroudering?gemeente=GM0392").get_json()
    wijken = {f["properties"]["code"]: f["properties"] for f in laag["features"]}
    assert wijken[opzet.wijk_a]["aantal_aanbod"] >= 1
    assert wijken[opzet.wijk_a]["pct_verouderd"] == pytest.approx(
        100 * wijken[opzet.wijk_a]["aantal_verouderd"] / wijken[opzet.wijk_a]["aantal_aanbod"]
    )
    assert wijken[opzet.wijk_b]["aantal_aanbod"] == 0 and wijken[opzet.wijk_b]["pct_verouderd"] is None
    # The layer is on the gemeente map for beheerders only.
    assert "/bewerken/veroudering?gemeente=GM0392" in beheer.get("/gemeente/GM0392").get_data(as_text=True)
    assert "/bewerken/veroudering" not in client.get("/gemeente/GM0392").get_data(as_text=True)


def test_audit_legt_elke_veldwijziging_precies_eenmaal_vast(database_url, shared_data, tmp_path):
    """On SpatiaLite and on PostGIS: two fields and the hours changed is three rows; saving again adds none."""
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    engine = app.extensions["wijkkaart.engine"]
    try:
        opzet = maak_accounts(engine)
        a = opzet.aanbod_a
        client = app.test_client()
        log_in(client, "a@example.org")
        data = formulierdata(
            engine, a, kosten="€ 2 per keer", toegang="Gewoon binnenlopen", openingstijden="Mo,We 10:00-12:00"
        )
        data["csrf_token"] = csrf(client, f"/bewerken/aanbod/{a}")
        assert client.post(f"/bewerken/aanbod/{a}", data=data).status_code == 303
        assert client.post(f"/bewerken/aanbod/{a}", data=data).status_code == 303  # the same again: nothing changes
        for actie in ("verifieren", "archiveren", "archiveren", "herstellen"):
            client.post(f"/bewerken/aanbod/{a}/{actie}", data={"csrf_token": data["csrf_token"]})
        with session_factory(engine)() as s:
            rijen = s.execute(
                select(Wijziging.actie, Wijziging.veld, Wijziging.oud, Wijziging.nieuw, Wijziging.gebruiker_naam)
                .where(Wijziging.soort == "aanbod", Wijziging.item_id == a)
                .order_by(Wijziging.id)
            ).all()
        # The import that made the example aanbod comes first, with its bron as author.
        assert rijen[0][:2] == ("geimporteerd", None) and rijen[0][4].startswith("import ")
        rijen = rijen[1:]
        assert [r[:2] for r in rijen] == [
            ("gewijzigd", "toegang"),
            ("gewijzigd", "kosten"),
            ("gewijzigd", "openingstijden"),
            ("geverifieerd", "laatst_geverifieerd"),
            ("gearchiveerd", "gearchiveerd"),
            ("hersteld", "gearchiveerd"),
        ]
        per_veld = {r[1]: r for r in rijen[:3]}
        assert per_veld["kosten"][2:] == (None, "€ 2 per keer", "Ali Opbouw")
        assert per_veld["openingstijden"][2:4] == ("Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off", "Mo,We 10:00-12:00")
        pagina = client.get(f"/bewerken/aanbod/{a}").get_data(as_text=True)
        assert "Geschiedenis" in pagina and "€ 2 per keer" in pagina and "Ali Opbouw" in pagina
    finally:
        engine.dispose()


def test_xss_in_elk_tekstveld_blijft_tekst_in_paginas_en_exports(omgeving, tmp_path):
    app, engine, _opzet, ids, _ = omgeving
    kort = "<svg/onload=alert(1)>"
    client = app.test_client()
    log_in(client, "beheer@example.org")
    teksten = {
        "naam": XSS,
        "beschrijving": XSS,
        "doelgroep_omschrijving": XSS,
        "toegang": XSS,
        "kosten": XSS,
        "organisatie": XSS,
        "telefoon": kort,
        # An e-mail address cannot carry markup: the form and the import refuse "<" in one.
        "andere_themas": kort,
        "andere_doelgroepen": kort,
    }
    data = formulierdata(engine, ids["a"], **teksten, contact_openbaar=True)
    data["csrf_token"] = csrf(client, f"/bewerken/aanbod/{ids['a']}")
    assert client.post(f"/bewerken/aanbod/{ids['a']}", data=data).status_code == 303
    locatie = {
        "naam": XSS,
        "soort": "buurthuis",
        "straat": XSS[:200],
        "huisnummer": "<b>1</b>",
        "plaats": kort,
        "postcode": "",
        "openingstijden": "",
        "csrf_token": data["csrf_token"],
    }
    r = client.post(f"/bewerken/locatie/{ids['l']}", data=locatie)
    assert r.status_code in (303, 400)
    for pad in (
        f"/bewerken/aanbod/{ids['a']}",
        f"/bewerken/locatie/{ids['l']}",
        "/bewerken",
        "/bewerken/te-verifieren",
        f"/bewerken/inzendingen/{ids['i']}",
        "/gemeente/GM0392",
    ):
        html = client.get(pad).get_data(as_text=True)
        assert "<script>window.__xss" not in html and "<svg/onload" not in html and 'onerror="window' not in html, pad
    html = client.get(f"/bewerken/aanbod/{ids['a']}").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in html
    # The API carries the text as data (the popup puts it in with textContent; see the browser tests).
    api = client.get("/api/v1/aanbod?gemeente=GM0392").get_json()
    eigen = next(f["properties"] for f in api["features"] if f["properties"]["aanbod_id"] == ids["a"])
    assert eigen["kosten"] == XSS and eigen["telefoon"] == kort
    # Exports keep the text exactly, as text: a CSV cell, an XLSX string cell (never a formula), a GeoJSON string.
    exporteer(engine, tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8-sig") as f:
        rij = next(r for r in csv.DictReader(f, delimiter=";") if r["kosten"] == XSS)
    assert rij["beschrijving"] == XSS and rij["organisatie"] == XSS
    exporteer(engine, tmp_path / "e.xlsx")
    from openpyxl import load_workbook

    blad = load_workbook(tmp_path / "e.xlsx").active
    cellen = [c for rij in blad.iter_rows() for c in rij if c.value == XSS]
    assert cellen and all(c.data_type == "s" for c in cellen)
    exporteer(engine, tmp_path / "e.geojson")
    features = json.loads((tmp_path / "e.geojson").read_text("utf-8"))["features"]
    assert any(f["properties"]["kosten"] == XSS for f in features)


def test_verborgen_adres_en_contact_lekken_niet(omgeving, tmp_path):
    app, engine, *_ = omgeving
    client = app.test_client()
    api = client.get("/api/v1/aanbod?gemeente=GM0392").get_json()
    ans = next(f["properties"] for f in api["features"] if f["properties"]["naam"] == "Huiskamer bij Ans")
    assert ans["adres"] is None and "telefoon" not in ans and "Privéweg" not in json.dumps(api)
    assert "Privéweg" not in client.get("/zoek?q=2011").get_data(as_text=True)
    exporteer(engine, tmp_path / "openbaar.csv")
    openbaar = (tmp_path / "openbaar.csv").read_text("utf-8-sig")
    assert "Privéweg" not in openbaar and "2011AB" not in openbaar
    rij = next(r for r in csv.DictReader(openbaar.splitlines(), delimiter=";") if r["naam"] == "Huiskamer bij Ans")
    assert rij["precisie"] == "buurt" and rij["straat"] == "" and rij["lat"] != ""
    exporteer(engine, tmp_path / "intern.csv", intern=True)
    assert "Privéweg" in (tmp_path / "intern.csv").read_text("utf-8-sig")


def test_honingpot_en_limiet_op_meldingen(tmp_path, shared_data):
    app = haarlem_app(tmp_path, shared_data, INZENDING_LIMIET="3 per hour")
    engine = app.extensions["wijkkaart.engine"]
    bot = app.test_client()
    data = {
        "naam": "Gratis pillen",
        "beschrijving": "koop nu",
        "postcode": "2011AA",
        "website_2": "http://spam.example",
    }
    r = bot.post("/meld", data=dict(data, csrf_token=csrf(bot, "/meld")))
    assert r.status_code == 303  # the bot sees the same thanks as anyone
    mens = app.test_client()
    for i in range(2):
        r = mens.post(
            "/meld",
            data={
                "naam": f"Koffie {i}",
                "beschrijving": "Elke dinsdag",
                "postcode": "2011AA",
                "csrf_token": csrf(mens, "/meld"),
            },
        )
        assert r.status_code == 303
    assert (
        mens.post(
            "/meld",
            data={"naam": "Nog een", "beschrijving": "x", "postcode": "2011AA", "csrf_token": csrf(mens, "/meld")},
        ).status_code
        == 429
    )
    with session_factory(engine)() as s:
        rijen = dict(s.execute(select(Inzending.naam, Inzending.status)).all())
    assert rijen == {"Gratis pillen": "spam", "Koffie 0": "open", "Koffie 1": "open"}  # kept, never dropped
    maak_accounts(engine)
    beheer = app.test_client()
    log_in(beheer, "beheer@example.org")
    wachtrij = beheer.get("/bewerken/inzendingen").get_data(as_text=True)
    assert "Koffie 0" in wachtrij and "Gratis pillen" not in wachtrij
    assert "Gratis pillen" in beheer.get("/bewerken/inzendingen?status=spam").get_data(as_text=True)


def test_nieuwe_themas_uit_het_formulier_zijn_dezelfde_woorden_als_bij_een_import(omgeving):
    app, engine, *_ = omgeving
    with session_factory(engine)() as s:
        inloop = s.scalar(select(Aanbod.id).where(Aanbod.extern_id == "v2"))
    client = app.test_client()
    log_in(client, "beheer@example.org")
    data = formulierdata(
        engine, inloop, andere_themas="Sociale Contacten, advies", andere_doelgroepen="Mensen met  schulden"
    )
    data["csrf_token"] = csrf(client, f"/bewerken/aanbod/{inloop}")
    assert client.post(f"/bewerken/aanbod/{inloop}", data=data).status_code == 303
    from wijkkaart.bewerken.wijzigen import aanbod_waarden

    with session_factory(engine)() as s:
        w = aanbod_waarden(s, s.get(Aanbod, inloop))
    # Read into the controlled lists: "Sociale Contacten" is ontmoeten, "Mensen met schulden" laag_inkomen.
    assert w["themas"] == ["advies", "ontmoeten"] and w["doelgroepen"] == ["iedereen", "laag_inkomen"]


def test_klopt_dit_niet_bij_elke_treffer_van_de_zoekpagina(omgeving):
    app, engine, *_ = omgeving
    html = app.test_client().get("/zoek?q=2011").get_data(as_text=True)
    with session_factory(engine)() as s:
        aanbod = s.scalars(select(Aanbod.id).where(Aanbod.gearchiveerd.is_(False))).all()
    treffers = html.count('class="treffer ')
    links = html.count('href="/meld/aanbod/') + html.count('href="/meld/locatie/')
    assert treffers >= 3 and links == treffers
    assert any(f'href="/meld/aanbod/{a}"' in html for a in aanbod)
