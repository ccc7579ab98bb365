"""CBS imports never silently degrade loaded data (both backends): ambiguous level, unknown columns, wrong CRS."""

from __future__ import annotations

import geopandas as gpd
import pytest
from sqlalchemy import select

from wijkkaart.diensten import gebieden as services
from wijkkaart.opslag.engine import transaction
from wijkkaart.opslag.tabellen.gebied import Gebied

from .conftest import dump
from .helpers import wijkkaart_cli

HUIZEN = "GM0406_huizen_cbs_2024.gpkg"


def _stand(engine) -> dict:
    """Per gemeente and wijk of Huizen (land parts): name, inwoners and % 65+."""
    with transaction(engine) as s:
        rijen = s.execute(
            select(Gebied.code, Gebied.naam, Gebied.inwoners, Gebied.pct_65_plus).where(
                Gebied.gemeentecode == "GM0406", Gebied.water.is_(False), Gebied.niveau.in_(["gemeente", "wijk"])
            )
        ).all()
    return {code: (naam, inw, pct) for code, naam, inw, pct in rijen}


@pytest.fixture
def huizen(engine, shared_data):
    services.import_cbs(engine, shared_data / HUIZEN)
    return engine


def test_a_wijk_file_with_a_generic_code_column_is_refused_not_read_as_a_gemeente(
    huizen, shared_data, tmp_path, database_url
):
    voor = dump(huizen)
    assert _stand(huizen)["GM0406"][1] == 41193
    wijken = gpd.read_file(shared_data / HUIZEN, layer="wijken")
    # What an export tool makes of it: the own code as "code", the gemeente's code beside it.
    wijken = wijken.rename(columns={"wijkcode": "code", "wijknaam": "naam"}).drop(columns=["gemeentenaam"])
    pad = tmp_path / "huizen_wijken.gpkg"
    wijken.to_file(pad, layer="wijken", driver="GPKG")
    uit = wijkkaart_cli("--database", database_url, "import-cbs", pad)
    assert uit.returncode == 2 and "Traceback" not in uit.stderr
    assert "dubbelzinnig" in uit.stderr and "'code'" in uit.stderr and "wijkcodes" in uit.stderr
    assert dump(huizen) == voor


def test_unrecognised_kerncijfer_columns_keep_stored_figures_unless_asked(huizen, shared_data, tmp_path, database_url):
    voor = _stand(huizen)
    assert voor["GM0406"][1] == 41193 and all(v[1] for v in voor.values())
    pad = tmp_path / "huizen_hernoemd.gpkg"
    for laag in ("gemeenten", "wijken"):
        frame = gpd.read_file(shared_data / HUIZEN, layer=laag)
        frame = frame.rename(
            columns={"aantal_inwoners": "inwonertal_totaal", "percentage_personen_65_jaar_en_ouder": "aandeel_65plus"}
        )
        frame.to_file(pad, layer=laag, driver="GPKG")
    uit = wijkkaart_cli("--database", database_url, "import-cbs", pad)
    assert uit.returncode == 0, uit.stderr
    na = _stand(huizen)
    # No figure became empty; inwoners (also derived from mannen + vrouwen in the file) are the same.
    assert {c: v[1] for c, v in na.items()} == {c: v[1] for c, v in voor.items()}
    assert all(v[2] is not None and abs(v[2] - voor[c][2]) < 1 for c, v in na.items())
    assert na["GM0406"][0] == "Huizen"
    assert "kolommen genegeerd" in uit.stdout and "inwonertal_totaal" in uit.stdout and "aandeel_65plus" in uit.stdout
    assert "bestaande waarden behouden" in uit.stdout and "--vervang-cijfers" in uit.stdout
    # Asked for: what the file does not give is emptied (the gemeente's inwoners, not derivable from this file).
    uit = wijkkaart_cli("--database", database_url, "import-cbs", pad, "--vervang-cijfers")
    assert uit.returncode == 0, uit.stderr
    assert _stand(huizen)["GM0406"][1] is None


def test_geometry_outside_the_netherlands_after_reprojection_is_refused(huizen, shared_data, tmp_path, database_url):
    voor = dump(huizen)
    frame = gpd.read_file(shared_data / HUIZEN, layer="wijken")
    # RD coordinates declared as Web Mercator: they land off the coast of Africa.
    fout = frame.set_crs(3857, allow_override=True)
    pad = tmp_path / "huizen_verkeerde_crs.gpkg"
    fout.to_file(pad, layer="wijken", driver="GPKG")
    uit = wijkkaart_cli("--database", database_url, "import-cbs", pad)
    assert uit.returncode == 2 and "Traceback" not in uit.stderr
    assert "buiten Nederland" in uit.stderr and "Pseudo-Mercator" in uit.stderr and "rij 1" in uit.stderr
    assert dump(huizen) == voor
