"""What a report says about one gemeente, wijk or buurt, taken from a gap analysis that already ran. No Flask, no database.

Every figure comes from the same analysis as the map, the gap table and the
buurt page (and its roll-ups per wijk and gemeente), so a printed report and
the screen never disagree. :mod:`.opmaak` turns a :class:`Rapport` into HTML
and PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from ...gaten.analyse import GatAnalyse
from ...gaten.kwaliteit import Datakwaliteit, datakwaliteit
from ...kern import codes
from ...kern.dagdelen import DAGDELEN, Dagdeel
from ...kern.filters import GatenFilter
from ...kern.getallen import gewone_waarde
from ...kern.kerncijfers import KERNCIJFERS, Kerncijfer, te_weinig_inwoners
from ...kern.openingstijden import leesbaar
from ...kern.taal import gettext as _
from ...kern.vocabulaire import SOORTEN_AANBOD
from ..buurtprofiel import buurtprofiel, rij_van
from ..kaarten import gatenlegenda
from ..methode import Methode, methode
from ..scenariovergelijking import Vergelijking
from ..wijkvergelijking import Wijkvergelijking, wijkvergelijking
from .kaart import gatenkaart_svg

#: The columns of the wijken side by side that a gemeente report prints (all of them are on the page and in the XLSX).
RAPPORT_WIJKKOLOMMEN = ("inwoners", "aanbod_in_gebied", "score", "bereik", "inwoners_zonder_bereik", "tijddekking")
#: A gemeente report lists this many buurten with the largest gaps (a wijk or buurt report: all of the wijk).
AANTAL_GATEN_GEMEENTE = 15


@dataclass(frozen=True)
class Gebied:
    """The area a report is about, and the gemeente (and wijk) it lies in."""

    niveau: str
    code: str
    naam: str
    gemeentecode: str
    gemeentenaam: str
    wijkcode: str | None = None
    wijknaam: str | None = None

    @property
    def titel(self) -> str:
        """``Wijk Centrum (WK039201)``, in the active language."""
        return f"{_(codes.ENKELVOUD[self.niveau]).capitalize()} {self.naam}"


@dataclass(frozen=True)
class Kolom:
    """One column of a comparison: its heading and the analysis row (buurt, wijk or gemeente) behind it."""

    kop: str
    rij: pd.Series


@dataclass
class Rapport:
    """Everything one report shows, in the order it shows it."""

    gebied: Gebied
    gemaakt: dt.date
    analyse: GatAnalyse
    filter: GatenFilter
    bronnen: list[tuple[str, str]]
    kaart_svg: str
    #: The area's own roll-up row (inwoners, bereik, score …) and the columns it is compared with.
    kolommen: list[Kolom]
    gaten: list[dict]
    gaten_van: int
    cijfers: list[tuple[Kerncijfer, list]]
    aanbod: list[dict]
    methode: Methode
    kwaliteit: Datakwaliteit
    behoefte_onbekend: list[str] = field(default_factory=list)
    #: A gemeente's wijken side by side (the columns that fit on A4), None for a wijk or buurt report.
    wijken: Wijkvergelijking | None = None
    #: A planner's what-if, when the report was asked with one.
    scenario: Scenariodeel | None = None
    #: The full method page with this report's settings (absolute; None when made without the web).
    methode_url: str | None = None

    @property
    def wijkkolommen(self) -> list:
        """The columns of the wijken table that fit on a portrait page."""
        if self.wijken is None:
            return []
        return [k for k in self.wijken.kolommen if k.sleutel in RAPPORT_WIJKKOLOMMEN]

    @property
    def dagdelen(self) -> list[Dagdeel]:
        """The day parts, in week order."""
        return list(DAGDELEN)

    @property
    def weinig_inwoners(self) -> bool:
        """True for a buurt with too few inwoners for its percentages to mean much (they are marked)."""
        inwoners = self.eigen.get("inwoners") if self.gebied.niveau == "buurt" else None
        return inwoners is not None and bool(te_weinig_inwoners([inwoners])[0])

    @property
    def soortlabels(self) -> list[str]:
        """The soorten the filter keeps, as readers name them."""
        return [_(SOORTEN_AANBOD.get(s, s)) for s in self.filter.soorten]

    @property
    def eigen(self) -> pd.Series:
        """The area's own row of the analysis (a buurt's row, or the wijk's or gemeente's roll-up)."""
        return self.kolommen[0].rij

    @property
    def tijden_onbekend(self) -> int:
        """How many entries of the aanbod list have no usable hours."""
        return sum(1 for a in self.aanbod if a["uren"] is None)


@dataclass
class Scenariodeel:
    """A scenario's effect as a report prints it: the gemeente before and after, and the buurten of the area that change."""

    naam: str
    omschrijving: str | None
    vergelijking: Vergelijking
    buurten: list[dict]


