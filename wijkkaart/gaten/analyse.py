"""The gap analysis: per buurt (and rolled up per wijk and gemeente) reach, time of week, need and gap score.

Free of Flask and of the database: it takes GeoDataFrames in EPSG:28992 and
returns them, so the notebook, the CLI and the web use the same function
(:func:`wijkkaart.diensten.gaten.analyse` reads the inputs from the database).

Gap score (0 = no gap, higher = larger gap)::

    tekort = 1 - (gewicht_bereik * bereik + (1 - gewicht_bereik) * tijddekking)
    score  = 100 * behoefte * tekort

``bereik`` is the inwoner-weighted share of woonpunten with collective aanbod
within the threshold; ``tijddekking`` the mean over the six day parts of the
share with aanbod in reach that is open then; ``behoefte`` the need index
(1.0 = average; unknown need counts as average and is flagged). A buurt
without inwoners scores 0. Adding aanbod can only raise reach and day-part
coverage, and a larger threshold likewise, so neither can raise a score.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..kern import dagdelen
from ..kern.crs import RD_NEW
from ..kern.filters import controleer_dagdeel, controleer_drempel
from ..kern.fouten import OngeldigeVraag
from ..kern.kerncijfers import MIN_INWONERS_PERCENTAGE
from ..kern.lopen import LOOPSNELHEID, MAX_SNAP_M
from ..kern.taal import actief as actieve_taal
from ..kern.vocabulaire import normaliseer_woord
from .behoefte import STANDAARD_GEWICHTEN, bereken_behoefte, indicatorwaarden
from .dekking import bereken_puntdekking, dagdeel_dekking, per_buurt
from .netwerk import Netwerk
from .netwerkdekking import Grenzen, Snapuitkomst, netwerkdekking
from .uitleg import uitleg
from .woonpunten import maak_woonpunten

#: How distances are measured: in a straight line, or walking over the network from OpenStreetMap.
AFSTANDEN = ("auto", "netwerk", "hemelsbreed")


@dataclass(frozen=True)
class Instellingen:
    """Everything a planner can change about the method (``docs/gaten.md``)."""

    drempel_m: float = 800.0
    methode: str = "raster"
    raster_m: float = 250.0
    max_punten: int = 16
    gewichten: dict = field(default_factory=lambda: dict(STANDAARD_GEWICHTEN))
    gewicht_bereik: float = 0.5
    #: Below this many inwoners a buurt's need counts as average (its percentages are too unsteady).
    min_inwoners_behoefte: float = MIN_INWONERS_PERCENTAGE
    peildatum: dt.date | None = None
    #: Distances per soort and per thema; off saves time when only the score is wanted.
    per_groep: bool = True
    #: Count only aanbod open in this day part (a key of :data:`dagdelen.SLEUTELS`), e.g. ``werkdag_avond``.
    dagdeel: str | None = None
    #: ``hemelsbreed`` (straight line), ``netwerk`` (walking over streets and paths; needs a network),
    #: or ``auto``: over the network when one is given. The analysis keeps the choice it made.
    afstand: str = "auto"
    #: Points farther than this from every walkable way are flagged and measured in a straight line.
    max_snap_m: float = MAX_SNAP_M
    #: How far along the network the nearest aanbod of all is looked for (beyond: "at least this far").
    ver_m: float = 5000.0

    def __post_init__(self):
        # The same bounds as every filter a planner sets (kern/filters.py): one check, one message.
        controleer_drempel(self.drempel_m)
        controleer_dagdeel(self.dagdeel)
        if self.afstand not in AFSTANDEN:
            raise OngeldigeVraag(f"onbekende afstand {self.afstand!r} (kies uit {', '.join(AFSTANDEN)})")

    def met(self, **wijzigingen) -> Instellingen:
        """Return a copy with some settings changed."""
        return replace(self, **wijzigingen)


@dataclass
class GatAnalyse:
    """The outcome: buurten ranked by gap score, the same rolled up, and how it was computed."""

    buurten: gpd.GeoDataFrame
    wijken: pd.DataFrame
    gemeenten: pd.DataFrame
    instellingen: Instellingen
    peildatum: dt.date
    referentie: dict[str, float]
    groepen: list[str]
    aanbod: gpd.GeoDataFrame
    #: (aanbod, of which without usable hours) before the day-part filter: a filtered analysis keeps only
    #: aanbod known to be open then, yet readers must still learn how much had no hours at all.
    aanbod_vooraf: tuple[int, int] = (0, 0)
    #: The language the ``uitleg`` sentences are in (a cached analysis is re-told in the reader's language).
    taal: str = field(default_factory=actieve_taal)
    #: Over the network: which woonpunten and aanbod reached it (None for a straight-line analysis).
    snap: Snapuitkomst | None = None

    @property
    def lopen(self) -> bool:
        """True when distances were walked over the network (sentences then say minutes)."""
        return self.instellingen.afstand == "netwerk"

    def in_taal(self, taal_: str) -> GatAnalyse:
        """Return the analysis with its explanations in ``taal_`` (the active language); itself when they already are."""
        if taal_ == self.taal:
            return self
        buurten = self.buurten.copy()
        buurten["uitleg"] = uitleg(buurten, self.instellingen.drempel_m, self.referentie, lopen=self.lopen)
        return replace(self, buurten=buurten, taal=taal_)


DAGDEEL_KOLOMMEN = [f"dekking_{s}" for s in dagdelen.SLEUTELS]


def groepskolom(groep: str) -> str:
    """Column of a group's distance: ``soort:ontmoetingsplek`` → ``afstand_soort_ontmoetingsplek``."""
    soort, _, waarde = groep.partition(":")
    return f"afstand_{soort}_{normaliseer_woord(waarde)}"


