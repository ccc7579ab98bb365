"""import-aanbod on SpatiaLite and PostGIS: bad rows, encodings, round trips, upsert, dry run, re-linking."""

from __future__ import annotations

import csv
import json
import time

import pytest
from sqlalchemy import func, select

from wijkkaart.diensten.aanbod import exporteer, importeer_aanbod
from wijkkaart.invoer.geocoding import maak_keten
from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.kern.fouten import InvoerFout
from wijkkaart.opslag.engine import make_engine
from wijkkaart.opslag.schema import bereid_voor
from wijkkaart.opslag.tabellen.aanbod import Aanbod, Locatie

from .helpers import aanbod_dump, haarlem_punten, load_haarlem

KOP = [
    "id",
    "naam",
    "soort",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "lat",
    "lon",
    "openingstijden",
    "themas",
    "doelgroepen",
]


@pytest.fixture
def haarlem(database_url, shared_data):
    engine = make_engine(database_url)
    bereid_voor(engine)
    load_haarlem(engine, shared_data)
    yield engine
    engine.dispose()


def schrijf_csv(pad, rijen, kop=KOP, codering="utf-8", scheiding=";"):
    with open(pad, "w", encoding=codering, newline="") as uit:
        schrijver = csv.writer(uit, delimiter=scheiding)
        schrijver.writerow(kop)
        schrijver.writerows(rijen)
    return pad


def importeer(engine, pad, tmp_path, geocoders=("bestand",), **opties):
    keten = maak_keten(list(geocoders), adrestabellen=opties.pop("adrestabellen", []))
    return importeer_aanbod(engine, pad, keten, rapport=tmp_path / "rapport.csv", toon_voortgang=False, **opties)


def test_slechte_rijen_komen_in_het_rapport_en_de_rest_in_de_database(haarlem, tmp_path):
    (lon1, lat1), (lon2, lat2), (lon3, lat3) = haarlem_punten(haarlem, 3)
    adrestabel = schrijf_csv(
        tmp_path / "adressen.csv", [["2011AB", "12", lat3, lon3]], kop=["postcode", "huisnummer", "lat", "lon"]
    )
    bestand = schrijf_csv(
        tmp_path / "aanbod.csv",
        [
            [
                "a1",
                "Koffieochtend",
                "activiteit",
                "",
                "",
                "",
                "Haarlem",
                lat1,
                lon1,
                "Mo 10:00-12:00",
                "ontmoeten",
                "ouderen",
            ],
            ["a2", "", "activiteit", "", "", "", "", lat1, lon1, "", "", ""],
            ["a3", "Eetgroep", "activiteit", "", "", "", "", lat2, lon2, "vrijdagavond vanaf zes", "eten", ""],
            ["a4", "Spreekuur", "inloopspreekuur", "Nergensstraat", "1", "9999ZZ", "Haarlem", "", "", "", "", ""],
            ["a5", "Boot", "activiteit", "", "", "", "", "52.45", "4.40", "", "", ""],
            ["a1", "Dubbel", "activiteit", "", "", "", "", lat1, lon1, "", "", ""],
            ["a7", "Kapotte postcode", "activiteit", "Straat", "1", "12AB", "", "", "", "", "", ""],
            ["a8", "Feestje", "feestje", "", "", "", "", lat1, lon1, "", "", ""],
            [
                "a9",
                "Buurtkamer De Ster",
                "buurtkamer",
                "Sterstraat",
                "12",
                "2011 AB",
                "Haarlem",
                "",
                "",
                "Tu[2] 19:00-21:00",
                "",
                "",
            ],
        ],
    )
    voor = aanbod_dump(haarlem)
    s = importeer(haarlem, bestand, tmp_path, geocoders=("bestand", "adrestabel"), adrestabellen=[adrestabel])
    assert (s.gelezen, s.geimporteerd, s.afgewezen, s.waarschuwingen) == (9, 4, 5, 2)
    assert s.exit_code == 1
    rapport = {(int(r["rij"]), r["veld"], r["gevolg"]): r["reden"] for r in lees_rapport(s.rapport)}
    assert set(rapport) == {
        (3, "naam", "afgewezen"),
        (4, "openingstijden", "geïmporteerd, met waarschuwing"),
        (5, "adres", "afgewezen"),
        (6, "lat", "afgewezen"),
        (7, "extern_id", "afgewezen"),
        (8, "postcode", "afgewezen"),
        (9, "soort", "geïmporteerd, met waarschuwing"),  # "feestje": overig aanbod, never rejected for its soort
    }
    assert "buiten de geladen gemeenten" in rapport[(6, "lat", "afgewezen")]
    assert "niet gevonden" in rapport[(5, "adres", "afgewezen")]
    assert "rij 2" in rapport[(7, "extern_id", "afgewezen")]
    na = aanbod_dump(haarlem)
    assert voor["aanbod"] == [] and na != voor
    assert sorted(a[1] for a in na["aanbod"]) == ["a1", "a3", "a8"]
    assert "soort niet herkend" in rapport[(9, "soort", "geïmporteerd, met waarschuwing")]
    assert sorted(rij[1] for rij in na["locatie"] if rij[3] == "buurtkamer") == ["a9"]
    with haarlem.connect() as conn:
        eetgroep = conn.execute(select(Aanbod.naam)).scalars().all()
        assert "Dubbel" not in eetgroep
        buurtkamer = conn.execute(select(Locatie).where(Locatie.extern_id == "a9")).one()
        assert buurtkamer.precisie == "adres" and buurtkamer.geocoder.startswith("adrestabel")
        assert buurtkamer.buurtcode.startswith("BU0392") and buurtkamer.openingstijden == "Tu[2] 19:00-21:00"
    links = {rij[0][1]: (rij[2], rij[3]) for rij in na["aanbod_locatie"]}
    assert links["a3"] == (None, "vrijdagavond vanaf zes")  # kept as text, never guessed
    assert links["a1"] == ("Mo 10:00-12:00", None)


