"""The gap analysis is computed once per data version and shared by the map, its API and the buurt page (issue 16).

On both backends: a repeated request reads no area or aanbod rows again; any
write the maps can see (an edit, an archiving, an import) raises the data
version in its own transaction, so the very next request shows the new
score; a rolled-back write or one the maps cannot see does not.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from wijkkaart import create_app
from wijkkaart.opslag import versie
from wijkkaart.opslag.engine import lezen, transaction
from wijkkaart.opslag.tabellen.aanbod import Aanbod

from .bewerkhulp import csrf, log_in, maak_accounts
from .helpers import haarlem_met_voorbeeldaanbod

GATEN = "/api/v1/gaten?gemeente=GM0392&zoom=13"


@pytest.fixture
def app(database_url, shared_data, tmp_path):
    haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path)
    return create_app({"DATABASE_URL": database_url, "TESTING": True})


class Lezingen:
    """Counts the statements that read the analysis's inputs (areas, aanbod) from the app's engine."""

    def __init__(self, engine):
        self.aantal = 0
        event.listen(engine, "before_cursor_execute", self._tel)

    def _tel(self, _conn, _cursor, statement, *_):
        if statement.lstrip().upper().startswith("SELECT") and re.search(r"\bFROM (gebied|aanbod)\b", statement):
            self.aantal += 1

    def sinds(self, functie):
        begin = self.aantal
        functie()
        return self.aantal - begin


def scores(client, pad=GATEN, **headers) -> dict[str, float]:
    antwoord = client.get(pad, headers=headers)
    assert antwoord.status_code == 200, antwoord.text
    return {f["properties"]["code"]: f["properties"]["score"] for f in antwoord.json["features"]}


def data_versie(app) -> int:
    with lezen(app.extensions["wijkkaart.engine"]) as s:
        return versie.lees(s).nummer


def test_the_map_its_api_and_the_buurt_page_share_one_analysis(app):
    client = app.test_client()
    lezingen = Lezingen(app.extensions["wijkkaart.engine"])
    eerst = lezingen.sinds(lambda: client.get("/gemeente/GM0392?kerncijfer=gatscore"))
    assert eerst > 0
    # The layer the page asks for next, again, and the gap table: no area or aanbod row is read a second time.
    assert lezingen.sinds(lambda: scores(client)) == 0
    assert lezingen.sinds(lambda: scores(client)) == 0
    assert lezingen.sinds(lambda: client.get("/gemeente/GM0392/gaten")) == 0
    # The buurt page takes its buurt from the gemeente's result (its own werkgebied lookup aside).
    code = next(iter(scores(client)))
    pagina = client.get(f"/buurt/{code}")
    assert pagina.status_code == 200
    assert lezingen.sinds(lambda: client.get(f"/buurt/{code}")) <= 1
    # Another filter is another analysis.
    assert lezingen.sinds(lambda: scores(client, GATEN + "&drempel=400")) > 0


def test_an_edit_shows_in_the_very_next_request(app):
    client = app.test_client()
    engine = app.extensions["wijkkaart.engine"]
    maak_accounts(engine)
    with lezen(engine) as s:
        inloop = s.scalars(select(Aanbod.id).where(Aanbod.extern_id == "v2")).one()
    voor = scores(client)
    versie_voor = data_versie(app)
    log_in(client, "beheer@example.org")
    antwoord = client.post(
        f"/bewerken/aanbod/{inloop}/archiveren", data={"csrf_token": csrf(client, f"/bewerken/aanbod/{inloop}")}
    )
    assert antwoord.status_code in (302, 303)
    assert data_versie(app) == versie_voor + 1
    na = scores(client)
    gestegen = [c for c in voor if na[c] > voor[c] + 1e-9]
    assert gestegen, "archiving the inloop must raise the score of the buurten it served"
    assert all(na[c] >= voor[c] - 1e-9 for c in voor)
    # Restoring it brings the old scores back, again on the next request.
    client.post(
        f"/bewerken/aanbod/{inloop}/herstellen", data={"csrf_token": csrf(client, f"/bewerken/aanbod/{inloop}")}
    )
    assert scores(client) == pytest.approx(voor)


def test_writes_the_maps_cannot_see_and_rolled_back_writes_keep_the_version(app):
    engine = app.extensions["wijkkaart.engine"]
    begin = data_versie(app)
    maak_accounts(engine)  # accounts only: the maps do not change
    assert data_versie(app) == begin

    class Afgebroken(Exception):
        pass

    with pytest.raises(Afgebroken), transaction(engine) as s:
        s.get(Aanbod, 1).naam = "Nooit bewaard"
        s.flush()
        raise Afgebroken
    assert data_versie(app) == begin
    with transaction(engine) as s:
        s.get(Aanbod, 1).naam = "Wel bewaard"
    assert data_versie(app) == begin + 1


def test_a_cached_analysis_is_told_in_the_readers_language(app):
    client = app.test_client()
    nl = client.get(GATEN).json["features"][0]["properties"]["uitleg"]
    client.set_cookie("taal", "en")
    en = client.get(GATEN).json["features"][0]["properties"]["uitleg"]
    assert nl != en
    assert re.search(r"\b(inwoners|woont|geen)\b", nl) and re.search(r"\b(residents|live|no)\b", en)
    # And back: the Dutch reader does not get the English sentences.
    client.set_cookie("taal", "nl")
    assert client.get(GATEN).json["features"][0]["properties"]["uitleg"] == nl
