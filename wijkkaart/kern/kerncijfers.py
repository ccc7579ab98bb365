"""The one documented set of kerncijfers wijkkaart stores, and how CBS names map onto it.

CBS has published the same figures under at least four naming schemes:

* the Wijk- en Buurtkaart before 2022 (``AANT_INW``, ``P_65_EO_JR``, …);
* the Wijk- en Buurtkaart from 2022 (``aantal_inwoners``, ``percentage_personen_65_jaar_en_ouder``, …);
* camelCase exports of the same (``aantalInwoners``, ``percentagePersonen65JaarEnOuder``, …);
* StatLine table 85984NED and its yearly siblings (``AantalInwoners_5``, ``k_65JaarOfOuder_12``, …).

Column names are compared after :func:`normalise_name` (lower case, no separators,
StatLine's ``_<number>`` suffix removed), so one alias list per field covers all four.
Where a file carries a field under several names, the first alias with a value wins.

Secret or unknown values (CBS codes -99997, -99995, -99999999, StatLine ``.``/``x``,
empty cells) become NULL: they mean *unknown*, never zero.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .fouten import InvoerFout
from .getallen import ZONDER_EENHEID
from .taal import N_, gettext

#: CBS codes for secret, unknown or not applicable values.
CBS_ONBEKEND = frozenset({-99997, -99995, -99999999, -99999997, -99999998})
#: Text markers StatLine and spreadsheets use for a missing value.
TEKST_ONBEKEND = frozenset({"", ".", "x", "-", "?", "nan", "na", "null", "none", "geheim"})


@dataclass(frozen=True)
class Kerncijfer:
    """One normalised kerncijfer: its column name, Dutch label, unit and source aliases.

    ``label`` and ``eenheid_tekst`` are in the active language; ``label_nl`` and ``eenheid``
    are the source words (``eenheid`` doubles as a code: ``%``, ``aantal``, ``klasse``).
    """

    naam: str
    label_nl: str
    eenheid: str  # "aantal", "%", "per km²", "× € 1.000", "km", "ha", "klasse", "per 1.000"
    aliassen: tuple[str, ...]

    @property
    def is_percentage(self) -> bool:
        """True when the figure is a share in percent."""
        return self.eenheid == "%"

    @property
    def label(self) -> str:
        """The label in the active language."""
        return gettext(self.label_nl)

    @property
    def eenheid_tekst(self) -> str:
        """The unit as written after a figure; empty for counts and classes."""
        return "" if self.eenheid in ZONDER_EENHEID else gettext(self.eenheid)


#: Units as shown after a figure; listed for the catalogue (labels are extracted from ``_k`` calls).
EENHEDEN = (N_("personen"), N_("per km²"), N_("× € 1.000"), N_("km"), N_("ha"), N_("per 1.000"))


def _k(naam, label, eenheid, *aliassen):
    return Kerncijfer(naam, label, eenheid, tuple(aliassen))


#: The stored fields, in display order. Keep README's table in step (a test checks it).
KERNCIJFERS: tuple[Kerncijfer, ...] = (
    _k("inwoners", "Inwoners", "aantal", "aantalinwoners", "aantinw"),
    _k("mannen", "Mannen", "aantal", "mannen", "aantman"),
    _k("vrouwen", "Vrouwen", "aantal", "vrouwen", "aantvrouw"),
    _k("aantal_0_tot_15", "Inwoners 0–14 jaar", "aantal", "k0tot15jaar"),
    _k("aantal_15_tot_25", "Inwoners 15–24 jaar", "aantal", "k15tot25jaar"),
    _k("aantal_25_tot_45", "Inwoners 25–44 jaar", "aantal", "k25tot45jaar"),
    _k("aantal_45_tot_65", "Inwoners 45–64 jaar", "aantal", "k45tot65jaar"),
    _k("aantal_65_plus", "Inwoners 65 jaar en ouder", "aantal", "k65jaarofouder"),
    _k("pct_0_tot_15", "0–14 jaar", "%", "percentagepersonen0tot15jaar", "p0014jr"),
    _k("pct_15_tot_25", "15–24 jaar", "%", "percentagepersonen15tot25jaar", "p1524jr"),
    _k("pct_25_tot_45", "25–44 jaar", "%", "percentagepersonen25tot45jaar", "p2544jr"),
    _k("pct_45_tot_65", "45–64 jaar", "%", "percentagepersonen45tot65jaar", "p4564jr"),
    _k("pct_65_plus", "65 jaar en ouder", "%", "percentagepersonen65jaarenouder", "p65eojr"),
    _k("huishoudens", "Huishoudens", "aantal", "aantalhuishoudens", "huishoudenstotaal", "aantalhh"),
    _k("eenpersoonshuishoudens", "Eenpersoonshuishoudens", "aantal", "eenpersoonshuishoudens"),
    _k(
        "pct_eenpersoonshuishoudens",
        "Eenpersoonshuishoudens",
        "%",
        "percentageeenpersoonshuishoudens",
        "peenphh",
    ),
    _k(
        "pct_huishoudens_met_kinderen",
        "Huishoudens met kinderen",
        "%",
        "percentagehuishoudensmetkinderen",
        "phhmk",
    ),
    _k(
        "gem_huishoudensgrootte",
        "Gemiddelde huishoudensgrootte",
        "personen",
        "gemiddeldehuishoudsgrootte",
        "gemiddeldehuishoudensgrootte",
        "gemhhgr",
    ),
    _k(
        "bevolkingsdichtheid",
        "Bevolkingsdichtheid",
        "per km²",
        "bevolkingsdichtheidinwonersperkm2",
        "bevolkingsdichtheid",
        "bevdichth",
    ),
    _k("pct_koopwoningen", "Koopwoningen", "%", "percentagekoopwoningen", "koopwoningen", "pkoopwon"),
    _k(
        "pct_huurwoningen",
        "Huurwoningen",
        "%",
        "percentagehuurwoningen",
        "huurwoningentotaal",
        "phuurwon",
    ),
    _k(
        "pct_corporatiewoningen",
        "Huurwoningen van een corporatie",
        "%",
        "perchuurwoningeninbezitwoningcorporaties",
        "inbezitwoningcorporatie",
        "pwcorpw",
    ),
    _k(
        "gem_woz_waarde",
        "Gemiddelde WOZ-waarde",
        "× € 1.000",
        "gemiddeldewoningwaarde",
        "gemiddeldewozwaardevanwoningen",
        "woz",
    ),
    _k(
        "gem_inkomen_per_inwoner",
        "Gemiddeld inkomen per inwoner",
        "× € 1.000",
        "gemiddeldinkomenperinwoner",
        "inkinw",
    ),
    _k(
        "pct_huishoudens_laag_inkomen",
        "Huishoudens met de 40% laagste inkomens",
        "%",
        "k40huishoudensmetlaagsteinkomen",
    ),
    _k(
        "bijstand",
        "Personen met bijstand",
        "aantal",
        "aantalpersonenmeteenalgbijstandsuitkeringtot",
        "personenpersoortuitkeringbijstand",
    ),
    _k(
        "aow",
        "Personen met AOW",
        "aantal",
        "aantalpersonenmeteenaowuitkeringtotaal",
        "personenpersoortuitkeringaow",
    ),
    _k("wmo_clienten", "Wmo-cliënten", "aantal", "wmoclienten"),
    _k("wmo_clienten_per_1000", "Wmo-cliënten", "per 1.000", "wmoclientenrelatief"),
    _k(
        "oppervlakte_land_ha",
        "Oppervlakte land",
        "ha",
        "oppervlaktelandinha",
        "oppervlakteland",
        "opland",
    ),
    _k(
        "stedelijkheid",
        "Stedelijkheid (1 = zeer sterk, 5 = niet)",
        "klasse",
        "stedelijkheidadressenperkm2",
        "matevanstedelijkheid",
        "sted",
    ),
    _k(
        "omgevingsadressendichtheid",
        "Omgevingsadressendichtheid",
        "per km²",
        "omgevingsadressendichtheid",
    ),
    _k(
        "afstand_huisarts_km",
        "Afstand tot huisartsenpraktijk",
        "km",
        "huisartsenpraktijkgemiddeldeafstandinkm",
        "afstandtothuisartsenpraktijk",
    ),
)

BY_NAAM = {k.naam: k for k in KERNCIJFERS}

#: Percentages derived from counts when a file has the count but not the share.
AFGELEIDE_PERCENTAGES = {
    "pct_0_tot_15": ("aantal_0_tot_15", "inwoners"),
    "pct_15_tot_25": ("aantal_15_tot_25", "inwoners"),
    "pct_25_tot_45": ("aantal_25_tot_45", "inwoners"),
    "pct_45_tot_65": ("aantal_45_tot_65", "inwoners"),
    "pct_65_plus": ("aantal_65_plus", "inwoners"),
    "pct_eenpersoonshuishoudens": ("eenpersoonshuishoudens", "huishoudens"),
}

_STATLINE_SUFFIX = re.compile(r"_\d+$")


def normalise_name(column: str) -> str:
    """Return ``column`` in the form the alias lists use.

    >>> normalise_name("k_65JaarOfOuder_12"), normalise_name("P_65_EO_JR")
    ('k65jaarofouder', 'p65eojr')
    """
    name = column.strip()
    # StatLine suffixes its keys with a running number (``AantalInwoners_5``);
    # only camel-cased StatLine keys have one, snake_case CBS names never end in a bare number.
    if re.search(r"[a-z][A-Z]|^[A-Z][a-z]|^k_\d", name) and _STATLINE_SUFFIX.search(name):
        name = _STATLINE_SUFFIX.sub("", name)
    return re.sub(r"[^a-z0-9]", "", name.lower())


_DUIZENDTALLEN = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def _tekst_als_getal(text: str, aantal: bool) -> float | None:
    """A number as Dutch (or English) spreadsheets write it; None when it is none.

    "1.530" is 1530 for a count (a dot before three digits separates thousands)
    and 1.53 otherwise; "1.234,5" is Dutch, "1,234.5" English; "12,5" a decimal comma.
    """
    tekst = text.replace(" ", "").replace("\u00a0", "")
    if aantal and _DUIZENDTALLEN.match(tekst):
        tekst = tekst.replace(".", "").replace(",", ".")
    elif "," in tekst and "." in tekst:
        tekst = (
            tekst.replace(".", "").replace(",", ".") if tekst.rfind(",") > tekst.rfind(".") else tekst.replace(",", "")
        )
    elif tekst.count(",") == 1:
        tekst = tekst.replace(",", ".")
    try:
        return float(tekst)
    except ValueError:
        return None


def _to_number(value, bestand, rij, veld, kerncijfer: Kerncijfer | None = None):
    """A cell as a number as the file means it; CBS's secret and unknown codes as NaN; impossible values refused.

    Raises
    ------
    InvoerFout
        For text that is no number, infinity, a negative figure or a share over 100 %.
    """
    if value is None:
        return math.nan
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip()
        if text.lower() in TEKST_ONBEKEND:
            return math.nan
        number = _tekst_als_getal(text, aantal=kerncijfer is not None and kerncijfer.eenheid == "aantal")
        if number is None:
            raise InvoerFout(bestand, f"{text!r} is geen getal", rij=rij, veld=veld)
    if math.isnan(number) or number in CBS_ONBEKEND:
        return math.nan
    if math.isinf(number):
        raise InvoerFout(bestand, f"{value!r} is geen eindig getal", rij=rij, veld=veld)
    if kerncijfer is not None and number < 0:
        raise InvoerFout(
            bestand, f"{value!r}: een {kerncijfer.label_nl.lower()} kan niet negatief zijn", rij=rij, veld=veld
        )
    if kerncijfer is not None and kerncijfer.is_percentage and number > 100:
        raise InvoerFout(bestand, f"{value!r}: een percentage is hoogstens 100", rij=rij, veld=veld)
    return number


def normalise(frame: pd.DataFrame, bestand, rijnummers=None) -> pd.DataFrame:
    """Return the kerncijfers of ``frame`` as the documented fields, unknowns as NaN.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows as read from a CBS file, with their original column names.
    bestand : str or path
        The file, for error messages.
    rijnummers : sequence of int, optional
        The row number of each row in the file (default: 1, 2, …).

    Returns
    -------
    pandas.DataFrame
        One column per :data:`KERNCIJFERS` entry, float, indexed like ``frame``.
    """
    rijnummers = list(rijnummers) if rijnummers is not None else list(range(1, len(frame) + 1))
    # Several columns may share a normalised name (a file carrying both the
    # Wijk- en Buurtkaart and the StatLine spelling): all are read, in file order.
    by_norm: dict[str, list[str]] = {}
    for column in frame.columns:
        by_norm.setdefault(normalise_name(str(column)), []).append(column)
    out = pd.DataFrame(index=frame.index)
    for veld in KERNCIJFERS:
        values = pd.Series(np.nan, index=frame.index, dtype="float64")
        for column in (c for alias in veld.aliassen for c in by_norm.get(alias, ())):
            converted = pd.Series(
                [
                    _to_number(v, bestand, r, column, veld)
                    for v, r in zip(frame[column].tolist(), rijnummers, strict=True)
                ],
                index=frame.index,
                dtype="float64",
            )
            values = values.fillna(converted)
        out[veld.naam] = values
    return derive(out)


def derive(cijfers: pd.DataFrame) -> pd.DataFrame:
    """Fill percentages that are missing but follow from counts (rounded to 1 decimal)."""
    cijfers = cijfers.copy()
    for pct, (teller, noemer) in AFGELEIDE_PERCENTAGES.items():
        if teller not in cijfers or noemer not in cijfers:
            continue
        noemers = cijfers[noemer].where(cijfers[noemer] > 0)
        afgeleid = (100.0 * cijfers[teller] / noemers).round(1)
        cijfers[pct] = cijfers[pct].fillna(afgeleid)
    return cijfers


def present(cijfers: pd.DataFrame) -> list[Kerncijfer]:
    """Return the fields that have at least one known value in ``cijfers``."""
    return [k for k in KERNCIJFERS if k.naam in cijfers and cijfers[k.naam].notna().any()]


#: Below this many inwoners a percentage says little ("100 % 65+" for 5 inhabitants): shown greyed
#: with "te weinig inwoners" and left out of the map's class breaks.
MIN_INWONERS_PERCENTAGE = 100


def te_weinig_inwoners(inwoners) -> np.ndarray:
    """Per region: True where the number of inwoners is known and below :data:`MIN_INWONERS_PERCENTAGE`.

    Unknown inwoners are not "too few": such a region keeps its percentage (CBS
    hides the number, not the share, of small areas only when it is secret).
    """
    aantal = pd.to_numeric(pd.Series(inwoners, dtype="object"), errors="coerce").to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        return aantal < MIN_INWONERS_PERCENTAGE


def weinig_inwoners_voor(kerncijfer: Kerncijfer | None, gebieden: pd.DataFrame) -> np.ndarray | None:
    """Per region of ``gebieden``: too few inwoners to show ``kerncijfer`` as a class.

    None when the rule does not apply: no figure, not a percentage, or no inwoners column.
    """
    if kerncijfer is None or kerncijfer.eenheid != "%" or "inwoners" not in gebieden:
        return None
    return te_weinig_inwoners(gebieden["inwoners"])
