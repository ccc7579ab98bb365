"""Use-cases of the gap analysis: run it for gemeenten, the ranked table and its exports, the buurt page, the map layer.

One session reads what the analysis needs (:func:`lees_bronnen`): the buurten
with their kerncijfers and geometry, the wijken's kerncijfers, the collective
aanbod around them and the gemeenten's own rows. The buurt page takes the
figures it shows from the same rows, so no row is read twice.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..gaten import GatAnalyse, Instellingen, analyseer
from ..gaten.isochronen import loopbanden
from ..gaten.kwaliteit import Datakwaliteit, datakwaliteit
from ..gaten.netwerk import Netwerk
from ..gaten.netwerkdekking import xy
from ..gaten.woonpunten import maak_woonpunten
from ..kern import codes, taal
from ..kern.dagdelen import peildatum_standaard
from ..kern.filters import GatenFilter
from ..kern.fouten import BestaatNiet
from ..kern.getallen import gewone_waarde
from ..kern.taal import gettext as _
from ..opslag import gebieden as opslag_gebieden
from ..opslag import netwerk as opslag_netwerk
from ..opslag import versie
from ..opslag.aanbod import GATEN_KOLOMMEN, aanbod_rond, bekende_themas_en_doelgroepen
from ..opslag.engine import lezen
from ..uitvoer import gatentabel
from ..uitvoer.buurtprofiel import BuurtProfiel, buurtprofiel
from ..uitvoer.kaartdata import als_geojson
from ..uitvoer.loopgebied import Loopgebied, loopgebied
from ..uitvoer.spreadsheets import csv_stijl
from ..uitvoer.werkgebied import voor_gebied
from ..uitvoer.wijkvergelijking import Wijkvergelijking, wijkvergelijking
from . import resultaatcache
from .netwerk import bewaard_netwerk, netwerk_in_sessie
from .resultaatcache import Cache

#: Properties of the gap layer's features (the tooltip shows score, behoefte, bereik and uitleg).
LAAG_KOLOMMEN = ["code", "naam", "wijkcode", "score", "behoefte", "bereik_pct", "inwoners", "uitleg", "rang"]


@dataclass
class GatenBronnen:
    """What the analysis of some gemeenten reads: buurten, wijk kerncijfers, aanbod, and the gemeenten's own rows."""

    buurten: gpd.GeoDataFrame
    wijken: pd.DataFrame
    aanbod: gpd.GeoDataFrame
    gemeenten: pd.DataFrame
    #: The walking network of the gemeenten (None: none asked for, or not loaded for every one of them).
    netwerk: Netwerk | None = None

    @property
    def gemeenten_per_code(self) -> pd.DataFrame | None:
        """The gemeenten's rows indexed by code, as :func:`~wijkkaart.gaten.analyseer` takes them (None when none)."""
        return self.gemeenten.set_index("code") if not self.gemeenten.empty else None


def marge_m(instellingen: Instellingen) -> float:
    """How far outside the buurten aanbod is read: up to 5 km, so border buurten still get a distance."""
    return max(5000.0, 2 * instellingen.drempel_m)


def lees_netwerk(session: Session, gemeenten: list[str], afstand: str) -> Netwerk | None:
    """The walking network for ``afstand``: always for ``netwerk`` (an error when missing), when loaded for ``auto``."""
    if afstand == "hemelsbreed":
        return None
    if afstand == "auto" and set(opslag_netwerk.bronnen(session, gemeenten)) != set(gemeenten):
        return None
    return netwerk_in_sessie(session, gemeenten)


def lees_bronnen(
    session: Session, gemeenten: list[str], filter_: GatenFilter, marge: float, afstand: str = "hemelsbreed"
) -> GatenBronnen:
    """Buurten, wijk kerncijfers, the aanbod around them and the gemeente rows, ready for :func:`~wijkkaart.gaten.analyseer`."""
    buurten, wijken = opslag_gebieden.buurten_en_wijken(session, gemeenten)
    gemeente_rijen = opslag_gebieden.gemeenten_frame(session, gemeenten)
    if buurten.empty:
        leeg = gpd.GeoDataFrame({c: [] for c in GATEN_KOLOMMEN}, geometry=[], crs=buurten.crs)
        return GatenBronnen(buurten, wijken, leeg, gemeente_rijen)
    aanbod = aanbod_rond(
        session, tuple(buurten.total_bounds), marge, list(filter_.soorten) or None, list(filter_.themas) or None
    )
    # The link made at import is only valid for the same jaargang of buurten.
    jaren = set(buurten["jaar"].unique())
    if not aanbod.empty and not set(aanbod["buurt_jaar"].dropna().astype(int)) <= jaren:
        aanbod = aanbod.drop(columns=["buurtcode"])
    netwerk = lees_netwerk(session, gemeenten, afstand)
    return GatenBronnen(buurten, wijken, aanbod.drop(columns=["buurt_jaar"]), gemeente_rijen, netwerk)


