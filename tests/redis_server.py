"""Start a throw-away Redis server (Debian's ``redis-server``) for the test session, on loopback only."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class RedisUnavailable(RuntimeError):
    """redis-server is not installed or would not start."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A Redis server in a temporary folder without persistence; :meth:`stop` and :meth:`start` again keep the port."""

    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RedisUnavailable("redis-server ontbreekt; draai scripts/install.sh")
        self.binary = binary
        self.dir = Path(tempfile.mkdtemp(prefix="wijkkaart-redis-"))
        self.port = _free_port()
        self.proces: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.proces = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        eind = time.monotonic() + 10
        while time.monotonic() < eind:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RedisUnavailable(f"redis-server op poort {self.port} startte niet binnen 10 s")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        if self.proces is not None and self.proces.poll() is None:
            self.proces.kill()
            self.proces.wait(10)
        self.proces = None

    def opruimen(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
