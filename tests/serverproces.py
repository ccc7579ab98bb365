"""A real ``wijkkaart serve`` process on a free local port, for tests and benchmarks that talk HTTP to it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

WIJKKAART = str(Path(sys.executable).with_name("wijkkaart"))


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(database_url: str, *args: str, env: dict[str, str] | None = None, wacht_s: float = 60):
    """``wijkkaart serve ARGS`` on ``database_url``; yields (base URL, the process) once ``/`` answers 200."""
    # Output to a file: a pipe nobody reads fills up and then blocks the server.
    with tempfile.TemporaryFile("w+") as log:
        poort = vrije_poort()
        proces = subprocess.Popen(
            [WIJKKAART, "--database", database_url, "serve", "--port", str(poort), *args],
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            yield _wacht_op(f"http://127.0.0.1:{poort}", proces, log, wacht_s), proces
        finally:
            proces.terminate()
            try:
                proces.wait(30)
            except subprocess.TimeoutExpired:
                proces.kill()


def _wacht_op(basis: str, proces: subprocess.Popen, log, wacht_s: float) -> str:
    eind = time.monotonic() + wacht_s
    while time.monotonic() < eind:
        if proces.poll() is not None:
            log.seek(0)
            raise AssertionError(f"server stopte: {log.read()[-2000:]}")
        try:
            if requests.get(basis + "/", timeout=5).status_code == 200:
                return basis
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"server startte niet binnen {wacht_s:.0f} s")
