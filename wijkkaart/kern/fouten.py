"""Errors a user can act on, each with the HTTP status and exit code it means.

Everything raised as :class:`WijkkaartFout` is the user's input or environment,
not a bug: the CLI prints its message (Dutch) and exits with ``exit_code``,
without a traceback; the web's one error handler answers ``http_status`` with
the message as a page or, under ``/api/``, as JSON. Views and commands therefore
need no ``try``/``except`` of their own for these.
"""

from __future__ import annotations


class WijkkaartFout(Exception):
    """A problem with what the user gave; the message says what and where."""

    exit_code = 2
    http_status = 400


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


class OngeldigeVraag(WijkkaartFout, ValueError):
    """A parameter or option outside what is allowed (a filter, a code, a threshold); HTTP 400.

    Also a :class:`ValueError`, so code that validates plain arguments keeps working with it.
    """


class BestaatNiet(WijkkaartFout):
    """What was asked for is not loaded or does not exist (a gemeente, a buurt, an aanbod); HTTP 404."""

    http_status = 404


class Geweigerd(WijkkaartFout):
    """The person may not do this (outside their gemeenten or wijken, or not logged in); HTTP 403."""

    http_status = 403


class VeldFouten(WijkkaartFout):
    """Fields of a form are wrong; ``fouten`` maps each field to its messages, which a form shows beside it."""

    def __init__(self, fouten: dict[str, list[str]]):
        self.fouten = {veld: list(redenen) for veld, redenen in fouten.items() if redenen}
        super().__init__("; ".join(f"{veld}: {', '.join(r)}" for veld, r in self.fouten.items()))


class VeldFout(VeldFouten):
    """One field of a form or record is wrong; a form shows ``reden`` beside ``veld``.

    Parameters
    ----------
    veld : str
        The field the message belongs to.
    reden : str
        What is wrong, in the active language.
    waarde : object, optional
        The value as given (for reports).
    """

    def __init__(self, veld: str, reden: str, waarde=None):
        super().__init__({veld: [reden]})
        self.veld = veld
        self.reden = reden
        self.waarde = "" if waarde is None else str(waarde)


class DienstNietBereikbaar(WijkkaartFout):
    """An outside service (PDOK, CBS downloads) failed after its retries; try again later. HTTP 503."""

    http_status = 503
    #: Seconds a client is asked to wait before trying again (``Retry-After``).
    opnieuw_na = 30


class DatabaseNietBereikbaar(DienstNietBereikbaar):
    """The database cannot be reached, or its file is damaged; the message names the driver's reason.

    The reason is for whoever runs the server (the CLI prints it, the server
    logs it); a visitor gets a short message in their own language.
    """


class DatabaseBezig(DienstNietBereikbaar):
    """Another write (an import) held the database longer than a request may wait; nothing was saved. HTTP 503."""

    opnieuw_na = 60


class SchemaVerouderd(WijkkaartFout):
    """The database was made by an older wijkkaart and must be upgraded first (the message names the command)."""

    http_status = 503


class OnverwachteFout(WijkkaartFout):
    """Something went wrong that wijkkaart did not foresee (a bug or an odd file): its own exit code, 3.

    The import still writes its report with what it knows; the message says
    where the report is and what happened.
    """

    exit_code = 3
    http_status = 500