def groepsleden(aanbod: pd.DataFrame) -> dict[str, np.ndarray]:
    """Membership per ``soort:<x>`` and ``thema:<x>`` group, in sorted order."""
    groepen = {}
    if "soort" in aanbod:
        codes, soorten = pd.factorize(aanbod["soort"], sort=True)
        for k, s in enumerate(soorten):
            groepen[f"soort:{s}"] = codes == k
    if "themas" in aanbod:
        lang = aanbod["themas"].reset_index(drop=True).explode().dropna()
        codes, themas = pd.factorize(lang, sort=True)
        rij = lang.index.to_numpy()
        for k, t in enumerate(themas):
            lid = np.zeros(len(aanbod), dtype=bool)
            lid[rij[codes == k]] = True
            groepen[f"thema:{t}"] = lid
    return groepen


def analyseer(
    buurten: gpd.GeoDataFrame,
    aanbod: gpd.GeoDataFrame,
    instellingen: Instellingen | None = None,
    wijken: pd.DataFrame | None = None,
    adressen: gpd.GeoDataFrame | None = None,
    gewicht_kolom: str | None = None,
    referentie: dict[str, float] | None = None,
    gemeenten: pd.DataFrame | None = None,
    netwerk: Netwerk | None = None,
) -> GatAnalyse:
    """Compute the gap analysis.

    Parameters
    ----------
    buurten
        Buurt polygons in EPSG:28992 with ``code``, ``naam``, ``wijkcode``,
        ``gemeentecode``, ``inwoners`` and kerncijfers (NaN = unknown).
    aanbod
        Collective aanbod points in EPSG:28992 with ``soort``, ``themas``
        (list) and ``openingstijden`` (OSM string or None). Aanbod outside
        every buurt still serves the buurten around it.
    instellingen
        Threshold, woonpunt method, need weights, peildatum.
    wijken
        Kerncijfers of the wijken indexed by wijkcode (optional): names for the
        roll-up and figures where a buurt's are secret.
    adressen, gewicht_kolom
        Address points for the ``adressen`` woonpunt method.
    referentie
        Fixed reference values for the need index (default: area average).
    gemeenten
        Kerncijfers of the gemeenten indexed by gemeentecode (optional): names and need
        indicators for the gemeente roll-up, as ``wijken`` gives them for the wijken.
    netwerk
        The walking network around the buurten, for ``instellingen.afstand == "netwerk"``.
    """
    ins = instellingen or Instellingen()
    if ins.afstand == "netwerk" and netwerk is None:
        raise OngeldigeVraag("afstand over het netwerk vraagt om een loopnetwerk (wijkkaart netwerk import)")
    if ins.afstand == "auto":
        ins = ins.met(afstand="netwerk" if netwerk is not None else "hemelsbreed")
    with _zonder_cyclische_gc():
        return _analyseer(buurten, aanbod, ins, wijken, adressen, gewicht_kolom, referentie, gemeenten, netwerk)


