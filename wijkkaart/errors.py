"""Errors a user can act on.

Everything raised as :class:`WijkkaartFout` is the user's input or environment,
not a bug: the CLI prints its message (Dutch) and exits with code 2, without a
traceback; the web layer turns it into a 4xx page.
"""

from __future__ import annotations


class WijkkaartFout(Exception):
    """A problem with what the user gave; the message says what and where."""

    exit_code = 2


class InvoerFout(WijkkaartFout):
    """Bad input file, naming the file and, where known, the row and field."""

    def __init__(self, bestand, reden: str, rij: int | None = None, veld: str | None = None):
        self.bestand = str(bestand)
        self.reden = reden
        self.rij = rij
        self.veld = veld
        waar = self.bestand
        if rij is not None:
            waar += f", rij {rij}"
        if veld is not None:
            waar += f", veld {veld!r}"
        super().__init__(f"{waar}: {reden}")
