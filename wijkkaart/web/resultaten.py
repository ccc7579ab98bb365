"""The cache of computed results (the gap analysis) every view shares: in this process, or Redis for all workers.

Flask-Caching makes the cache from ``CACHE_OPSLAG``: ``memory://`` gives an
in-process ``SimpleCache`` (the embedded default; each worker its own),
``redis://…`` a cache all workers share. Entries are keyed by the data
version (:mod:`wijkkaart.diensten.resultaatcache`), so nothing needs to be
deleted when data changes.

A cache that cannot be reached is not an outage: the result is computed
again, and the log says so once per interval (:mod:`.storing`). Pages never
fail because Redis is down.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app
from flask_caching import Cache

log = logging.getLogger("wijkkaart.cache")
#: Largest number of results the in-process cache keeps before it drops the oldest.
MAX_IN_PROCES = 200


def _config(opslag: str) -> dict:
    if opslag.startswith(("redis://", "rediss://", "unix://")):
        # Short timeouts: a cache that hangs must cost less than computing the result again.
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": opslag,
            "CACHE_KEY_PREFIX": "",
            "CACHE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2.0},
        }
    if opslag in ("", "memory://", "simple"):
        return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": MAX_IN_PROCES}
    raise ValueError(f"WIJKKAART_CACHE_OPSLAG={opslag!r} is onbekend: kies memory://, redis://… of geen")


#: Settings that mean: keep nothing, compute every result again (for measuring the work itself).
GEEN = ("geen", "null://")


class BestendigeCache:
    """A cache whose failures count as misses: a lookup that fails returns None, a store that fails is skipped."""

    def __init__(self, cache: Cache, melder):
        self._cache = cache
        self._melder = melder

    def get(self, key: str) -> Any:
        """The value kept under ``key``, or None (also when the cache cannot be reached)."""
        try:
            return self._cache.get(key)
        except Exception as exc:  # any cache failure means: compute it again
            self._melder.meld("cache niet bereikbaar", str(exc) or type(exc).__name__)
            return None

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        """Keep ``value`` under ``key``; False when the cache could not take it."""
        try:
            return bool(self._cache.set(key, value, timeout=timeout))
        except Exception as exc:  # see get()
            self._melder.meld("cache niet bereikbaar", str(exc) or type(exc).__name__)
            return False


def init_resultaten(app: Flask) -> None:
    """Make the app's result cache from its ``CACHE_OPSLAG`` setting (none at all for ``geen``)."""
    if app.config["CACHE_OPSLAG"] in GEEN:
        app.extensions["wijkkaart.resultaten"] = None
        return
    cache = Cache(config=_config(app.config["CACHE_OPSLAG"]))
    cache.init_app(app)
    app.extensions["wijkkaart.resultaten"] = BestendigeCache(cache, app.extensions["wijkkaart.storing"])


def resultaten() -> BestendigeCache | None:
    """The app's result cache; None when it keeps nothing."""
    return current_app.extensions["wijkkaart.resultaten"]
