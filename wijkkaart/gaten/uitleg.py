"""The gap of a buurt in one plain-Dutch sentence, for a council memo.

For example: "1.840 inwoners, 27% 65+ (gem. 18%); dichtstbijzijnde collectief
aanbod op gemiddeld 1,3 km; geen aanbod in bereik op werkdagavonden en in het
weekend". Every number in it is a column of the result, so a reader can check it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..getallen import formatteer
from .behoefte import INDICATOREN
from .dagdelen import DAGDELEN

#: A day part counts as covered in the sentence when at least half the residents have it.
GEDEKT_VANAF = 0.5
MEERVOUD = {
    "werkdag_ochtend": "werkdagochtenden",
    "werkdag_middag": "werkdagmiddagen",
    "werkdag_avond": "werkdagavonden",
    "weekend_ochtend": "weekendochtenden",
    "weekend_middag": "weekendmiddagen",
    "weekend_avond": "weekendavonden",
}


@lru_cache(maxsize=65536)
def _aantal(x: float) -> str:
    return formatteer(float(x))


def afstand_tekst(meter: float) -> str:
    """``430 m`` below a kilometre, ``1,3 km`` above."""
    if not np.isfinite(meter):
        return "onbekend"
    if meter < 1000:
        return f"{formatteer(float(round(meter, -1)))} m"
    return f"{formatteer(round(meter / 1000, 1))} km"


def dagdelen_tekst(ontbrekend: list[str]) -> str:
    """Name missing day parts compactly: whole weekends and whole working days as one phrase.

    >>> dagdelen_tekst(["werkdag_middag", "werkdag_avond", "weekend_ochtend", "weekend_middag", "weekend_avond"])
    'op werkdagmiddagen, werkdagavonden en in het weekend'
    """
    delen: list[str] = []
    for soort, heel in (("werkdag", "op werkdagen"), ("weekend", "in het weekend")):
        eigen = [s for s in ontbrekend if s.startswith(soort)]
        if len(eigen) == 3:
            delen.append(heel)
        else:
            delen.extend(MEERVOUD[s] for s in eigen)
    if delen and not delen[0].startswith(("op ", "in ")):
        delen[0] = "op " + delen[0]
    return _opsomming(delen)


def _opsomming(woorden: list[str]) -> str:
    return woorden[0] if len(woorden) == 1 else ", ".join(woorden[:-1]) + " en " + woorden[-1]


def uitleg(
    buurten: pd.DataFrame, drempel_m: float, referentie: dict[str, float], aanbod_label: str = "collectief aanbod"
) -> list[str]:
    """Return one explanation per row of the analysed ``buurten`` (``referentie``: average per need indicator)."""
    drempel = afstand_tekst(drempel_m)
    kolommen = ["inwoners", "behoefte_bekend", "behoefte_basis", "afstand_m", "bereik", "aanbod_tijden_onbekend"]
    dekking = buurten[[f"dekking_{d.sleutel}" for d in DAGDELEN]].to_numpy().tolist()
    opvallend = _opvallend(buurten, referentie)
    teksten = []
    # Plain lists, not itertuples: this loop runs for every buurt of the country.
    for i, (inwoners, bekend, basis, afstand, bereik, onbekend) in enumerate(zip(*(buurten[k].tolist() for k in kolommen))):
        delen = []
        if pd.isna(inwoners):
            delen.append("aantal inwoners onbekend")
        elif inwoners == 0:
            teksten.append("geen inwoners")
            continue
        else:
            delen.append(f"{_aantal(inwoners)} inwoners")
        if opvallend[i]:
            delen[-1] += ", " + opvallend[i]
        if not bekend:
            delen.append(f"behoefte onbekend ({basis}), gerekend als gemiddeld")
        if not np.isfinite(afstand):
            delen.append(f"geen {aanbod_label} in de analyse")
            teksten.append("; ".join(delen))
            continue
        if bereik >= 0.995:
            delen.append(f"iedereen woont binnen {drempel} van {aanbod_label}")
        elif bereik <= 0.005:
            delen.append(f"dichtstbijzijnde {aanbod_label} op gemiddeld {afstand_tekst(afstand)}")
        else:
            delen.append(
                f"{formatteer(float(round(100 * bereik)))}% woont binnen {drempel} van {aanbod_label}; "
                f"gemiddeld {afstand_tekst(afstand)} tot het dichtstbijzijnde"
            )
        if bereik > 0.005:
            ontbrekend = [d.sleutel for d, w in zip(DAGDELEN, dekking[i]) if w < GEDEKT_VANAF]
            # "geen" only when nobody has it; when some do, say it holds for most residents.
            wie = "geen" if all(w == 0 for w in dekking[i] if w < GEDEKT_VANAF) else "voor de meeste inwoners geen"
            if len(ontbrekend) == len(DAGDELEN):
                delen.append(f"{wie} aanbod in bereik met bekende openingstijden")
            elif ontbrekend:
                delen.append(f"{wie} aanbod in bereik " + dagdelen_tekst(ontbrekend))
            else:
                delen.append("in bereik open op alle dagdelen")
            if onbekend:
                delen[-1] += f" (van {onbekend} aanbod in bereik zijn de tijden onbekend)"
        teksten.append("; ".join(delen))
    return teksten


def _opvallend(buurten: pd.DataFrame, referentie: dict[str, float]) -> list[str | None]:
    """Per buurt the known need indicator furthest above its average, as ``27% 65+`` (None if none is above)."""
    namen = [n for n in INDICATOREN if n in buurten and referentie.get(n, 0) > 0]
    if not namen:
        return [None] * len(buurten)
    waarden = buurten[namen].to_numpy(dtype=float)
    verhouding = waarden / np.array([referentie[n] for n in namen])
    verhouding = np.where(np.isfinite(verhouding), verhouding, -np.inf)
    beste = verhouding.argmax(axis=1)
    van_wijk = [(buurten[f"{n}_bron"] == "wijk").to_numpy() if f"{n}_bron" in buurten else np.zeros(len(buurten), bool) for n in namen]
    uit = []
    for i, j in enumerate(beste):
        if verhouding[i, j] <= 1.0:
            uit.append(None)
            continue
        ind = INDICATOREN[namen[j]]
        waarde = formatteer(round(float(waarden[i, j]), 1), "%" if ind.eenheid == "%" else "")
        tekst = f"{waarde} {ind.label}" if ind.eenheid == "%" else f"{ind.label}: {waarde}"
        uit.append(tekst + (" (cijfer van de wijk)" if van_wijk[j][i] else ""))
    return uit
