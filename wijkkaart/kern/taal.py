"""The language texts are shown in: Dutch by default, English on request. No Flask here.

The message catalogues live in ``wijkkaart/translations`` (gettext ``.po`` files, compiled to ``.mo``).
Flask-Babel reads the same catalogues for the templates; this module serves the sentences the core
builds itself (opening hours, gap explanations, legends), so the core stays free of Flask. The web
layer sets the active language per request with :func:`gebruik`; the CLI and exports stay Dutch.

Strings are written in Dutch in the code and marked for extraction with ``gettext``, ``ngettext``
or, where a constant must stay a plain string until shown, ``N_``. ``scripts/vertalingen.sh``
extracts, updates and compiles the catalogues.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar, Token
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from babel.lists import format_list
from babel.support import Translations

#: The languages the interface speaks, in the language itself (what the switch shows).
TALEN = {"nl": "Nederlands", "en": "English"}
STANDAARD = "nl"
CATALOGI = Path(__file__).resolve().parent.parent / "translations"

_actief: ContextVar[str] = ContextVar("wijkkaart_taal", default=STANDAARD)


def N_(tekst: str) -> str:
    """Mark ``tekst`` for the catalogue without translating it yet (for module constants)."""
    return tekst


@cache
def vertalingen(taal: str) -> NullTranslations:
    """Return the compiled catalogue of ``taal``; Dutch is the source language and needs none."""
    if taal == STANDAARD:
        return NullTranslations()
    return Translations.load(str(CATALOGI), [taal], domain="messages")


def actief() -> str:
    """Return the code of the active language (``nl`` or ``en``)."""
    return _actief.get()


def locale() -> Locale:
    """Return the Babel locale of the active language, for numbers and dates."""
    return _locale(actief())


@cache
def _locale(taal: str) -> Locale:
    return Locale.parse(taal)


def gebruik(taal: str) -> Token:
    """Make ``taal`` the active language of this context; returns the token for :func:`herstel`."""
    return _actief.set(taal if taal in TALEN else STANDAARD)


def herstel(token: Token) -> None:
    """Undo :func:`gebruik`."""
    _actief.reset(token)


@contextlib.contextmanager
def in_taal(taal: str):
    """Run a block in ``taal``: ``with in_taal("en"): ...``."""
    token = gebruik(taal)
    try:
        yield
    finally:
        herstel(token)


def gettext(tekst: str, /, **waarden) -> str:
    """Return ``tekst`` in the active language, with ``%(naam)s`` placeholders filled from ``waarden``."""
    vertaald = vertalingen(actief()).gettext(tekst)
    return vertaald % waarden if waarden else vertaald


def ngettext(enkelvoud: str, meervoud: str, aantal: int, /, **waarden) -> str:
    """Return the singular or plural form for ``aantal``; ``%(num)s`` is the count."""
    vertaald = vertalingen(actief()).ngettext(enkelvoud, meervoud, aantal)
    return vertaald % {"num": aantal, **waarden}


def opsomming(items: list[str]) -> str:
    """Join ``items`` the active language's way: ``a, b en c`` in Dutch, ``a, b, and c`` in English."""
    return format_list(items, locale=locale())


_ = gettext
