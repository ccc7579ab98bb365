"""Gap analysis: where there is no collective offer, for whom, and when (``docs/gaten.md``)."""

from .analyse import GatAnalyse, Instellingen, analyseer

__all__ = ["GatAnalyse", "Instellingen", "analyseer"]