def _instellingen(filter_: GatenFilter, instellingen: Instellingen | None) -> Instellingen:
    return (instellingen or Instellingen()).met(drempel_m=float(filter_.drempel_m), dagdeel=filter_.dagdeel)


def _analyseer(
    session: Session,
    gemeenten: list[str],
    filter_: GatenFilter,
    instellingen: Instellingen | None,
    adressen=None,
    gewicht_kolom=None,
    cache: Cache | None = None,
) -> tuple[GatAnalyse, GatenBronnen]:
    ins = _instellingen(filter_, instellingen)
    ins = ins.met(peildatum=ins.peildatum or peildatum_standaard())
    if [g.upper() for g in gemeenten] == ["ALLE"]:
        gemeenten = opslag_gebieden.gemeenten_met_buurten(session)
    if cache is None or adressen is not None:
        return _bereken(session, gemeenten, filter_, ins, adressen, gewicht_kolom)
    # The version first, then the data: a write in between can only make the entry newer than its key.
    sleutel = resultaatcache.sleutel(
        "gaten", versie.lees(session).nummer, gemeenten=sorted(gemeenten), filter=filter_, instellingen=ins
    )
    analyse_, bronnen = resultaatcache.bewaard_of_gemaakt(
        cache, sleutel, lambda: _zonder_netwerk(_bereken(session, gemeenten, filter_, ins, None, None))
    )
    return analyse_.in_taal(taal.actief()), bronnen


def _zonder_netwerk(uitkomst: tuple[GatAnalyse, GatenBronnen]) -> tuple[GatAnalyse, GatenBronnen]:
    """The analysis and its sources without the network, to keep: the network is kept on its own, per gemeente."""
    analyse_, bronnen = uitkomst
    return analyse_, replace(bronnen, netwerk=None)


def _bereken(session, gemeenten, filter_, ins, adressen, gewicht_kolom) -> tuple[GatAnalyse, GatenBronnen]:
    bronnen = lees_bronnen(session, gemeenten, filter_, marge_m(ins), ins.afstand)
    ontbrekend = sorted(set(gemeenten) - set(bronnen.buurten.get("gemeentecode", [])))
    if ontbrekend:
        raise BestaatNiet(
            f"geen buurten geladen voor {', '.join(ontbrekend)}; importeer eerst de buurtgrenzen (wijkkaart import-cbs)"
        )
    analyse_ = analyseer(
        bronnen.buurten,
        bronnen.aanbod,
        ins,
        wijken=bronnen.wijken,
        adressen=adressen,
        gewicht_kolom=gewicht_kolom,
        gemeenten=bronnen.gemeenten_per_code,
        netwerk=bronnen.netwerk,
    )
    return analyse_, bronnen


def analyse(
    engine: Engine,
    gemeenten: list[str],
    filter_: GatenFilter | None = None,
    instellingen: Instellingen | None = None,
    adressen: gpd.GeoDataFrame | None = None,
    gewicht_kolom: str | None = None,
    cache: Cache | None = None,
) -> GatAnalyse:
    """Run the gap analysis for ``gemeenten`` (or ``["ALLE"]``: every gemeente with buurten) on what the database holds.

    ``filter_`` sets threshold, soorten, thema's and day part; ``instellingen``
    the rest of the method (woonpunten, weights, peildatum). With ``cache``
    the result is kept per data version (:mod:`.resultaatcache`).

    Raises
    ------
    BestaatNiet
        When a gemeente has no buurten loaded.
    """
    with lezen(engine) as session:
        return _analyseer(session, gemeenten, filter_ or GatenFilter(), instellingen, adressen, gewicht_kolom, cache)[0]


def analyse_en_bronnen(
    session: Session, gemeente: str, filter_: GatenFilter, cache: Cache | None = None
) -> tuple[GatAnalyse, GatenBronnen]:
    """The analysis of one gemeente with what it read, in the caller's session (the report needs both)."""
    return _analyseer(session, [gemeente], filter_, None, cache=cache)


