"""Normalising CBS field names and values (pure, no database)."""

import math

import pandas as pd
import pytest

from wijkkaart.kern.fouten import InvoerFout
from wijkkaart.kern.kerncijfers import KERNCIJFERS, normalise
from wijkkaart.kern.settings import PROJECT_ROOT


@pytest.mark.parametrize(
    "column",
    ["aantal_inwoners", "AANT_INW", "aantalInwoners", "AantalInwoners_5"],
)
def test_every_cbs_naming_scheme_maps_to_inwoners(column):
    frame = pd.DataFrame({column: [1234]})
    assert normalise(frame, "x.csv")["inwoners"].tolist() == [1234.0]


@pytest.mark.parametrize(
    "column", ["percentage_personen_65_jaar_en_ouder", "P_65_EO_JR", "percentagePersonen65JaarEnOuder"]
)
def test_every_scheme_maps_to_pct_65_plus(column):
    assert normalise(pd.DataFrame({column: [17]}), "x")["pct_65_plus"].tolist() == [17.0]


@pytest.mark.parametrize("secret", [-99997, -99995, -99999999, "-99997", None, "", ".", "x"])
def test_secret_and_unknown_values_become_null_not_zero(secret):
    result = normalise(pd.DataFrame({"aantal_inwoners": [secret]}), "x")
    assert math.isnan(result["inwoners"].iloc[0])


def test_a_value_that_is_not_a_number_names_file_row_and_field():
    frame = pd.DataFrame({"AantalInwoners_5": ["120", "veel"]})
    with pytest.raises(InvoerFout) as err:
        normalise(frame, "kwb.csv", rijnummers=[2, 3])
    assert str(err.value) == "kwb.csv, rij 3, veld 'AantalInwoners_5': 'veel' is geen getal"


def test_share_is_derived_from_counts_when_only_counts_are_given():
    frame = pd.DataFrame(
        {
            "AantalInwoners_5": [2000],
            "k_65JaarOfOuder_12": [500],
            "HuishoudensTotaal_29": [1000],
            "Eenpersoonshuishoudens_30": [455],
        }
    )
    result = normalise(frame, "x")
    assert result["pct_65_plus"].iloc[0] == 25.0
    assert result["pct_eenpersoonshuishoudens"].iloc[0] == 45.5


def test_snake_case_wins_and_statline_fills_its_gaps():
    frame = pd.DataFrame({"aantal_inwoners": [-99997, 50], "AantalInwoners_5": [40, 60]})
    assert normalise(frame, "x")["inwoners"].tolist() == [40.0, 50.0]


def test_readme_documents_every_stored_field():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [k.naam for k in KERNCIJFERS if f"`{k.naam}`" not in readme]
    assert missing == []


def test_legend_counts_unknowns_from_any_iterable():
    from wijkkaart.kern.kerncijfers import BY_NAAM
    from wijkkaart.uitvoer.kaarten import legenda

    values = [10.0, None, 20.0, float("nan"), 30.0]
    from_list = legenda(BY_NAAM["pct_65_plus"], values)
    from_generator = legenda(BY_NAAM["pct_65_plus"], (v for v in values))
    assert from_list.onbekend == from_generator.onbekend == 2
    assert [k.label for k in from_generator.klassen] == ["10%", "> 10% – 20%", "> 20% – 30%"]


@pytest.mark.parametrize(
    ("kolom", "waarde", "verwacht"),
    [
        ("aantal_inwoners", "1.530", 1530.0),  # a Dutch thousands separator in a count
        ("aantal_inwoners", "41.193", 41193.0),
        ("aantal_inwoners", "1.234,5", 1234.5),
        ("percentage_personen_65_jaar_en_ouder", "12,5", 12.5),
        ("percentage_personen_65_jaar_en_ouder", "1.530", 1.53),  # a share is no thousand-fold
    ],
)
def test_numbers_as_dutch_spreadsheets_write_them(kolom, waarde, verwacht):
    assert normalise(pd.DataFrame({kolom: [waarde]}), "t.csv").iloc[0][
        "inwoners" if kolom == "aantal_inwoners" else "pct_65_plus"
    ] == pytest.approx(verwacht)


@pytest.mark.parametrize(
    ("kolom", "waarde", "reden"),
    [
        ("aantal_inwoners", "-120", "kan niet negatief zijn"),
        ("percentage_personen_65_jaar_en_ouder", "250", "hoogstens 100"),
        ("aantal_inwoners", "inf", "geen eindig getal"),
    ],
)
def test_impossible_figures_are_refused_with_row_and_field(kolom, waarde, reden):
    with pytest.raises(InvoerFout, match=rf"t\.csv, rij 2, veld '{kolom}': .*{reden}"):
        normalise(pd.DataFrame({kolom: [waarde]}), "t.csv", [2])
