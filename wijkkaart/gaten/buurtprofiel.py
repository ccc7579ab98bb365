"""Everything the buurt page shows about one buurt of a gap analysis (no Flask; the page only renders it)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ..aanbod.openingstijden import leesbaar
from ..aanbod.vocabulaire import SOORTEN_AANBOD
from ..gebieden import gebieden_frame
from ..kerncijfers import KERNCIJFERS, Kerncijfer
from ..taal import gettext
from .analyse import GatAnalyse
from .exporteren import koppen
from .uitleg import afstand_tekst


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


def buurtprofiel(session: Session, analyse: GatAnalyse, code: str) -> BuurtProfiel | None:
    """Return the profile of buurt ``code``, or None when the analysis does not contain it."""
    rijen = analyse.buurten[analyse.buurten["code"] == code]
    if rijen.empty:
        return None
    b = rijen.iloc[0]
    gemeente = b["gemeentecode"]

    def rij_van(niveau, met_code=None):
        frame = gebieden_frame(session, gemeente, niveau, met_geometrie=False)
        if met_code is not None:
            frame = frame[frame["code"] == met_code]
        return frame.iloc[0] if not frame.empty else pd.Series(dtype=object)

    eigen, wijk, gm = rij_van("buurt", code), rij_van("wijk", b["wijkcode"]), rij_van("gemeente")
    cijfers = [
        (k, eigen.get(k.naam), wijk.get(k.naam), gm.get(k.naam))
        for k in KERNCIJFERS
        if any(pd.notna(r.get(k.naam)) for r in (eigen, wijk, gm))
    ]
    labels = koppen(analyse)
    groepen = [
        (labels[c].removesuffix(" (m)"), afstand_tekst(b[c]) if pd.notna(b[c]) else gettext("geen aanbod"))
        for c in b.index
        if c.startswith(("afstand_soort_", "afstand_thema_"))
    ]
    return BuurtProfiel(
        rij=b,
        gemeentecode=gemeente,
        cijfers=cijfers,
        omgeving=_omgeving(analyse, b.geometry),
        groepen=groepen,
        afstand=afstand_tekst(b["afstand_m"]) if pd.notna(b["afstand_m"]) else gettext("geen aanbod"),
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
        uit.append({
            "naam": r.naam,
            "soort": gettext(SOORTEN_AANBOD.get(r.soort, r.soort)),
            "afstand": float(r.afstand),
            "uren": (leesbaar(uren) or uren) if uren else None,
            "tekst": tekst if not uren and isinstance(tekst, str) and tekst.strip() else None,
            "voorbeeld": bool(getattr(r, "voorbeeld", False)),
        })
    return uit