def test_codering_windows_1252_en_gemengde_codering(haarlem, tmp_path):
    (lon, lat), (lon2, lat2) = haarlem_punten(haarlem, 2)
    cp = schrijf_csv(
        tmp_path / "cp1252.csv",
        [["c1", "Café De Zwaan", "ontmoetingsplek", "", "", "", "", lat, lon, "", "", ""]],
        codering="cp1252",
        scheiding=",",
    )
    s = importeer(haarlem, cp, tmp_path)
    assert s.geimporteerd == 1 and "windows-1252" in s.formaat
    with haarlem.connect() as conn:
        assert conn.execute(select(Aanbod.naam)).scalar_one() == "Café De Zwaan"
    # One row pasted in from a Windows-1252 file into a UTF-8 file: that row is reported, the rest imported.
    gemengd = tmp_path / "gemengd.csv"
    goed = schrijf_csv(
        tmp_path / "goed.csv", [["m1", "Crèche-ochtend", "activiteit", "", "", "", "", lat2, lon2, "", "", ""]]
    ).read_bytes()
    gemengd.write_bytes(goed + "m2;Caf\xe9 fout;activiteit;;;;;52.38;4.63;;;\r\n".encode("latin-1"))
    s = importeer(haarlem, gemengd, tmp_path)
    assert (s.geimporteerd, s.afgewezen) == (1, 1)
    (regel,) = lees_rapport(s.rapport)
    assert regel["rij"] == "3" and "UTF-8" in regel["reden"]


@pytest.mark.parametrize("inhoud", [b"", b"id;naam;soort\r\n", b"\xef\xbb\xbf"])
def test_leeg_bestand_is_een_fout_en_verandert_niets(haarlem, tmp_path, inhoud):
    leeg = tmp_path / "leeg.csv"
    leeg.write_bytes(inhoud)
    voor = aanbod_dump(haarlem)
    with pytest.raises(InvoerFout, match=r"leeg\.csv.*geen rijen"):
        importeer(haarlem, leeg, tmp_path)
    assert aanbod_dump(haarlem) == voor


