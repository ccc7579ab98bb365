"""The need index of a buurt, from its kerncijfers.

Each indicator is compared with a reference (by default the inwoner-weighted
average of the analysed buurten): 27% 65+ against an average of 18% gives
1.5. The index is the weighted mean of these ratios over the indicators that
are *known* for the buurt, so 1.0 means "average need". Each ratio is capped
at :data:`MAX_VERHOUDING`, so one extreme figure in a tiny buurt cannot
dominate.

Unknown values are never read as zero. A buurt figure that CBS kept secret is
taken from the buurt's wijk when that is known (the explanation says so);
otherwise the indicator is left out and the weights of the others count. A
buurt with no known indicator has an unknown need (``NaN``); the gap score
then counts it as average need and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..kern.fouten import OngeldigeVraag
from ..kern.getallen import formatteer
from ..kern.taal import N_, gettext


@dataclass(frozen=True)
class Indicator:
    """One need indicator: its column, label for explanations (Dutch source, translated when shown), and unit."""

    naam: str
    label_nl: str
    eenheid: str

    @property
    def label(self) -> str:
        """The label in the active language."""
        return gettext(self.label_nl)


INDICATOREN: dict[str, Indicator] = {
    i.naam: i
    for i in (
        Indicator("pct_65_plus", N_("65+"), "%"),
        Indicator("pct_eenpersoonshuishoudens", N_("eenpersoonshuishoudens"), "%"),
        Indicator("pct_huishoudens_laag_inkomen", N_("huishoudens met laag inkomen"), "%"),
        Indicator("bijstand_per_1000", N_("bijstand per 1.000 inwoners"), "per 1.000"),
        Indicator("wmo_clienten_per_1000", N_("Wmo-cliënten per 1.000 inwoners"), "per 1.000"),
    )
}
#: Default weights; configurable per run (CLI ``--gewicht``). Wmo is off by default
#: because it measures individual care already given rather than need for collective offer.
STANDAARD_GEWICHTEN = {
    "pct_65_plus": 1.0,
    "pct_eenpersoonshuishoudens": 1.0,
    "pct_huishoudens_laag_inkomen": 1.0,
    "bijstand_per_1000": 1.0,
    "wmo_clienten_per_1000": 0.0,
}
MAX_VERHOUDING = 3.0


def indicatorwaarden(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the indicator columns of ``frame``, deriving per-1.000 figures from counts."""
    uit = pd.DataFrame(index=frame.index)
    inwoners = pd.to_numeric(frame.get("inwoners"), errors="coerce") if "inwoners" in frame else None
    for naam in INDICATOREN:
        if naam in frame:
            uit[naam] = pd.to_numeric(frame[naam], errors="coerce")
        elif naam == "bijstand_per_1000" and "bijstand" in frame and inwoners is not None:
            teller = pd.to_numeric(frame["bijstand"], errors="coerce")
            uit[naam] = (teller / inwoners.where(inwoners > 0) * 1000).astype(float)
        else:
            uit[naam] = np.nan
    return uit.astype(float)


def referentiewaarden(waarden: pd.DataFrame, inwoners: pd.Series) -> dict[str, float]:
    """Inwoner-weighted average of each indicator over the rows where both are known (plain mean without inwoners)."""
    ref = {}
    w = pd.to_numeric(inwoners, errors="coerce")
    for naam in waarden:
        x = waarden[naam]
        ok = x.notna() & w.notna() & (w > 0)
        if ok.any():
            ref[naam] = float(np.average(x[ok], weights=w[ok]))
        elif x.notna().any():
            # No buurt has known inwoners (a file with codes only): every buurt counts the same.
            ref[naam] = float(x.mean())
        else:
            ref[naam] = np.nan
    return ref


