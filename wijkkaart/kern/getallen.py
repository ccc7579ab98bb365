"""Numbers written the way the reader's language writes them (``1.234,5`` in Dutch), for pages, popups and explanations."""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from . import taal
from .taal import gettext as _

#: Units not written after a figure: a count, a class number, or none.
ZONDER_EENHEID = ("aantal", "klasse", "")


@cache
def _tekens(code: str) -> dict[int, int]:
    """Return a str.translate table from Python's ``1,234.5`` to the locale's separators (CLDR, via Babel)."""
    return str.maketrans({",": get_group_symbol(code), ".": get_decimal_symbol(code)})


def formatteer(value: float | None, eenheid: str = "") -> str:
    """Return ``value`` in the active language's notation (``1.234,5`` in Dutch), or "onbekend".

    Whole numbers and values of 100 and more get no decimals, others one. The separators
    come from Babel's CLDR data; the formatting itself is Python's, because this runs for
    every buurt of the country in the gap explanations.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("onbekend")
    decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = f"{value:,.{decimals}f}".translate(_tekens(taal.actief()))
    if eenheid == "%":
        return f"{text}%"
    if eenheid in ZONDER_EENHEID:
        return text
    return f"{text} {_(eenheid)}"


def formatteer_vast(value: float | None, decimalen: int, eenheid: str = "") -> str:
    """Like :func:`formatteer`, with a fixed number of decimals (a table column then reads alike in every row)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("onbekend")
    text = f"{value:,.{decimalen}f}".translate(_tekens(taal.actief()))
    return f"{text}%" if eenheid == "%" else text


def gewone_waarde(value):
    """Return ``value`` as a plain Python value for SQL or JSON: NaN and NA become None."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
