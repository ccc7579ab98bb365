"""The residents' finder: reading what people type, "nu open" at frozen moments, nearest first, filters, both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from wijkkaart.diensten.vinder import vind_plek
from wijkkaart.invoer.geocoding import Keten, Pc4Tabel, PdokLocatieserver, Terugval
from wijkkaart.invoer.geocoding.zoekvraag import PlekNietGevonden, lees_zoekvraag
from wijkkaart.kern.crs import naar_rd
from wijkkaart.kern.openingstijden import TIJDZONE
from wijkkaart.opslag.engine import make_engine
from wijkkaart.uitvoer.vinder import Plek, open_op_dag, status, zoek

from .helpers import XSS, haarlem_met_voorbeeldaanbod
from .test_geocoding import FakeLocatieserver


def moment(*args):
    return dt.datetime(*args, tzinfo=TIJDZONE)


MAANDAG_OCHTEND = moment(2026, 11, 23, 10, 0)
MAANDAG_AVOND = moment(2026, 11, 23, 20, 0)
ZONDAG = moment(2026, 11, 22, 11, 0)
KONINGSDAG = moment(2026, 4, 27, 10, 30)  # a Monday
TWEEDE_DINSDAG = moment(2026, 12, 8, 18, 0)
EERSTE_DINSDAG = moment(2026, 12, 1, 18, 0)


@pytest.mark.parametrize(
    "tekst, verwacht",
    [
        ("2011 AB", ("2011AB", None, None, None)),
        ("2011ab 12", ("2011AB", "12", None, None)),
        ("2011AB, 12a", ("2011AB", "12a", None, None)),
        ("2011", ("2011", None, None, None)),
        ("Grote Markt 2, Haarlem", (None, "2", "Grote Markt", "Haarlem")),
        ("Korte Poellaan 12", (None, "12", "Korte Poellaan", None)),
    ],
)
def test_what_people_type_is_read(tekst, verwacht):
    r = lees_zoekvraag(tekst)
    assert (r.postcode, r.huisnummer, r.straat, r.plaats) == verwacht


@pytest.mark.parametrize("tekst", ["", "   ", "onzin", "0123 AB", "12345"])
def test_no_postcode_or_address_gets_advice(tekst):
    with pytest.raises(PlekNietGevonden, match="Typ een postcode"):
        lees_zoekvraag(tekst)


@pytest.mark.parametrize(
    "osm, wanneer, verwacht",
    [
        ("Mo-Fr 13:00-15:00", MAANDAG_OCHTEND, ("later", "vandaag nog open om 13:00")),
        ("Mo-Fr 13:00-15:00", moment(2026, 11, 23, 14, 0), ("open", "nu open, tot 15:00")),
        ("Mo-Fr 13:00-15:00", MAANDAG_AVOND, ("gesloten", "nu gesloten")),
        ("Mo-Fr 13:00-15:00", ZONDAG, ("gesloten", "nu gesloten")),
        ("Mo 10:00-12:00; PH off", KONINGSDAG, ("gesloten", "nu gesloten")),
        ("Mo 10:00-12:00; PH off", moment(2026, 5, 4, 10, 30), ("open", "nu open, tot 12:00")),
        ("Tu[2] 19:00-21:00", TWEEDE_DINSDAG, ("later", "vandaag nog open om 19:00")),
        ("Tu[2] 19:00-21:00", EERSTE_DINSDAG, ("gesloten", "nu gesloten")),
        ("Fr 22:00-02:00", moment(2026, 11, 28, 1, 0), ("open", "nu open, tot 2:00")),
        (None, MAANDAG_OCHTEND, ("onbekend", "openingstijden onbekend")),
    ],
)
def test_open_now_and_later_today_at_frozen_moments(osm, wanneer, verwacht):
    assert status(osm, wanneer) == verwacht


def test_open_on_a_day():
    assert open_op_dag("Th 10:00-12:00", "do", MAANDAG_OCHTEND)
    assert not open_op_dag("Th 10:00-12:00", "vr", MAANDAG_OCHTEND)
    assert open_op_dag("Tu[2] 19:00-21:00", "di", moment(2026, 12, 2, 9, 0))  # next Tuesday is 8 Dec, the 2nd
    assert not open_op_dag("Tu[2] 19:00-21:00", "di", moment(2026, 11, 25, 9, 0))  # next Tuesday is 1 Dec


@pytest.fixture
def haarlem(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _punten(engine):
    from .helpers import haarlem_punten

    return haarlem_punten(engine, 4, seed=21)  # the same points laad_voorbeeldaanbod used


def test_nearest_first_with_distances_hours_and_masked_address(haarlem):
    from sqlalchemy.orm import Session

    punten = _punten(haarlem)
    x, y = naar_rd(*punten[0])  # at the activity with the script in its name
    with Session(haarlem) as s:
        uit = zoek(s, Plek("test", x, y, "adres", "test"), MAANDAG_OCHTEND, straal_m=10_000)
    namen = [t.eigenschappen["naam"] for t in uit.treffers]
    assert namen[0] == XSS and uit.treffers[0].afstand_m < 1 and uit.treffers[0].loopminuten == 1
    assert [t.afstand_m for t in uit.treffers] == sorted(t.afstand_m for t in uit.treffers)
    assert set(namen) == {XSS, "Inloop wijkteam", "Huiskamer bij Ans", "Buurthuis Oost"}
    eerste = uit.treffers[0]
    assert (eerste.status, eerste.status_tekst) == ("open", "nu open, tot 12:00")
    assert eerste.eigenschappen["openingstijden_leesbaar"].startswith("ma en wo 9:00–12:00")
    # The masked living room is measured to the point shown for its buurt, never to its real address.
    ans = next(t for t in uit.treffers if t.eigenschappen["naam"] == "Huiskamer bij Ans")
    echt = naar_rd(*punten[2])
    assert (
        ans.eigenschappen["adres"] is None and abs(ans.afstand_m - ((echt[0] - x) ** 2 + (echt[1] - y) ** 2) ** 0.5) > 1
    )


def test_filters_narrow_the_list(haarlem):
    from sqlalchemy.orm import Session

    x, y = naar_rd(*_punten(haarlem)[0])
    plek = Plek("test", x, y, "adres", "test")
    with Session(haarlem) as s:

        def namen(**f):
            return {
                t.eigenschappen["naam"] for t in zoek(s, plek, MAANDAG_OCHTEND, **{"straal_m": 10_000, **f}).treffers
            }

        assert namen(thema="ontmoeten") == {XSS, "Huiskamer bij Ans"}
        assert namen(doelgroep="iedereen") == {"Inloop wijkteam"}
        assert namen(nu_open=True) == {XSS}
        assert namen(dag="do") == {"Huiskamer bij Ans", "Inloop wijkteam"}
        assert namen(dag="za") == set()
        assert namen(straal_m=1) == {XSS}  # only what stands at the place itself


def test_place_from_pdok_or_pc4_and_pdok_down_falls_back(shared_data):
    pdok = FakeLocatieserver(shared_data, {("2011AB", "12"): (104000.0, 488000.0)})
    try:
        pc4 = Pc4Tabel.laad(shared_data / "nl_pc4_4pp_2014.csv")
        keten = Keten([Terugval(PdokLocatieserver(pdok.url, postcode_alleen=True)), pc4])
        plek = vind_plek("2011 AB 12", keten)
        assert (plek.x, plek.y, plek.precisie, plek.geocoder) == (104000.0, 488000.0, "adres", "pdok")
        # PDOK does not know this one: the PC4 centre, said to be a postcode.
        plek = vind_plek("2011 ZZ", keten)
        assert plek.precisie == "postcode" and plek.geocoder == "pc4-centroide"
        with pytest.raises(PlekNietGevonden, match="We vinden “9999 ZZ 1” niet"):
            vind_plek("9999 ZZ 1", Keten([Terugval(PdokLocatieserver(pdok.url))]))
    finally:
        pdok.stop()
    # PDOK unreachable: the resident still gets the PC4 answer, and PDOK is skipped for a while.
    dicht = Terugval(PdokLocatieserver("http://127.0.0.1:9/free", pogingen=0, timeout=1, postcode_alleen=True))
    plek = vind_plek("2011 AB", Keten([dicht, pc4]))
    assert plek.geocoder == "pc4-centroide" and dicht._weer_proberen > 0


def test_bare_postcode_from_pdok_uses_the_postcode_document(shared_data):
    """A real Locatieserver postcode answer (1118 CP, Schiphol) places a bare PC6 at its centroid."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlparse

    antwoord = (shared_data / "pdok" / "locatieserver_v3_free_postcode_1118CP_schiphol.json").read_bytes()
    vragen = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            vragen.append({k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(antwoord)))
            self.end_headers()
            self.wfile.write(antwoord)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/free"
        plek = vind_plek("1118 cp", Keten([PdokLocatieserver(url, postcode_alleen=True)]))
        doc = json.loads(antwoord)["response"]["docs"][0]
        assert (plek.x, plek.y) == tuple(float(v) for v in doc["centroide_rd"][6:-1].split())
        assert (plek.precisie, plek.geocoder, plek.omschrijving) == ("postcode", "pdok", "1118 CP")
        assert vragen[0]["q"] == "postcode:1118CP" and vragen[0]["fq"] == "type:postcode"
        # Imports keep asking for a house number: the same geocoder without the finder's option stays silent.
        with pytest.raises(PlekNietGevonden):
            vind_plek("1118 CP", Keten([PdokLocatieserver(url)]))
        assert len(vragen) == 1
    finally:
        httpd.shutdown()