def test_vijftigduizend_rijen(haarlem, tmp_path):
    punten = haarlem_punten(haarlem, 50_000, seed=7)
    rijen = [
        [f"g{i}", f"Activiteit {i}", "activiteit", "", "", "", "", lat, lon, "Mo-Fr 09:00-12:00", "bewegen", ""]
        for i, (lon, lat) in enumerate(punten)
    ]
    for i in range(0, 50_000, 5_000):  # ten rows without a name
        rijen[i][1] = ""
    bestand = schrijf_csv(tmp_path / "groot.csv", rijen)
    begin = time.perf_counter()
    s = importeer(haarlem, bestand, tmp_path)
    duur = time.perf_counter() - begin
    assert (s.gelezen, s.geimporteerd, s.afgewezen) == (50_000, 49_990, 10)
    assert s.telling.nieuw["aanbod"] == 49_990 and s.telling.nieuw["locatie"] == 49_990
    with haarlem.connect() as conn:
        assert conn.execute(select(func.count(Aanbod.id))).scalar_one() == 49_990
        assert conn.execute(select(func.count(Locatie.id)).where(Locatie.buurtcode.is_(None))).scalar_one() == 0
    assert [int(r["rij"]) for r in lees_rapport(s.rapport)] == list(range(2, 50_002, 5_000))
    print(f"50.000 rijen in {duur:.1f} s")
    # Re-importing the same file changes nothing.
    s2 = importeer(haarlem, bestand, tmp_path)
    assert s2.telling.ongewijzigd["aanbod"] == 49_990 and s2.telling.bijgewerkt["aanbod"] == 0


def test_opnieuw_importeren_werkt_bij_zonder_dubbelen(haarlem, tmp_path):
    (lon, lat), (lon2, lat2) = haarlem_punten(haarlem, 2)
    v1 = schrijf_csv(
        tmp_path / "v1.csv",
        [
            ["u1", "Taalcafé", "activiteit", "", "", "", "", lat, lon, "We 14:00-16:00", "taal", "nieuwkomers"],
            ["u2", "Breiclub", "activiteit", "", "", "", "", lat, lon, "", "", ""],
        ],
    )
    importeer(haarlem, v1, tmp_path, bron="wijkteam")
    with haarlem.connect() as conn:
        ids_voor = dict(conn.execute(select(Aanbod.extern_id, Aanbod.id)).all())
    v2 = schrijf_csv(
        tmp_path / "v2.csv",
        [
            [
                "u1",
                "Taalcafé",
                "activiteit",
                "",
                "",
                "",
                "",
                lat2,
                lon2,
                "We 14:00-17:00",
                "taal",
                "nieuwkomers; ouders",
            ],
            ["u2", "Breiclub", "activiteit", "", "", "", "", lat, lon, "", "", ""],
        ],
    )
    s = importeer(haarlem, v2, tmp_path, bron="wijkteam")
    assert (s.telling.nieuw["aanbod"], s.telling.bijgewerkt["aanbod"], s.telling.ongewijzigd["aanbod"]) == (0, 1, 1)
    with haarlem.connect() as conn:
        assert dict(conn.execute(select(Aanbod.extern_id, Aanbod.id)).all()) == ids_voor
    dump = aanbod_dump(haarlem)
    assert ("wijkteam", "u1") in [rij[0] for rij in dump["aanbod_locatie"] if rij[2] == "We 14:00-17:00"]
    assert sorted(d for k, d in dump["doelgroep"] if k == ("wijkteam", "u1")) == ["nieuwkomers", "ouders"]


def test_dry_run_schrijft_niets(haarlem, tmp_path):
    ((lon, lat),) = haarlem_punten(haarlem, 1)
    bestand = schrijf_csv(
        tmp_path / "droog.csv",
        [
            ["d1", "Soepmiddag", "activiteit", "", "", "", "", lat, lon, "", "", ""],
            ["d2", "", "activiteit", "", "", "", "", lat, lon, "", "", ""],
        ],
    )
    voor = aanbod_dump(haarlem)
    s = importeer(haarlem, bestand, tmp_path, droog=True)
    assert (s.geimporteerd, s.afgewezen) == (1, 1) and "niets opgeslagen" in s.regels()[0]
    assert aanbod_dump(haarlem) == voor
    assert len(lees_rapport(s.rapport)) == 1


