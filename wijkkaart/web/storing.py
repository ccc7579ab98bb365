"""An outage (database or outside service) as the visitor sees it and as the log shows it.

The visitor gets 503 with ``Retry-After`` and a short message in their own
language (JSON under ``/api/``); the driver's reason, in whatever language
the driver speaks, goes to the log only. When the database is down every
request fails the same way, so the log gets one line per
:data:`LOG_INTERVAL` seconds with the number of failures since the last one,
not a traceback per request.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, current_app, g
from werkzeug.exceptions import ServiceUnavailable

from ..kern.fouten import DatabaseBezig, DatabaseNietBereikbaar, DienstNietBereikbaar
from ..kern.taal import gettext as _

log = logging.getLogger("wijkkaart.storing")
#: At most one log line per this many seconds, per kind of outage.
LOG_INTERVAL = 10.0


class _BeperkteMelder:
    """Logs the first failure, then one line per interval that counts the ones in between."""

    def __init__(self, interval: float):
        self.interval = interval
        self._slot = threading.Lock()
        self._laatst: dict[str, float] = {}
        self._onderdrukt: dict[str, int] = {}

    def meld(self, soort: str, reden: str) -> bool:
        """Log ``reden`` unless a line for ``soort`` was written less than an interval ago; True when logged."""
        nu = time.monotonic()
        with self._slot:
            if nu - self._laatst.get(soort, -self.interval) < self.interval:
                self._onderdrukt[soort] = self._onderdrukt.get(soort, 0) + 1
                return False
            onderdrukt = self._onderdrukt.pop(soort, 0)
            self._laatst[soort] = nu
        extra = f" ({onderdrukt} keer sinds de vorige melding)" if onderdrukt else ""
        log.error("%s: %s%s", soort, reden, extra)
        return True


def init_storing(app: Flask) -> None:
    """Give ``app`` its own rate-limited log of outages (one per app, so each server counts its own)."""
    app.extensions["wijkkaart.storing"] = _BeperkteMelder(LOG_INTERVAL)

    @app.after_request
    def _opnieuw_na(response):
        # A form shown again because the database was busy (web/formfouten.py) says when to retry.
        fout = g.get("storing")
        if fout is not None:
            response.headers.update({k: v for k, v in fout.get_headers() if k.lower() == "retry-after"})
        return response


def als_http(exc: DienstNietBereikbaar) -> ServiceUnavailable:
    """The 503 for ``exc``: logged (rate-limited), told in the visitor's language, with ``Retry-After``."""
    melder = current_app.extensions["wijkkaart.storing"]
    if isinstance(exc, DatabaseBezig):
        melder.meld("database bezet", str(exc))
        tekst = _("De database is even bezig met een import; er is niets bewaard. Probeer het over een minuut opnieuw.")
    elif isinstance(exc, DatabaseNietBereikbaar):
        melder.meld("database niet bereikbaar", str(exc))
        tekst = _("De database is even niet bereikbaar. Probeer het over een halve minuut opnieuw.")
    else:
        melder.meld("dienst niet bereikbaar", str(exc))
        tekst = _(
            "Een dienst die hiervoor nodig is, is even niet bereikbaar (%(reden)s). Probeer het later opnieuw.",
            reden=str(exc),
        )
    fout = ServiceUnavailable(description=tekst, retry_after=exc.opnieuw_na)
    return fout
