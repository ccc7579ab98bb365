"""Small helpers shared by the tests: counting what a file holds, independently of wijkkaart."""

from __future__ import annotations

from contextlib import contextmanager

import pyogrio


def file_counts(path, layer_levels: dict[str, str]) -> dict[str, int]:
    """Return rows per level as pyogrio counts them in the file's layers."""
    counts: dict[str, int] = {}
    for layer, level in layer_levels.items():
        counts[level] = counts.get(level, 0) + pyogrio.read_info(str(path), layer=layer)["features"]
    return counts


@contextmanager
def draaiende_server(app):
    """Serve ``app`` on a free local port in a thread; yield its base URL."""
    import threading

    from werkzeug.serving import make_server

    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()


def load_haarlem(engine, shared_data) -> None:
    """Import Haarlem as the demo does: 2024 gemeente and wijken, 2019 buurten with 2024 kerncijfers."""
    from wijkkaart.diensten import gebieden as services

    services.import_cbs(engine, shared_data / "GM0392_haarlem_cbs_2024.gpkg")
    services.import_cbs(
        engine,
        shared_data / "GM0392_haarlem_buurten_2019.gpkg",
        kerncijfers=shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv",
    )


def aanbod_dump(engine) -> dict[str, list[tuple]]:
    """Return every aanbod record without surrogate ids, to compare two databases."""
    from sqlalchemy import func, select

    from wijkkaart.invoer.bewaren import AANBOD_VELDEN, LOCATIE_VELDEN
    from wijkkaart.opslag.tabellen.aanbod import (
        Aanbod,
        AanbodDoelgroep,
        AanbodLocatie,
        AanbodThema,
        Locatie,
        Organisatie,
    )

    with engine.connect() as conn:
        locaties = {
            r[0]: (*r[1:-2], round(r[-2], 2), round(r[-1], 2))
            for r in conn.execute(
                select(
                    Locatie.id,
                    Locatie.bron,
                    Locatie.extern_id,
                    *(getattr(Locatie, v) for v in LOCATIE_VELDEN),
                    func.ST_X(Locatie.geom),
                    func.ST_Y(Locatie.geom),
                )
            )
        }
        org = {
            r[0]: r[1:]
            for r in conn.execute(
                select(Organisatie.id, Organisatie.bron, Organisatie.naam, Organisatie.kvk, Organisatie.website)
            )
        }
        velden = [v for v in AANBOD_VELDEN if v != "organisatie_id"]
        aanbod = {
            r[0]: (r[1], r[2], *r[3:-1], org.get(r[-1]))
            for r in conn.execute(
                select(
                    Aanbod.id,
                    Aanbod.bron,
                    Aanbod.extern_id,
                    *(getattr(Aanbod, v) for v in velden),
                    Aanbod.organisatie_id,
                )
            )
        }
        links = [
            (aanbod[a][:2], locaties[loc][:2], oh, t)
            for a, loc, oh, t in conn.execute(
                select(
                    AanbodLocatie.aanbod_id,
                    AanbodLocatie.locatie_id,
                    AanbodLocatie.openingstijden,
                    AanbodLocatie.openingstijden_tekst,
                )
            )
        ]
        themas = [(aanbod[a][:2], t) for a, t in conn.execute(select(AanbodThema.aanbod_id, AanbodThema.thema))]
        groepen = [
            (aanbod[a][:2], d) for a, d in conn.execute(select(AanbodDoelgroep.aanbod_id, AanbodDoelgroep.doelgroep))
        ]
    return {
        "locatie": sorted(locaties.values(), key=repr),
        "aanbod": sorted(aanbod.values(), key=repr),
        "aanbod_locatie": sorted(links, key=repr),
        "thema": sorted(themas, key=repr),
        "doelgroep": sorted(groepen, key=repr),
    }