def test_nieuwe_jaargang_koppelt_locaties_opnieuw(database_url, shared_data, tmp_path):
    from wijkkaart.diensten import gebieden as services

    engine = make_engine(database_url)
    services.import_cbs(engine, shared_data / "GM0392_haarlem_cbs_2024.gpkg")  # gemeente and wijken only
    bestand = schrijf_csv(
        tmp_path / "a.csv", [["k1", "Buurthuis", "buurthuis", "", "", "", "", "52.3812", "4.6370", "", "", ""]]
    )
    importeer(engine, bestand, tmp_path)
    with engine.connect() as conn:
        assert conn.execute(select(Locatie.buurtcode, Locatie.wijkcode)).one() == (
            None,
            conn.execute(select(Locatie.wijkcode)).scalar_one(),
        )
    s = services.import_cbs(engine, shared_data / "GM0392_haarlem_buurten_2019.gpkg")
    assert s.herkoppeld == 1
    with engine.connect() as conn:
        buurtcode, jaar = conn.execute(select(Locatie.buurtcode, Locatie.buurt_jaar)).one()
    assert buurtcode.startswith("BU0392") and jaar == 2019
    engine.dispose()


# ---------------------------------------------------------------- round trips


def _rijke_rijen(haarlem):
    punten = haarlem_punten(haarlem, 4, seed=3)
    return [
        [
            "r1",
            "Eettafel <b>Noord</b>",
            "activiteit",
            "Kleverparkweg",
            "12a",
            "2023 CA",
            "Haarlem",
            punten[0][1],
            punten[0][0],
            "Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off",
            "eten; ontmoeten",
            "ouderen",
        ],
        [
            "r2",
            "Inloop sociaal wijkteam",
            "inloopspreekuur",
            "",
            "",
            "",
            "Haarlem",
            punten[1][1],
            punten[1][0],
            "Maandag: 10.00 - 15.00 uur",
            "advies",
            "",
        ],
        [
            "r3",
            "Wijkcentrum De Til",
            "wijkcentrum",
            "Tilstraat",
            "1",
            "",
            "Haarlem",
            punten[2][1],
            punten[2][0],
            "Mo-Fr 08:30-22:00",
            "",
            "",
        ],
        [
            "r4",
            "Bewonersgroep Groen",
            "bewonersinitiatief",
            "",
            "",
            "",
            "",
            punten[3][1],
            punten[3][0],
            "",
            "groen",
            "iedereen",
        ],
    ]


def _csv(haarlem, tmp_path):
    return schrijf_csv(tmp_path / "bron.csv", _rijke_rijen(haarlem))


def _xlsx(haarlem, tmp_path):
    from openpyxl import Workbook

    boek = Workbook()
    boek.active.append(KOP)
    for rij in _rijke_rijen(haarlem):
        boek.active.append([float(v) if k in ("lat", "lon") else v for k, v in zip(KOP, rij, strict=True)])
    boek.save(tmp_path / "bron.xlsx")
    return tmp_path / "bron.xlsx"


def _geojson(haarlem, tmp_path):
    features = []
    for rij in _rijke_rijen(haarlem):
        eigenschappen = {k: v for k, v in zip(KOP, rij, strict=True) if k not in ("lat", "lon") and v != ""}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [rij[8], rij[7]]},
                "properties": eigenschappen,
            }
        )
    pad = tmp_path / "bron.geojson"
    pad.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return pad