@dataclass
class GatenTabel:
    """The ranked gap table of one gemeente as the page shows it."""

    code: str
    naam: str
    analyse: GatAnalyse
    rijen: list[dict]
    koppen: dict[str, str]
    themas: list[str]
    gemeente_rij: dict | None
    datakwaliteit: Datakwaliteit


def gemeentenaam(bronnen: GatenBronnen, code: str) -> str:
    """The gemeente's name as loaded, or its code when it has none."""
    rijen = bronnen.gemeenten[bronnen.gemeenten["code"] == code]["naam"].dropna() if not bronnen.gemeenten.empty else []
    return rijen.iloc[0] if len(rijen) else code


def tabel(engine: Engine, gemeente: str, filter_: GatenFilter, cache: Cache | None = None) -> GatenTabel:
    """The ranked table of a gemeente's buurten with the thema choices of its filter."""
    code = codes.controleer(gemeente, "gemeente", fout=BestaatNiet)
    with lezen(engine) as session:
        analyse_, bronnen = _analyseer(session, [code], filter_, None, cache=cache)
        themas = bekende_themas_en_doelgroepen(session)[0]
    return GatenTabel(
        code=code,
        naam=gemeentenaam(bronnen, code),
        analyse=analyse_,
        # A nameless buurt's name is None (pandas gives NaN, which a page would print as "nan").
        rijen=[r | {"naam": gewone_waarde(r["naam"])} for r in gatentabel.tabel(analyse_).to_dict("records")],
        koppen=gatentabel.koppen(analyse_),
        themas=themas,
        gemeente_rij=analyse_.gemeenten.iloc[0].to_dict() if len(analyse_.gemeenten) else None,
        datakwaliteit=datakwaliteit(analyse_),
    )


@dataclass
class WijkenNaastElkaar:
    """The wijken of one gemeente side by side, with the analysis's data-quality facts."""

    code: str
    naam: str
    vergelijking: Wijkvergelijking
    peildatum: dt.date
    datakwaliteit: Datakwaliteit
    #: The thema's aanbod carries, for the filter's choices.
    themas: list[str]


def wijken_naast_elkaar(engine: Engine, gemeente: str, filter_: GatenFilter, cache: Cache | None = None):
    """Every wijk of ``gemeente``: kerncijfers, aanbod per soort, gap roll-up and day parts (the XLSX's wijken sheet)."""
    code = codes.controleer(gemeente, "gemeente", fout=BestaatNiet)
    with lezen(engine) as session:
        analyse_, bronnen = _analyseer(session, [code], filter_, None, cache=cache)
        themas = bekende_themas_en_doelgroepen(session)[0]
    return WijkenNaastElkaar(
        code=code,
        naam=gemeentenaam(bronnen, code),
        vergelijking=wijkvergelijking(analyse_, code),
        peildatum=analyse_.peildatum,
        datakwaliteit=datakwaliteit(analyse_),
        themas=themas,
    )


@dataclass(frozen=True)
class Download:
    """A file to send: its bytes, name and media type."""

    inhoud: bytes
    bestandsnaam: str
    mediatype: str


def download(
    engine: Engine,
    gemeente: str,
    filter_: GatenFilter,
    formaat: str,
    csv: str | None = None,
    cache: Cache | None = None,
) -> Download:
    """The ranked table as a file: csv (``csv``: ``nl``, the default, or ``int``), xlsx, geojson or gpkg."""
    code = codes.controleer(gemeente, "gemeente", fout=BestaatNiet)
    if formaat not in gatentabel.FORMATEN:
        raise BestaatNiet(
            _(
                "onbekend formaat %(formaat)s; kies uit %(keuzes)s",
                formaat=formaat,
                keuzes=", ".join(gatentabel.FORMATEN),
            )
        )
    stijl = csv_stijl(csv)
    analyse_ = analyse(engine, [code], filter_, cache=cache)
    # GeoPackage and XLSX writers want a file; read it back so the folder can go before we answer.
    with tempfile.TemporaryDirectory() as map_:
        inhoud = gatentabel.exporteer(analyse_, Path(map_) / f"gaten_{code}.{formaat}", formaat, stijl).read_bytes()
    return Download(inhoud, f"gaten_{code}_{analyse_.peildatum.isoformat()}.{formaat}", gatentabel.MEDIATYPES[formaat])


def geojson(
    engine: Engine, gemeente: str, filter_: GatenFilter, zoom: int | None = None, cache: Cache | None = None
) -> dict:
    """The gap analysis of a gemeente as GeoJSON: buurten with score, need, reach and explanation."""
    analyse_ = analyse(engine, [gemeente], filter_, cache=cache)
    return laag_geojson(analyse_, filter_, zoom)


