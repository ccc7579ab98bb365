"""Use-cases of the maps: a gemeente's map, the region and aanbod GeoJSON the browser fetches, and the beheerders' layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.engine import Engine

from ..bewerken.verificatie import veroudering_per_wijk
from ..gaten import GatAnalyse
from ..gaten.kwaliteit import Datakwaliteit, datakwaliteit
from ..kern import codes, taal
from ..kern.filters import GatenFilter
from ..kern.fouten import BestaatNiet
from ..kern.kerncijfers import BY_NAAM, Kerncijfer, present, te_weinig_inwoners, weinig_inwoners_voor
from ..kern.taal import gettext as _
from ..opslag import gebieden as opslag_gebieden
from ..opslag import netwerk as opslag_netwerk
from ..opslag.aanbod import bekende_themas_en_doelgroepen
from ..opslag.engine import lezen
from ..uitvoer import kaartlagen, werkgebied
from ..uitvoer.kaartdata import EIGENSCHAPPEN, als_geojson
from ..uitvoer.kaarten import GATENKAARTEN, VEROUDERING_VELDEN, gatenlegenda, legenda, loopminutenlegenda
from . import gaten, resultaatcache
from .resultaatcache import Cache

#: Default colouring, in order of preference: the first with known values wins.
STANDAARD_KERNCIJFERS = ("pct_65_plus", "pct_eenpersoonshuishoudens", "inwoners", "bevolkingsdichtheid")


@dataclass
class Gemeentekaart:
    """Everything the map page of a gemeente shows, except the URLs (the web adds those).

    ``niveau`` is the level coloured (None when nothing is loaded below the
    gemeente); ``gekozen`` the kerncijfer's name or ``gatscore``; ``vlakken``
    the coloured regions' names and figures; ``gaten`` the analysis when the
    gap score is shown; ``veroudering`` the beheerders' staleness per wijk.
    """

    code: str
    naam: str
    omvang: tuple[float, float, float, float]
    niveaus: list[str]
    niveau: str | None
    keuzes: list[Kerncijfer]
    gekozen: str | None
    kerncijfer: Kerncijfer | None
    vlakken: pd.DataFrame
    jaar_grenzen: int | None
    jaar_wijken: int | None
    jaar_cijfers: int | None
    aantal_wijken: int
    aantal_buurten: int
    gaten: GatAnalyse | None = None
    filter: GatenFilter = field(default_factory=GatenFilter)
    veroudering: pd.DataFrame | None = None
    #: Aanbod without a fixed place in the gemeente, listed under the map (it has no marker).
    zonder_vaste_plek: list[dict] = field(default_factory=list)
    #: Whether the gemeente has a walking network (the map then offers "minuten lopen").
    netwerk_geladen: bool = False

    @property
    def datakwaliteit(self) -> Datakwaliteit | None:
        """How far the gap map can be trusted (None when the map is not the gap map)."""
        return datakwaliteit(self.gaten) if self.gaten is not None else None

    @property
    def gaten_mogelijk(self) -> bool:
        """True when the gemeente has buurten, so a gap score can be shown."""
        return self.aantal_buurten > 0


def kaartlegenda(k: Gemeentekaart):
    """The legend of the map's coloured regions and, per region of ``k.vlakken``, whether it has too few inwoners.

    The page, its table and the downloaded map image use this one rule. Returns ``(None, None)`` when
    the map colours nothing.
    """
    if k.gaten is not None:
        if k.gekozen == "loopminuten":
            return loopminutenlegenda(k.gaten.buurten["minuten_lopen"]), None
        return gatenlegenda(k.gaten.buurten["score"]), None
    if not k.niveau or k.kerncijfer is None:
        return None, None
    weinig = weinig_inwoners_voor(k.kerncijfer, k.vlakken)
    return legenda(k.kerncijfer, k.vlakken[k.kerncijfer.naam].tolist(), weinig=weinig), weinig


def _kies(niveau_gevraagd, kerncijfer_gevraagd, buurten, wijken):
    """Which level to colour by which figure: what was asked for when possible, else the best default.

    Returns the level, the levels there are, the chosen figure, the coloured
    regions and the figures the level offers (those of the level chosen before
    the gap score, which is always per buurt, took over).
    """
    lagen = [(n, f) for n, f in (("buurt", buurten), ("wijk", wijken)) if not f.empty]
    niveaus = [n for n, _ in lagen]
    niveau = niveau_gevraagd
    if niveau not in niveaus:
        # Colour buurten when they carry figures; otherwise wijken, which CBS always fills.
        niveau = next((n for n, f in lagen if present(f)), niveaus[0] if niveaus else None)
    vlakken = buurten if niveau == "buurt" else wijken
    keuzes = present(vlakken) if niveau else []
    namen = {k.naam for k in keuzes}
    gekozen = kerncijfer_gevraagd
    if gekozen in GATENKAARTEN and not buurten.empty:
        niveau, vlakken = "buurt", buurten
    elif gekozen not in namen:
        gekozen = next((n for n in STANDAARD_KERNCIJFERS if n in namen), None)
    return niveau, niveaus, gekozen, vlakken, keuzes


def gemeentekaart(
    engine: Engine,
    code: str,
    niveau: str | None = None,
    kerncijfer: str | None = None,
    filter_: GatenFilter | None = None,
    beheerder: bool = False,
    vandaag: dt.date | None = None,
    verificatie_dagen: int = 180,
    cache: Cache | None = None,
) -> Gemeentekaart:
    """The map page of a gemeente: buurten (or wijken) coloured by a kerncijfer or the gap score.

    Names and figures only: the browser fetches the geometry from the API.
    With ``cache`` the page's data is made once per data version, day and
    language (beheerders, whose page shows staleness, get it fresh).

    Raises
    ------
    BestaatNiet
        When the code is malformed or the gemeente is not loaded.
    """
    args = (engine, code, niveau, kerncijfer, filter_, beheerder, vandaag, verificatie_dagen, cache)
    if cache is None or beheerder:
        return _gemeentekaart(*args)
    return resultaatcache.per_gegevensversie(
        cache,
        engine,
        "gemeentekaart",
        lambda: _gemeentekaart(*args),
        code=code,
        niveau=niveau,
        kerncijfer=kerncijfer,
        filter=filter_,
        vandaag=vandaag,
        dagen=verificatie_dagen,
        taal=taal.actief(),
    )


def _gemeentekaart(
    engine: Engine,
    code: str,
    niveau: str | None = None,
    kerncijfer: str | None = None,
    filter_: GatenFilter | None = None,
    beheerder: bool = False,
    vandaag: dt.date | None = None,
    verificatie_dagen: int = 180,
    cache: Cache | None = None,
) -> Gemeentekaart:
    """Read and assemble the page's data (see :func:`gemeentekaart`)."""
    code = codes.controleer(code, "gemeente", fout=BestaatNiet)
    filter_ = filter_ or GatenFilter()
    with lezen(engine) as session:
        omvang = opslag_gebieden.omvang_wgs84(session, code)
        if omvang is None:
            raise BestaatNiet(_("Gemeente %(code)s is niet geladen.", code=code))
        wijken = opslag_gebieden.gebieden_frame(session, code, "wijk", met_geometrie=False)
        buurten = opslag_gebieden.gebieden_frame(session, code, "buurt", met_geometrie=False)
        naam = opslag_gebieden.gemeentenaam(session, code)
        veroudering = (
            veroudering_per_wijk(session, code, vandaag or dt.date.today(), verificatie_dagen) if beheerder else None
        )
        zonder_vaste_plek = werkgebied.in_gemeente(session, code)
        netwerk_geladen = bool(opslag_netwerk.bronnen(session, [code]))
    gekozen_niveau, niveaus, gekozen, vlakken, keuzes_ = _kies(niveau, kerncijfer, buurten, wijken)
    kaart = Gemeentekaart(
        code=code,
        naam=naam,
        omvang=omvang,
        niveaus=niveaus,
        niveau=gekozen_niveau,
        keuzes=keuzes_,
        gekozen=gekozen,
        kerncijfer=BY_NAAM.get(gekozen) if gekozen and gekozen not in GATENKAARTEN else None,
        vlakken=vlakken,
        jaar_grenzen=int(vlakken["jaar"].iloc[0]) if gekozen_niveau else None,
        jaar_wijken=int(wijken["jaar"].iloc[0]) if not wijken.empty else None,
        jaar_cijfers=_jaar_cijfers(vlakken) if gekozen_niveau else None,
        aantal_wijken=len(wijken),
        aantal_buurten=len(buurten),
        filter=filter_,
        veroudering=veroudering if veroudering is not None and not veroudering.empty else None,
        zonder_vaste_plek=zonder_vaste_plek,
        netwerk_geladen=netwerk_geladen,
    )
    if gekozen in GATENKAARTEN and kaart.gaten_mogelijk:
        kaart.gaten = gaten.analyse(engine, [code], filter_, cache=cache)
        if gekozen == "loopminuten" and not kaart.gaten.lopen:
            raise BestaatNiet(
                _("Voor %(naam)s is geen loopnetwerk geladen: minuten lopen zijn er niet te tonen.", naam=naam)
            )
    return kaart


