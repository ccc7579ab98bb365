"""Schema migrations: an empty database, one made by the last release without migrations, and an older one.

On both backends each is brought to the newest revision by ``wijkkaart db
upgrade`` with every row kept; before that, the server and the commands refuse
it with the command that fixes it. The table modules and the migrations must
agree: autogenerate finds nothing to do on an upgraded database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, text

from wijkkaart import create_app
from wijkkaart.bewerken.accounts import _HASHER
from wijkkaart.kern.fouten import SchemaVerouderd
from wijkkaart.opslag import schema
from wijkkaart.opslag.engine import make_engine
from wijkkaart.opslag.tabellen import registreer

from .helpers import wijkkaart_cli

SCHEMA = Path(__file__).parent / "data" / "schema"
WACHTWOORD = "een lang wachtwoord"
#: A square in Huizen, RD New.
VLAK = "MULTIPOLYGON(((141000 475000, 143000 475000, 143000 477000, 141000 477000, 141000 475000)))"


def _backend(url: str) -> str:
    return "spatialite" if url.startswith("sqlite") else "postgis"


def _laad_sql(engine, pad: Path) -> None:
    sql = "\n".join(r for r in pad.read_text("utf-8").splitlines() if not r.startswith("--"))
    with engine.begin() as verbinding:
        for opdracht in (s for s in sql.split(";\n") if s.strip()):
            verbinding.exec_driver_sql(opdracht)


def _vul_0_1_0(engine) -> None:
    """Rows of every kind, as wijkkaart 0.1.0 wrote them: a gebied, an archived and a live aanbod, an account, history."""
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO gebied (id, jaar, niveau, code, naam, gemeentecode, water, inwoners, geom) "
                f"VALUES (1, 2024, 'gemeente', 'GM0406', 'Huizen', 'GM0406', false, 41193, ST_GeomFromText('{VLAK}', 28992))"
            )
        )
        c.execute(
            text(
                "INSERT INTO locatie (id, bron, extern_id, naam, soort, adres_verbergen, precisie, geocoder, gemeentecode, "
                "voorbeeld, gearchiveerd, geom) VALUES (1, 'wijkkaart', 'l1', 'Buurthuis De Kern', 'buurthuis', false, "
                "'handmatig', 'handmatig', 'GM0406', false, false, ST_GeomFromText('POINT(142000 476000)', 28992))"
            )
        )
        for aanbod_id, naam, gearchiveerd in ((1, "Taalcafé", False), (2, "Gestopte soos", True)):
            c.execute(
                text(
                    "INSERT INTO aanbod (id, bron, extern_id, naam, soort, collectief, status, contact_openbaar, "
                    "voorbeeld, gearchiveerd, laatst_geverifieerd) VALUES (:id, 'wijkkaart', :ext, :naam, 'activiteit', "
                    "true, 'actief', false, false, :arch, '2026-09-14')"
                ),
                {"id": aanbod_id, "ext": f"a{aanbod_id}", "naam": naam, "arch": gearchiveerd},
            )
            c.execute(
                text(
                    "INSERT INTO aanbod_locatie (aanbod_id, locatie_id, openingstijden) VALUES (:a, 1, 'Tu 10:00-12:00')"
                ),
                {"a": aanbod_id},
            )
        c.execute(
            text(
                "INSERT INTO gebruiker (id, email, naam, wachtwoord_hash, rol, actief, sessie_sleutel, aangemaakt) "
                "VALUES (1, 'ans@example.org', 'Ans', :hash, 'beheerder', true, 'sleutel', '2026-11-01 09:00:00')"
            ),
            {"hash": _HASHER.hash(WACHTWOORD)},
        )
        c.execute(
            text(
                "INSERT INTO wijziging (moment, gebruiker_id, gebruiker_naam, soort, item_id, actie, veld, oud, nieuw) "
                "VALUES ('2026-11-02 10:00:00', 1, 'Ans', 'aanbod', 1, 'gewijzigd', 'naam', 'Taalcafe', 'Taalcafé')"
            )
        )
        c.execute(
            text(
                "INSERT INTO inzending (soort, status, ingediend, naam, toestemming_publicatie, gemeentecode) "
                "VALUES ('nieuw', 'open', '2026-11-03 11:00:00', 'Breiclub', false, 'GM0406')"
            )
        )


def _vul_0_0(engine) -> None:
    """A gebied, a locatie and an aanbod as wijkkaart 0.0 wrote them (no archive flag, no contact consent yet)."""
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO gebied (id, jaar, niveau, code, naam, gemeentecode, water, inwoners, geom) "
                f"VALUES (1, 2024, 'gemeente', 'GM0406', 'Huizen', 'GM0406', false, 41193, ST_GeomFromText('{VLAK}', 28992))"
            )
        )
        c.execute(
            text(
                "INSERT INTO locatie (id, bron, extern_id, naam, soort, adres_verbergen, precisie, geocoder, gemeentecode, "
                "voorbeeld, geom) VALUES (1, 'oud', 'l1', 'Buurthuis De Kern', 'buurthuis', false, 'adres', 'bestand', "
                "'GM0406', false, ST_GeomFromText('POINT(142000 476000)', 28992))"
            )
        )
        c.execute(
            text(
                "INSERT INTO aanbod (id, bron, extern_id, naam, soort, collectief, status, voorbeeld, telefoon) "
                "VALUES (1, 'oud', 'a1', 'Taalcafé', 'activiteit', true, 'actief', false, '035 123 4567')"
            )
        )
        c.execute(text("INSERT INTO aanbod_locatie (aanbod_id, locatie_id) VALUES (1, 1)"))


def _rijen(engine) -> dict[str, list]:
    """Every table's rows (without geometry), to compare before and after an upgrade."""
    uit = {}
    with engine.connect() as c:
        for tabel in ("gebied", "locatie", "aanbod", "aanbod_locatie", "gebruiker", "wijziging", "inzending"):
            kolommen = [k.name for k in registreer().tables[tabel].columns if k.name != "geom"]
            rijen = c.execute(text(f"SELECT * FROM {tabel} ORDER BY id")).mappings().all()
            uit[tabel] = [{k: r[k] for k in kolommen if k in r} for r in rijen]
    return uit


