"""The gap of a buurt in one plain sentence (Dutch, or English when chosen), for a council memo.

For example: "1.840 inwoners, 27% 65+ (gem. 18%); dichtstbijzijnde collectief
aanbod op gemiddeld 1,3 km; geen aanbod in bereik op werkdagavonden en in het
weekend". Every number in it is a column of the result, so a reader can check it.
"""

from __future__ import annotations

from functools import cache, lru_cache, partial

import numpy as np
import pandas as pd

from ..kern import taal
from ..kern.dagdelen import DAGDELEN
from ..kern.getallen import formatteer
from ..kern.lopen import loopminuten
from ..kern.taal import N_, opsomming
from ..kern.taal import gettext as _
from .behoefte import INDICATOREN

#: A day part counts as covered in the sentence when at least half the residents have it.
GEDEKT_VANAF = 0.5
MEERVOUD = {
    "werkdag_ochtend": N_("werkdagochtenden"),
    "werkdag_middag": N_("werkdagmiddagen"),
    "werkdag_avond": N_("werkdagavonden"),
    "weekend_ochtend": N_("weekendochtenden"),
    "weekend_middag": N_("weekendmiddagen"),
    "weekend_avond": N_("weekendavonden"),
}
HEEL = {"werkdag": N_("op werkdagen"), "weekend": N_("in het weekend")}


@lru_cache(maxsize=65536)
def _aantal(x: float, taal_: str) -> str:
    """A resident count in the active notation; the language is part of the cache key (1.840 / 1,840)."""
    return formatteer(float(x))


def afstand_tekst(meter: float, lopen: bool = False) -> str:
    """``430 m`` below a kilometre, ``1,3 km`` above (in Dutch notation when Dutch is active).

    With ``lopen`` (distances over the walking network) the minutes come
    first: ``6 minuten lopen (430 m)``.
    """
    if not np.isfinite(meter):
        return _("onbekend")
    if lopen:
        minuten = loopminuten(meter)
        return taal.ngettext(
            "%(num)s minuut lopen (%(afstand)s)",
            "%(num)s minuten lopen (%(afstand)s)",
            minuten,
            afstand=afstand_tekst(meter),
        )
    if meter < 1000:
        return f"{formatteer(float(round(meter, -1)))} m"
    return f"{formatteer(round(meter / 1000, 1))} km"


def dagdelen_tekst(ontbrekend: list[str]) -> str:
    """Name missing day parts compactly: whole weekends and whole working days as one phrase.

    >>> dagdelen_tekst(["werkdag_middag", "werkdag_avond", "weekend_ochtend", "weekend_middag", "weekend_avond"])
    'op werkdagmiddagen, werkdagavonden en in het weekend'
    """
    delen: list[str] = []
    eerste_heel = None
    for soort in ("werkdag", "weekend"):
        eigen = [s for s in ontbrekend if s.startswith(soort)]
        if len(eigen) == 3:
            delen.append(_(HEEL[soort]))
        else:
            delen.extend(_(MEERVOUD[s]) for s in eigen)
        if eigen and eerste_heel is None:
            eerste_heel = len(eigen) == 3
    if delen and not eerste_heel:
        # A list of day parts gets its preposition once, in front ("op werkdagmiddagen, …").
        delen[0] = _("op %(dagdelen)s", dagdelen=delen[0])
    return opsomming(delen)


def uitleg(buurten: pd.DataFrame, drempel_m: float, referentie: dict[str, float], lopen: bool = False) -> list[str]:
    """Return one explanation per row of the analysed ``buurten`` (``referentie``: average per need indicator).

    With ``lopen`` distances were walked over the network: the sentences say
    minutes, and name woonpunten that lie too far from any walkable way.
    """
    drempel = afstand_tekst(drempel_m, lopen)
    kolommen = ["inwoners", "behoefte_bekend", "behoefte_basis", "afstand_m", "bereik", "aanbod_tijden_onbekend"]
    dekking = buurten[[f"dekking_{d.sleutel}" for d in DAGDELEN]].to_numpy(dtype=float)
    # Per buurt, as numbers: which day parts are missing (bits), and whether nobody has any of them
    # ("geen" only when nobody has it; when some do, the sentence says it holds for most residents).
    tekort = dekking < GEDEKT_VANAF
    ontbrekend = (tekort * (1 << np.arange(len(DAGDELEN)))).sum(axis=1).tolist()
    niemand = (~(tekort & (dekking != 0)).any(axis=1)).tolist()
    opvallend = _opvallend(buurten, referentie)
    buiten_netwerk = (
        buurten["woonpunten_buiten_netwerk"].tolist() if "woonpunten_buiten_netwerk" in buurten else [0] * len(buurten)
    )
    # The fixed phrases once per call, not once per buurt: this runs for every buurt of the country.
    actief = taal.actief()
    t = {
        "inwoners_onbekend": _("aantal inwoners onbekend"),
        "geen_inwoners": _("geen inwoners"),
        "geen_aanbod": _("geen collectief aanbod in de analyse"),
        "iedereen": _("iedereen woont binnen %(drempel)s van collectief aanbod", drempel=drempel),
        "alle_dagdelen": _("in bereik open op alle dagdelen"),
    }
    # Few buurten differ in which day parts they miss: each combination is phrased once per call.
    dagdelen_zin = cache(partial(_dagdelen_zin, t=t))
    teksten = []
    # Plain lists, not itertuples: this loop runs for every buurt of the country.
    for i, (inwoners, bekend, basis, afstand, bereik, onbekend) in enumerate(
        zip(*(buurten[k].tolist() for k in kolommen), strict=True)
    ):
        delen = []
        if pd.isna(inwoners):
            delen.append(t["inwoners_onbekend"])
        elif inwoners == 0:
            teksten.append(t["geen_inwoners"])
            continue
        else:
            delen.append(_("%(aantal)s inwoners", aantal=_aantal(inwoners, actief)))
        if opvallend[i]:
            delen[-1] += ", " + opvallend[i]
        if not bekend:
            delen.append(_("behoefte onbekend (%(basis)s), gerekend als gemiddeld", basis=basis))
        if not np.isfinite(afstand):
            delen.append(t["geen_aanbod"])
            teksten.append("; ".join(delen))
            continue
        delen.append(_bereik_zin(bereik, afstand_tekst(afstand, lopen), drempel, t))
        if bereik > 0.005:
            delen.append(dagdelen_zin(ontbrekend[i], niemand[i], onbekend))
        if buiten_netwerk[i]:
            delen.append(
                taal.ngettext(
                    "%(num)s woonpunt ligt te ver van een looppad en is hemelsbreed gemeten",
                    "%(num)s woonpunten liggen te ver van een looppad en zijn hemelsbreed gemeten",
                    int(buiten_netwerk[i]),
                )
            )
        teksten.append("; ".join(delen))
    return teksten