@contextmanager
def _zonder_cyclische_gc():
    """Pause Python's cycle collector while the analysis runs.

    The analysis makes some 300,000 short-lived geometry and string objects
    without reference cycles; each burst of allocations made the collector
    walk the whole heap again (0.3 s of 1.7 s for the country, measured with
    benchmarks/gaten_nationaal.py). Reference counting still frees everything.
    """
    aan = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aan:
            gc.enable()


def _analyseer(buurten, aanbod, ins, wijken, adressen, gewicht_kolom, referentie, gemeenten, netwerk) -> GatAnalyse:
    if buurten.crs is None or buurten.crs.to_epsg() != RD_NEW or (len(aanbod) and aanbod.crs.to_epsg() != RD_NEW):
        raise OngeldigeVraag("de gatenanalyse rekent in EPSG:28992; projecteer buurten en aanbod eerst")
    peildatum = ins.peildatum or dagdelen.peildatum_standaard()
    b, a = _op_volgorde(buurten, aanbod)
    n = len(b)
    geoms = np.asarray(b.geometry.values, dtype=object)
    b_idx, wp, aandeel = maak_woonpunten(geoms, ins.methode, ins.raster_m, ins.max_punten, adressen, gewicht_kolom)
    a_maskers = dagdelen.maskers(
        a["openingstijden"].to_numpy(dtype=object) if "openingstijden" in a else [None] * len(a), peildatum
    )
    a, a_maskers, vooraf = _open_in_dagdeel(a, a_maskers, ins.dagdeel)
    a_geoms = np.asarray(a.geometry.values, dtype=object) if len(a) else np.empty(0, dtype=object)
    groepen = groepsleden(a) if ins.per_groep else {}
    buurtpunten = shapely.point_on_surface(geoms)
    pd_, snap = _puntdekking(ins, netwerk, wp, b_idx, buurtpunten, a_geoms, a_maskers, groepen)

    uit = b.copy()
    uit["inwoners"] = pd.to_numeric(uit.get("inwoners"), errors="coerce")
    uit["woonpunten"] = np.bincount(b_idx, minlength=n)
    _tel_aanbod(uit, geoms, a, a_geoms)
    # Without any aanbod every distance is infinite: unknown, not a number to average.
    afstand = per_buurt(b_idx, aandeel, pd_.afstand, n)
    uit["afstand_m"] = np.where(np.isfinite(afstand), afstand, np.nan)
    uit["bereik"] = per_buurt(b_idx, aandeel, (pd_.afstand <= ins.drempel_m).astype(float), n)
    for sleutel, waarde in dagdeel_dekking(b_idx, aandeel, pd_.masker, n).items():
        uit[f"dekking_{sleutel}"] = waarde
    uit["tijddekking"] = uit[DAGDEEL_KOLOMMEN].mean(axis=1)
    for naam, d in pd_.groep_afstand.items():
        uit[groepskolom(naam)] = per_buurt(b_idx, aandeel, d, n) if np.isfinite(d).any() else np.nan
    uit["aanbod_tijden_onbekend"] = _tijden_onbekend_in_bereik(b_idx, pd_.paren, a_maskers, n)
    if snap is not None:
        _lopen(uit, b_idx, snap)

    behoefte = bereken_behoefte(uit, ins.gewichten, wijken, referentie, ins.min_inwoners_behoefte)
    # Indicator columns hold the value the index used (the wijk's where the buurt's is secret; see *_bron).
    for kolom in behoefte.columns:
        uit[kolom] = behoefte[kolom]
    uit["behoefte_bekend"] = uit["behoefte"].notna()
    uit["tekort"] = 1 - (ins.gewicht_bereik * uit["bereik"] + (1 - ins.gewicht_bereik) * uit["tijddekking"])
    uit["score"] = 100 * uit["behoefte"].fillna(1.0) * uit["tekort"]
    uit.loc[uit["inwoners"] == 0, "score"] = 0.0
    uit["inwoners_zonder_bereik"] = (uit["inwoners"] * (1 - uit["bereik"])).round()
    uit["uitleg"] = uitleg(uit, ins.drempel_m, behoefte.attrs["referentie"], lopen=snap is not None)
    uit = uit.sort_values(["score", "inwoners", "code"], ascending=[False, False, True], kind="stable")
    uit["rang"] = np.arange(1, n + 1)
    uit = uit.reset_index(drop=True)
    return GatAnalyse(
        buurten=uit,
        wijken=rol_op(uit, "wijkcode", wijken),
        gemeenten=rol_op(uit, "gemeentecode", gemeenten),
        instellingen=ins,
        peildatum=peildatum,
        referentie=behoefte.attrs["referentie"],
        groepen=list(groepen),
        aanbod=a,
        aanbod_vooraf=vooraf,
        snap=snap,
    )