def scenariodeel(naam: str, omschrijving: str | None, vergelijking: Vergelijking, code: str) -> Scenariodeel:
    """The part of a scenario's comparison that concerns the report's area (gemeente, wijk or buurt ``code``)."""
    niveau = codes.PREFIX_NIVEAU[code[:2]]

    def in_gebied(b: dict) -> bool:
        if niveau == "gemeente":
            return True
        return b["wijkcode"] == code if niveau == "wijk" else b["code"] == code

    return Scenariodeel(naam, omschrijving, vergelijking, [b for b in vergelijking.gewijzigd if in_gebied(b)])


@dataclass(frozen=True)
class Invoer:
    """What the analysis read, beside its outcome: CBS figures as published and where the aanbod came from."""

    buurten: gpd.GeoDataFrame
    wijken: pd.DataFrame
    gemeente: pd.Series
    gemeentenaam: str
    #: (bron, number of aanbod) of the active collective aanbod in the gemeente.
    aanbodbronnen: list[tuple[str, int]]


def maak_rapport(analyse: GatAnalyse, invoer: Invoer, code: str, filter_: GatenFilter, gemaakt: dt.date) -> Rapport:
    """The report on ``code`` (a gemeente, wijk or buurt code) from the analysis of its gemeente.

    Raises
    ------
    KeyError
        When the analysis holds no buurt of ``code``.
    """
    gebied = _gebied(analyse, invoer, code)
    kolommen = _kolommen(analyse, gebied)
    gemeentebuurten = analyse.buurten
    in_gebied = _buurten_in(gemeentebuurten, gebied)
    leg = gatenlegenda(gemeentebuurten["score"])
    # A buurt is drawn within its wijk (outlined), so the reader sees what lies around it.
    getekend = _buurten_in(gemeentebuurten, gebied, ook_wijk=True)
    kaart = gatenkaart_svg(
        getekend, leg, analyse.aanbod, titel=gebied.titel, nadruk=code if gebied.niveau == "buurt" else None
    )
    rangorde = getekend if gebied.niveau == "buurt" else in_gebied
    gaten = [_gatrij(r) for r in rangorde.itertuples()]
    if gebied.niveau == "gemeente":
        gaten = gaten[:AANTAL_GATEN_GEMEENTE]
    return Rapport(
        gebied=gebied,
        gemaakt=gemaakt,
        analyse=analyse,
        filter=filter_,
        bronnen=_bronnen(invoer),
        kaart_svg=kaart,
        kolommen=kolommen,
        gaten=gaten,
        gaten_van=len(rangorde),
        cijfers=_cijfers(invoer, gebied),
        aanbod=_aanbodlijst(analyse, invoer, gebied, in_gebied),
        methode=methode(analyse.instellingen, filter_, kort=True),
        kwaliteit=datakwaliteit(analyse),
        behoefte_onbekend=[_naam(r) for r in in_gebied[~in_gebied["behoefte_bekend"]].itertuples()],
        wijken=wijkvergelijking(analyse, gebied.code) if gebied.niveau == "gemeente" else None,
    )


def _naam(rij) -> str:
    naam = gewone_waarde(getattr(rij, "naam", None))
    return naam or rij.code


def _gebied(analyse: GatAnalyse, invoer: Invoer, code: str) -> Gebied:
    niveau = codes.PREFIX_NIVEAU[code[:2]]
    gemeentecode = codes.gemeente_van(code)
    buurten = analyse.buurten
    if niveau == "gemeente":
        return Gebied(niveau, code, invoer.gemeentenaam, gemeentecode, invoer.gemeentenaam)
    wijkcode = code if niveau == "wijk" else codes.wijk_van(code)
    wijknaam = gewone_waarde(invoer.wijken["naam"].get(wijkcode)) if "naam" in invoer.wijken else None
    if niveau == "wijk":
        if not (buurten["wijkcode"] == code).any():
            raise KeyError(code)
        return Gebied(niveau, code, wijknaam or code, gemeentecode, invoer.gemeentenaam, wijkcode, wijknaam)
    rij = buurten[buurten["code"] == code]
    if rij.empty:
        raise KeyError(code)
    naam = gewone_waarde(rij.iloc[0]["naam"]) or code
    wijkcode = gewone_waarde(rij.iloc[0]["wijkcode"])
    return Gebied(niveau, code, naam, gemeentecode, invoer.gemeentenaam, wijkcode, wijknaam or wijkcode)


def _buurten_in(buurten: gpd.GeoDataFrame, gebied: Gebied, ook_wijk: bool = False) -> gpd.GeoDataFrame:
    """The analysis rows of the area's buurten, in rank order (a buurt's whole wijk with ``ook_wijk``)."""
    if gebied.niveau == "gemeente":
        return buurten[buurten["gemeentecode"] == gebied.code]
    if gebied.niveau == "wijk" or (ook_wijk and gebied.wijkcode):
        return buurten[buurten["wijkcode"] == gebied.wijkcode]
    return buurten[buurten["code"] == gebied.code]


