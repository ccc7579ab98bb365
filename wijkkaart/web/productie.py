"""Production mode: the app under gunicorn, several workers, each making its own app after the fork.

Each worker builds its own app (and so its own database pool) after gunicorn
forks it: a connection opened before a fork must never be shared by two
processes. Workers are ``gthread`` workers, so a slow client or a kept-alive
connection does not hold a whole process.
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from . import create_app

#: Threads per worker: requests mostly wait on the database, and a kept-alive connection holds a thread.
THREADS = 4


class _Gunicorn(BaseApplication):
    def __init__(self, opties: dict, app_config: dict):
        self.opties = opties
        self.app_config = app_config
        super().__init__()

    def load_config(self):
        for naam, waarde in self.opties.items():
            self.cfg.set(naam, waarde)

    def load(self):
        return create_app(self.app_config)


def serveer(
    database_url: str, host: str, port: int, workers: int, toegangslog: str | None = None, threads: int = THREADS
) -> None:
    """Run gunicorn in the foreground until it is stopped (SIGTERM stops it gracefully)."""
    opties = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": False,
        # A request that takes longer than this is stuck: the worker is replaced.
        "timeout": 60,
        "graceful_timeout": 20,
        "keepalive": 5,
        # Replace a worker now and then, so a slow leak can never fill the machine.
        "max_requests": 50000,
        "max_requests_jitter": 5000,
        "accesslog": toegangslog,
        # %(p)s: which worker answered (the tests check that two processes share the work).
        "access_log_format": '%(h)s %(p)s "%(r)s" %(s)s %(b)s %(M)sms',
        "errorlog": "-",
        "proc_name": "wijkkaart",
        # X-Forwarded-* are the app's business (ProxyFix, only with WIJKKAART_ACHTER_PROXY=ja).
        "forwarded_allow_ips": "",
    }
    _Gunicorn(opties, {"DATABASE_URL": database_url}).run()
