"""Use-cases of the aanbod: import a file, export it, geocode stored locaties again."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import inspect, select, update
from sqlalchemy.engine import Engine
from tqdm import tqdm

from ..invoer import wachtrij
from ..invoer.bewaren import Geplaatst, OpslagTelling, bewaar, punt_element
from ..invoer.dubbel import dubbel_in_bestand, dubbel_in_database
from ..invoer.geocoding import Adresvraag, GeocoderNietBereikbaar, Keten, NietGevonden
from ..invoer.lezers import lees_bestand
from ..invoer.mapping import laad_mapping
from ..invoer.rapport import rapport_pad, schrijf_rapport
from ..invoer.records import GEWAARSCHUWD, Melding, lees_records
from ..kern.fouten import InvoerFout, OnverwachteFout, WijkkaartFout
from ..kern.vocabulaire import LOCATIE_ALS_ONTMOETINGSPLEK
from ..opslag.engine import een_import_tegelijk, lezen, transaction
from ..opslag.koppelen import herkoppel_locaties, koppel
from ..opslag.schema import bereid_voor
from ..opslag.tabellen.aanbod import Locatie, WachtendePlek
from ..opslag.tabellen.gebied import Gebied
from ..opslag.werkgebied import Gebiedsregister
from ..uitvoer import aanbodexport


@dataclass
class AanbodSamenvatting:
    """What an aanbod import did; ``regels()`` is the summary printed at the end."""

    bestand: str
    formaat: str
    bron: str
    gelezen: int
    geimporteerd: int
    afgewezen: int
    #: Rows only an unreachable online geocoder could place: kept, placed later by ``wijkkaart geocode``.
    wachtend: int
    uitgesloten: int
    waarschuwingen: int
    droog: bool
    telling: OpslagTelling = field(default_factory=OpslagTelling)
    rapport: Path | None = None
    per_gemeente: dict[str, int] = field(default_factory=dict)
    geocoders: dict[str, int] = field(default_factory=dict)
    #: Why imported records do not count in the gap analysis: reason → soort → number.
    buiten_gatenanalyse: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Columns of the file no field reads (renamed or unknown): said, never silently dropped.
    genegeerde_kolommen: list[str] = field(default_factory=list)

    def regels(self) -> list[str]:
        """The summary as Dutch lines for a terminal."""
        kop = "Controle (--dry-run, niets opgeslagen)" if self.droog else "Import"
        lines = [
            f"{kop} van {self.bestand} ({self.formaat}), bron {self.bron!r}:",
            f"  rijen gelezen: {self.gelezen}",
            f"  {'goed' if self.droog else 'geïmporteerd'}: {self.geimporteerd}"
            + (f" (waarvan {self.waarschuwingen} met waarschuwing)" if self.waarschuwingen else ""),
            f"  afgewezen: {self.afgewezen}",
        ]
        if self.wachtend:
            lines.append(
                f"  wacht op een plek (geocoder niet bereikbaar): {self.wachtend}"
                + (" — niet bewaard (--dry-run)" if self.droog else "; plaats ze later met: wijkkaart geocode")
            )
        if self.uitgesloten:
            lines.append(f"  uitgesloten door de mapping: {self.uitgesloten}")
        for tabel in ("locatie", "aanbod"):
            lines.append(
                f"  {tabel}: nieuw {self.telling.nieuw[tabel]}, bijgewerkt {self.telling.bijgewerkt[tabel]}, "
                f"ongewijzigd {self.telling.ongewijzigd[tabel]}"
            )
        if self.telling.conflicten:
            lines.append(
                f"  in de editor gewijzigd en behouden (niet overschreven): {len(self.telling.conflicten)} velden"
                f" van {len({m.rij for m in self.telling.conflicten})} rijen, zie het rapport"
            )
        if self.per_gemeente:
            lines.append("  per gemeente: " + ", ".join(f"{g} {n}" for g, n in sorted(self.per_gemeente.items())))
        if self.geocoders:
            lines.append("  punten via: " + ", ".join(f"{g} {n}" for g, n in sorted(self.geocoders.items())))
        for reden, per_soort in self.buiten_gatenanalyse.items():
            lines.append(
                f"  buiten de gatenanalyse, {reden}: {sum(per_soort.values())} ("
                + ", ".join(f"{soort} {n}" for soort, n in sorted(per_soort.items(), key=lambda kv: (-kv[1], kv[0])))
                + ")"
            )
        if self.genegeerde_kolommen:
            namen = self.genegeerde_kolommen
            lines.append(
                f"  kolommen niet gebruikt ({len(namen)}): "
                + ", ".join(namen[:15])
                + (" …" if len(namen) > 15 else "")
                + " (hernoem ze naar een veldnaam of gebruik een mapping)"
            )
        if self.rapport and (self.afgewezen or self.uitgesloten or self.waarschuwingen):
            lines.append(f"  rapport met alle afgewezen, uitgesloten en gewaarschuwde rijen: {self.rapport}")
        return lines

    @property
    def exit_code(self) -> int:
        """0 when every row was imported, 1 when rows were rejected or wait for a place (the rest is imported)."""
        return 1 if self.afgewezen or self.wachtend else 0


def _controleer_gebieden(engine: Engine, gemeenten: list[str] | None) -> None:
    if not inspect(engine).has_table("gebied"):
        raise WijkkaartFout("er zijn nog geen CBS-gebieden geladen; draai eerst wijkkaart import-cbs (of demo)")
    with lezen(engine) as session:
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


def importeer_aanbod(  # noqa: PLR0913 (one parameter per option of import-aanbod, plus the wijken of the browser import)
    engine: Engine,
    pad: str | Path,
    keten: Keten,
    gemeenten: list[str] | None = None,
    mapping: str | Path | None = None,
    bron: str | None = None,
    droog: bool = False,
    rapport: str | Path | None = None,
    toon_voortgang: bool | None = None,
    wijken: list[str] | None = None,
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
    wijken : list of str, optional
        Only rows inside these wijken (an opbouwwerker's own, in the browser import).
    """
    try:
        return _importeer(engine, pad, keten, gemeenten, mapping, bron, droog, rapport, toon_voortgang, wijken)
    except WijkkaartFout:
        raise
    except Exception as exc:  # anything not foreseen: say so with its own exit code, and leave a report
        pad_rapport = schrijf_rapport(
            rapport or rapport_pad(pad),
            str(pad),
            [
                Melding(
                    0, "", f"onverwachte fout, de import is niet uitgevoerd: {type(exc).__name__}: {exc}", "afgewezen"
                )
            ],
        )
        raise OnverwachteFout(
            f"{pad}: onverwachte fout ({type(exc).__name__}: {str(exc)[:200]}); er is niets opgeslagen. "
            f"Rapport: {pad_rapport}. Meld dit met het bestand bij de beheerder van wijkkaart."
        ) from exc


