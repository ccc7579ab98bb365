"""Use-cases of CBS regions: import boundaries and kerncijfers, download a release, list what is loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from ..invoer.cbs import download as cbs_download
from ..invoer.cbs.gebieden import lees_gebieden, tel_per_niveau
from ..invoer.cbs.kerncijfers import koppel_kerncijfers, lees_kerncijfers
from ..kern.kerncijfers import BY_NAAM
from ..opslag import gebieden as opslag_gebieden
from ..opslag import versie
from ..opslag.engine import een_import_tegelijk, lezen, transaction
from ..opslag.gebieden import GemeenteOverzicht, OpslagResultaat, bewaar_gebieden
from ..opslag.koppelen import herkoppel_locaties
from ..opslag.schema import bereid_voor
from . import resultaatcache
from .resultaatcache import Cache


@dataclass
class ImportSamenvatting:
    """What an import did, for the summary every import ends with."""

    bestand: str
    jaar: list[int]
    per_niveau: dict[str, int]
    opslag: OpslagResultaat
    hersteld: int
    water: int
    lagen: list[str]
    genegeerde_lagen: list[str] = field(default_factory=list)
    kerncijfers_bestand: str | None = None
    kerncijfers_zonder_gebied: list[str] = field(default_factory=list)
    overgeslagen_andere_niveaus: int = 0
    buiten_filter: int = 0
    herkoppeld: int = 0
    genegeerde_kolommen: list[str] = field(default_factory=list)

    def regels(self) -> list[str]:
        """Return the summary as Dutch lines for a terminal."""
        niveaus = ", ".join(f"{n} {c}" for n, c in self.per_niveau.items())
        lines = [
            f"Import van {self.bestand} (jaargang {', '.join(map(str, self.jaar))}):",
            f"  gebieden per niveau: {niveaus}",
            f"  nieuw: {sum(self.opslag.nieuw.values())}; bijgewerkt: {sum(self.opslag.bijgewerkt.values())}; ongewijzigd: {sum(self.opslag.ongewijzigd.values())}",
            f"  waterdelen (niet op de kaart): {self.water}",
            f"  gerepareerde geometrieën: {self.hersteld}",
        ]
        if self.buiten_filter:
            lines.append(f"  overgeslagen buiten de gekozen gemeenten: {self.buiten_filter}")
        if self.overgeslagen_andere_niveaus:
            lines.append(f"  overgeslagen (geen gemeente, wijk of buurt): {self.overgeslagen_andere_niveaus}")
        if self.herkoppeld:
            lines.append(f"  locaties opnieuw aan gemeente/wijk/buurt gekoppeld: {self.herkoppeld}")
        if self.genegeerde_lagen:
            lines.append(f"  lagen zonder CBS-codes overgeslagen: {', '.join(self.genegeerde_lagen)}")
        if self.genegeerde_kolommen:
            namen = self.genegeerde_kolommen
            lines.append(
                f"  kolommen genegeerd (geen code, naam of bekend kerncijfer): {len(namen)}: "
                + ", ".join(namen[:12])
                + (" …" if len(namen) > 12 else "")
            )
        if self.opslag.behouden_cijfers:
            namen = sorted(BY_NAAM[n].label_nl for n in self.opslag.behouden_cijfers if n in BY_NAAM)
            lines.append(
                "  niet in dit bestand, bestaande waarden behouden: "
                + ", ".join(namen)
                + " (leegmaken: --vervang-cijfers)"
            )
        if self.kerncijfers_bestand:
            zonder = self.kerncijfers_zonder_gebied
            voorbeeld = ", ".join(zonder[:8]) + (" …" if len(zonder) > 8 else "")
            lines.append(
                f"  kerncijfers uit {self.kerncijfers_bestand}: "
                f"{len(zonder)} rijen zonder gebied in dit bestand" + (f" ({voorbeeld})" if zonder else "")
            )
        return lines


def import_cbs(
    engine: Engine,
    path,
    gemeenten: list[str] | None = None,
    jaar: int | None = None,
    kerncijfers: str | Path | None = None,
    toon_voortgang: bool | None = None,
    vervang_cijfers: bool = False,
) -> ImportSamenvatting:
    """Import a CBS boundary file (and optionally a kerncijfers table) in one transaction.

    Everything is read and checked before the database is touched, and all
    writes share one transaction, so a failed import leaves the database
    exactly as it was. Kerncijfers the file does not carry keep their stored
    values unless ``vervang_cijfers`` (``--vervang-cijfers``).
    """
    gelezen = lees_gebieden(path, jaar=jaar, gemeenten=gemeenten)
    gebieden = gelezen.gebieden
    zonder_gebied: list[str] = []
    if kerncijfers is not None:
        tabel = lees_kerncijfers(kerncijfers)
        gebieden, zonder_gebied = koppel_kerncijfers(gebieden, tabel)
    bereid_voor(engine)
    with transaction(engine) as session:
        een_import_tegelijk(session)
        opslag = bewaar_gebieden(
            session, gebieden, bron=Path(path).name, toon_voortgang=toon_voortgang, vervang_cijfers=vervang_cijfers
        )
        # New boundaries move locaties to other buurten: re-link in the same transaction.
        herkoppeld = herkoppel_locaties(session)
    return ImportSamenvatting(
        bestand=str(path),
        jaar=sorted(set(int(j) for j in gebieden["jaar"])),
        per_niveau=tel_per_niveau(gebieden),
        opslag=opslag,
        hersteld=gelezen.hersteld,
        water=int(gebieden["water"].sum()),
        lagen=gelezen.lagen,
        genegeerde_lagen=gelezen.genegeerde_lagen,
        kerncijfers_bestand=str(kerncijfers) if kerncijfers else None,
        kerncijfers_zonder_gebied=zonder_gebied,
        overgeslagen_andere_niveaus=gelezen.overgeslagen_andere_niveaus,
        buiten_filter=gelezen.buiten_filter,
        herkoppeld=herkoppeld,
        genegeerde_kolommen=gelezen.genegeerde_kolommen,
    )


def download_cbs(
    jaar: int,
    basis_url: str,
    cache_dir,
    versie: int | None = None,
    opnieuw: bool = False,
    toon_voortgang: bool | None = None,
) -> cbs_download.Download:
    """Fetch the official CBS Wijk- en Buurtkaart of ``jaar`` into the cache (the newest version unless ``versie``)."""
    return cbs_download.download_cbs(
        jaar, basis_url, cache_dir, versie=versie, opnieuw=opnieuw, toon_voortgang=toon_voortgang
    )


#: Rows of the start page's list per page: the whole country (342 gemeenten) is never sent at once.
PER_PAGINA = 50


@dataclass
class GemeentenLijst:
    """One page of the loaded gemeenten that match a search."""

    gemeenten: list[GemeenteOverzicht]
    gevonden: int
    geladen: int
    pagina: int
    paginas: int


def gemeenten(
    engine: Engine,
    zoek: str | None = None,
    pagina: int = 1,
    per_pagina: int = PER_PAGINA,
    cache: Cache | None = None,
) -> GemeentenLijst:
    """Page ``pagina`` of the loaded gemeenten whose name or code contains ``zoek`` (all when empty).

    The overview of every gemeente is computed once per data version when a
    ``cache`` is given.
    """
    alle = _overzicht(engine, cache)
    naald = (zoek or "").strip().lower()
    gevonden = [g for g in alle if naald in (g.naam or "").lower() or naald in g.code.lower()] if naald else alle
    paginas = max(1, -(-len(gevonden) // per_pagina))
    pagina = min(max(1, pagina), paginas)
    begin = (pagina - 1) * per_pagina
    return GemeentenLijst(gevonden[begin : begin + per_pagina], len(gevonden), len(alle), pagina, paginas)


def _overzicht(engine: Engine, cache: Cache | None) -> list[GemeenteOverzicht]:
    with lezen(engine) as session:
        if cache is None:
            return opslag_gebieden.gemeenten(session)
        sleutel = resultaatcache.sleutel("gemeenten", versie.lees(session).nummer)
        return resultaatcache.bewaard_of_gemaakt(cache, sleutel, lambda: opslag_gebieden.gemeenten(session))