def _hsds_json(haarlem, tmp_path):
    """A hand-written HSDS 3 file as another directory would publish it (structured schedules, no extensions)."""
    (lon, lat), (lon2, lat2) = haarlem_punten(haarlem, 2, seed=5)
    data = [
        {
            "id": "0d5b0e8e-0000-4000-8000-000000000001",
            "name": "Repair Café Schalkwijk",
            "description": "Samen repareren",
            "status": "active",
            "organization": {"id": "0d5b0e8e-0000-4000-8000-0000000000aa", "name": "Buurtvereniging Schalkwijk"},
            "attributes": [
                {"taxonomy_term": {"taxonomy": "wijkkaart:soort", "code": "activiteit"}},
                {"taxonomy_term": {"taxonomy": "wijkkaart:thema", "code": "duurzaam"}},
            ],
            "service_at_locations": [
                {
                    "id": "sal-1",
                    "location": {
                        "id": "loc-1",
                        "name": "Wijkcentrum",
                        "latitude": lat,
                        "longitude": lon,
                        "addresses": [
                            {"address_1": "Schalkwijkerstraat 5", "city": "Haarlem", "postal_code": "2037AA"}
                        ],
                    },
                    "schedules": [{"freq": "MONTHLY", "byday": "2SA", "opens_at": "10:00", "closes_at": "13:00"}],
                }
            ],
        },
        {
            "id": "0d5b0e8e-0000-4000-8000-000000000002",
            "name": "Spreekuur schuldhulp",
            "status": "temporarily closed",
            "organization": {"id": "org-2", "name": "Schuldhulp Haarlem"},
            "attributes": [{"taxonomy_term": {"taxonomy": "wijkkaart:soort", "code": "inloopspreekuur"}}],
            "service_at_locations": [
                {
                    "id": "sal-2",
                    "location": {"id": "loc-2", "name": "Bibliotheek", "latitude": lat2, "longitude": lon2},
                    "schedules": [{"freq": "WEEKLY", "byday": "TU,TH", "opens_at": "09:00", "closes_at": "11:30"}],
                }
            ],
        },
    ]
    pad = tmp_path / "bron.json"
    pad.write_text(json.dumps(data), "utf-8")
    return pad


def _hsds_csv(haarlem, tmp_path):
    # A CSV package written from the same hand-made services.
    from wijkkaart.invoer.lezers import hsds

    rijen = hsds.uit_json(json.loads(_hsds_json(haarlem, tmp_path).read_text("utf-8")))
    tabellen = {"services": [], "locations": [], "service_at_locations": [], "schedules": []}
    for i, rij in enumerate(rijen, start=1):
        tabellen["services"].append(
            {"id": f"s{i}", "name": rij["naam"], "status": "active", "description": rij["beschrijving"] or ""}
        )
        tabellen["locations"].append(
            {"id": f"l{i}", "name": rij["locatie_naam"], "latitude": rij["lat"], "longitude": rij["lon"]}
        )
        tabellen["service_at_locations"].append({"id": f"sal{i}", "service_id": f"s{i}", "location_id": f"l{i}"})
        tabellen["schedules"].append(
            {
                "id": f"sch{i}",
                "service_at_location_id": f"sal{i}",
                "freq": "WEEKLY",
                "byday": "MO",
                "opens_at": "10:00",
                "closes_at": "12:00",
            }
        )
    map_ = tmp_path / "hsds-pakket"
    map_.mkdir()
    for naam, rijen_ in tabellen.items():
        with open(map_ / f"{naam}.csv", "w", newline="", encoding="utf-8") as uit:
            schrijver = csv.DictWriter(uit, fieldnames=list(rijen_[0]))
            schrijver.writeheader()
            schrijver.writerows(rijen_)
    return map_


FORMATEN = {
    "csv": (_csv, "csv", "export.csv", {}),
    "xlsx": (_xlsx, "xlsx", "export.xlsx", {}),
    "geojson": (_geojson, "geojson", "export.geojson", {}),
    "hsds-json": (_hsds_json, "hsds-json", "export.json", {}),
    "hsds-csv": (_hsds_csv, "hsds-csv", "export.zip", {"vast_soort": "activiteit"}),
}


