"""Load the demo gemeenten from the shared CBS data through the normal import path."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from ..invoer.geocoding import maak_keten
from ..kern.fouten import WijkkaartFout
from ..kern.settings import PROJECT_ROOT
from .aanbod import importeer_aanbod
from .gebieden import ImportSamenvatting, import_cbs

AMSTERDAM_ENSCHEDE = ["GM0363", "GM0153"]
#: Den Haag and Zoetermeer, where the OpenStreetMap sample lies.
NATIONAAL = [*AMSTERDAM_ENSCHEDE, "GM0518", "GM0637"]

#: (file, options) in import order; files are relative to the shared data folder.
DEMO_IMPORTS: tuple[tuple[str, dict], ...] = (
    ("GM0392_haarlem_cbs_2024.gpkg", {}),
    ("GM0392_haarlem_buurten_2019.gpkg", {"kerncijfers": "GM0392_haarlem_kwb2024_woonikveilig.csv"}),
    ("GM0406_huizen_cbs_2024.gpkg", {}),
    ("GM0406_huizen_buurten_2019.gpkg", {"kerncijfers": "GM0406_huizen_kwb2024_woonikveilig.csv"}),
    ("nl_gemeenten_2024_cbs.gpkg", {"gemeenten": NATIONAAL}),
    ("nl_wijken_2024_cbs.gpkg", {"gemeenten": NATIONAAL}),
    ("nl_buurten_2019_gegeneraliseerd.gpkg", {"gemeenten": NATIONAAL}),
)

#: Real venue data, imported through import-aanbod as a user would; mappings live in data/mapping/.
AANBOD_IMPORTS: tuple[tuple[str, dict], ...] = (
    (
        "venues/amsterdam_maatschappelijke_voorzieningen.geojson",
        {"mapping": "amsterdam_maatschappelijke_voorzieningen.toml"},
    ),
    ("venues/amsterdam_koelteplekken_ggd.geojson", {"mapping": "amsterdam_koelteplekken.toml"}),
    (
        "venues/twente_sociale_kaart_facilities_base.json",
        {"mapping": "twente_sociale_kaart.toml", "gemeenten": ["GM0153"]},
    ),
    ("venues/osm_overpass_sample_denhaag_zoetermeer_2026.json", {"bron": "openstreetmap"}),
)


def laad_demo(engine: Engine, data_dir: Path, toon_voortgang: bool | None = None) -> list[ImportSamenvatting]:
    """Import Haarlem, Huizen, Amsterdam and Enschede from ``data_dir``.

    Raises
    ------
    WijkkaartFout
        When ``data_dir`` does not hold the shared data (see ``data/README.md``).
    """
    data_dir = Path(data_dir)
    missing = [name for name, _ in (*DEMO_IMPORTS, *AANBOD_IMPORTS) if not (data_dir / name).exists()]
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
    summaries.extend(laad_demo_aanbod(engine, data_dir, toon_voortgang))
    return summaries


def laad_demo_aanbod(engine: Engine, data_dir: Path, toon_voortgang: bool | None = None) -> list:
    """Import the real venue files (all carry coordinates, so no online geocoder is needed)."""
    keten = maak_keten(["bestand"])
    summaries = []
    for name, options in AANBOD_IMPORTS:
        options = dict(options)
        if "mapping" in options:
            options["mapping"] = PROJECT_ROOT / "data" / "mapping" / options["mapping"]
        summaries.append(importeer_aanbod(engine, data_dir / name, keten, toon_voortgang=toon_voortgang, **options))
    return summaries