def _importeer(engine, pad, keten, gemeenten, mapping, bron, droog, rapport, toon_voortgang, wijken):  # noqa: PLR0913
    """The import itself (:func:`importeer_aanbod`)."""
    kaart = laad_mapping(mapping)
    invoer = lees_bestand(pad)
    ontbrekend = kaart.ontbrekende_kolommen(invoer.kolommen) if not invoer.canoniek else []
    if ontbrekend:
        raise InvoerFout(str(pad), f"kolom(men) uit de mapping ontbreken: {', '.join(ontbrekend)}", rij=1)
    standaard_bron = bron or kaart.bron or Path(pad).stem
    records, meldingen = lees_records(invoer, kaart, standaard_bron)
    gebruikt = set(kaart.kolom_voor(invoer.kolommen).values()) | {r.kolom for r in kaart.regels}
    genegeerd = [] if invoer.canoniek else [k for k in invoer.kolommen if k not in gebruikt]
    gemeenten = gemeenten or None
    _controleer_gebieden(engine, gemeenten)
    bereid_voor(engine)
    met_plek = [r for r in records if not r.zonder_vaste_plek]
    gevonden, wachtend = _geocodeer(met_plek, keten, meldingen, toon_voortgang)
    geplaatst = _plaats(engine, gevonden, gemeenten, meldingen, wijken)
    geplaatst += _werkgebieden(engine, [r for r in records if r.zonder_vaste_plek], gemeenten, meldingen)
    meldingen += dubbel_in_bestand(geplaatst)
    with lezen(engine) as session:
        meldingen += dubbel_in_database(session, geplaatst)
    if droog:
        # The same writes, rolled back: a dry run counts new and changed records and hand-edit conflicts too.
        with lezen(engine) as session:
            telling = bewaar(session, geplaatst)
            session.rollback()
    else:
        with transaction(engine) as session:
            een_import_tegelijk(session)
            telling = bewaar(session, geplaatst)
            # This file decides about its rows: what was waiting is placed now, rejected, or waits again.
            wachtrij.vergeet(session, {(r.bron, r.extern_id) for r in records})
            wachtrij.zet_in_wachtrij(session, wachtend, str(pad), gemeenten, dt.datetime.now(dt.UTC))
    meldingen += telling.conflicten
    meldingen.sort(key=lambda m: m.rij)
    # Always written, also when clean, so an old report is never mistaken for this run's.
    rapport_bestand = schrijf_rapport(rapport or rapport_pad(pad), str(pad), meldingen)
    afgewezen = {m.rij for m in meldingen if m.gevolg == "afgewezen"}
    wacht = {m.rij for m in meldingen if m.gevolg == WACHT}
    uitgesloten = {m.rij for m in meldingen if m.gevolg == "uitgesloten"}
    # Row 1 is the header: a remark about the file as a whole is no warned row.
    gewaarschuwd = {m.rij for m in meldingen if m.gevolg.startswith("geïmporteerd")} - afgewezen - {1}
    return AanbodSamenvatting(
        bestand=str(pad),
        formaat=invoer.formaat,
        bron=standaard_bron,
        gelezen=len(invoer.rijen) + len(invoer.rij_fouten),
        geimporteerd=len(geplaatst),
        afgewezen=len(afgewezen),
        wachtend=len(wacht),
        uitgesloten=len(uitgesloten),
        waarschuwingen=len(gewaarschuwd),
        droog=droog,
        telling=telling,
        rapport=rapport_bestand,
        per_gemeente=dict(Counter(g.gemeentecode for g in geplaatst)),
        geocoders=dict(Counter(g.punt.geocoder if g.punt else "geen vaste plek (werkgebied)" for g in geplaatst)),
        buiten_gatenanalyse=buiten_gatenanalyse([g.record for g in geplaatst]),
        genegeerde_kolommen=genegeerd,
    )


