"""Is this machine ready to serve in production mode? Every missing setting, named, before a worker starts.

Production mode (``wijkkaart serve --production``) runs several worker
processes. They share state only through PostGIS and Redis, so it refuses to
start when that would silently split them: a secret key each worker makes for
itself (one worker's login cookie would be another's stranger), rate limits
or results kept per process, an embedded database that several processes
would have to queue for, or a schema older than the code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..kern.settings import Settings
from ..opslag import schema
from ..opslag.engine import is_sqlite, make_engine

#: Where the production settings are kept (``scripts/install.sh --production`` writes this file).
ENV_BESTAND = "instance/productie.env"


def standaard_workers() -> int:
    """Gunicorn's rule of thumb: two workers per core plus one."""
    return 2 * (os.cpu_count() or 1) + 1


@dataclass(frozen=True)
class Probleem:
    """A setting that is missing or wrong, and what to do about it."""

    instelling: str
    uitleg: str

    def __str__(self) -> str:
        return f"{self.instelling}: {self.uitleg}"


def _redis_bereikbaar(url: str) -> str | None:
    # Only production mode needs the client: imported here so the other commands start without it.
    import redis  # noqa: PLC0415

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        return str(exc) or type(exc).__name__
    return None


def _redis_problemen(settings: Settings) -> list[Probleem]:
    problemen = []
    for naam, url in (
        ("WIJKKAART_LIMIET_OPSLAG", settings.limiet_opslag),
        ("WIJKKAART_CACHE_OPSLAG", settings.cache_opslag),
    ):
        if not url.startswith(("redis://", "rediss://", "unix://")):
            problemen.append(
                Probleem(naam, f"staat op {url}: elke worker zou zijn eigen tellers/resultaten hebben; zet redis://…")
            )
        elif (fout := _redis_bereikbaar(url)) is not None:
            problemen.append(Probleem(naam, f"Redis op {url} antwoordt niet ({fout}); start redis-server"))
    return problemen


def problemen(settings: Settings, database_url: str) -> list[Probleem]:
    """Everything that keeps production mode from starting; empty when it can start."""
    gevonden = []
    if not settings.secret_key:
        gevonden.append(
            Probleem(
                "WIJKKAART_SECRET_KEY",
                "ontbreekt; elke worker en machine moet dezelfde sleutel hebben "
                "(maak er een met: python3 -c 'import secrets; print(secrets.token_urlsafe(48))')",
            )
        )
    if is_sqlite(database_url):
        gevonden.append(
            Probleem(
                "WIJKKAART_DATABASE_URL",
                "wijst naar het ingebouwde SpatiaLite-bestand; productie draait op PostGIS "
                "(postgresql+psycopg://…; scripts/install.sh --production maakt de database)",
            )
        )
    else:
        engine = make_engine(database_url)
        try:
            stand = schema.toestand(engine)
            nieuwste = schema.nieuwste_versie()
            if stand.versie != nieuwste:
                gevonden.append(
                    Probleem(
                        "schema",
                        f"de database staat op {stand.versie or 'geen versie'}, deze code verwacht {nieuwste}: "
                        "draai eerst wijkkaart db upgrade",
                    )
                )
        finally:
            engine.dispose()
    return gevonden + _redis_problemen(settings)
