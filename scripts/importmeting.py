"""How the real venue files in the shared data import with no mapping file, and with the ones in data/mapping/.

    .venv/bin/python scripts/importmeting.py [DATA_DIR]

Loads every gemeente and wijk of 2024 and every buurt of 2019 into a fresh SpatiaLite file per run (so a
point can be linked anywhere in the country), imports each file offline (its own
coordinates; no PDOK) and prints rows read / imported / warned / rejected and how
many records got opening hours (and how many of those were read from Dutch text).
Quoted in the issue notes; not a test.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy import func, select

from wijkkaart.diensten import gebieden
from wijkkaart.diensten.aanbod import importeer_aanbod
from wijkkaart.invoer.geocoding import maak_keten
from wijkkaart.kern.settings import PROJECT_ROOT
from wijkkaart.opslag.engine import make_engine, session_factory
from wijkkaart.opslag.schema import bereid_voor
from wijkkaart.opslag.tabellen.aanbod import AanbodLocatie, Locatie

BESTANDEN = {
    "venues/twente_sociale_kaart_facilities_base.json": "twente_sociale_kaart.toml",
    "venues/twente_sociale_kaart_facilities_base.csv": None,  # the mapping names JSON-only columns
    "venues/amsterdam_maatschappelijke_voorzieningen.geojson": "amsterdam_maatschappelijke_voorzieningen.toml",
    "venues/amsterdam_koelteplekken_ggd.geojson": "amsterdam_koelteplekken.toml",
    "venues/osm_overpass_sample_denhaag_zoetermeer_2026.json": None,
}


def _uren(engine) -> tuple[int, int]:
    """Records with opening hours, and how many of those were read from text."""
    with session_factory(engine)() as s:
        totaal = afgeleid = 0
        for tabel in (Locatie, AanbodLocatie):
            totaal += s.scalar(select(func.count()).select_from(tabel).where(tabel.openingstijden.is_not(None)))
            afgeleid += s.scalar(
                select(func.count()).select_from(tabel).where(tabel.openingstijden_afgeleid_uit.is_not(None))
            )
    return totaal, afgeleid


def meet(data: Path, bestand: str, mapping: Path | None, basis: Path) -> str:
    """Import one file into a copy of ``basis`` and describe the outcome in one line."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "w.sqlite"
        db.write_bytes(basis.read_bytes())
        engine = make_engine(f"sqlite:///{db}")
        s = importeer_aanbod(
            engine, data / bestand, maak_keten(["bestand"]), mapping=mapping, rapport=Path(tmp) / "r.csv",
            toon_voortgang=False,
        )  # fmt: skip
        uren, afgeleid = _uren(engine)
        engine.dispose()
    naam = mapping.name if mapping else "geen mapping"
    return (
        f"{Path(bestand).name:52} {naam:44} gelezen {s.gelezen:5}  geïmporteerd {s.geimporteerd:5}  "
        f"met waarschuwing {s.waarschuwingen:4}  afgewezen {s.afgewezen:4}  uitgesloten {s.uitgesloten:4}  "
        f"met tijden {uren:4} (uit tekst {afgeleid})"
    )


def main() -> None:
    """Every file with no mapping, then with its mapping from data/mapping/."""
    data = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("WIJKKAART_DATA_DIR", "../shared/data"))
    with tempfile.TemporaryDirectory() as tmp:
        basis = Path(tmp) / "basis.sqlite"
        engine = make_engine(f"sqlite:///{basis}")
        bereid_voor(engine)
        for naam in ("nl_gemeenten_2024_cbs.gpkg", "nl_wijken_2024_cbs.gpkg", "nl_buurten_2019_gegeneraliseerd.gpkg"):
            gebieden.import_cbs(engine, data / naam)
        engine.dispose()
        for bestand, mapping in BESTANDEN.items():
            print(meet(data, bestand, None, basis), flush=True)
            if mapping:
                print(meet(data, bestand, PROJECT_ROOT / "data" / "mapping" / mapping, basis), flush=True)


if __name__ == "__main__":
    main()