def buiten_gatenanalyse(records) -> dict[str, dict[str, int]]:
    """Imported records the gap analysis leaves out, and why, so the summary can say so.

    The analysis counts active collective aanbod, every active inloopspreekuur,
    and locaties residents walk into to meet (``LOCATIE_ALS_ONTMOETINGSPLEK``).
    """
    redenen: dict[str, Counter] = {}
    for r in records:
        if getattr(r, "zonder_vaste_plek", None):
            reden = "geen vaste plek (werkgebied, geen inloop op een plek)"
        elif r.is_locatie:
            reden = None if r.soort in LOCATIE_ALS_ONTMOETINGSPLEK else "geen ontmoetingsplek"
        elif r.status != "actief":
            reden = "niet actief"
        elif not r.collectief and r.soort != "inloopspreekuur":
            reden = "niet collectief"
        else:
            reden = None
        if reden:
            redenen.setdefault(reden, Counter())[r.soort] += 1
    return {reden: dict(aantallen) for reden, aantallen in redenen.items()}


#: How the report marks a row that waits for a geocoder.
WACHT = "wacht op een plek"


def _geocodeer(records, keten: Keten, meldingen: list[Melding], toon_voortgang) -> tuple[list[tuple], list[tuple]]:
    """(record, point) for every record a geocoder places, and (record, why) for those waiting for one.

    The others are reported; a row only an unreachable online geocoder could
    place waits (and is reported as waiting) instead of stopping the import.
    """
    gevonden, wachtend = [], []
    voortgang = tqdm(
        records, desc="geocoderen", unit="rij", disable=not toon_voortgang if toon_voortgang is not None else None
    )
    for record in voortgang:
        try:
            gevonden.append((record, keten.zoek(record)))
        except NietGevonden as exc:
            veld = "adres" if (record.straat or record.postcode or record.bag_id) else "lat"
            meldingen.append(Melding(record.rij, veld, exc.reden, "afgewezen", _adres(record)))
        except GeocoderNietBereikbaar as exc:
            reden = f"{exc}; de rij wacht en wordt later geplaatst met wijkkaart geocode"
            meldingen.append(Melding(record.rij, "adres", reden, WACHT, _adres(record)))
            wachtend.append((record, str(exc)))
    return gevonden, wachtend