@pytest.mark.parametrize("formaat", list(FORMATEN))
def test_import_export_import_geeft_dezelfde_records(formaat, haarlem, nieuwe_database, shared_data, tmp_path):
    maak, exportformaat, exportnaam, extra = FORMATEN[formaat]
    bron = maak(haarlem, tmp_path)
    mapping = None
    if extra.get("vast_soort"):
        mapping = tmp_path / "m.toml"
        mapping.write_text('[vast]\nsoort = "activiteit"\n', "utf-8")
    s1 = importeer(haarlem, bron, tmp_path, bron="rondje", mapping=mapping)
    assert s1.afgewezen == 0 and s1.geimporteerd >= 2
    export = tmp_path / exportnaam
    assert exporteer(haarlem, export, formaat=exportformaat, intern=True) >= 2
    tweede = make_engine(nieuwe_database())
    bereid_voor(tweede)
    load_haarlem(tweede, shared_data)
    s2 = importeer(tweede, export, tmp_path)
    assert s2.afgewezen == 0
    eerste_dump, tweede_dump = aanbod_dump(haarlem), aanbod_dump(tweede)
    assert eerste_dump == tweede_dump
    assert len(eerste_dump["aanbod"]) + len(eerste_dump["locatie"]) >= 4
    # And the export imported into the first database changes nothing.
    s3 = importeer(haarlem, export, tmp_path)
    assert s3.telling.nieuw["aanbod"] == s3.telling.bijgewerkt["aanbod"] == 0
    assert s3.telling.nieuw["locatie"] == s3.telling.bijgewerkt["locatie"] == 0
    tweede.dispose()


def test_hsds_schema_wordt_osm(haarlem, tmp_path):
    s = importeer(haarlem, _hsds_json(haarlem, tmp_path), tmp_path, bron="hsds")
    assert s.afgewezen == 0
    uren = {rij[0][1]: rij[2] for rij in aanbod_dump(haarlem)["aanbod_locatie"]}
    assert uren == {
        "0d5b0e8e-0000-4000-8000-000000000001": "Sa[2] 10:00-13:00",
        "0d5b0e8e-0000-4000-8000-000000000002": "Tu,Th 09:00-11:30",
    }
    from wijkkaart.invoer.bewaren import AANBOD_VELDEN

    # The dump holds (bron, extern_id, *AANBOD_VELDEN without organisatie_id, organisatie).
    statussen = {a[1]: a[2 + AANBOD_VELDEN.index("status")] for a in aanbod_dump(haarlem)["aanbod"]}
    assert statussen["0d5b0e8e-0000-4000-8000-000000000002"] == "tijdelijk_gesloten"


def test_osm_overpass_rondje(database_url, nieuwe_database, shared_data, tmp_path):
    from wijkkaart.diensten import gebieden as services

    def den_haag_zoetermeer(url):
        engine = make_engine(url)
        for naam in ("nl_gemeenten_2024_cbs.gpkg", "nl_wijken_2024_cbs.gpkg"):
            services.import_cbs(engine, shared_data / naam, gemeenten=["GM0518", "GM0637"])
        return engine

    eerste = den_haag_zoetermeer(database_url)
    s = importeer(
        eerste, shared_data / "venues" / "osm_overpass_sample_denhaag_zoetermeer_2026.json", tmp_path, bron="osm"
    )
    # Two NGO offices have no soort of ours: imported (as overig aanbod, or what their name says), with a line each.
    assert (s.geimporteerd, s.afgewezen) == (8, 0)
    soortregels = [r for r in lees_rapport(s.rapport) if r["veld"] == "soort"]
    assert len(soortregels) == 2 and {r["gevolg"] for r in soortregels} == {"geïmporteerd, met waarschuwing"}
    dump = aanbod_dump(eerste)
    henneberg = next(rij for rij in dump["locatie"] if rij[2] == "De Henneberg")
    assert henneberg[1] == "node/1975187550" and henneberg[3] == "buurthuis" and "Mo,We,Fr 09:00-13:30" in henneberg
    export = tmp_path / "osm.geojson"
    exporteer(eerste, export, intern=True)
    tweede = den_haag_zoetermeer(nieuwe_database())
    importeer(tweede, export, tmp_path)
    assert aanbod_dump(tweede) == dump
    eerste.dispose()
    tweede.dispose()