def _jaar_cijfers(frame: pd.DataFrame) -> int | None:
    jaren = frame["kerncijfers_jaar"].dropna().unique()
    return int(max(jaren)) if len(jaren) else None


def gebieden_geojson(
    engine: Engine,
    gemeente: str,
    niveau: str,
    jaar: int | None = None,
    zoom: int | None = None,
    water: bool = False,
    velden: tuple[str, ...] = (),
) -> dict:
    """One level of a gemeente as GeoJSON in EPSG:4326, simplified for ``zoom``.

    Each feature carries the region's identity (code, naam, niveau, jaar, …)
    and only the kerncijfers named in ``velden``: the map asks for the figure
    it colours by and the ones its tooltip shows, not all of them.

    Raises
    ------
    BestaatNiet
        When that level (and jaargang) is not loaded.
    """
    with lezen(engine) as session:
        frame = opslag_gebieden.gebieden_frame(session, gemeente, niveau, jaar=jaar, met_water=water)
    if frame.empty:
        raise BestaatNiet(
            f"geen {codes.MEERVOUD[niveau]} van {gemeente}" + (f" in {jaar}" if jaar else "") + " geladen"
        )
    extra = []
    if "inwoners" in frame and any(BY_NAAM[v].eenheid == "%" for v in velden if v in BY_NAAM):
        # The map greys a percentage of too few inwoners (as its legend and table do).
        frame["weinig_inwoners"] = te_weinig_inwoners(frame["inwoners"])
        extra.append("weinig_inwoners")
    return als_geojson(frame, zoom=zoom, kolommen=[*EIGENSCHAPPEN, *velden, *extra])


