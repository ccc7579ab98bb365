"""What every command shares: the settings, the database (made on first use) and code lists."""

from __future__ import annotations

import click

from ..kern import settings as settings_mod
from ..kern.filters import STANDAARD_DREMPEL_M


def split_codes(values) -> list[str]:
    """``("GM0392,GM0406", "WK0392 01")`` → every code on its own (commas and spaces both separate)."""
    codes = []
    for value in values:
        codes.extend(part for part in value.replace(",", " ").split() if part)
    return codes


def filteropties(opdracht):
    """The gap filter's options (thema, soort, dagdeel, drempel), shared by ``gaps`` and ``rapport``."""
    opties = [
        click.option("--thema", "themas", multiple=True, help="Alleen aanbod met dit thema (herhaalbaar)."),
        click.option(
            "--soort", "soorten", multiple=True, help="Alleen aanbod van deze soort, bv. inloopspreekuur (herhaalbaar)."
        ),
        click.option("--dagdeel", help="Alleen aanbod dat in dit dagdeel open is, bv. werkdag_avond."),
        click.option(
            "--drempel",
            default=str(STANDAARD_DREMPEL_M),
            show_default=True,
            help="Loopafstand in hele meters (hemelsbreed), van 50 tot en met 10000.",
        ),
    ]
    for optie in reversed(opties):
        opdracht = optie(opdracht)
    return opdracht


class Context:
    """What every command shares: the settings and the database URL (the engine is made on first use)."""

    def __init__(self, database_url):
        self.settings = settings_mod.from_env()
        self.database_url = database_url or self.settings.database_url
        self._engine = None

    def engine(self, bereid: bool = True):
        """The engine; with ``bereid`` the schema is checked first (an outdated one is refused, an empty one made)."""
        # The database layer (SQLAlchemy, Alembic) only once a command needs it: --help starts without it.
        from ..diensten import database  # noqa: PLC0415

        if self._engine is None:
            self._engine = database.verbind(self.database_url)
        if bereid:
            database.bereid_voor(self._engine)
        return self._engine

    def sluit(self) -> None:
        """Close every pooled connection of the engine, if one was made."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
