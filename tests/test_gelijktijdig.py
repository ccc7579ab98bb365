"""Writes that meet (issue 16): an editor's save and an import, two imports, an import killed half-way.

On both backends nothing is lost: a save waits for a running import (or, when
that takes longer than a request may wait, gets a clean 503 and changes
nothing); two imports of one file store each row once; ``kill -9`` at any
moment of an import leaves the database exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from wijkkaart import create_app
from wijkkaart.opslag.engine import een_import_tegelijk, make_engine, transaction
from wijkkaart.opslag.tabellen.aanbod import Aanbod

from .bewerkhulp import csrf, formulierdata, log_in, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod, haarlem_punten, volledige_dump
from .serverproces import WIJKKAART
from .test_import_aanbod import schrijf_csv


@pytest.fixture
def haarlem_url(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return database_url


def lange_import(engine, aanbod_id: int, seconden: float, klaar: threading.Event, **velden):
    """Stand-in for a slow import: takes the import turn and the write lock, changes one aanbod, holds both."""
    with transaction(engine) as s:
        een_import_tegelijk(s)
        aanbod = s.get(Aanbod, aanbod_id)
        for veld, waarde in velden.items():
            setattr(aanbod, veld, waarde)
        s.flush()
        klaar.set()
        time.sleep(seconden)


def formulier_zoals_geopend(client, engine, aanbod_id: int) -> dict:
    """The aanbod form as a browser opened it: its fields and its hidden record of what it showed."""
    pad = f"/bewerken/aanbod/{aanbod_id}"
    html_ = client.get(pad).get_data(as_text=True)
    data = formulierdata(engine, aanbod_id)
    data["basis"] = html.unescape(re.search(r'name="basis" type="hidden" value="([^"]*)"', html_).group(1))
    data["csrf_token"] = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html_).group(1)
    return data


def opgeslagen(engine, aanbod_id: int) -> tuple[str, str | None]:
    with engine.connect() as c:
        return tuple(c.execute(select(Aanbod.naam, Aanbod.beschrijving).where(Aanbod.id == aanbod_id)).one())


@pytest.fixture
def redacteur(haarlem_url):
    """(app, engine, client logged in as beheerder, the id of example aanbod v1)."""

    def maak(**config):
        app = create_app({"DATABASE_URL": haarlem_url, "TESTING": True, **config})
        engine = app.extensions["wijkkaart.engine"]
        opzet = maak_accounts(engine)
        client = app.test_client()
        log_in(client, "beheer@example.org")
        return app, engine, client, opzet.aanbod_a

    return maak


def test_an_editors_save_waits_for_a_running_import_and_neither_change_is_lost(redacteur, haarlem_url):
    _app, engine, client, aanbod_id = redacteur()
    formulier = formulier_zoals_geopend(client, engine, aanbod_id)
    klaar = threading.Event()
    importeur = threading.Thread(
        target=lange_import,
        args=(make_engine(haarlem_url), aanbod_id, 2.0, klaar),
        kwargs={"beschrijving": "Uit de import"},
    )
    importeur.start()
    klaar.wait(10)
    begin = time.monotonic()
    antwoord = client.post(f"/bewerken/aanbod/{aanbod_id}", data={**formulier, "naam": "Door de opbouwwerker"})
    gewacht = time.monotonic() - begin
    importeur.join()
    assert antwoord.status_code == 303, antwoord.text[:800]
    assert gewacht > 1.0, "the save must have waited for the import, not run beside it"
    # The form was opened before the import: its old description must not undo the import's.
    assert opgeslagen(engine, aanbod_id) == ("Door de opbouwwerker", "Uit de import")


def test_the_same_field_changed_by_import_and_editor_is_refused_and_named(redacteur, haarlem_url):
    _app, engine, client, aanbod_id = redacteur()
    formulier = formulier_zoals_geopend(client, engine, aanbod_id)
    klaar = threading.Event()
    lange_import(make_engine(haarlem_url), aanbod_id, 0, klaar, naam="Naam uit de import")
    pad = f"/bewerken/aanbod/{aanbod_id}"
    antwoord = client.post(pad, data={**formulier, "naam": "Door de opbouwwerker"})
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 400 and "intussen gewijzigd in “Naam uit de import”" in tekst
    assert 'value="Door de opbouwwerker"' in tekst  # what was typed stays on the form
    assert opgeslagen(engine, aanbod_id)[0] == "Naam uit de import"
    # Saved again from that page, the editor's choice stands.
    tweede = html.unescape(re.search(r'name="basis" type="hidden" value="([^"]*)"', tekst).group(1))
    data = {**formulier, "naam": "Door de opbouwwerker", "basis": tweede, "csrf_token": csrf(client, pad)}
    assert client.post(pad, data=data).status_code == 303
    assert opgeslagen(engine, aanbod_id)[0] == "Door de opbouwwerker"


def test_a_save_that_would_wait_too_long_gets_a_clean_503_and_keeps_what_was_typed(redacteur, haarlem_url):
    _app, engine, client, aanbod_id = redacteur(DATABASE_WACHTTIJD_S=1)
    formulier = formulier_zoals_geopend(client, engine, aanbod_id)
    voor = opgeslagen(engine, aanbod_id)
    klaar = threading.Event()
    importeur = threading.Thread(
        target=lange_import, args=(make_engine(haarlem_url), aanbod_id, 4.0, klaar), kwargs={"beschrijving": "Import"}
    )
    importeur.start()
    klaar.wait(10)
    begin = time.monotonic()
    antwoord = client.post(f"/bewerken/aanbod/{aanbod_id}", data={**formulier, "naam": "Door de opbouwwerker"})
    assert time.monotonic() - begin < 3.5
    importeur.join()
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 503 and antwoord.headers["Retry-After"] == "60"
    assert "bezig met een import" in tekst and "Traceback" not in tekst
    assert 'value="Door de opbouwwerker"' in tekst
    assert opgeslagen(engine, aanbod_id) == (voor[0], "Import")


def importbestand(engine, pad: Path, n: int) -> Path:
    punten = haarlem_punten(engine, n, seed=7)
    rijen = [
        [f"k{i}", f"Activiteit {i}", "activiteit", "", "", "", "Haarlem", lat, lon, "Mo 10:00-12:00", "ontmoeten", ""]
        for i, (lon, lat) in enumerate(punten)
    ]
    return schrijf_csv(pad, rijen)


def import_proces(url: str, bestand: Path, rapport: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            WIJKKAART,
            "--database",
            url,
            "import-aanbod",
            str(bestand),
            "--geocoder",
            "bestand",
            "--rapport",
            str(rapport),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_imports_of_one_file_at_once_store_each_row_once(haarlem_url, tmp_path):
    engine = make_engine(haarlem_url)
    bestand = importbestand(engine, tmp_path / "twee.csv", 400)
    with engine.connect() as c:
        voor = c.execute(select(func.count()).select_from(Aanbod)).scalar_one()
    processen = [import_proces(haarlem_url, bestand, tmp_path / f"r{i}.csv") for i in range(2)]
    uitkomsten = [p.communicate(timeout=300) for p in processen]
    for proces, (_uit, fout) in zip(processen, uitkomsten, strict=True):
        assert proces.returncode == 0, fout[-1500:]
        assert "Traceback" not in fout
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(Aanbod)).scalar_one() == voor + 400
    engine.dispose()


def _kopie(url: str, backend: str, request, tmp_path, i: int) -> str:
    """A fresh copy of the database at ``url`` (file copy or PostgreSQL template)."""
    if backend == "spatialite":
        bron = Path(url.removeprefix("sqlite:///"))
        doel = tmp_path / f"kopie{i}.sqlite"
        shutil.copyfile(bron, doel)
        return f"sqlite:///{doel}"
    conninfo = request.getfixturevalue("postgis")
    bron_naam = url.rsplit("/", 1)[1]
    naam = "k_" + uuid.uuid4().hex[:12]
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {naam} TEMPLATE {bron_naam}")
    return url.rsplit("/", 1)[0] + "/" + naam


def zonder_tijden(dump: dict) -> dict:
    """A dump without moments (import and trail times differ from run to run)."""
    return {
        t: [tuple(None if isinstance(v, dt.datetime | dt.date) else v for v in r) for r in rijen]
        for t, rijen in dump.items()
    }


def test_kill_9_at_twenty_moments_of_an_import_leaves_the_database_as_it_was(haarlem_url, backend, request, tmp_path):
    engine = make_engine(haarlem_url)
    bestand = importbestand(engine, tmp_path / "groot.csv", 1500)
    voor = volledige_dump(engine)
    engine.dispose()  # the copies below need the source closed (PostgreSQL templates, SQLite's WAL)
    # How long a whole import takes here, and what it leaves, on a copy: the kills are spread over that time.
    kopie = _kopie(haarlem_url, backend, request, tmp_path, 0)
    begin = time.monotonic()
    proces = import_proces(kopie, bestand, tmp_path / "r.csv")
    assert proces.wait(300) == 0, proces.stderr.read()[-1500:]
    duur = time.monotonic() - begin
    kopie_engine = make_engine(kopie)
    na_import = zonder_tijden(volledige_dump(kopie_engine))
    kopie_engine.dispose()
    assert na_import != zonder_tijden(voor), "a finished import must show in the dump"
    rng = random.Random(16)
    uitkomsten = []
    for i in range(1, 61):
        if len(uitkomsten) == 20:
            break
        moment = rng.uniform(0.05, 0.85) * duur
        # Each kill on its own fresh copy: a kill after the commit must not change what the next one starts from.
        doel = _kopie(haarlem_url, backend, request, tmp_path, i)
        proces = import_proces(doel, bestand, tmp_path / "r.csv")
        time.sleep(moment)
        if proces.poll() is not None:
            # This run was quicker than the first (the machine was busy then): no kill. It took at most
            # ``moment``, so later moments are drawn from that shorter span.
            duur = moment
            continue
        proces.kill()
        proces.wait(60)
        na = make_engine(doel)
        try:
            dump = volledige_dump(na)
        finally:
            na.dispose()
        if dump == voor:
            uitkomsten.append("zoals voor")
        else:
            # Killed after its commit (while writing the report or exiting): then all of it, never a part.
            assert zonder_tijden(dump) == na_import, f"kill -9 na {moment:.2f} s van {duur:.2f} s liet een halve import"
            uitkomsten.append("helemaal")
    assert len(uitkomsten) == 20 and uitkomsten.count("zoals voor") >= 10, uitkomsten