def _op_volgorde(buurten: gpd.GeoDataFrame, aanbod: gpd.GeoDataFrame):
    """Buurten by code and aanbod by id: the outcome does not depend on the order the rows came in."""
    a = aanbod.reset_index(drop=True)
    if "id" in a:
        a = a.sort_values("id", kind="stable").reset_index(drop=True)
    return buurten.sort_values("code", kind="stable").reset_index(drop=True), a


def _puntdekking(ins: Instellingen, netwerk, wp, b_idx, buurtpunten, a_geoms, a_maskers, groepen):
    """Coverage of every woonpunt, walked over ``netwerk`` or in a straight line, and (walking) what snapping did."""
    if ins.afstand == "netwerk":
        grenzen = Grenzen(ins.drempel_m, ins.max_snap_m, ins.ver_m)
        return netwerkdekking(netwerk, wp, b_idx, buurtpunten, a_geoms, a_maskers, groepen, grenzen)
    return bereken_puntdekking(wp, b_idx, buurtpunten, a_geoms, a_maskers, ins.drempel_m, groepen), None


def _lopen(uit: pd.DataFrame, b_idx: np.ndarray, snap: Snapuitkomst) -> None:
    """The columns only a walking analysis has: mean minutes' walk, and woonpunten too far from any way."""
    uit["minuten_lopen"] = (uit["afstand_m"] / LOOPSNELHEID).round()
    uit["woonpunten_buiten_netwerk"] = np.bincount(b_idx[~snap.woonpunt_op_netwerk], minlength=len(uit))


def _open_in_dagdeel(a: pd.DataFrame, maskers: np.ndarray, dagdeel: str | None):
    """The aanbod open in ``dagdeel`` (all without one), its masks, and (number, number with unknown hours) before."""
    vooraf = (len(a), int((maskers == dagdelen.ONBEKEND).sum()))
    if not dagdeel:
        return a, maskers, vooraf
    open_dan = (maskers & dagdelen.BIT[dagdeel]) > 0
    return a[open_dan].reset_index(drop=True), maskers[open_dan], vooraf


def buurt_van_aanbod(codes: pd.Series, geoms, aanbod: pd.DataFrame, a_geoms) -> np.ndarray:
    """Per aanbod the position of the buurt it lies in, or -1 for aanbod in no buurt.

    Aanbod loaded from the database carries the buurt it was linked to at
    import (``buurtcode``); that link is used as is. Otherwise (a GeoDataFrame
    from elsewhere) the points are put in buurten here. Aanbod in no buurt
    counts nowhere but still serves the buurten around it.
    """
    if len(a_geoms) == 0:
        return np.empty(0, dtype=np.int64)
    if "buurtcode" in aanbod:
        positie = pd.Series(np.arange(len(codes)), index=pd.Index(codes))
        return positie.reindex(aanbod["buurtcode"].to_numpy()).fillna(-1).to_numpy(dtype=np.int64)
    uit = np.full(len(a_geoms), -1, dtype=np.int64)
    a_idx, b_idx = shapely.STRtree(geoms).query(a_geoms, predicate="intersects")
    # A point on a shared border counts once, for the first buurt.
    _, eerste = np.unique(a_idx, return_index=True)
    uit[a_idx[eerste]] = b_idx[eerste]
    return uit


def _tel_aanbod(uit: pd.DataFrame, geoms, aanbod: pd.DataFrame, a_geoms) -> None:
    """Add the aanbod inside each buurt to ``uit``: in all (``aanbod_in_buurt``) and per soort."""
    in_buurt = buurt_van_aanbod(uit["code"], geoms, aanbod, a_geoms)
    uit["aanbod_in_buurt"] = np.bincount(in_buurt[in_buurt >= 0], minlength=len(uit))
    for kolom, aantal in _per_soort(aanbod, in_buurt, len(uit)).items():
        uit[kolom] = aantal


