"""How far a gap analysis can be trusted: the facts behind the warnings on its map, table, buurt page and report.

A gemeente without aanbod still gets a coloured gap map: every buurt has a
shortfall of 1, so the colours follow need alone and look like a result. And
when most aanbod has no usable hours, the day-part coverage counts it as
closed and "niemand bereikt op zaterdagavond" says more about the data than
about the wijk. The pages say so instead of letting the map speak.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analyse import GatAnalyse

#: Above this share of aanbod without usable hours, the coverage per day part says little (and above
#: this share of buurten without known need, their ranking does).
MAX_AANDEEL_ONBEKEND = 1 / 3


@dataclass(frozen=True)
class Datakwaliteit:
    """Counts behind the warnings: aanbod in the analysis, how much lacks hours, buurten without known need."""

    aanbod: int
    tijden_onbekend: int
    buurten: int
    behoefte_onbekend: int

    @property
    def geen_aanbod(self) -> bool:
        """True when no aanbod is in the analysis at all: the scores follow need alone."""
        return self.aanbod == 0

    @property
    def tijden_onzeker(self) -> bool:
        """True when more than a third of the aanbod has no usable hours."""
        return self.aanbod > 0 and self.tijden_onbekend > MAX_AANDEEL_ONBEKEND * self.aanbod

    @property
    def behoefte_onzeker(self) -> bool:
        """True when more than a third of the buurten has no known need: their order says little."""
        return self.buurten > 0 and self.behoefte_onbekend > MAX_AANDEEL_ONBEKEND * self.buurten

    @property
    def aandeel_tijden_onbekend(self) -> float:
        """Share of the aanbod without usable hours (0 when there is none)."""
        return self.tijden_onbekend / self.aanbod if self.aanbod else 0.0


def datakwaliteit(analyse: GatAnalyse) -> Datakwaliteit:
    """The counts of :class:`Datakwaliteit` for ``analyse``.

    Aanbod and hours are counted before a day-part filter: "open on Saturday evening" leaves out what has no
    known hours, which is exactly what the reader must hear about.
    """
    aanbod, tijden_onbekend = analyse.aanbod_vooraf
    return Datakwaliteit(
        aanbod=aanbod,
        tijden_onbekend=tijden_onbekend,
        buurten=len(analyse.buurten),
        behoefte_onbekend=int((~analyse.buurten["behoefte_bekend"].astype(bool)).sum()),
    )
