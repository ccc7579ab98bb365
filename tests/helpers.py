"""Small helpers shared by the tests: counting what a file holds, independently of wijkkaart."""

from __future__ import annotations

import pyogrio


def file_counts(path, layer_levels: dict[str, str]) -> dict[str, int]:
    """Return rows per level as pyogrio counts them in the file's layers."""
    counts: dict[str, int] = {}
    for layer, level in layer_levels.items():
        counts[level] = counts.get(level, 0) + pyogrio.read_info(str(path), layer=layer)["features"]
    return counts