def haarlem_punten(engine, n: int, seed: int = 1) -> list[tuple[float, float]]:
    """Return ``n`` random (lon, lat) points inside Haarlem's buurten, independently of wijkkaart's linking."""
    import geopandas as gpd
    import numpy as np
    import shapely
    from sqlalchemy import func, select

    from wijkkaart.opslag.tabellen.gebied import Gebied

    with engine.connect() as conn:
        wkb = [
            bytes(r[0])
            for r in conn.execute(
                select(func.ST_AsBinary(Gebied.geom)).where(Gebied.niveau == "buurt", Gebied.gemeentecode == "GM0392")
            )
        ]
    vlak = shapely.union_all(shapely.from_wkb(wkb)).buffer(-30)
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = vlak.bounds
    punten = []
    while len(punten) < n:
        xs, ys = rng.uniform(minx, maxx, n * 2), rng.uniform(miny, maxy, n * 2)
        binnen = shapely.contains_xy(vlak, xs, ys)
        punten.extend(zip(xs[binnen], ys[binnen], strict=True))
    wgs = gpd.GeoSeries(gpd.points_from_xy([p[0] for p in punten[:n]], [p[1] for p in punten[:n]]), crs=28992).to_crs(
        4326
    )
    return [(round(p.x, 7), round(p.y, 7)) for p in wgs]


XSS = '<img src=x onerror="window.__xss=1">Buurt<script>window.__xss=2</script>'


#: A description longer than a popup shows at once, with markup that must stay text.
BESCHRIJVING_LANG = (
    "<b>Vet</b> Elke week samen koffie drinken en een praatje maken met buren uit de wijk; af en toe een spel, "
    "soms een lezing over iets uit de buurt, en altijd ruimte voor een vraag. EINDE VAN DE TEKST"
)


def laad_voorbeeldaanbod(engine, tmp_path):
    """A few records of our own in Haarlem, marked as example data (voorbeeld=ja); returns their (lon, lat)."""
    from wijkkaart.diensten.aanbod import importeer_aanbod
    from wijkkaart.invoer.geocoding import maak_keten

    from .test_import_aanbod import KOP, schrijf_csv

    p = haarlem_punten(engine, 4, seed=21)
    kop = [*KOP, "adres_verbergen", "voorbeeld", "laatst_geverifieerd", "beschrijving"]
    rijen = [
        [
            "v1",
            XSS,
            "activiteit",
            "Geheimstraat",
            "1",
            "2011AA",
            "Haarlem",
            p[0][1],
            p[0][0],
            "Mo,We 09:00-12:00; Tu[2] 19:00-21:00; PH off",
            "ontmoeten",
            "ouderen",
            "nee",
            "ja",
            "",
            BESCHRIJVING_LANG,
        ],
        [
            "v2",
            "Inloop wijkteam",
            "inloopspreekuur",
            "",
            "",
            "",
            "",
            p[1][1],
            p[1][0],
            "Inloop ma t/m vr 13-15 uur",  # plain Dutch: read into Mo-Fr 13:00-15:00, marked as derived
            "advies",
            "iedereen",
            "nee",
            "ja",
            "",
            "Iedereen met een vraag is welkom.",
        ],
        [
            "v3",
            "Huiskamer bij Ans",
            "bewonersinitiatief",
            "Privéweg",
            "7",
            "2011AB",
            "Haarlem",
            p[2][1],
            p[2][0],
            "Th 10:00-12:00",
            "ontmoeten",
            "",
            "ja",
            "ja",
            "2026-09-14",
            "",
        ],
        [
            "v4",
            "Buurthuis Oost",
            "buurthuis",
            "",
            "",
            "",
            "",
            p[3][1],
            p[3][0],
            "elke dag open",
            "",
            "",
            "nee",
            "ja",
            "",
            "",
        ],
    ]
    bestand = schrijf_csv(tmp_path / "voorbeeld.csv", rijen, kop=kop)
    importeer_aanbod(
        engine, bestand, maak_keten(["bestand"]), bron="voorbeeld", rapport=tmp_path / "r.csv", toon_voortgang=False
    )
    return p


def haarlem_met_voorbeeldaanbod(database_url, shared_data, tmp_path) -> None:
    """Fill the database at ``database_url`` with Haarlem and the example aanbod."""
    from wijkkaart.opslag.engine import make_engine
    from wijkkaart.opslag.schema import bereid_voor

    engine = make_engine(database_url)
    try:
        bereid_voor(engine)
        load_haarlem(engine, shared_data)
        laad_voorbeeldaanbod(engine, tmp_path)
    finally:
        engine.dispose()