def _bereik_zin(bereik: float, afstand: str, drempel: str, t: dict) -> str:
    """How many live within the threshold, and how far (``afstand``, as text) the nearest collective aanbod is."""
    if bereik >= 0.995:
        return t["iedereen"]
    if bereik <= 0.005:
        return _("dichtstbijzijnde collectief aanbod op gemiddeld %(afstand)s", afstand=afstand)
    return _(
        "%(procent)s woont binnen %(drempel)s van collectief aanbod; gemiddeld %(afstand)s tot het dichtstbijzijnde",
        procent=formatteer(float(round(100 * bereik)), "%"),
        drempel=drempel,
        afstand=afstand,
    )


def _dagdelen_zin(bits: int, niemand: bool, onbekend: int, t: dict) -> str:
    """The day parts without aanbod in reach (``bits``: one per day part), and how many hours are unknown."""
    ontbrekend = [d.sleutel for j, d in enumerate(DAGDELEN) if bits >> j & 1]
    if len(ontbrekend) == len(DAGDELEN):
        zin = (
            _("geen aanbod in bereik met bekende openingstijden")
            if niemand
            else _("voor de meeste inwoners geen aanbod in bereik met bekende openingstijden")
        )
    elif ontbrekend:
        wanneer = dagdelen_tekst(ontbrekend)
        zin = (
            _("geen aanbod in bereik %(wanneer)s", wanneer=wanneer)
            if niemand
            else _("voor de meeste inwoners geen aanbod in bereik %(wanneer)s", wanneer=wanneer)
        )
    else:
        zin = t["alle_dagdelen"]
    if onbekend:
        zin += " (" + _("van %(aantal)s aanbod in bereik zijn de tijden onbekend", aantal=onbekend) + ")"
    return zin


def _opvallend(buurten: pd.DataFrame, referentie: dict[str, float]) -> list[str | None]:
    """Per buurt the known need indicator furthest above its average, as ``27% 65+`` (None if none is above)."""
    namen = [n for n in INDICATOREN if n in buurten and referentie.get(n, 0) > 0]
    if not namen:
        return [None] * len(buurten)
    waarden = buurten[namen].to_numpy(dtype=float)
    verhouding = waarden / np.array([referentie[n] for n in namen])
    verhouding = np.where(np.isfinite(verhouding), verhouding, -np.inf)
    beste = verhouding.argmax(axis=1)
    van_wijk = [
        (buurten[f"{n}_bron"] == "wijk").to_numpy() if f"{n}_bron" in buurten else np.zeros(len(buurten), bool)
        for n in namen
    ]

    # Many buurten share an indicator and a rounded value: each phrase is made once per call.
    @cache
    def tekst(j: int, waarde: float, van_de_wijk: bool) -> str:
        ind = INDICATOREN[namen[j]]
        getal = formatteer(waarde, "%" if ind.eenheid == "%" else "")
        zin = f"{getal} {ind.label}" if ind.eenheid == "%" else f"{ind.label}: {getal}"
        return zin + (" (" + _("cijfer van de wijk") + ")" if van_de_wijk else "")

    uit = []
    for i, j in enumerate(beste.tolist()):
        if verhouding[i, j] <= 1.0:
            uit.append(None)
            continue
        uit.append(tekst(j, round(float(waarden[i, j]), 1), bool(van_wijk[j][i])))
    return uit