def _plaats(engine: Engine, gevonden: list[tuple], gemeenten, meldingen: list[Melding], wijken=None) -> list[Geplaatst]:
    """Link each point to its gemeente, wijk and buurt; points outside the chosen gemeenten or wijken are reported."""
    with lezen(engine) as session:
        koppelingen = koppel(session, [p.x for _, p in gevonden], [p.y for _, p in gevonden], gemeenten)
    geplaatst = []
    for (record, punt), k in zip(gevonden, koppelingen, strict=True):
        if k.reden:
            veld = "lat" if punt.geocoder == "bestand" else "adres"
            meldingen.append(
                Melding(record.rij, veld, k.reden, "afgewezen", _adres(record) or f"{punt.x:.0f}, {punt.y:.0f} (RD)")
            )
            continue
        if wijken and k.wijkcode not in wijken:
            reden = f"ligt buiten uw wijken ({', '.join(sorted(wijken))}): vraag een beheerder dit te importeren"
            meldingen.append(Melding(record.rij, "adres", reden, "afgewezen", _adres(record)))
            continue
        if k.buurtcode is None:
            meldingen.append(
                Melding(
                    record.rij,
                    "adres",
                    "ligt in de gemeente maar in geen geladen buurt",
                    GEWAARSCHUWD,
                    _adres(record),
                )
            )
        geplaatst.append(Geplaatst(record, punt, k))
    return geplaatst


def _werkgebieden(engine: Engine, records, gemeenten, meldingen: list[Melding]) -> list[Geplaatst]:
    """Aanbod without a fixed place with its werkgebied as CBS codes; what names no loaded area is reported.

    The werkgebied column decides; without it the row's plaats (or gemeente)
    is tried, and last the gemeenten the import was limited to.
    """
    if not records:
        return []
    with lezen(engine) as session:
        register = Gebiedsregister(session)
    uit = []
    for r in records:
        namen = r.werkgebied or ([r.plaats] if r.plaats else [])
        codes, waarom = [], []
        for naam in namen:
            gebied, reden = register.zoek(naam, gemeenten)
            if gebied is None:
                waarom.append(reden)
            elif gebied.code not in codes:
                codes.append(gebied.code)
        if not codes and not r.werkgebied and gemeenten:
            codes = list(gemeenten)
            reden = f"geen vaste plek (‘{r.zonder_vaste_plek}’): werkgebied is de gekozen gemeente {', '.join(codes)}"
            meldingen.append(Melding(r.rij, "werkgebied", reden, GEWAARSCHUWD, r.plaats or ""))
        if not codes:
            reden = f"geen vaste plek (‘{r.zonder_vaste_plek}’) en " + (
                "; ".join(waarom) if waarom else "geen werkgebied: vul de kolom werkgebied of plaats in"
            )
            meldingen.append(Melding(r.rij, "werkgebied", reden, "afgewezen", "; ".join(namen)))
            continue
        buiten = [c for c in codes if gemeenten and register.per_code[c.upper()].gemeentecode not in gemeenten]
        if buiten and len(buiten) == len(codes):
            reden = f"werkgebied ligt buiten de gekozen gemeenten ({', '.join(gemeenten)})"
            meldingen.append(Melding(r.rij, "werkgebied", reden, "afgewezen", "; ".join(namen)))
            continue
        for reden in waarom:
            meldingen.append(
                Melding(r.rij, "werkgebied", f"{reden}; de rest van het werkgebied is gebruikt", GEWAARSCHUWD)
            )
        uit.append(
            Geplaatst(r, None, None, werkgebied=codes, gemeente=register.per_code[codes[0].upper()].gemeentecode)
        )
    return uit