def bereken_behoefte(
    buurten: pd.DataFrame,
    gewichten: dict[str, float] | None = None,
    wijken: pd.DataFrame | None = None,
    referentie: dict[str, float] | None = None,
    min_inwoners: float = 0,
) -> pd.DataFrame:
    """Return the need index per buurt with what it was based on.

    Parameters
    ----------
    buurten
        Rows with ``inwoners``, ``wijkcode`` and indicator columns (or
        ``bijstand`` counts); NaN means unknown.
    gewichten
        Weight per indicator name (default :data:`STANDAARD_GEWICHTEN`).
    wijken
        Optional kerncijfers of the wijken, indexed by wijkcode, used where a
        buurt figure is unknown.
    referentie
        Reference value per indicator; default the inwoner-weighted average
        over ``buurten``.
    min_inwoners
        Below this many inwoners the percentages of a buurt are too unsteady
        (three people more or less swing them by ten points): the need is left
        unknown there, with that reason.

    Returns
    -------
    pandas.DataFrame
        ``behoefte`` (NaN when nothing is known), ``behoefte_basis`` (the
        indicators used, e.g. ``"65+ 27% (gem. 18%); eenpersoonshuishoudens 52% (wijk)"``),
        and per indicator its value and source (``buurt``/``wijk``/``onbekend``).
    """
    gewichten = STANDAARD_GEWICHTEN if gewichten is None else gewichten
    onbekend = sorted(set(gewichten) - set(INDICATOREN))
    if onbekend:
        raise OngeldigeVraag(
            f"onbekende indicator(en) voor de behoefte: {', '.join(onbekend)} (kies uit {', '.join(INDICATOREN)})"
        )
    actief = [n for n, w in gewichten.items() if w > 0]
    waarden = indicatorwaarden(buurten)[actief] if actief else pd.DataFrame(index=buurten.index)
    bron = pd.DataFrame("buurt", index=buurten.index, columns=actief).where(waarden.notna(), "onbekend")
    if wijken is not None and len(wijken) and actief:
        van_wijk = indicatorwaarden(wijken)[actief].reindex(buurten["wijkcode"].to_numpy())
        van_wijk.index = buurten.index
        vullen = waarden.isna() & van_wijk.notna()
        waarden = waarden.where(~vullen, van_wijk)
        bron = bron.mask(vullen, "wijk")
    ref = referentiewaarden(waarden, buurten.get("inwoners", pd.Series(np.nan, index=buurten.index)))
    if referentie:
        ref.update({k: float(v) for k, v in referentie.items() if k in ref})
    teller = np.zeros(len(buurten))
    noemer = np.zeros(len(buurten))
    for naam in actief:
        r = ref.get(naam, np.nan)
        if not np.isfinite(r) or r <= 0:
            continue  # nobody in the area has a known value: the indicator cannot say anything
        verhouding = np.minimum(waarden[naam].to_numpy() / r, MAX_VERHOUDING)
        bekend = np.isfinite(verhouding)
        teller += np.where(bekend, gewichten[naam] * verhouding, 0.0)
        noemer += np.where(bekend, gewichten[naam], 0.0)
    uit = pd.DataFrame(index=buurten.index)
    uit["behoefte"] = np.divide(teller, noemer, out=np.full(len(buurten), np.nan), where=noemer > 0)
    for naam in actief:
        uit[naam] = waarden[naam]
        uit[f"{naam}_bron"] = bron[naam]
    uit["behoefte_basis"] = _basis(waarden, bron, ref, actief)
    inwoners = pd.to_numeric(buurten.get("inwoners", pd.Series(np.nan, index=buurten.index)), errors="coerce")
    te_klein = (inwoners < min_inwoners).to_numpy()
    uit.loc[te_klein, "behoefte"] = np.nan
    uit.loc[te_klein, "behoefte_basis"] = gettext(
        "minder dan %(aantal)s inwoners: percentages te onzeker", aantal=formatteer(float(min_inwoners))
    )
    uit.attrs["referentie"] = ref
    return uit


def _basis(waarden, bron, ref, actief) -> list[str]:
    """Per buurt the indicators the index used, as text (columns first: this runs for the whole country)."""
    delen_per_rij = [[] for _ in range(len(waarden))]
    van_wijk = " [" + gettext("cijfer van de wijk") + "]"
    for naam in actief:
        ind = INDICATOREN[naam]
        label = gettext(ind.label)
        gem = (
            " (" + gettext("gem. %(waarde)s", waarde=_waarde(ref[naam], ind)) + ")"
            if np.isfinite(ref.get(naam, np.nan))
            else ""
        )
        uit_wijk = (bron[naam] == "wijk").to_numpy()
        x = waarden[naam].to_numpy().round(1)
        # Percentages repeat a lot: format each distinct value once.
        tekst = {v: _waarde(v, ind) for v in np.unique(x[np.isfinite(x)]).tolist()}
        for i, v in enumerate(x.tolist()):
            if v in tekst:
                delen_per_rij[i].append(f"{label} {tekst[v]}{gem}{van_wijk if uit_wijk[i] else ''}")
    geen = gettext("geen kerncijfers bekend")
    return ["; ".join(d) if d else geen for d in delen_per_rij]


def _waarde(x: float, ind: Indicator) -> str:
    return formatteer(round(x, 1), "%" if ind.eenheid == "%" else "")
