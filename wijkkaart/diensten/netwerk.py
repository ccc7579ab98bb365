"""Use-cases of the walking network: import an OpenStreetMap extract for gemeenten, fetch one, say what is loaded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from sqlalchemy.engine import Engine
from tqdm import tqdm

from ..gaten.netwerk import Netwerk, samenhang
from ..invoer.osm import download as osm_download
from ..invoer.osm.lezen import Looppaden, lees_looppaden
from ..kern.fouten import BestaatNiet, InvoerFout, OngeldigeVraag
from ..kern.getallen import formatteer
from ..opslag import netwerk as opslag_netwerk
from ..opslag import versie
from ..opslag.engine import een_import_tegelijk, lezen, transaction
from ..opslag.koppelen import koppel
from ..opslag.netwerk import NetwerkBron
from ..opslag.schema import bereid_voor
from . import resultaatcache
from .resultaatcache import Cache

#: The regions ``netwerk download`` knows (Geofabrik's Dutch provinces and ``nederland``).
REGIOS = osm_download.REGIOS

#: Default margin around each gemeente: a resident near the border walks to aanbod across it,
#: and the 15-minute isochrone (1,125 m) of a border buurt must fit.
MARGE_M = 2000.0


@dataclass
class NetwerkImport:
    """What a network import did, for the summary it ends with."""

    bestand: str
    per_gemeente: dict[str, NetwerkBron]
    gelezen: int
    niet_loopbaar: dict[str, int]
    #: Share of the length in the largest connected part, per gemeente (islands are a mapping or clipping problem).
    samenhang: dict[str, float] = field(default_factory=dict)
    overgeslagen: list[str] = field(default_factory=list)

    def regels(self) -> list[str]:
        """Return the summary as Dutch lines for a terminal."""
        regels = [f"Looppaden uit {self.bestand}:"]
        for code, b in self.per_gemeente.items():
            regels.append(
                f"  {code}: {formatteer(b.randen)} looppaden, {formatteer(round(b.lengte_km, 1))} km, "
                f"{formatteer(b.knopen)} knopen; {formatteer(round(100 * self.samenhang.get(code, 1.0), 1))}% "
                "van de lengte hangt samen"
            )
        niet = sorted(self.niet_loopbaar.items(), key=lambda kv: (-kv[1], kv[0]))
        if niet:
            delen = ", ".join(f"{soort} {formatteer(aantal)}" for soort, aantal in niet[:8])
            regels.append(f"  niet beloopbaar (weggelaten): {formatteer(sum(self.niet_loopbaar.values()))} ({delen})")
        if self.overgeslagen:
            regels.append(f"  geen looppaden in dit bestand voor: {', '.join(self.overgeslagen)} (niets veranderd)")
        datum = next((b.osm_datum for b in self.per_gemeente.values() if b.osm_datum), None)
        if datum:
            regels.append(f"  nieuwste wijziging in OpenStreetMap: {datum:%Y-%m-%d}")
        return regels


def import_netwerk(
    engine: Engine,
    pad,
    gemeenten: list[str] | None = None,
    marge_m: float = MARGE_M,
    toon_voortgang: bool | None = None,
) -> NetwerkImport:
    """Import the walkable ways of an extract for ``gemeenten`` (None: every gemeente with buurten), all or nothing.

    Each gemeente gets the ways within its buurten plus ``marge_m``; importing
    a gemeente again replaces its network. Without ``gemeenten``, loaded
    gemeenten the extract does not reach are skipped and named.

    Raises
    ------
    BestaatNiet
        When a named gemeente (or any gemeente at all) has no buurten loaded.
    InvoerFout
        When the file is unreadable, or holds no walkable way for a named gemeente.
    """
    if not 0 <= marge_m <= 20000:
        raise OngeldigeVraag(f"--marge {marge_m:g} m: kies 0 tot 20.000 m")
    bereid_voor(engine)
    with lezen(engine) as session:
        gebieden = opslag_netwerk.gemeentegebieden(session, gemeenten)
    ontbrekend = sorted(set(gemeenten or []) - set(gebieden))
    if ontbrekend or not gebieden:
        raise BestaatNiet(
            f"geen buurten geladen voor {', '.join(ontbrekend) or 'enige gemeente'}; "
            "importeer eerst de buurtgrenzen (wijkkaart import-cbs)"
        )
    met_marge = {code: shapely.buffer(g, marge_m, quad_segs=4) for code, g in gebieden.items()}
    paden = lees_looppaden(pad, shapely.union_all(list(met_marge.values())), toon_voortgang)
    delen = _per_gemeente(paden, met_marge)
    leeg = sorted(code for code, (randen, _) in delen.items() if randen.empty)
    if gemeenten and leeg:
        raise InvoerFout(pad, f"geen looppaden binnen {', '.join(leeg)}; dekt dit extract die gemeente(n)?")
    delen = {code: deel for code, deel in delen.items() if code not in leeg}
    nu = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    bronnen = {
        code: NetwerkBron(
            code,
            Path(pad).name[:300],
            paden.osm_datum,
            nu,
            marge_m,
            len(randen),
            len(knopen),
            float(randen["lengte_m"].sum()) / 1000,
        )
        for code, (randen, knopen) in delen.items()
    }
    with (
        transaction(engine) as session,
        tqdm(
            total=sum(b.randen for b in bronnen.values()),
            unit=" paden",
            desc="looppaden",
            disable=None if toon_voortgang is None else not toon_voortgang,
        ) as balk,
    ):
        een_import_tegelijk(session)
        for code, (randen, knopen) in delen.items():
            opslag_netwerk.bewaar(session, code, randen, knopen, bronnen[code], voortgang=balk.update)
    return NetwerkImport(
        bestand=str(pad),
        per_gemeente=bronnen,
        gelezen=paden.gelezen,
        niet_loopbaar=paden.niet_loopbaar,
        samenhang={code: samenhang(Netwerk.uit_lijnen(randen.geometry.values)) for code, (randen, _) in delen.items()},
        overgeslagen=leeg,
    )


def _per_gemeente(paden: Looppaden, met_marge: dict) -> dict:
    """Per gemeente the edges that meet its land plus margin, and the nodes those edges use."""
    boom = shapely.STRtree(paden.randen.geometry.values)
    uit = {}
    for code, gebied in met_marge.items():
        welke = np.sort(boom.query(gebied, predicate="intersects"))
        randen = paden.randen.iloc[welke].reset_index(drop=True)
        gebruikt = np.union1d(randen["van"].to_numpy(), randen["naar"].to_numpy())
        knopen = paden.knopen[paden.knopen["osm_id"].isin(gebruikt)].reset_index(drop=True)
        uit[code] = (randen, knopen)
    return uit


def download_extract(regio: str, basis_url: str, cache_dir, opnieuw: bool = False, toon_voortgang=None):
    """Fetch the OpenStreetMap extract of a province (or ``nederland``) into the cache."""
    return osm_download.download_extract(regio, basis_url, cache_dir, opnieuw=opnieuw, toon_voortgang=toon_voortgang)


def bronnen(engine: Engine, gemeenten: list[str] | None = None) -> dict[str, NetwerkBron]:
    """Which gemeenten have a walking network, from which extract."""
    with lezen(engine) as session:
        return opslag_netwerk.bronnen(session, gemeenten)


def afstand_hier(engine: Engine) -> str:
    """How the analysis measures here when no gemeente is in view (the method page).

    ``hemelsbreed`` when no gemeente has a walking network, else ``auto``: walking where one is loaded.
    """
    with lezen(engine) as session:
        return "auto" if opslag_netwerk.bronnen(session) else "hemelsbreed"


def netwerk_van(engine: Engine, gemeenten: list[str]) -> Netwerk:
    """The walking network of ``gemeenten`` (each edge once), ready for :mod:`wijkkaart.gaten.netwerk`.

    Raises
    ------
    BestaatNiet
        When a gemeente has no network loaded.
    """
    with lezen(engine) as session:
        return netwerk_in_sessie(session, gemeenten)


def netwerk_rond(session, x: float, y: float, cache: Cache | None = None) -> Netwerk | None:
    """The walking network of the gemeente around the point (RD New), None when it has none; kept per data version."""
    gemeente = koppel(session, [x], [y])[0].gemeentecode
    if not gemeente or not opslag_netwerk.bronnen(session, [gemeente]):
        return None
    return bewaard_netwerk(session, gemeente, cache)


def bewaard_netwerk(session, gemeente: str, cache: Cache | None = None) -> Netwerk:
    """The walking network of one gemeente (which must have one), kept in ``cache`` per data version."""

    def maak() -> Netwerk:
        netwerk = Netwerk.uit_lijnen(opslag_netwerk.lijnen(session, [gemeente]))
        netwerk.monsters  # noqa: B018 - made now, so the kept copy carries the snapping tree
        return netwerk

    sleutel = resultaatcache.sleutel("netwerk", versie.lees(session).nummer, gemeenten=[gemeente])
    return resultaatcache.bewaard_of_gemaakt(cache, sleutel, maak)


def netwerk_in_sessie(session, gemeenten: list[str]) -> Netwerk:
    """:func:`netwerk_van` in the caller's session."""
    zonder = sorted(set(gemeenten) - set(opslag_netwerk.bronnen(session, gemeenten)))
    if zonder:
        raise BestaatNiet(
            f"geen loopnetwerk geladen voor {', '.join(zonder)}; importeer het met wijkkaart netwerk import"
        )
    return Netwerk.uit_lijnen(opslag_netwerk.lijnen(session, gemeenten))