#: Prefix of the columns counting aanbod per soort (``aanbod_soort_ontmoetingsplek``), summed in the roll-ups.
AANBOD_SOORT = "aanbod_soort_"


def _per_soort(aanbod: pd.DataFrame, in_buurt: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Per soort of aanbod the number inside each buurt (the comparison of wijken shows them side by side)."""
    if "soort" not in aanbod or not len(aanbod):
        return {}
    binnen = in_buurt >= 0
    soorten = aanbod["soort"].to_numpy(dtype=object)
    return {
        f"{AANBOD_SOORT}{soort}": np.bincount(in_buurt[binnen & (soorten == soort)], minlength=n)
        for soort in sorted({s for s in soorten if isinstance(s, str)})
    }


def _tijden_onbekend_in_bereik(b_idx, paren, a_maskers, n) -> np.ndarray:
    """Number of distinct aanbod with unknown hours within reach of any woonpunt of each buurt."""
    p, a = paren
    onbekend = a_maskers[a] == dagdelen.ONBEKEND
    sleutel = np.unique(b_idx[p[onbekend]] * (len(a_maskers) + 1) + a[onbekend])
    return np.bincount(sleutel // (len(a_maskers) + 1), minlength=n)


def rol_op(buurten: pd.DataFrame, sleutel: str, namen: pd.DataFrame | None = None) -> pd.DataFrame:
    """Roll buurt results up to wijk or gemeente: inwoner-weighted means, summed counts.

    Buurten with unknown inwoners are left out of the weighted means (their
    number is in ``buurten_inwoners_onbekend``). Sums of only unknown values stay unknown.
    """
    codes, uniek = pd.factorize(buurten[sleutel], sort=True)
    geldig = codes >= 0  # a buurt without wijkcode belongs to no wijk
    codes = codes[geldig]
    b = buurten[geldig]
    k = len(uniek)

    def som(x: np.ndarray) -> np.ndarray:
        bekend = ~np.isnan(x)
        totaal = np.bincount(codes, weights=np.where(bekend, x, 0.0), minlength=k)
        return np.where(np.bincount(codes, weights=bekend, minlength=k) > 0, totaal, np.nan)

    inwoners = b["inwoners"].to_numpy(dtype=float)
    w = np.where(inwoners > 0, inwoners, np.nan)
    uit = pd.DataFrame({"code": uniek})
    if namen is not None and "naam" in namen:
        uit["naam"] = namen["naam"].reindex(uniek).to_numpy()
    uit["buurten"] = np.bincount(codes, minlength=k)
    uit["inwoners"] = som(inwoners)
    uit["inwoners_zonder_bereik"] = som(b["inwoners_zonder_bereik"].to_numpy(dtype=float))
    uit["aanbod_in_gebied"] = np.bincount(
        codes, weights=b["aanbod_in_buurt"].to_numpy(dtype=float), minlength=k
    ).astype(int)
    uit["buurten_inwoners_onbekend"] = np.bincount(codes, weights=np.isnan(inwoners), minlength=k).astype(int)
    for kolom in sorted(c for c in b.columns if c.startswith(AANBOD_SOORT)):
        uit[kolom] = np.bincount(codes, weights=b[kolom].to_numpy(dtype=float), minlength=k).astype(int)
    if namen is not None and len(namen):
        # The need indicators as CBS published them for the area itself (not a mean of its buurten).
        for kolom, waarden in indicatorwaarden(namen).items():
            uit[kolom] = waarden.reindex(uniek).to_numpy()
    for kolom in ["afstand_m", "bereik", *DAGDEEL_KOLOMMEN, "tijddekking", "behoefte", "tekort", "score"]:
        x = b[kolom].to_numpy(dtype=float)
        ok = ~np.isnan(x) & ~np.isnan(w)
        teller = np.bincount(codes, weights=np.where(ok, x * np.nan_to_num(w), 0.0), minlength=k)
        noemer = np.bincount(codes, weights=np.where(ok, w, 0.0), minlength=k)
        uit[kolom] = np.divide(teller, noemer, out=np.full(k, np.nan), where=noemer > 0)
    return uit.sort_values(["score", "code"], ascending=[False, True], na_position="last").reset_index(drop=True)
