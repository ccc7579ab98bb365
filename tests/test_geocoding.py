"""Geocoders: the PDOK Locatieserver against a local server that answers like the real one, and offline tables."""

from __future__ import annotations

import copy
import csv
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from wijkkaart.diensten.aanbod import importeer_aanbod
from wijkkaart.invoer.geocoding import PdokLocatieserver, maak_keten
from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.opslag.engine import make_engine
from wijkkaart.opslag.schema import bereid_voor
from wijkkaart.opslag.tabellen.aanbod import Locatie

from .helpers import haarlem_punten, load_haarlem
from .test_import_aanbod import schrijf_csv

PAD = "/bzk/locatieserver/search/v3_1/free"


class FakeLocatieserver:
    """Answers ``free`` searches with real Locatieserver documents (shared/data/pdok) moved to known addresses."""

    def __init__(self, shared_data, adressen: dict[tuple[str, str], tuple[float, float]], fouten_eerst: int = 0):
        pdok = shared_data / "pdok"
        self.doc = json.loads((pdok / "locatieserver_v3_free_adres_1118CP_202_with_buurtcode.json").read_text())[
            "response"
        ]["docs"][0]
        self.leeg = (pdok / "locatieserver_v3_1_free_no_results.json").read_bytes()
        self.fout400 = (pdok / "locatieserver_v3_error_400_missing_id.json").read_bytes()
        self.adressen = adressen
        self.fouten_eerst = fouten_eerst
        self.verzoeken: list[tuple[float, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlparse(self.path)
                vraag = {k: v[0] for k, v in parse_qs(url.query).items()}
                server.verzoeken.append((time.monotonic(), vraag))
                if server.fouten_eerst > 0:
                    server.fouten_eerst -= 1
                    return self._stuur(503, b"Service Unavailable", "text/plain")
                if url.path != PAD or "q" not in vraag:
                    return self._stuur(400, server.fout400)
                delen = dict(d.split(":", 1) for d in vraag["q"].split(" and ") if ":" in d)
                sleutel = (delen.get("postcode"), delen.get("huisnummer"))
                if sleutel not in server.adressen:
                    return self._stuur(200, server.leeg)
                x, y = server.adressen[sleutel]
                doc = copy.deepcopy(server.doc)
                doc.update(
                    postcode=sleutel[0],
                    huisnummer=int(sleutel[1]),
                    centroide_rd=f"POINT({x} {y})",
                    weergavenaam=f"Teststraat {sleutel[1]}, {sleutel[0]} Haarlem",
                )
                body = json.dumps({"response": {"numFound": 1, "start": 0, "maxScore": 20.0, "docs": [doc]}}).encode()
                return self._stuur(200, body)

            def _stuur(self, status, body, soort="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", soort)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{PAD}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


@pytest.fixture
def haarlem(database_url, shared_data):
    engine = make_engine(database_url)
    bereid_voor(engine)
    load_haarlem(engine, shared_data)
    yield engine
    engine.dispose()


def _rd(engine, n):
    from pyproj import Transformer

    t = Transformer.from_crs(4326, 28992, always_xy=True)
    return [tuple(round(v, 3) for v in t.transform(lon, lat)) for lon, lat in haarlem_punten(engine, n, seed=11)]


def _overzicht_als(engine, rol: str) -> str:
    """The editor's overview page as a logged-in account with ``rol`` sees it."""
    from wijkkaart import create_app
    from wijkkaart.bewerken.accounts import maak_gebruiker
    from wijkkaart.opslag.engine import transaction

    from .bewerkhulp import WACHTWOORD, log_in

    email = f"{rol}@example.org"
    with transaction(engine) as s:
        maak_gebruiker(s, email, rol.title(), WACHTWOORD, rol, ["GM0392"] if rol != "beheerder" else [])
    app = create_app({"DATABASE_URL": engine.url.render_as_string(hide_password=False), "TESTING": True})
    client = app.test_client()
    log_in(client, email)
    return client.get("/bewerken").get_data(as_text=True)


def make_engine_sessie(engine):
    from wijkkaart.opslag.engine import session_factory

    return session_factory(engine)()


def _bestand(tmp_path):
    return schrijf_csv(
        tmp_path / "adressen.csv",
        [
            ["p1", "Koffie-inloop", "inloopspreekuur", "Teststraat", "10", "2011AA", "Haarlem", "", "", "", "", ""],
            ["p2", "Naaicafé", "activiteit", "Teststraat", "12-b", "2011 AA", "Haarlem", "", "", "", "", ""],
            ["p3", "Onbekend adres", "activiteit", "Nergens", "1", "2011ZZ", "Haarlem", "", "", "", "", ""],
        ],
    )


def test_pdok_plaatst_adressen_en_meldt_wat_het_niet_vindt(haarlem, tmp_path, shared_data):
    (x1, y1), (x2, y2) = _rd(haarlem, 2)
    server = FakeLocatieserver(shared_data, {("2011AA", "10"): (x1, y1), ("2011AA", "12"): (x2, y2)}, fouten_eerst=1)
    try:
        keten = maak_keten(["bestand", "pdok"], pdok_url=server.url, cache_dir=tmp_path / "cache", pdok_per_seconde=50)
        s = importeer_aanbod(haarlem, _bestand(tmp_path), keten, rapport=tmp_path / "r.csv", toon_voortgang=False)
        assert (s.geimporteerd, s.afgewezen) == (2, 1)
        assert s.geocoders == {"pdok": 2}
        (regel,) = lees_rapport(s.rapport)
        assert regel["rij"] == "4" and "niet gevonden" in regel["reden"]
        with haarlem.connect() as conn:
            punten = {
                r.extern_id: r
                for r in conn.execute(
                    select(Locatie.extern_id, Locatie.precisie, Locatie.geocoder, Locatie.geom.ST_X().label("x"))
                )
            }
        assert {p.precisie for p in punten.values()} == {"adres"}
        assert round(punten["adres:2011AA:10"].x, 3) == x1
        # The first request met a 503 and was retried; "12-b" was asked as house number 12.
        assert any(v.get("q") == "postcode:2011AA and huisnummer:12" for _, v in server.verzoeken)
        eerste_ronde = len(server.verzoeken)
        assert eerste_ronde == 4  # 503 + three addresses
        # A second import is answered from the cache: no new requests.
        importeer_aanbod(haarlem, _bestand(tmp_path), keten, rapport=tmp_path / "r2.csv", toon_voortgang=False)
        assert len(server.verzoeken) == eerste_ronde
    finally:
        server.stop()


def test_pdok_houdt_een_beleefd_tempo(tmp_path, shared_data):
    server = FakeLocatieserver(shared_data, {})
    try:
        from wijkkaart.invoer.records import Record

        pdok = PdokLocatieserver(server.url, per_seconde=4)
        for i in range(6):
            record = Record(
                rij=i,
                bron="t",
                extern_id=str(i),
                naam="x",
                soort="activiteit",
                is_locatie=False,
                locatie_id=str(i),
                postcode="2011AA",
                huisnummer=str(i + 1),
            )
            with pytest.raises(Exception, match="niet gevonden"):
                pdok.zoek(record)
        tijden = [t for t, _ in server.verzoeken]
        assert len(tijden) == 6
        assert tijden[-1] - tijden[0] >= 1.0  # at most 4 per second
    finally:
        server.stop()


def test_pdok_onbereikbaar_verliest_niets_en_geocode_plaatst_later(haarlem, tmp_path, shared_data):
    (x1, y1), (x2, y2) = _rd(haarlem, 2)
    (lon4, lat4), *_ = haarlem_punten(haarlem, 1, seed=4)
    # PDOK is down: the local Locatieserver answers every request with 503.
    server = FakeLocatieserver(
        shared_data, {("2011AA", "10"): (x1, y1), ("2011AA", "12"): (x2, y2)}, fouten_eerst=10**6
    )
    bestand = _bestand(tmp_path)
    rijen = [r for r in csv.reader(bestand.open(encoding="utf-8"), delimiter=";")]
    rijen.append(["p4", "Met coördinaten", "activiteit", "", "", "", "Haarlem", str(lat4), str(lon4), "", "", ""])
    schrijf_csv(bestand, rijen[1:], kop=rijen[0])
    try:
        keten = maak_keten(
            ["bestand", "pdok"], pdok_url=server.url, cache_dir=tmp_path / "c", pdok_per_seconde=50, pogingen=0
        )
        s = importeer_aanbod(haarlem, bestand, keten, rapport=tmp_path / "r.csv", toon_voortgang=False)
        # The row with coordinates is stored; the three that need PDOK wait; nothing stops with exit 2.
        assert (s.geimporteerd, s.wachtend, s.afgewezen, s.exit_code) == (1, 3, 0, 1)
        assert any("wacht op een plek (geocoder niet bereikbaar): 3" in r for r in s.regels())
        # One failed request, not one per row: the chain skips PDOK for a while after an outage.
        assert len(server.verzoeken) == 1
        rapport = {r["rij"]: r for r in lees_rapport(tmp_path / "r.csv")}
        assert {rij for rij, r in rapport.items() if r["gevolg"] == "wacht op een plek"} == {"2", "3", "4"}
        assert "wijkkaart geocode" in rapport["2"]["reden"]
        with make_engine_sessie(haarlem) as sessie:
            assert sorted(sessie.scalars(select(Locatie.extern_id))) == ["aanbod:p4"]
        # The editor lists them for a beheerder.
        from wijkkaart.diensten.aanbod import plaats_wachtenden, wachtende_plekken

        assert [(w["naam"], w["rij"]) for w in wachtende_plekken(haarlem)] == [
            ("Koffie-inloop", 2),
            ("Naaicafé", 3),
            ("Onbekend adres", 4),
        ]
        # A beheerder sees them in the editor, an opbouwwerker does not (they may hold hidden addresses).
        html = _overzicht_als(haarlem, "beheerder")
        assert "Wachten op een plek (3)" in html and "Onbekend adres" in html and "adressen.csv, rij 4" in html
        assert "Wachten op een plek" not in _overzicht_als(haarlem, "opbouwwerker")
        # PDOK is back: geocode places what it finds; what it does not find keeps waiting with the reason.
        server.fouten_eerst = 0
        keten = maak_keten(["bestand", "pdok"], pdok_url=server.url, cache_dir=tmp_path / "c2", pdok_per_seconde=50)
        uitkomst = plaats_wachtenden(haarlem, keten)
        assert (uitkomst.bekeken, uitkomst.geplaatst, uitkomst.wacht_nog, len(uitkomst.niet_gevonden)) == (3, 2, 0, 1)
        with make_engine_sessie(haarlem) as sessie:
            assert sorted(sessie.scalars(select(Locatie.extern_id))) == [
                "aanbod:p4",
                "adres:2011AA:10",
                "adres:2011AA:12-B",
            ]
        wacht = wachtende_plekken(haarlem)
        assert [w["naam"] for w in wacht] == ["Onbekend adres"] and "niet gevonden" in wacht[0]["reden"]
        # A new import of the file decides again: the unknown address is rejected and no longer waits.
        s = importeer_aanbod(haarlem, bestand, keten, rapport=tmp_path / "r2.csv", toon_voortgang=False)
        assert (s.wachtend, s.afgewezen) == (0, 1) and wachtende_plekken(haarlem) == []
    finally:
        server.stop()


def test_adrestabel_uit_echte_amsterdamse_data_en_pc4_alleen_op_verzoek(tmp_path, shared_data):
    from wijkkaart.invoer.geocoding import AdresTabel, Pc4Tabel
    from wijkkaart.invoer.records import Record

    tabel = AdresTabel.laad(shared_data / "venues" / "amsterdam_maatschappelijke_voorzieningen.geojson")
    assert len(tabel.adressen) == 998  # 1,462 voorzieningen at 998 distinct addresses
    record = Record(
        rij=1,
        bron="t",
        extern_id="1",
        naam="x",
        soort="activiteit",
        is_locatie=False,
        locatie_id="1",
        postcode="1014AA",
        huisnummer="319",
    )
    punt = tabel.zoek(record)
    assert punt.precisie == "adres" and 110000 < punt.x < 130000
    record.huisnummer = "999"
    assert tabel.zoek(record) is None  # no silent placement at a postcode
    pc4 = Pc4Tabel.laad(shared_data / "nl_pc4_4pp_2014.csv")
    punt = pc4.zoek(record)
    assert punt.precisie == "postcode" and punt.geocoder == "pc4-centroide"
    assert (
        "pc4"
        not in maak_keten(
            ["bestand", "adrestabel"],
            adrestabellen=[shared_data / "venues" / "amsterdam_maatschappelijke_voorzieningen.geojson"],
        ).namen
    )