def haarlem_app(tmp_path, shared_data, **config):
    """An app on a fresh SpatiaLite file with Haarlem and the example aanbod.

    The finder geocodes offline with the PC4 table, so no test reaches out to PDOK.
    """
    from wijkkaart import create_app
    from wijkkaart.invoer.geocoding import Keten, Pc4Tabel

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    haarlem_met_voorbeeldaanbod(url, shared_data, tmp_path)
    app = create_app({"DATABASE_URL": url, "TESTING": True, **config})
    app.extensions["wijkkaart.geocoders"]["vinder"] = Keten([Pc4Tabel.laad(shared_data / "nl_pc4_4pp_2014.csv")])
    return app


def wijkkaart_cli(*args, env: dict[str, str] | None = None, stdin: str | None = None):
    """Run ``wijkkaart ARGS`` in this process (click's CliRunner), like a subprocess would.

    Returns a :class:`subprocess.CompletedProcess` with ``returncode``, ``stdout`` and
    ``stderr``; an unexpected exception's traceback is appended to ``stderr``, as a
    real process would print it, so tests can assert there is none.
    """
    import subprocess
    import traceback

    from click.testing import CliRunner

    from wijkkaart.cli import cli

    uit = CliRunner().invoke(cli, [str(a) for a in args], env=env, input=stdin, prog_name="wijkkaart")
    stderr = uit.stderr
    if uit.exception is not None and not isinstance(uit.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(uit.exception))
    return subprocess.CompletedProcess(list(args), uit.exit_code, uit.stdout, stderr)


def volledige_dump(engine) -> dict[str, list[tuple]]:
    """Every row of every wijkkaart table (geometry as WKB), ordered: two equal dumps are two equal databases."""
    from sqlalchemy import func, select
    from sqlalchemy.sql.sqltypes import NullType

    from wijkkaart.opslag.tabellen import registreer

    uit = {}
    with engine.connect() as conn:
        for naam, tabel in sorted(registreer().tables.items()):
            kolommen = [
                func.ST_AsBinary(k).label(k.name) if k.type.__class__.__name__ == "Geometry" else k
                for k in tabel.columns
                if not isinstance(k.type, NullType)
            ]
            rijen = conn.execute(select(*kolommen).order_by(*tabel.primary_key.columns)).all()
            uit[naam] = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rijen]
    return uit


def wijk_met_aanbod(database_url: str, aanbod_id: int = 1) -> tuple[str, set[str]]:
    """The wijk of an aanbod's locatie, and the names of the aanbod (not archived) at locaties in that wijk."""
    from sqlalchemy import text

    from wijkkaart.opslag.engine import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as c:
            wijk = c.execute(
                text(
                    "SELECT l.wijkcode FROM locatie l JOIN aanbod_locatie al ON al.locatie_id = l.id "
                    "WHERE al.aanbod_id = :a"
                ),
                {"a": aanbod_id},
            ).scalar_one()
            namen = c.execute(
                text(
                    "SELECT a.naam FROM aanbod a JOIN aanbod_locatie al ON al.aanbod_id = a.id "
                    "JOIN locatie l ON l.id = al.locatie_id WHERE l.wijkcode = :w AND NOT a.gearchiveerd"
                ),
                {"w": wijk},
            ).scalars()
            return wijk, set(namen)
    finally:
        engine.dispose()


@contextmanager
def bestandsserver(root):
    """A local HTTP server of the files under ``root``, as a download site serves them.

    Yields its base URL and its handler class: ``fail_first`` holds paths that
    answer 503 once (a transient failure to retry), ``log`` every path asked.
    """
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from typing import ClassVar

    class Handler(SimpleHTTPRequestHandler):
        fail_first: ClassVar[set] = set()
        log: ClassVar[list] = []

        def do_GET(self):
            type(self).log.append(self.path)
            if self.path in self.fail_first:
                self.fail_first.discard(self.path)
                self.send_error(503, "tijdelijk niet beschikbaar")
                return
            super().do_GET()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a, **k: Handler(*a, directory=str(root), **k))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", Handler
    finally:
        server.shutdown()