def _adres(record) -> str:
    delen = [d for d in (record.straat, record.huisnummer, record.postcode, record.plaats) if d]
    return " ".join(delen)


def exporteer(
    engine: Engine,
    pad: str | Path,
    formaat: str | None = None,
    gemeenten: list[str] | None = None,
    intern: bool = False,
) -> int:
    """Write the aanbod to ``pad`` (CSV, XLSX, GeoJSON or HSDS) and return the number of rows.

    ``intern`` keeps masked addresses and unpublished contact details, for a
    backup that imports again without loss; the default is fit to share.
    """
    formaat = aanbodexport.formaat_van(Path(pad), formaat)
    bereid_voor(engine)
    with lezen(engine) as session:
        rijen = aanbodexport.export_rijen(session, gemeenten, intern=intern)
    return aanbodexport.schrijf(rijen, pad, formaat)


_RANG = {p: i for i, p in enumerate(("adres", "postcode", "woonplaats"))}


@dataclass
class GeocodeUitkomst:
    """What ``geocode`` did."""

    bekeken: int = 0
    verbeterd: int = 0
    niet_gevonden: list[str] = field(default_factory=list)
    herkoppeld: int = 0

    def regels(self) -> list[str]:
        """The outcome as Dutch lines for a terminal (at most 50 places not found are named)."""
        lines = [
            f"Locaties bekeken: {self.bekeken}",
            f"  nauwkeuriger geplaatst: {self.verbeterd}",
            f"  opnieuw aan een buurt gekoppeld: {self.herkoppeld}",
            f"  niet gevonden (punt ongewijzigd): {len(self.niet_gevonden)}",
        ]
        lines += [f"    {regel}" for regel in self.niet_gevonden[:50]]
        if len(self.niet_gevonden) > 50:
            lines.append(f"    … en {len(self.niet_gevonden) - 50} meer")
        return lines


def hergeocodeer(
    engine: Engine, keten: Keten, gemeenten: list[str] | None = None, alles: bool = False
) -> GeocodeUitkomst:
    """Geocode stored locaties again; keep a point unless the new one is at least as precise.

    Locaties placed by hand (``handmatig``) are never moved. Without ``alles``
    only locaties less precise than an address are tried.
    """
    bereid_voor(engine)
    uitkomst = GeocodeUitkomst()
    with transaction(engine) as session:
        vraag = select(Locatie).where(Locatie.precisie != "handmatig")
        if gemeenten:
            vraag = vraag.where(Locatie.gemeentecode.in_(gemeenten))
        if not alles:
            vraag = vraag.where(Locatie.precisie != "adres")
        for locatie in session.execute(vraag).scalars():
            uitkomst.bekeken += 1
            vraag_ = Adresvraag(
                straat=locatie.straat,
                huisnummer=locatie.huisnummer,
                postcode=locatie.postcode,
                plaats=locatie.plaats,
                bag_id=locatie.bag_id,
            )
            try:
                punt = keten.zoek(vraag_)
            except NietGevonden as exc:
                uitkomst.niet_gevonden.append(f"{locatie.bron}/{locatie.extern_id} {locatie.naam or ''}: {exc.reden}")
                continue
            if _RANG.get(punt.precisie, 9) <= _RANG.get(locatie.precisie, 9):
                session.execute(
                    update(Locatie)
                    .where(Locatie.id == locatie.id)
                    .values(geom=punt_element(punt.x, punt.y), precisie=punt.precisie, geocoder=punt.geocoder)
                )
                uitkomst.verbeterd += 1
        uitkomst.herkoppeld = herkoppel_locaties(session)
    return uitkomst


