"""What every view needs from the app: the engine, the geocoders, "now", and who is asking."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_login import current_user

from ..diensten import geocoders
from ..diensten.bewerken import Wie
from ..diensten.geocoders import Keten
from ..kern.openingstijden import moment_nl
from ..kern.settings import Settings


class Geocoders:
    """The app's geocoder chains by profile (``vinder``, ``formulier``), each made once on first use.

    Made once so PDOK keeps its cache and rate limit; a test may put its own chain in place.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self._ketens: dict[str, Keten] = {}

    def __getitem__(self, profiel: str) -> Keten:
        if profiel not in self._ketens:
            maak = {
                "vinder": geocoders.vinder_keten,
                "formulier": geocoders.formulier_keten,
                "import": geocoders.import_keten,
            }[profiel]
            self._ketens[profiel] = maak(self.settings)
        return self._ketens[profiel]

    def __setitem__(self, profiel: str, keten: Keten) -> None:
        self._ketens[profiel] = keten


def engine():
    """The app's database engine."""
    return current_app.extensions["wijkkaart.engine"]


def keten(profiel: str) -> Keten:
    """The geocoder chain of ``profiel`` (see :mod:`wijkkaart.diensten.geocoders`)."""
    return current_app.extensions["wijkkaart.geocoders"][profiel]


def nu() -> dt.datetime | None:
    """The moment "now" means (frozen in tests through ``KLOK``), None for the real clock."""
    klok = current_app.config.get("KLOK")
    return klok() if klok else None


def utc_nu() -> dt.datetime:
    """Now in UTC without a zone (how the database keeps times); frozen in tests through ``KLOK``."""
    gezet = nu()
    if gezet is None:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return gezet.astimezone(dt.UTC).replace(tzinfo=None) if gezet.tzinfo else gezet


def moment() -> dt.datetime:
    """Now in the Netherlands."""
    return moment_nl(nu())


def gebruiker():
    """The account (or visitor) making this request, itself rather than Flask-Login's proxy."""
    return current_user._get_current_object()


def wie() -> Wie:
    """The person making a change, and when."""
    return Wie(gebruiker(), moment())


def verificatie_dagen() -> int:
    """After how many days an aanbod counts as not verified."""
    return int(current_app.config["VERIFICATIE_DAGEN"])
