"""Load the demo gemeenten from the shared CBS data through the normal import path."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from .errors import WijkkaartFout
from .services import ImportSamenvatting, import_cbs

AMSTERDAM_ENSCHEDE = ["GM0363", "GM0153"]

#: (file, options) in import order; files are relative to the shared data folder.
DEMO_IMPORTS: tuple[tuple[str, dict], ...] = (
    ("GM0392_haarlem_cbs_2024.gpkg", {}),
    ("GM0392_haarlem_buurten_2019.gpkg", {"kerncijfers": "GM0392_haarlem_kwb2024_woonikveilig.csv"}),
    ("GM0406_huizen_cbs_2024.gpkg", {}),
    ("GM0406_huizen_buurten_2019.gpkg", {"kerncijfers": "GM0406_huizen_kwb2024_woonikveilig.csv"}),
    ("nl_gemeenten_2024_cbs.gpkg", {"gemeenten": AMSTERDAM_ENSCHEDE}),
    ("nl_wijken_2024_cbs.gpkg", {"gemeenten": AMSTERDAM_ENSCHEDE}),
    ("nl_buurten_2019_gegeneraliseerd.gpkg", {"gemeenten": AMSTERDAM_ENSCHEDE}),
)


def laad_demo(engine: Engine, data_dir: Path, toon_voortgang: bool | None = None) -> list[ImportSamenvatting]:
    """Import Haarlem, Huizen, Amsterdam and Enschede from ``data_dir``.

    Raises
    ------
    WijkkaartFout
        When ``data_dir`` does not hold the shared data (see ``data/README.md``).
    """
    data_dir = Path(data_dir)
    missing = [name for name, _ in DEMO_IMPORTS if not (data_dir / name).exists()]
    if missing:
        raise WijkkaartFout(
            f"demodata niet gevonden in {data_dir} (ontbreekt: {', '.join(missing[:3])}); "
            "zet WIJKKAART_DATA_DIR of zie data/README.md"
        )
    summaries = []
    for name, options in DEMO_IMPORTS:
        options = dict(options)
        if "kerncijfers" in options:
            options["kerncijfers"] = data_dir / options["kerncijfers"]
        summaries.append(import_cbs(engine, data_dir / name, toon_voortgang=toon_voortgang, **options))
    return summaries
