"""How CBS names its columns: code and name columns per level, and the year in a name."""

from __future__ import annotations

import re

# Normalised column names (see kern.kerncijfers.normalise_name) of codes and names per level.
CODE_KOLOMMEN = {
    "buurt": ("buurtcode", "bucode"),
    "wijk": ("wijkcode", "wkcode"),
    "gemeente": ("gemeentecode", "gmcode"),
}
NAAM_KOLOMMEN = {
    "buurt": ("buurtnaam", "bunaam"),
    "wijk": ("wijknaam", "wknaam"),
    "gemeente": ("gemeentenaam", "gmnaam"),
}
JAAR_PATROON = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")


def kolom(columns_by_norm: dict[str, str], aliases) -> str | None:
    """The first column of ``columns_by_norm`` (normalised name → column) named by one of ``aliases``."""
    for alias in aliases:
        if alias in columns_by_norm:
            return columns_by_norm[alias]
    return None
