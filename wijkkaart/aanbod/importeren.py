"""Use-cases of the aanbod: import a file, geocode stored locaties. Free of Flask; the CLI is a thin wrapper."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine
from tqdm import tqdm

from ..db import init_db, session_factory, transaction
from ..errors import InvoerFout, WijkkaartFout
from ..models import Gebied
from .geocoding import Keten, NietGevonden
from .koppelen import koppel
from .lezen import lees_bestand
from .mapping import laad_mapping
from .opslag import Geplaatst, OpslagTelling, bewaar
from .rapport import rapport_pad, schrijf_rapport
from .records import Melding, lees_records


@dataclass
class AanbodSamenvatting:
    """What an aanbod import did; ``regels()`` is the summary printed at the end."""

    bestand: str
    formaat: str
    bron: str
    gelezen: int
    geimporteerd: int
    afgewezen: int
    uitgesloten: int
    waarschuwingen: int
    droog: bool
    telling: OpslagTelling = field(default_factory=OpslagTelling)
    rapport: Path | None = None
    per_gemeente: dict[str, int] = field(default_factory=dict)
    geocoders: dict[str, int] = field(default_factory=dict)

    def regels(self) -> list[str]:
        kop = "Controle (--dry-run, niets opgeslagen)" if self.droog else "Import"
        lines = [
            f"{kop} van {self.bestand} ({self.formaat}), bron {self.bron!r}:",
            f"  rijen gelezen: {self.gelezen}",
            f"  {'goed' if self.droog else 'geïmporteerd'}: {self.geimporteerd}"
            + (f" (waarvan {self.waarschuwingen} met waarschuwing)" if self.waarschuwingen else ""),
            f"  afgewezen: {self.afgewezen}",
        ]
        if self.uitgesloten:
            lines.append(f"  uitgesloten door de mapping: {self.uitgesloten}")
        if not self.droog:
            for tabel in ("locatie", "aanbod"):
                lines.append(
                    f"  {tabel}: nieuw {self.telling.nieuw[tabel]}, bijgewerkt {self.telling.bijgewerkt[tabel]}, "
                    f"ongewijzigd {self.telling.ongewijzigd[tabel]}"
                )
        if self.per_gemeente:
            lines.append("  per gemeente: " + ", ".join(f"{g} {n}" for g, n in sorted(self.per_gemeente.items())))
        if self.geocoders:
            lines.append("  punten via: " + ", ".join(f"{g} {n}" for g, n in sorted(self.geocoders.items())))
        if self.rapport and (self.afgewezen or self.uitgesloten or self.waarschuwingen):
            lines.append(f"  rapport met alle afgewezen, uitgesloten en gewaarschuwde rijen: {self.rapport}")
        return lines

    @property
    def exit_code(self) -> int:
        """0 when every row was imported, 1 when rows were rejected (the rest is imported)."""
        return 1 if self.afgewezen else 0


def _controleer_gebieden(engine: Engine, gemeenten: list[str] | None) -> None:
    if not inspect(engine).has_table("gebied"):
        raise WijkkaartFout("er zijn nog geen CBS-gebieden geladen; draai eerst wijkkaart import-cbs (of demo)")
    with session_factory(engine)() as session:
        vraag = select(Gebied.gemeentecode).distinct()
        if gemeenten:
            vraag = vraag.where(Gebied.gemeentecode.in_(gemeenten))
        geladen = set(session.execute(vraag).scalars())
    if not geladen:
        raise WijkkaartFout("er zijn nog geen CBS-gebieden geladen; draai eerst wijkkaart import-cbs (of demo)")
    if gemeenten:
        ontbreekt = sorted(set(gemeenten) - geladen)
        if ontbreekt:
            raise WijkkaartFout(f"gemeente {', '.join(ontbreekt)} is niet geladen; draai eerst wijkkaart import-cbs")


def importeer_aanbod(
    engine: Engine,
    pad: str | Path,
    keten: Keten,
    gemeenten: list[str] | None = None,
    mapping: str | Path | None = None,
    bron: str | None = None,
    droog: bool = False,
    rapport: str | Path | None = None,
    toon_voortgang: bool | None = None,
) -> AanbodSamenvatting:
    """Import aanbod and locaties from ``pad`` in one transaction.

    Valid rows are stored (upsert on bron + extern_id); every rejected,
    excluded or warned row goes to the report. A problem with the file as a
    whole, or an online geocoder that stays unreachable, raises before
    anything is written.

    Parameters
    ----------
    keten : Keten
        Geocoders to place rows without usable coordinates.
    gemeenten : list of str, optional
        Only rows inside these gemeenten are accepted; others are reported.
    droog : bool
        Validate, geocode and report without writing (``--dry-run``).
    """
    kaart = laad_mapping(mapping)
    invoer = lees_bestand(pad)
    ontbrekend = kaart.ontbrekende_kolommen(invoer.kolommen) if not invoer.canoniek else []
    if ontbrekend:
        raise InvoerFout(str(pad), f"kolom(men) uit de mapping ontbreken: {', '.join(ontbrekend)}", rij=1)
    standaard_bron = bron or kaart.bron or Path(pad).stem
    records, meldingen = lees_records(invoer, kaart, standaard_bron)
    gemeenten = gemeenten or None
    _controleer_gebieden(engine, gemeenten)

    punten, geplaatst_records = [], []
    voortgang = tqdm(records, desc="geocoderen", unit="rij", disable=not toon_voortgang if toon_voortgang is not None else None)
    for record in voortgang:
        try:
            punten.append(keten.zoek(record))
            geplaatst_records.append(record)
        except NietGevonden as exc:
            veld = "adres" if (record.straat or record.postcode or record.bag_id) else "lat"
            meldingen.append(Melding(record.rij, veld, exc.reden, "afgewezen", _adres(record)))
    with session_factory(engine)() as session:
        koppelingen = koppel(session, [p.x for p in punten], [p.y for p in punten], gemeenten)
    geplaatst = []
    for record, punt, k in zip(geplaatst_records, punten, koppelingen):
        if k.reden:
            veld = "lat" if punt.geocoder == "bestand" else "adres"
            meldingen.append(Melding(record.rij, veld, k.reden, "afgewezen", _adres(record) or f"{punt.x:.0f}, {punt.y:.0f} (RD)"))
            continue
        if k.buurtcode is None:
            meldingen.append(Melding(record.rij, "adres", "ligt in de gemeente maar in geen geladen buurt", "geïmporteerd, met waarschuwing", _adres(record)))
        geplaatst.append(Geplaatst(record, punt, k))

    telling = OpslagTelling()
    if not droog:
        init_db(engine)
        with transaction(engine) as session:
            telling = bewaar(session, geplaatst)
    meldingen.sort(key=lambda m: m.rij)
    # Always written, also when clean, so an old report is never mistaken for this run's.
    rapport_bestand = schrijf_rapport(rapport or rapport_pad(pad), str(pad), meldingen)
    afgewezen = {m.rij for m in meldingen if m.gevolg == "afgewezen"}
    uitgesloten = {m.rij for m in meldingen if m.gevolg == "uitgesloten"}
    gewaarschuwd = {m.rij for m in meldingen if m.gevolg.startswith("geïmporteerd")} - afgewezen
    per_gemeente: dict[str, int] = {}
    via: dict[str, int] = {}
    for g in geplaatst:
        per_gemeente[g.koppeling.gemeentecode] = per_gemeente.get(g.koppeling.gemeentecode, 0) + 1
        via[g.punt.geocoder] = via.get(g.punt.geocoder, 0) + 1
    return AanbodSamenvatting(
        bestand=str(pad),
        formaat=invoer.formaat,
        bron=standaard_bron,
        gelezen=len(invoer.rijen) + len(invoer.rij_fouten),
        geimporteerd=len(geplaatst),
        afgewezen=len(afgewezen),
        uitgesloten=len(uitgesloten),
        waarschuwingen=len(gewaarschuwd),
        droog=droog,
        telling=telling,
        rapport=rapport_bestand,
        per_gemeente=per_gemeente,
        geocoders=via,
    )


def _adres(record) -> str:
    delen = [d for d in (record.straat, record.huisnummer, record.postcode, record.plaats) if d]
    return " ".join(delen)
