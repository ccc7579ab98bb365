"""A scenario's effect: per buurt the gap score before and after, the inwoners newly reached or lost, and the roll-up.

Both analyses are of the same gemeente with the same settings and the same
need reference, so the only difference is the aanbod the scenario adds or
switches off. No Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..gaten.analyse import GatAnalyse
from ..kern.getallen import gewone_waarde

#: The roll-up figures compared for the gemeente (and shown before → after).
OPTELLING = ("score", "bereik", "tijddekking", "inwoners_zonder_bereik")


@dataclass
class Vergelijking:
    """Per buurt before and after (changed buurten first, largest change first), and the gemeente's roll-up."""

    buurten: list[dict]
    gemeente_voor: dict
    gemeente_na: dict
    nieuw_bereikt: int
    niet_meer_bereikt: int

    @property
    def gewijzigd(self) -> list[dict]:
        """The buurten whose score, reach or day-part coverage changed."""
        return [b for b in self.buurten if b["gewijzigd"]]


def vergelijk(voor: GatAnalyse, na: GatAnalyse) -> Vergelijking:
    """Compare the analysis without the scenario (``voor``) with the one with it (``na``)."""
    kolommen = ["code", "naam", "wijkcode", "inwoners", "score", "bereik", "tijddekking", "inwoners_zonder_bereik"]
    v = voor.buurten[kolommen].set_index("code")
    n = na.buurten[kolommen].set_index("code").reindex(v.index)
    zonder_v = v["inwoners_zonder_bereik"].fillna(0).to_numpy()
    zonder_n = n["inwoners_zonder_bereik"].fillna(0).to_numpy()
    verschil = (n["score"] - v["score"]).to_numpy()
    veranderd = (
        ~np.isclose(v["score"], n["score"])
        | ~np.isclose(v["bereik"], n["bereik"])
        | ~np.isclose(v["tijddekking"], n["tijddekking"])
    )
    tabel = pd.DataFrame(
        {
            "code": v.index,
            "naam": [gewone_waarde(x) or c for x, c in zip(v["naam"], v.index, strict=True)],
            "wijkcode": v["wijkcode"].to_numpy(),
            "inwoners": v["inwoners"].to_numpy(),
            "score_voor": v["score"].to_numpy(),
            "score_na": n["score"].to_numpy(),
            "verschil": verschil,
            "bereik_voor": v["bereik"].to_numpy(),
            "bereik_na": n["bereik"].to_numpy(),
            "tijddekking_voor": v["tijddekking"].to_numpy(),
            "tijddekking_na": n["tijddekking"].to_numpy(),
            "nieuw_bereikt": np.maximum(zonder_v - zonder_n, 0),
            "niet_meer_bereikt": np.maximum(zonder_n - zonder_v, 0),
            "gewijzigd": veranderd,
        }
    )
    tabel = tabel.assign(_orde=-np.abs(verschil)).sort_values(
        ["gewijzigd", "_orde", "code"], ascending=[False, True, True]
    )
    rijen = [{k: gewone_waarde(w) for k, w in r.items()} for r in tabel.drop(columns="_orde").to_dict("records")]
    return Vergelijking(
        buurten=rijen,
        gemeente_voor=_optelling(voor),
        gemeente_na=_optelling(na),
        nieuw_bereikt=int(tabel["nieuw_bereikt"].sum()),
        niet_meer_bereikt=int(tabel["niet_meer_bereikt"].sum()),
    )


def _optelling(analyse: GatAnalyse) -> dict:
    rij = analyse.gemeenten.iloc[0] if len(analyse.gemeenten) else pd.Series(dtype=object)
    return {k: gewone_waarde(rij.get(k)) for k in OPTELLING}
