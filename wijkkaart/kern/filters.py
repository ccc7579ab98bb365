"""What a planner filters the gap analysis on, checked once with one set of bounds.

The web (query string), the CLI (options) and the notebook all build a
:class:`GatenFilter`; its checks are the only place the walking threshold,
soorten, thema's and dagdelen are validated, so each says the same thing
wherever it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dagdelen import SLEUTELS as DAGDEEL_SLEUTELS
from .fouten import OngeldigeVraag
from .taal import gettext as _
from .vocabulaire import SOORTEN_AANBOD, normaliseer_woord

#: Walking threshold in metres: below 50 m nobody walks "to" anything, above 10 km it is no longer walking.
MIN_DREMPEL_M = 50
MAX_DREMPEL_M = 10_000
STANDAARD_DREMPEL_M = 800


def controleer_drempel(drempel_m: float) -> float:
    """Return ``drempel_m`` when it lies within the bounds; raise :class:`OngeldigeVraag` otherwise."""
    if not MIN_DREMPEL_M <= drempel_m <= MAX_DREMPEL_M:
        raise OngeldigeVraag(
            _(
                "drempel moet een geheel aantal meters van %(min)s tot en met %(max)s zijn",
                min=MIN_DREMPEL_M,
                max=MAX_DREMPEL_M,
            )
        )
    return drempel_m


def controleer_dagdeel(dagdeel: str | None) -> str | None:
    """Return ``dagdeel`` when it is a known day part (or None); raise :class:`OngeldigeVraag` otherwise."""
    if dagdeel is not None and dagdeel not in DAGDEEL_SLEUTELS:
        raise OngeldigeVraag(
            _("onbekend dagdeel %(dagdeel)r; kies uit %(keuzes)s", dagdeel=dagdeel, keuzes=", ".join(DAGDEEL_SLEUTELS))
        )
    return dagdeel


def _lijst(waarden) -> tuple[str, ...]:
    """Words from repeated values or comma-separated text, without empties or repeats."""
    if isinstance(waarden, str):
        waarden = [waarden]
    uit: list[str] = []
    for waarde in waarden or ():
        for deel in str(waarde).split(","):
            deel = deel.strip()
            if deel and deel not in uit:
                uit.append(deel)
    return tuple(uit)


@dataclass(frozen=True)
class GatenFilter:
    """Threshold, soorten, thema's and day part of one gap analysis; invalid values cannot be made.

    Parameters
    ----------
    drempel_m : float
        Walking threshold in metres (:data:`MIN_DREMPEL_M` to :data:`MAX_DREMPEL_M`).
    soorten : tuple of str
        Only aanbod of these soorten (empty: all).
    themas : tuple of str
        Only aanbod with one of these thema's (empty: all).
    dagdeel : str, optional
        Only aanbod open in this day part (a key of :data:`wijkkaart.kern.dagdelen.SLEUTELS`).
    """

    drempel_m: float = STANDAARD_DREMPEL_M
    soorten: tuple[str, ...] = ()
    themas: tuple[str, ...] = ()
    dagdeel: str | None = None

    def __post_init__(self):
        controleer_drempel(self.drempel_m)
        onbekend = [s for s in self.soorten if s not in SOORTEN_AANBOD]
        if onbekend:
            raise OngeldigeVraag(
                _(
                    "onbekende soort %(soort)r; kies uit %(keuzes)s",
                    soort=", ".join(onbekend),
                    keuzes=", ".join(SOORTEN_AANBOD),
                )
            )
        controleer_dagdeel(self.dagdeel)

    @classmethod
    def uit_tekst(cls, drempel: str | None = None, soorten=(), themas=(), dagdeel: str | None = None) -> GatenFilter:
        """Build a filter from text as typed in a query string or on the command line.

        ``soorten`` and ``themas`` may be repeated or comma-separated; empty values mean "no filter".
        The threshold must be a whole number of metres.
        """
        drempel = (drempel or "").strip()
        if drempel and not drempel.isdigit():
            controleer_drempel(-1)  # raises the bounds message, which says it must be whole metres
        themas_ = tuple(normaliseer_woord(t) for t in _lijst(themas))
        return cls(
            drempel_m=int(drempel) if drempel else STANDAARD_DREMPEL_M,
            soorten=_lijst(soorten),
            themas=themas_,
            dagdeel=(dagdeel or "").strip() or None,
        )

    @property
    def thema(self) -> str | None:
        """The thema when exactly one is chosen (what the pages show in their filter)."""
        return self.themas[0] if len(self.themas) == 1 else None

    @property
    def soort(self) -> str | None:
        """The soort when exactly one is chosen."""
        return self.soorten[0] if len(self.soorten) == 1 else None

    def als_vraag(self) -> dict[str, str | int]:
        """The filters that differ from the defaults, for links that carry them (exports, map, buurt pages)."""
        vraag: dict[str, str | int] = {}
        if self.themas:
            vraag["thema"] = ",".join(self.themas)
        if self.soorten:
            vraag["soort"] = ",".join(self.soorten)
        if self.dagdeel:
            vraag["dagdeel"] = self.dagdeel
        if self.drempel_m != STANDAARD_DREMPEL_M:
            vraag["drempel"] = int(self.drempel_m) if float(self.drempel_m).is_integer() else self.drempel_m
        return vraag
