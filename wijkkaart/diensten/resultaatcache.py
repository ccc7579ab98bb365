"""Results worth keeping between requests (the gap analysis), keyed by what they were made from.

The key holds the data version (:mod:`wijkkaart.opslag.versie`), so a write
anywhere (import, edit, archiving, new boundaries) makes every older entry
unreachable at once, in every process that shares the cache. Entries also
carry the code's version and schema revision: a cache that outlives an
upgrade (Redis) never hands new code an object pickled by old code.

The cache itself is anything with ``get(key)`` and ``set(key, value,
timeout=…)``: Flask-Caching's in-process ``SimpleCache`` by default, Redis in
production. The CLI runs without one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol, TypeVar

from sqlalchemy.engine import Engine

from ..kern.uitgave import VERSIE
from ..opslag import versie
from ..opslag.engine import lezen
from ..opslag.schema import nieuwste_versie

T = TypeVar("T")

#: Entries expire after a day even when nothing changed: a safety net, not the way data goes stale.
LEVENSDUUR_S = 24 * 3600


class Cache(Protocol):
    """What a result cache must offer (cachelib and Flask-Caching caches do)."""

    def get(self, key: str) -> Any:
        """The value kept under ``key``, or None."""

    def set(self, key: str, value: Any, timeout: int | None = None) -> Any:
        """Keep ``value`` under ``key`` for ``timeout`` seconds."""


@cache
def _schema() -> str:
    # Alembic reads every migration file to find the head: once per process is enough.
    return nieuwste_versie()


def sleutel(soort: str, versie: int, **onderdelen) -> str:
    """A short, stable key for a result of ``soort`` made from ``onderdelen`` at data version ``versie``."""
    inhoud = json.dumps(
        {"code": VERSIE, "schema": _schema(), "versie": versie, **onderdelen},
        sort_keys=True,
        default=str,
    )
    return f"wijkkaart:{soort}:{hashlib.sha256(inhoud.encode()).hexdigest()[:32]}"


def per_gegevensversie(cache: Cache | None, engine: Engine, soort: str, maak: Callable[[], T], **onderdelen) -> T:
    """``maak()`` kept under a key of ``soort`` and ``onderdelen`` at the database's data version now.

    The version is read first: a write in between can only make the entry newer than its key.
    """
    if cache is None:
        return maak()
    with lezen(engine) as session:
        nummer = versie.lees(session).nummer
    return bewaard_of_gemaakt(cache, sleutel(soort, nummer, **onderdelen), maak)


def bewaard_of_gemaakt(cache: Cache | None, sleutel_: str, maak: Callable[[], T]) -> T:
    """The value kept under ``sleutel_``; else ``maak()``, kept for next time. Without a cache: ``maak()``."""
    if cache is None:
        return maak()
    waarde = cache.get(sleutel_)
    if waarde is None:
        waarde = maak()
        cache.set(sleutel_, waarde, timeout=LEVENSDUUR_S)
    return waarde