def aanbod_geojson(engine: Engine, filter_: kaartlagen.Filter, moment: dt.datetime | None = None) -> dict:
    """Aanbod at its locaties as GeoJSON points (EPSG:4326), with "open now" evaluated at ``moment``."""
    with lezen(engine) as session:
        return kaartlagen.aanbod_geojson(session, filter_, moment)


def locaties_geojson(engine: Engine, filter_: kaartlagen.Filter, moment: dt.datetime | None = None) -> dict:
    """Locaties (buurthuizen, wijkcentra, bibliotheken, …) as GeoJSON points (EPSG:4326)."""
    with lezen(engine) as session:
        return kaartlagen.locaties_geojson(session, filter_, moment)


def veroudering_geojson(engine: Engine, gemeente: str, vandaag: dt.date, dagen: int, zoom: int | None = None) -> dict:
    """Wijken of a gemeente with the share of aanbod not verified in time (the beheerders' map layer)."""
    code = codes.controleer(gemeente, "gemeente", fout=BestaatNiet)
    with lezen(engine) as session:
        wijken = opslag_gebieden.gebieden_frame(session, code, "wijk", met_geometrie=True)
        per_wijk = veroudering_per_wijk(session, code, vandaag, dagen)
    wijken = wijken.merge(per_wijk, on="code", how="left")
    wijken["aantal_aanbod"] = wijken["aantal_aanbod"].fillna(0).astype(int)
    wijken["aantal_verouderd"] = wijken["aantal_verouderd"].fillna(0).astype(int)
    kolommen = [*EIGENSCHAPPEN, *(k.naam for k in VEROUDERING_VELDEN)]
    return als_geojson(wijken, zoom=zoom, kolommen=kolommen)


def keuzes(engine: Engine) -> tuple[list[str], list[str]]:
    """Every thema and every doelgroep in the database, sorted: the choices of the filters on the pages."""
    with lezen(engine) as session:
        return bekende_themas_en_doelgroepen(session)