def _kolommen(analyse: GatAnalyse, gebied: Gebied) -> list[Kolom]:
    """The area itself, then its wijk (for a buurt) and its gemeente: the columns every comparison shows."""
    gemeente = Kolom(gebied.gemeentenaam, rij_van(analyse.gemeenten, gebied.gemeentecode))
    if gebied.niveau == "gemeente":
        return [gemeente]
    wijk = Kolom(_("Wijk %(naam)s", naam=gebied.wijknaam or gebied.wijkcode), rij_van(analyse.wijken, gebied.wijkcode))
    if gebied.niveau == "wijk":
        return [wijk, gemeente]
    return [Kolom(_("Buurt %(naam)s", naam=gebied.naam), rij_van(analyse.buurten, gebied.code)), wijk, gemeente]


def _gatrij(r) -> dict:
    return {
        "rang": int(r.rang),
        "code": r.code,
        "naam": _naam(r),
        "inwoners": gewone_waarde(r.inwoners),
        "score": float(r.score),
        "bereik": float(r.bereik),
        "behoefte": gewone_waarde(r.behoefte),
        "uitleg": r.uitleg,
    }


def _bronnen(invoer: Invoer) -> list[tuple[str, str]]:
    """(what, where from) of every source the report rests on, with its jaargang."""
    b = invoer.buurten
    grenzen = sorted({int(j) for j in b["jaar"].dropna()}) if "jaar" in b else []
    cijfers = sorted({int(j) for j in b["kerncijfers_jaar"].dropna()}) if "kerncijfers_jaar" in b else []
    herkomst = sorted({str(x) for x in b["bron"].dropna()}) if "bron" in b else []
    uit = [
        (_("Buurt- en wijkgrenzen"), _("CBS Wijk- en Buurtkaart %(jaren)s", jaren=", ".join(map(str, grenzen)))),
        (
            _("Kerncijfers"),
            _("CBS Kerncijfers wijken en buurten %(jaren)s", jaren=", ".join(map(str, cijfers)))
            if cijfers
            else _("niet geladen"),
        ),
    ]
    uit += [(_("Bestand grenzen"), h) for h in herkomst]
    uit += [
        (_("Aanbod"), _("%(bron)s (%(aantal)s)", bron=bron or _("zonder bron"), aantal=aantal))
        for bron, aantal in invoer.aanbodbronnen
    ]
    return uit


def _cijfers(invoer: Invoer, gebied: Gebied) -> list[tuple[Kerncijfer, list]]:
    """Kerncijfers as CBS published them: the area beside its wijk and gemeente (only those anyone has)."""
    bronrijen = []
    if gebied.niveau == "buurt":
        bronrijen.append(rij_van(invoer.buurten, gebied.code))
    if gebied.niveau in ("buurt", "wijk"):
        bronrijen.append(rij_van(invoer.wijken, gebied.wijkcode))
    bronrijen.append(invoer.gemeente)
    uit = []
    for k in KERNCIJFERS:
        waarden = [gewone_waarde(r.get(k.naam)) for r in bronrijen]
        if any(w is not None for w in waarden):
            uit.append((k, waarden))
    return uit


def _aanbodlijst(analyse: GatAnalyse, invoer: Invoer, gebied: Gebied, in_gebied: gpd.GeoDataFrame) -> list[dict]:
    """The collective aanbod of the area with its hours; for a buurt also what lies within the threshold around it."""
    if gebied.niveau == "buurt":
        profiel = buurtprofiel(analyse, gebied.code, invoer.buurten, invoer.wijken, invoer.gemeente)
        return [
            {"naam": a["naam"], "soort": a["soort"], "waar": a["afstand"], "uren": a["uren"], "tekst": a["tekst"]}
            for a in (profiel.omgeving if profiel else [])
        ]
    a = analyse.aanbod
    if a.empty or in_gebied.empty:
        return []
    buurt_idx, a_idx = in_gebied.sindex.query(a.geometry, predicate="intersects")[::-1]
    # A point on a border between two buurten is listed once, with the first.
    eerste = pd.Series(buurt_idx, index=a_idx).groupby(level=0).first()
    namen = [_naam(r) for r in in_gebied.iloc[eerste.to_numpy()].itertuples()]
    rijen = a.iloc[eerste.index.to_numpy()].assign(buurtnaam=namen)
    uit = []
    for r in rijen.sort_values(["buurtnaam", "naam"]).itertuples():
        uren = r.openingstijden if isinstance(r.openingstijden, str) and r.openingstijden else None
        tekst = r.openingstijden_tekst if isinstance(r.openingstijden_tekst, str) else None
        uit.append(
            {
                "naam": r.naam,
                "soort": _(SOORTEN_AANBOD.get(r.soort, r.soort)),
                "waar": r.buurtnaam,
                "uren": (leesbaar(uren) or uren) if uren else None,
                "tekst": tekst.strip() if not uren and tekst and tekst.strip() else None,
            }
        )
    return uit