def laag_geojson(analyse_: GatAnalyse, filter_: GatenFilter, zoom: int | None = None) -> dict:
    """The features of the gap layer made from an analysis that already ran."""
    t = gatentabel.tabel(analyse_, met_geometrie=True)
    t["bereik_pct"] = (100 * t["bereik"]).round()
    # Over the network the layer can also be coloured by minutes' walk (the map's "minuten lopen").
    kolommen = [*LAAG_KOLOMMEN, "minuten_lopen"] if "minuten_lopen" in t else LAAG_KOLOMMEN
    data = als_geojson(t, zoom=zoom, kolommen=kolommen)
    data["wijkkaart"].update(
        {
            "drempel_m": filter_.drempel_m,
            "peildatum": analyse_.peildatum.isoformat(),
            "afstand": analyse_.instellingen.afstand,
        }
    )
    return data


@dataclass
class BuurtPagina:
    """What the buurt page shows: the profile, the gemeente's name and how many buurten were ranked."""

    profiel: BuurtProfiel
    gemeentenaam: str
    aantal: int
    datakwaliteit: Datakwaliteit
    #: Aanbod without a fixed place for this buurt, its wijk or its gemeente (not in the analysis).
    zonder_vaste_plek: list[dict] = field(default_factory=list)
    #: The 5, 10 and 15-minute walking areas (None: the analysis measured in a straight line).
    loopgebied: Loopgebied | None = None


def buurtpagina(engine: Engine, code: str, filter_: GatenFilter, cache: Cache | None = None) -> BuurtPagina:
    """One buurt: its explanation, kerncijfers beside wijk and gemeente, aanbod in and around it, day parts.

    Everything is read in one session: the analysis's own input gives the
    buurt's and wijk's figures, and the gemeente's row comes with it. With
    ``cache`` the gemeente's analysis is the one the gap map already made.

    Raises
    ------
    BestaatNiet
        When the code is malformed or the buurt is not loaded.
    """
    code = codes.controleer(code, "buurt", fout=BestaatNiet)
    gemeente = codes.gemeente_van(code)
    with lezen(engine) as session:
        analyse_, bronnen = _analyseer(session, [gemeente], filter_, None, cache=cache)
        zonder = voor_gebied(session, code, codes.wijk_van(code), gemeente)
        netwerk = bewaard_netwerk(session, gemeente, cache) if analyse_.lopen else None
    gemeente_rij = bronnen.gemeenten[bronnen.gemeenten["code"] == gemeente]
    profiel = buurtprofiel(
        analyse_,
        code,
        bronnen.buurten,
        bronnen.wijken,
        gemeente_rij.iloc[0] if not gemeente_rij.empty else pd.Series(dtype=object),
    )
    if profiel is None:
        raise BestaatNiet(_("Buurt %(code)s is niet geladen.", code=code))
    return BuurtPagina(
        profiel,
        gemeentenaam(bronnen, gemeente),
        len(analyse_.buurten),
        datakwaliteit(analyse_),
        zonder,
        _loopgebied(analyse_, bronnen.buurten, code, netwerk) if netwerk is not None else None,
    )


#: Metres of surroundings the walking map of a buurt covers around it (the view shows part of them).
VENSTER_M = 1000.0


def _loopgebied(analyse_: GatAnalyse, buurten: gpd.GeoDataFrame, code: str, netwerk: Netwerk) -> Loopgebied:
    """The buurt's 5, 10 and 15-minute areas, with the residents outside each, as the analysis measures them."""
    rij = buurten[buurten["code"] == code].iloc[0]
    ins = analyse_.instellingen
    # The same woonpunten as the analysis (the web never uses address points: those are the CLI's).
    methode = ins.methode if ins.methode != "adressen" else "raster"
    _b, punten, aandeel = maak_woonpunten(np.array([rij.geometry]), methode, ins.raster_m, ins.max_punten)
    venster = shapely.box(*shapely.buffer(rij.geometry, VENSTER_M).bounds)
    inwoners = pd.to_numeric(pd.Series([rij.get("inwoners")]), errors="coerce").iloc[0]
    banden = loopbanden(
        netwerk, xy(analyse_.aanbod.geometry.values), venster, xy(punten), aandeel, inwoners, ins.max_snap_m
    )
    return loopgebied(banden, rij.geometry, analyse_.aanbod, venster)
