"""Everything the buurt page shows about one buurt of a gap analysis (no Flask, no database; the page only renders it)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..gaten.analyse import GatAnalyse
from ..gaten.uitleg import afstand_tekst
from ..kern.getallen import gewone_waarde
from ..kern.kerncijfers import KERNCIJFERS, Kerncijfer
from ..kern.openingstijden import leesbaar
from ..kern.taal import gettext
from ..kern.vocabulaire import SOORTEN_AANBOD
from .gatentabel import koppen


@dataclass
class BuurtProfiel:
    """One buurt's row of the analysis with its surroundings.

    ``cijfers`` holds (kerncijfer, buurt, wijk, gemeente) as CBS gave them, not
    the wijk figures the need index may have borrowed; ``omgeving`` the aanbod
    inside the buurt or within the threshold of its outline, nearest first.
    """

    rij: pd.Series
    gemeentecode: str
    cijfers: list[tuple[Kerncijfer, object, object, object]]
    omgeving: list[dict]
    groepen: list[tuple[str, str]]
    afstand: str


def rij_van(frame: pd.DataFrame, code: str | None) -> pd.Series:
    """The row of ``code`` in ``frame`` (indexed by code or with a ``code`` column), or an empty row."""
    if frame is None or frame.empty or code is None:
        return pd.Series(dtype=object)
    if "code" in frame.columns:
        frame = frame[frame["code"] == code]
        return frame.iloc[0] if not frame.empty else pd.Series(dtype=object)
    return frame.loc[code] if code in frame.index else pd.Series(dtype=object)


def buurtprofiel(
    analyse: GatAnalyse, code: str, buurten: pd.DataFrame, wijken: pd.DataFrame, gemeente: pd.Series
) -> BuurtProfiel | None:
    """Return the profile of buurt ``code``, or None when the analysis does not contain it.

    Parameters
    ----------
    analyse
        The gap analysis of the buurt's gemeente.
    buurten, wijken
        The kerncijfers of the buurten and wijken as CBS gave them (the analysis's
        input; its output carries the wijk figures the need index may have borrowed).
    gemeente
        The gemeente's own row of kerncijfers.
    """
    rijen = analyse.buurten[analyse.buurten["code"] == code]
    if rijen.empty:
        return None
    b = rijen.iloc[0].copy()
    b["naam"] = gewone_waarde(b.get("naam"))  # None, not NaN, for a nameless buurt (the page shows its code)
    eigen, wijk, gm = rij_van(buurten, code), rij_van(wijken, b["wijkcode"]), gemeente
    cijfers = [
        (k, eigen.get(k.naam), wijk.get(k.naam), gm.get(k.naam))
        for k in KERNCIJFERS
        if any(pd.notna(r.get(k.naam)) for r in (eigen, wijk, gm))
    ]
    labels = koppen(analyse)
    groepen = [
        (
            labels[c].removesuffix(" (m)"),
            afstand_tekst(b[c], analyse.lopen) if pd.notna(b[c]) else gettext("geen aanbod"),
        )
        for c in b.index
        if c.startswith(("afstand_soort_", "afstand_thema_"))
    ]
    return BuurtProfiel(
        rij=b,
        gemeentecode=b["gemeentecode"],
        cijfers=cijfers,
        omgeving=_omgeving(analyse, b.geometry),
        groepen=groepen,
        afstand=afstand_tekst(b["afstand_m"], analyse.lopen) if pd.notna(b["afstand_m"]) else gettext("geen aanbod"),
    )


def _omgeving(analyse: GatAnalyse, vlak) -> list[dict]:
    a = analyse.aanbod
    if not len(a):
        return []
    # Filter after assigning: assigning a Series to an empty frame would bring back all its rows.
    metafstand = a.assign(afstand=a.geometry.distance(vlak))
    dichtbij = metafstand[metafstand["afstand"] <= analyse.instellingen.drempel_m].sort_values(["afstand", "naam"])
    uit = []
    for r in dichtbij.itertuples():
        uren = r.openingstijden if isinstance(r.openingstijden, str) else None
        tekst = getattr(r, "openingstijden_tekst", None)
        uit.append(
            {
                "naam": r.naam,
                "soort": gettext(SOORTEN_AANBOD.get(r.soort, r.soort)),
                "afstand": float(r.afstand),
                "uren": (leesbaar(uren) or uren) if uren else None,
                "tekst": tekst if not uren and isinstance(tekst, str) and tekst.strip() else None,
                "voorbeeld": bool(getattr(r, "voorbeeld", False)),
                "beschrijving": r.beschrijving if isinstance(getattr(r, "beschrijving", None), str) else None,
            }
        )
    return uit
