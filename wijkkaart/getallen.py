"""Numbers written the Dutch way (``1.234,5``), for pages, popups and explanations."""

from __future__ import annotations

import math


def formatteer(value: float | None, eenheid: str = "") -> str:
    """Return ``value`` the Dutch way (``1.234,5``), or ``onbekend``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "onbekend"
    decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if eenheid == "%":
        return f"{text}%"
    if eenheid in ("aantal", "klasse", ""):
        return text
    return f"{text} {eenheid}"
