"""Start a throw-away PostgreSQL + PostGIS server for the test session.

Uses the Debian server binaries (``/usr/lib/postgresql/<v>/bin``). As root,
the server runs as the ``postgres`` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """PostgreSQL or PostGIS is not installed or would not start."""


def _bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    for initdb in candidates:
        version_dir = Path(initdb).parent.parent
        if glob.glob(f"/usr/share/postgresql/{version_dir.name}/extension/postgis.control"):
            return Path(initdb).parent
    raise PostgresUnavailable(
        "geen PostgreSQL met PostGIS gevonden (verwacht /usr/lib/postgresql/<versie>/bin en "
        "postgresql-<versie>-postgis-3); draai scripts/install.sh"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self):
        self.bindir = _bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="wijkkaart-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args):
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(args[:2])} faalde: {result.stderr or result.stdout}")
        return result

    def start(self) -> PostgresServer:
        if self.as_root:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale")
        self.options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.hervat()
        return self

    def pauzeer(self) -> None:
        """Stop the server (as an outage would), keeping its data for :meth:`hervat`."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def hervat(self) -> None:
        """Start the server (again) on the same port and data."""
        self._run("pg_ctl", "-D", str(self.data), "-o", self.options, "-l", str(self.dir / "log"), "-w", "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        with contextlib.suppress(PostgresUnavailable):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