@dataclass
class WachtUitkomst:
    """What placing the waiting rows did."""

    bekeken: int = 0
    geplaatst: int = 0
    wacht_nog: int = 0
    niet_gevonden: list[str] = field(default_factory=list)

    def regels(self) -> list[str]:
        """The outcome as Dutch lines for a terminal."""
        if not self.bekeken:
            return ["Geen rijen die op een plek wachten."]
        lines = [
            f"Rijen die op een plek wachtten: {self.bekeken}",
            f"  geplaatst en bewaard: {self.geplaatst}",
            f"  wachten nog (geocoder nog niet bereikbaar): {self.wacht_nog}",
            f"  niet te plaatsen (verbeter het adres in de bron en importeer opnieuw): {len(self.niet_gevonden)}",
        ]
        lines += [f"    {regel}" for regel in self.niet_gevonden[:50]]
        return lines


def plaats_wachtenden(engine: Engine, keten: Keten) -> WachtUitkomst:
    """Place the rows that waited for an unreachable geocoder, and store those it now places.

    A row that still cannot be reached keeps waiting; one the geocoder looked
    up and did not find (or that lies outside the import's gemeenten) keeps
    waiting too, with that reason, so it stays in the editor's list until a
    new import of its bron decides about it.
    """
    bereid_voor(engine)
    uitkomst = WachtUitkomst()
    with lezen(engine) as session:
        rijen = wachtrij.wachtenden(session)
    uitkomst.bekeken = len(rijen)
    gevonden, redenen = [], {}
    for w in rijen:
        record = wachtrij.record_van(w)
        try:
            gevonden.append((w, record, keten.zoek(record)))
        except NietGevonden as exc:
            redenen[w.id] = exc.reden
        except GeocoderNietBereikbaar:
            uitkomst.wacht_nog += 1
    with transaction(engine) as session:
        geplaatst, klaar = [], []
        for w, record, punt in gevonden:
            gemeenten = w.gemeenten.split(",") if w.gemeenten else None
            k = koppel(session, [punt.x], [punt.y], gemeenten)[0]
            if k.reden:
                redenen[w.id] = k.reden
                continue
            geplaatst.append(Geplaatst(record, punt, k))
            klaar.append((w.bron, w.extern_id))
        bewaar(session, geplaatst)
        wachtrij.vergeet(session, set(klaar))
        for w in rijen:
            if w.id in redenen:
                session.execute(update(WachtendePlek).where(WachtendePlek.id == w.id).values(reden=redenen[w.id]))
                uitkomst.niet_gevonden.append(f"{w.bron}/{w.extern_id} {w.naam} (rij {w.rij}): {redenen[w.id]}")
    uitkomst.geplaatst = len(klaar)
    return uitkomst


def wachtende_plekken(engine: Engine) -> list[dict]:
    """The rows waiting for a place, for the editor's list (name, address, file, row, why)."""
    bereid_voor(engine)
    with lezen(engine) as session:
        return [
            {
                "naam": w.naam,
                "adres": w.adres,
                "bron": w.bron,
                "bestand": Path(w.bestand).name,
                "rij": w.rij,
                "reden": w.reden,
            }
            for w in wachtrij.wachtenden(session)
        ]
