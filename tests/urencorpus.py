"""The Dutch opening-hours corpus (tests/data/openingstijden_nl.toml) scored against the reader.

Two expressions are the same when opening-hours-py gives the same open/unknown
state every 15 minutes over five ordinary weeks (February 2027, no public
holidays) and over a week with a public holiday (Easter Monday 2027), so a
different but equivalent spelling ("Mo,Tu,We" for "Mo-We") is not a miss.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from wijkkaart.kern import openingstijden
from wijkkaart.kern.uren_tekst import lees_tekst

CORPUS = Path(__file__).parent / "data" / "openingstijden_nl.toml"
_PERIODES = ((dt.datetime(2027, 2, 1), 35), (dt.datetime(2027, 3, 29), 7))


def _staten(osm: str) -> list[tuple[bool, bool]]:
    oh = openingstijden.ontleed(osm)
    uit = []
    for begin, dagen in _PERIODES:
        for stap in range(dagen * 96):
            moment = openingstijden.moment_nl(begin + dt.timedelta(minutes=15 * stap))
            uit.append((bool(oh.is_open(moment)), bool(oh.is_unknown(moment))))
    return uit


def zelfde(a: str, b: str) -> bool:
    """True when two OSM expressions mean the same hours."""
    return _staten(a) == _staten(b)


@dataclass
class Uitslag:
    tekst: str
    verwacht: str
    gelezen: str | None
    bron: str

    @property
    def oordeel(self) -> str:
        """``goed``, ``als tekst`` (left for a person) or ``fout`` (hours that differ from the text)."""
        if self.gelezen is None:
            return "goed" if not self.verwacht else "als tekst"
        if not self.verwacht:
            return "fout"
        return "goed" if zelfde(self.gelezen, self.verwacht) else "fout"


def scoor() -> list[Uitslag]:
    """Read every phrasing of the corpus and judge the outcome."""
    zinnen = tomllib.loads(CORPUS.read_text("utf-8"))["zin"]
    uitslagen = []
    for zin in zinnen:
        afleiding = lees_tekst(zin["tekst"])
        uitslagen.append(Uitslag(zin["tekst"], zin["osm"], afleiding.osm if afleiding else None, zin["bron"]))
    return uitslagen


if __name__ == "__main__":
    alles = scoor()
    met_uren = [u for u in alles if u.verwacht]
    zonder = [u for u in alles if not u.verwacht]
    goed = sum(u.oordeel == "goed" for u in met_uren)
    print(f"corpus: {len(alles)} zinnen uit {len({u.bron for u in alles})} bronnen")
    print(
        f"met weektijden: {len(met_uren)}; goed gelezen {goed} ({goed / len(met_uren):.0%}), "
        f"als tekst gelaten {sum(u.oordeel == 'als tekst' for u in met_uren)}"
    )
    print(f"zonder vaste weektijden: {len(zonder)}; terecht als tekst {sum(u.oordeel == 'goed' for u in zonder)}")
    print(
        f"alles: goed {sum(u.oordeel == 'goed' for u in alles) / len(alles):.0%}; fout {sum(u.oordeel == 'fout' for u in alles)}"
    )
    for u in alles:
        if u.oordeel != "goed":
            print(f"  [{u.oordeel}] {u.tekst[:90]!r} → {u.gelezen!r} (verwacht {u.verwacht!r})")