def _rijen_bewaard(voor: dict[str, list], na: dict[str, list]) -> None:
    """Every row as it was; columns added by later migrations are empty (NULL) on old rows."""
    assert set(voor) == set(na)
    for tabel, rijen in voor.items():
        assert len(na[tabel]) == len(rijen), tabel
        for oud, nieuw in zip(rijen, na[tabel], strict=True):
            assert {k: nieuw[k] for k in oud} == oud, tabel
            assert all(nieuw[k] is None for k in set(nieuw) - set(oud)), (tabel, set(nieuw) - set(oud))


@pytest.fixture
def lege_url(lege_database_url):
    """A database on each backend with nothing in it (the PostGIS one has only its extension)."""
    return lege_database_url


def test_an_empty_database_is_made_at_the_newest_schema(lege_url):
    engine = make_engine(lege_url)
    assert wijkkaart_cli("db", "current", env={"WIJKKAART_DATABASE_URL": lege_url}).stdout.count("leeg") == 1
    uit = wijkkaart_cli("db", "upgrade", env={"WIJKKAART_DATABASE_URL": lege_url})
    assert uit.returncode == 0, uit.stderr
    assert f"Lege database aangemaakt op schema {schema.nieuwste_versie()}" in uit.stdout
    assert schema.huidige_versie(engine) == schema.nieuwste_versie()
    assert schema.verschillen(engine) == []
    nogmaals = wijkkaart_cli("db", "upgrade", env={"WIJKKAART_DATABASE_URL": lege_url})
    assert "was al bijgewerkt" in nogmaals.stdout
    assert "(bijgewerkt)" in wijkkaart_cli("db", "current", env={"WIJKKAART_DATABASE_URL": lege_url}).stdout
    engine.dispose()


