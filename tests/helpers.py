"""Small helpers shared by the tests: counting what a file holds, independently of wijkkaart."""

from __future__ import annotations

import pyogrio


def file_counts(path, layer_levels: dict[str, str]) -> dict[str, int]:
    """Return rows per level as pyogrio counts them in the file's layers."""
    counts: dict[str, int] = {}
    for layer, level in layer_levels.items():
        counts[level] = counts.get(level, 0) + pyogrio.read_info(str(path), layer=layer)["features"]
    return counts


def load_haarlem(engine, shared_data) -> None:
    """Import Haarlem as the demo does: 2024 gemeente and wijken, 2019 buurten with 2024 kerncijfers."""
    from wijkkaart import services

    services.import_cbs(engine, shared_data / "GM0392_haarlem_cbs_2024.gpkg")
    services.import_cbs(
        engine,
        shared_data / "GM0392_haarlem_buurten_2019.gpkg",
        kerncijfers=shared_data / "GM0392_haarlem_kwb2024_woonikveilig.csv",
    )
