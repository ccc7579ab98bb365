"""Write the DDL an older wijkkaart ran to make its database, for the migration tests.

Releases before migrations made their tables with ``create_all``; the tests
rebuild such a database from this SQL and upgrade it. To make the files of a
commit (run from the checkout, needs git, the venv and PostgreSQL + PostGIS)::

    .venv/bin/python tests/data/schema/maak.py 68200c7 wijkkaart-0.1.0

writes ``wijkkaart-0.1.0.spatialite.sql`` and ``wijkkaart-0.1.0.postgis.sql``
beside this script: the statements the old code executed, parameters inlined,
catalogue queries (PRAGMA, pg_catalog) left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HIER = Path(__file__).resolve().parent
CHECKOUT = HIER.parents[2]

VASTLEGGEN = r"""
import json, sys
from sqlalchemy import event
from wijkkaart.db import init_db, make_engine

engine = make_engine(sys.argv[1])
opdrachten = []

@event.listens_for(engine, "before_cursor_execute")
def _vast(conn, cursor, statement, parameters, context, executemany):
    opdrachten.append([statement, list(parameters) if parameters else []])

init_db(engine)
json.dump(opdrachten, sys.stdout)
"""


def _letterlijk(waarde) -> str:
    if waarde is None:
        return "NULL"
    if isinstance(waarde, (int, float)):
        return repr(waarde)
    return "'" + str(waarde).replace("'", "''") + "'"


def _sql(opdrachten: list, postgis: bool) -> str:
    regels = []
    for statement, parameters in opdrachten:
        kop = statement.strip().split()[0].upper()
        tekst = " ".join(statement.split())
        if kop in ("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK") or "pg_catalog" in tekst or "sqlite_master" in tekst:
            continue
        if kop == "SELECT" and not any(
            f in tekst for f in ("RecoverGeometryColumn", "CreateSpatialIndex", "AddGeometryColumn")
        ):
            continue
        if parameters and postgis:
            raise ValueError(f"onverwachte parameters in DDL: {tekst}")
        for waarde in parameters:  # SpatiaLite's geometry registration takes its table and column as parameters
            tekst = tekst.replace("?", _letterlijk(waarde), 1)
        regels.append(tekst.rstrip(";") + ";")
    return "\n".join(regels) + "\n"


def main(commit: str, naam: str) -> None:
    sys.path.insert(0, str(CHECKOUT))
    from tests.pg_server import PostgresServer

    with tempfile.TemporaryDirectory() as tmp:
        oud = Path(tmp) / "oud"
        subprocess.run(["git", "-C", str(CHECKOUT), "worktree", "add", "-f", str(oud), commit], check=True)
        server = PostgresServer().start()
        try:
            for backend, url in (("spatialite", f"sqlite:///{tmp}/oud.sqlite"), ("postgis", server.url())):
                uit = subprocess.run(
                    [sys.executable, "-c", VASTLEGGEN, url],
                    capture_output=True,
                    text=True,
                    env={"PYTHONPATH": str(oud), "PATH": "/usr/bin:/bin"},
                    cwd=tmp,
                )
                if uit.returncode:
                    raise SystemExit(uit.stderr)
                sql = _sql(json.loads(uit.stdout), backend == "postgis")
                kop = f"-- The DDL wijkkaart {naam} (commit {commit}) ran on an empty {backend} database; made by maak.py.\n"
                (HIER / f"{naam}.{backend}.sql").write_text(kop + sql, "utf-8")
        finally:
            server.stop()
            subprocess.run(["git", "-C", str(CHECKOUT), "worktree", "remove", "--force", str(oud)], check=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