@pytest.mark.parametrize("release", ["wijkkaart-0.1.0", "wijkkaart-0.0.aanbod"])
def test_an_older_database_is_refused_then_upgraded_with_every_row_kept(lege_url, release, tmp_path, shared_data):
    engine = make_engine(lege_url)
    _laad_sql(engine, SCHEMA / f"{release}.{_backend(lege_url)}.sql")
    (_vul_0_1_0 if release == "wijkkaart-0.1.0" else _vul_0_0)(engine)
    voor = _rijen(engine) if release == "wijkkaart-0.1.0" else None
    env = {"WIJKKAART_DATABASE_URL": lege_url}

    # Refused, with the command that fixes it, by the server and by every command; nothing changes.
    with pytest.raises(SchemaVerouderd, match="wijkkaart db upgrade"):
        create_app({"DATABASE_URL": lege_url, "TESTING": True})
    for opdracht in (
        ("export-aanbod", tmp_path / "backup.csv", "--intern"),
        ("gaps", "--gemeente", "GM0406"),
        ("create-user", "bo@example.org", "--naam", "Bo", "--rol", "publiek", "--wachtwoord-stdin"),
        ("import-cbs", Path(__file__)),
    ):
        uit = wijkkaart_cli(*opdracht, env=env, stdin=f"{WACHTWOORD}\n")
        assert uit.returncode == 2, (opdracht, uit.stdout, uit.stderr)
        assert "Traceback" not in uit.stderr, opdracht
        assert "wijkkaart db upgrade" in uit.stderr or "bestaat niet" in uit.stderr or "gelezen" in uit.stderr, (
            uit.stderr
        )
    assert "vóór de migraties" in wijkkaart_cli("db", "current", env=env).stdout
    assert schema.huidige_versie(engine) is None

    uit = wijkkaart_cli("db", "upgrade", env=env)
    assert uit.returncode == 0, uit.stderr
    # Straight to the newest revision, every step in between applied.
    assert f"van vóór de migraties naar {schema.nieuwste_versie()}" in uit.stdout
    assert schema.huidige_versie(engine) == schema.nieuwste_versie() != "0001_basis"
    assert schema.verschillen(engine) == []
    if release == "wijkkaart-0.1.0":
        _rijen_bewaard(voor, _rijen(engine))
        app = create_app({"DATABASE_URL": lege_url, "TESTING": True, "WTF_CSRF_ENABLED": False})
        client = app.test_client()
        assert client.post("/inloggen", data={"email": "ans@example.org", "wachtwoord": WACHTWOORD}).status_code == 303
        pagina = client.get("/bewerken/aanbod/1").get_data(as_text=True)
        assert "Taalcafe" in pagina and "Taalcafé" in pagina  # the history of the hand edit survived
        namen = [f["properties"]["naam"] for f in client.get("/api/v1/aanbod?gemeente=GM0406").get_json()["features"]]
        assert namen == ["Taalcafé"]  # the archived one stays archived
        uit = wijkkaart_cli("export-aanbod", tmp_path / "backup.csv", "--intern", env=env)
        assert uit.returncode == 0 and "2 rijen" in uit.stdout, uit.stderr
    else:
        # Columns added after 0.0 arrive with the value the model writes for new rows; later tables exist.
        with engine.connect() as c:
            rij = c.execute(text("SELECT naam, gearchiveerd, contact_openbaar, telefoon FROM aanbod")).one()
            assert (rij[0], bool(rij[1]), bool(rij[2]), rij[3]) == ("Taalcafé", False, False, "035 123 4567")
            assert not c.execute(text("SELECT gearchiveerd FROM locatie")).scalar_one()
            assert c.execute(text("SELECT count(*) FROM gebruiker")).scalar_one() == 0
        app = create_app({"DATABASE_URL": lege_url, "TESTING": True})
        kenmerken = app.test_client().get("/api/v1/aanbod?gemeente=GM0406").get_json()["features"][0]["properties"]
        assert kenmerken["naam"] == "Taalcafé" and "telefoon" not in kenmerken  # no consent recorded: not published
    engine.dispose()


def test_a_database_of_a_newer_wijkkaart_is_refused(lege_url):
    engine = make_engine(lege_url)
    schema.upgrade(engine)
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_toekomst'"))
    with pytest.raises(SchemaVerouderd, match=r"9999_toekomst.*nieuwere versie"):
        create_app({"DATABASE_URL": lege_url, "TESTING": True})
    engine.dispose()


def test_a_model_change_without_a_migration_is_found(lege_url):
    """The check behind ``verschillen``: a column the table modules have and the migrations lack shows up."""
    engine = make_engine(lege_url)
    schema.upgrade(engine)
    tabellen = registreer()
    extra = Table("aanbod_nieuw", MetaData(), Column("id", Integer, primary_key=True))
    try:
        extra.to_metadata(tabellen)
        assert any("aanbod_nieuw" in repr(v) for v in schema.verschillen(engine))
    finally:
        tabellen.remove(tabellen.tables["aanbod_nieuw"])
    assert schema.verschillen(engine) == []
    engine.dispose()
