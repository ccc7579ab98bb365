"""A whole country loaded (issue 16): the start page pages and searches, areas are read through the gemeente index."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from wijkkaart import create_app
from wijkkaart.diensten import gebieden as services
from wijkkaart.opslag import gebieden as opslag_gebieden
from wijkkaart.opslag.engine import lezen
from wijkkaart.opslag.tabellen.gebied import Gebied


@pytest.fixture
def land(database_url, shared_data):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    services.import_cbs(app.extensions["wijkkaart.engine"], shared_data / "nl_gemeenten_2024_cbs.gpkg")
    return app


def test_the_start_page_sends_one_page_of_the_country_and_the_api_searches_all(land):
    client = land.test_client()
    html = client.get("/").get_data(as_text=True)
    rijen = re.findall(r'<tr data-zoek="([^"]+)"', html)
    assert len(rijen) == 50 and "342 van 342 gemeenten" in html and "pagina 1 van 7" in html
    # Every gemeente is on exactly one page.
    alle = []
    for pagina in range(1, 8):
        alle += re.findall(r'<tr data-zoek="[^"]+ (gm\d{4})"', client.get(f"/?pagina={pagina}").get_data(as_text=True))
    assert len(alle) == len(set(alle)) == 342
    # A search looks at all of them, not only the page shown.
    gevonden = client.get("/?q=zwol").get_data(as_text=True)
    assert re.findall(r'<tr data-zoek="([^"]+)"', gevonden) == ["zwolle gm0193"]
    antwoord = client.get("/api/v1/gemeenten?q=Amster")
    assert antwoord.status_code == 200 and antwoord.json["gevonden"] == 1 and antwoord.json["geladen"] == 342
    assert antwoord.json["gemeenten"][0] | {"inwoners": None, "inwoners_tekst": None} == {
        "code": "GM0363",
        "naam": "Amsterdam",
        "inwoners": None,
        "inwoners_tekst": None,
        "wijken": 0,
        "buurten": 0,
        "jaren": [2024],
        "url": "/gemeente/GM0363",
    }
    assert antwoord.json["gemeenten"][0]["inwoners"] > 900_000
    assert antwoord.headers["ETag"].startswith('W/"')


def test_areas_of_gemeenten_are_read_through_the_gemeente_index(shared_data, tmp_path):
    from wijkkaart.opslag.engine import make_engine
    from wijkkaart.opslag.schema import bereid_voor

    engine = make_engine(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    bereid_voor(engine)
    services.import_cbs(engine, shared_data / "GM0392_haarlem_buurten_2019.gpkg")
    stmt = (
        select(Gebied.id)
        .where(Gebied.gemeentecode.in_(["GM0392", "GM0363"]), Gebied.niveau == "buurt", Gebied.water.is_(False))
        .where(opslag_gebieden.nieuwste_jaargang())
    )
    with lezen(engine) as s:
        sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
        plan = [r[-1] for r in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    engine.dispose()
    assert any(re.search(r"USING (COVERING )?INDEX ix_gebied_gemeente", p) for p in plan), plan
    assert all("uq_gebied_sleutel" not in p and not p.startswith("SCAN gebied") for p in plan), plan


def test_the_start_page_counts_areas_from_the_gemeente_index_alone(shared_data, tmp_path):
    """Counting wijken and buurten per gemeente never reads the table rows (each carries its shape and figures)."""
    from sqlalchemy import event

    from wijkkaart.opslag.engine import make_engine
    from wijkkaart.opslag.schema import bereid_voor

    engine = make_engine(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    bereid_voor(engine)
    services.import_cbs(engine, shared_data / "GM0392_haarlem_buurten_2019.gpkg")
    gezien = []
    event.listen(engine, "before_cursor_execute", lambda *a: gezien.append((a[2], a[3])))
    with lezen(engine) as s:
        overzicht = opslag_gebieden.gemeenten(s)
        tellingen = [(sql, p) for sql, p in gezien if "GROUP BY" in sql]
        plan = [r[-1] for sql, p in tellingen for r in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, p)]
    engine.dispose()
    assert [(g.code, g.buurten) for g in overzicht] == [("GM0392", 111)]
    assert tellingen and plan == ["SCAN gebied USING COVERING INDEX ix_gebied_gemeente"] * len(tellingen), plan
