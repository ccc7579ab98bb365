"""Use-cases: each opens a transaction and calls the core. Used by the CLI, the web and notebooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from . import cbs
from .db import init_db, transaction
from .aanbod.koppelen import herkoppel_locaties
from .gebieden import OpslagResultaat, bewaar_gebieden


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

    def regels(self) -> list[str]:
        """Return the summary as Dutch lines for a terminal."""
        niveaus = ", ".join(f"{n} {c}" for n, c in self.per_niveau.items())
        lines = [
            f"Import van {self.bestand} (jaargang {', '.join(map(str, self.jaar))}):",
            f"  gebieden per niveau: {niveaus}",
            "  nieuw: {}; bijgewerkt: {}; ongewijzigd: {}".format(
                sum(self.opslag.nieuw.values()),
                sum(self.opslag.bijgewerkt.values()),
                sum(self.opslag.ongewijzigd.values()),
            ),
            f"  waterdelen (niet op de kaart): {self.water}",
            f"  gerepareerde geometrieën: {self.hersteld}",
        ]
        if self.buiten_filter:
            lines.append(f"  overgeslagen buiten de gekozen gemeenten: {self.buiten_filter}")
        if self.overgeslagen_andere_niveaus:
            lines.append(
                f"  overgeslagen (geen gemeente, wijk of buurt): {self.overgeslagen_andere_niveaus}"
            )
        if self.herkoppeld:
            lines.append(f"  locaties opnieuw aan gemeente/wijk/buurt gekoppeld: {self.herkoppeld}")
        if self.genegeerde_lagen:
            lines.append(f"  lagen zonder CBS-codes overgeslagen: {', '.join(self.genegeerde_lagen)}")
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
) -> ImportSamenvatting:
    """Import a CBS boundary file (and optionally a kerncijfers table) in one transaction.

    Everything is read and checked before the database is touched, and all
    writes share one transaction, so a failed import leaves the database
    exactly as it was.
    """
    gelezen = cbs.lees_gebieden(path, jaar=jaar, gemeenten=gemeenten)
    gebieden = gelezen.gebieden
    zonder_gebied: list[str] = []
    if kerncijfers is not None:
        tabel = cbs.lees_kerncijfers(kerncijfers)
        gebieden, zonder_gebied = cbs.koppel_kerncijfers(gebieden, tabel)
    init_db(engine)
    with transaction(engine) as session:
        opslag = bewaar_gebieden(session, gebieden, bron=Path(path).name, toon_voortgang=toon_voortgang)
        # New boundaries move locaties to other buurten: re-link in the same transaction.
        herkoppeld = herkoppel_locaties(session)
    return ImportSamenvatting(
        bestand=str(path),
        jaar=sorted(set(int(j) for j in gebieden["jaar"])),
        per_niveau=cbs.tel_per_niveau(gebieden),
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
    )


def gatenanalyse(
    engine: Engine,
    gemeenten: list[str],
    soorten: list[str] | None = None,
    themas: list[str] | None = None,
    instellingen=None,
    adressen=None,
    gewicht_kolom: str | None = None,
):
    """Run the gap analysis for ``gemeenten`` (or ``["ALLE"]``: every gemeente with buurten) on what the database holds.

    Raises
    ------
    WijkkaartFout
        When a gemeente has no buurten loaded.
    """
    from sqlalchemy.orm import Session

    from .errors import WijkkaartFout
    from .gaten import Instellingen, analyseer, laden

    instellingen = instellingen or Instellingen()
    # Aanbod up to 5 km outside the area still gives its border buurten a distance.
    marge = max(5000.0, 2 * instellingen.drempel_m)
    with Session(engine) as session:
        if [g.upper() for g in gemeenten] == ["ALLE"]:
            gemeenten = laden.gemeenten_met_buurten(session)
        buurten, wijken, aanbod = laden.invoer(session, gemeenten, marge, soorten, themas)
    ontbrekend = sorted(set(gemeenten) - set(buurten.get("gemeentecode", [])))
    if ontbrekend:
        raise WijkkaartFout(
            f"geen buurten geladen voor {', '.join(ontbrekend)}; importeer eerst de buurtgrenzen (wijkkaart import-cbs)"
        )
    return analyseer(buurten, aanbod, instellingen, wijken=wijken, adressen=adressen, gewicht_kolom=gewicht_kolom)
