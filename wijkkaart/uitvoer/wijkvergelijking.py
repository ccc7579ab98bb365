"""The wijken of a gemeente side by side: kerncijfers, aanbod per soort, gap roll-ups and day-part coverage.

One table for the page, the CLI (``wijkkaart gaps --per wijk``) and the
spreadsheet: its rows are the analysis's wijk roll-up rounded as the XLSX's
``wijken`` sheet rounds it (:func:`~.gatentabel.optelling`), with the same
headers (:func:`~.gatentabel.koppen_optelling`), so the three never differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..gaten.analyse import AANBOD_SOORT, DAGDEEL_KOLOMMEN, GatAnalyse
from ..gaten.behoefte import INDICATOREN
from ..kern.getallen import formatteer_vast, gewone_waarde
from ..kern.taal import N_
from ..kern.taal import gettext as _
from .gatentabel import koppen_optelling, optelling

#: Column groups in the order the table shows them (Dutch source, translated when shown).
GROEPEN = {
    "kerncijfers": N_("Wie er wonen"),
    "aanbod": N_("Aanbod in de wijk"),
    "gaten": N_("Gaten"),
    "dagdelen": N_("Dekking per dagdeel"),
}


@dataclass(frozen=True)
class Kolom:
    """One column: the roll-up's column name, its header, its group and how a value reads.

    ``soort`` is ``tekst``, ``aantal`` (a count), ``aandeel`` (a share 0–1, shown as %),
    or ``getal`` (a figure with ``eenheid``).
    """

    sleutel: str
    kop: str
    groep: str
    soort: str
    eenheid: str = ""
    #: Decimals of a ``getal``: those of the XLSX, so the page shows the figures the spreadsheet holds.
    decimalen: int = 0

    def tekst(self, waarde) -> str:
        """``waarde`` as the table shows it, in the active language ("onbekend" when unknown)."""
        if waarde is not None and self.soort == "aandeel":
            return formatteer_vast(100 * waarde, 0, "%")
        return formatteer_vast(waarde, self.decimalen if self.soort == "getal" else 0, self.eenheid)


@dataclass
class Wijkvergelijking:
    """The wijken's rows (highest gap score first), the gemeente's row to compare with, and the columns."""

    kolommen: list[Kolom]
    rijen: list[dict]
    gemeente: dict | None

    @property
    def groepen(self) -> list[tuple[str, int]]:
        """(header, number of columns) of each column group, for a two-row table head."""
        uit: list[tuple[str, int]] = []
        for k in self.kolommen:
            if uit and uit[-1][0] == _(GROEPEN[k.groep]):
                uit[-1] = (uit[-1][0], uit[-1][1] + 1)
            else:
                uit.append((_(GROEPEN[k.groep]), 1))
        return uit


def _kolommen(analyse: GatAnalyse, wijken: pd.DataFrame) -> list[Kolom]:
    koppen = koppen_optelling(analyse, "wijk")
    bekend = [n for n in INDICATOREN if n in wijken and wijken[n].notna().any()]
    soorten = sorted(c for c in wijken.columns if c.startswith(AANBOD_SOORT))
    return [
        Kolom("inwoners", koppen["inwoners"], "kerncijfers", "aantal"),
        *(Kolom(n, koppen[n], "kerncijfers", "getal", INDICATOREN[n].eenheid, 1) for n in bekend),
        # Under the group header "Aanbod in de wijk" the total needs no more words than that.
        Kolom("aanbod_in_gebied", _("Totaal"), "aanbod", "aantal"),
        *(Kolom(c, koppen[c], "aanbod", "aantal") for c in soorten),
        Kolom("score", koppen["score"], "gaten", "getal", decimalen=1),
        Kolom("behoefte", koppen["behoefte"], "gaten", "getal", decimalen=2),
        Kolom("bereik", koppen["bereik"], "gaten", "aandeel"),
        Kolom("inwoners_zonder_bereik", koppen["inwoners_zonder_bereik"], "gaten", "aantal"),
        *(Kolom(c, koppen[c], "dagdelen", "aandeel") for c in [*DAGDEEL_KOLOMMEN, "tijddekking"]),
    ]


def _rij(rij: pd.Series, kolommen: list[Kolom]) -> dict:
    uit = {"code": rij["code"], "naam": gewone_waarde(rij.get("naam")) or rij["code"]}
    for k in kolommen:
        uit[k.sleutel] = gewone_waarde(rij.get(k.sleutel))
    return uit


def wijkvergelijking(analyse: GatAnalyse, gemeentecode: str) -> Wijkvergelijking:
    """The wijken of ``gemeentecode`` in ``analyse``, side by side, and the gemeente's row."""
    wijken = optelling(analyse.wijken, analyse)
    wijken = wijken[wijken["code"].str[2:6] == gemeentecode[2:]]
    kolommen = _kolommen(analyse, wijken)
    gemeenten = optelling(analyse.gemeenten, analyse)
    gemeente = gemeenten[gemeenten["code"] == gemeentecode]
    return Wijkvergelijking(
        kolommen=kolommen,
        rijen=[_rij(r, kolommen) for _i, r in wijken.iterrows()],
        gemeente=_rij(gemeente.iloc[0], kolommen) if len(gemeente) else None,
    )


def als_frame(vergelijking: Wijkvergelijking) -> pd.DataFrame:
    """The comparison as a DataFrame with machine column names (code, naam, then the columns), gemeente row last."""
    namen = ["code", "naam", *(k.sleutel for k in vergelijking.kolommen)]
    rijen = [*vergelijking.rijen, *([vergelijking.gemeente] if vergelijking.gemeente else [])]
    return pd.DataFrame([[r.get(n) for n in namen] for r in rijen], columns=namen)
