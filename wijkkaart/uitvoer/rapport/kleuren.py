"""The map colours as hex values, read from the stylesheet that defines them for the web map.

The web map and its legend name CSS custom properties (``--palet-gat-3``);
``static/css/wijkkaart.css`` holds their values. A drawing made on the server
(the report's map) needs the values themselves; reading them from the same
stylesheet keeps one place where a colour is chosen.
"""

from __future__ import annotations

import re
from functools import cache

from ...kern.settings import PROJECT_ROOT

STIJLBLAD = PROJECT_ROOT / "static" / "css" / "wijkkaart.css"
_EIGENSCHAP = re.compile(r"(--[a-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*;")


@cache
def kleuren() -> dict[str, str]:
    """Every custom property of the stylesheet whose value is a hex colour: ``{"--palet-gat-1": "#ffffb2", ...}``."""
    return dict(_EIGENSCHAP.findall(STIJLBLAD.read_text("utf-8")))


def kleur(eigenschap: str) -> str:
    """The hex value of ``eigenschap`` (``--palet-gat-1``); a plain colour (``#222``) is returned as it is.

    Raises
    ------
    KeyError
        When the stylesheet defines no such colour: a renamed property must not silently draw black.
    """
    return eigenschap if eigenschap.startswith("#") else kleuren()[eigenschap]