def test_echte_data_amsterdam_en_twente(database_url, shared_data, tmp_path):
    from wijkkaart.diensten import gebieden as services
    from wijkkaart.kern.settings import PROJECT_ROOT

    engine = make_engine(database_url)
    for naam in ("nl_gemeenten_2024_cbs.gpkg", "nl_wijken_2024_cbs.gpkg", "nl_buurten_2019_gegeneraliseerd.gpkg"):
        services.import_cbs(engine, shared_data / naam, gemeenten=["GM0363", "GM0153"])
    mappings = PROJECT_ROOT / "data" / "mapping"
    s = importeer(
        engine,
        shared_data / "venues" / "amsterdam_maatschappelijke_voorzieningen.geojson",
        tmp_path,
        mapping=mappings / "amsterdam_maatschappelijke_voorzieningen.toml",
    )
    assert s.gelezen == 1462 and s.geimporteerd + s.uitgesloten + s.afgewezen == 1462
    assert s.geimporteerd == 396 and s.afgewezen == 0
    rapport = lees_rapport(s.rapport)
    assert {r["waarde"] for r in rapport if r["gevolg"] == "uitgesloten"} >= {"Primair onderwijs", "Opvanglocatie"}
    s = importeer(
        engine,
        shared_data / "venues" / "twente_sociale_kaart_facilities_base.json",
        tmp_path,
        mapping=mappings / "twente_sociale_kaart.toml",
        gemeenten=["GM0153"],
    )
    assert (s.gelezen, s.geimporteerd, s.afgewezen, s.waarschuwingen) == (35, 15, 20, 2)
    with engine.connect() as conn:
        soorten = dict(conn.execute(select(Aanbod.soort, func.count()).group_by(Aanbod.soort)).all())
    assert soorten["inloopspreekuur"] == 12
    engine.dispose()


def test_rijnummers_zijn_die_van_een_spreadsheet_in_elk_formaat(haarlem, tmp_path):
    """A cell with line breaks does not shift later rows; JSON records and GeoJSON features count like rows."""
    import json

    from openpyxl import Workbook

    (lon1, lat1), (lon2, lat2), (lon3, lat3) = haarlem_punten(haarlem, 3, seed=9)
    records = [
        {
            "id": "r1",
            "naam": "Koffie",
            "soort": "activiteit",
            "lat": lat1,
            "lon": lon1,
            "beschrijving": "een\ntwee\ndrie",
        },
        {"id": "r2", "naam": "Thee", "soort": "activiteit", "lat": lat2, "lon": lon2, "beschrijving": "vier\r\nvijf"},
        {"id": "r3", "naam": "", "soort": "activiteit", "lat": lat3, "lon": lon3, "beschrijving": "zonder naam"},
    ]
    kop = list(records[0])
    csv_pad = schrijf_csv(tmp_path / "rijen.csv", [[r[k] for k in kop] for r in records], kop=kop)
    boek = Workbook()
    boek.active.append(kop)
    for r in records:
        boek.active.append([r[k] for k in kop])
    boek.save(tmp_path / "rijen.xlsx")
    (tmp_path / "rijen.json").write_text(json.dumps(records))
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: v for k, v in r.items() if k not in ("lat", "lon")},
        }
        for r in records
    ]
    (tmp_path / "rijen.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    for naam in ("rijen.csv", "rijen.xlsx", "rijen.json", "rijen.geojson"):
        s = importeer(haarlem, tmp_path / naam, tmp_path, bron=naam)
        afgewezen = [(r["rij"], r["veld"]) for r in lees_rapport(s.rapport) if r["gevolg"] == "afgewezen"]
        assert afgewezen == [("4", "naam")], naam
    assert csv_pad.read_text(encoding="utf-8").count("\n") > 4  # the CSV really has multi-line cells
