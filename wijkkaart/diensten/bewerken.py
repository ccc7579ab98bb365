"""Use-cases of editing by opbouwwerkers and beheerders: aanbod and locaties, archive, verify, what to verify.

Every use-case about one item checks that it lies in the editor's gemeenten
or wijken (:class:`~wijkkaart.kern.fouten.Geweigerd`, HTTP 403) and owns its
transaction: the change, its audit rows and a resident's submission it
publishes are committed together or not at all. Problems with what the editor
typed come back as :class:`~wijkkaart.kern.fouten.VeldFouten`, per field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..bewerken import wijzigen as kern
from ..bewerken.inzendingen import handel_af, mag_behandelen, wachtrij
from ..bewerken.verificatie import TeVerifieren, is_verouderd, te_verifieren
from ..bewerken.wijzigen import AANBOD_VELDEN, LOCATIE_VELDEN, Wie
from ..invoer.geocoding import Adresvraag, Keten, NietGevonden
from ..kern.crs import Punt, naar_rd, naar_wgs84
from ..kern.fouten import BestaatNiet, DienstNietBereikbaar, Geweigerd, VeldFout, VeldFouten
from ..kern.rechten import mag_bewerken
from ..kern.taal import gettext as _
from ..kern.tekst import normaliseer_postcode, schone_tekst
from ..opslag import audit
from ..opslag.aanbod import bekende_themas_en_doelgroepen, bereik_van_aanbod, eerste_link, punt_van
from ..opslag.accounts import in_bereik
from ..opslag.dubbel import mogelijke_dubbelen
from ..opslag.engine import lezen, transaction
from ..opslag.koppelen import Koppeling
from ..opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie
from ..opslag.tabellen.inzending import Inzending
from ..opslag.werkgebied import werkgebieden

__all__ = [
    "AANBOD_VELDEN",
    "LOCATIE_VELDEN",
    "AanbodPagina",
    "AdresVoorbeeld",
    "LocatiePagina",
    "NieuwAanbodPagina",
    "Overzicht",
    "Pin",
    "Wie",
    "aanbod_pagina",
    "adres_voorbeeld",
    "archiveer",
    "locatie_pagina",
    "maak_aanbod",
    "maak_locatie",
    "nieuw_aanbod_pagina",
    "overzicht",
    "te_verifieren_lijst",
    "verifieer",
    "voeg_samen",
    "wijzig_aanbod",
    "wijzig_locatie",
]

ADRESVELDEN = ("straat", "huisnummer", "postcode", "plaats")


@dataclass(frozen=True)
class Pin:
    """A point an editor placed by hand on the form's map (WGS84), or the reason it is no point."""

    lon: float | None
    lat: float | None

    def punt(self) -> Punt:
        """The pin in RD New with precision ``handmatig``; a field error when it has no valid place."""
        try:
            x, y = naar_rd(float(self.lon), float(self.lat))
        except (TypeError, ValueError):
            raise VeldFout("straat", _("De speld op de kaart heeft geen geldige plek.")) from None
        return Punt(x, y, "handmatig", "handmatig")


# --- reading and checking ----------------------------------------------------------------------


def _aanbod(session: Session, gebruiker, aanbod_id: int) -> Aanbod:
    aanbod = session.get(Aanbod, aanbod_id)
    if aanbod is None:
        raise BestaatNiet(_("Dit aanbod bestaat niet."))
    if not any(mag_bewerken(gebruiker, g, w) for g, w in bereik_van_aanbod(session, aanbod_id)):
        raise Geweigerd(_("Dit aanbod ligt buiten uw gemeenten en wijken."))
    return aanbod


def _locatie(session: Session, gebruiker, locatie_id: int) -> Locatie:
    locatie = session.get(Locatie, locatie_id)
    if locatie is None:
        raise BestaatNiet(_("Deze locatie bestaat niet."))
    if not mag_bewerken(gebruiker, locatie.gemeentecode, locatie.wijkcode):
        raise Geweigerd(_("Deze locatie ligt buiten uw gemeenten en wijken."))
    return locatie


def _inzending(session: Session, gebruiker, inzending_id: int | None) -> Inzending | None:
    """The resident's open submission a new aanbod publishes, when the editor may handle it."""
    if inzending_id is None:
        return None
    inzending = session.get(Inzending, inzending_id)
    if inzending is None or inzending.status != "open":
        raise BestaatNiet(_("Deze melding bestaat niet of is al afgehandeld."))
    if not mag_behandelen(gebruiker, inzending):
        raise Geweigerd(_("Deze melding hoort bij een wijk buiten uw gebieden."))
    return inzending


def _pin_van(session: Session, locatie: Locatie | None) -> dict | None:
    """Where the form's map starts: the locatie's point (its real one: editors may see masked addresses)."""
    if locatie is None:
        return None
    lon, lat = naar_wgs84(*punt_van(session, locatie))
    return {"lat": round(lat, 6), "lon": round(lon, 6), "precisie": locatie.precisie}


def _locaties_in_bereik(session: Session, gebruiker) -> list[tuple[int, str]]:
    rijen = session.execute(
        select(Locatie.id, Locatie.naam, Locatie.straat, Locatie.huisnummer, Locatie.plaats)
        .where(Locatie.gearchiveerd.is_(False), in_bereik(gebruiker, Locatie.gemeentecode, Locatie.wijkcode))
        .order_by(Locatie.naam, Locatie.id)
    ).all()
    return [
        (i, " – ".join(d for d in (n, " ".join(x for x in (s, h) if x), p) if d) or f"#{i}") for i, n, s, h, p in rijen
    ]


# --- placing an address ---------------------------------------------------------------------------


def _adresvraag(waarden: dict) -> Adresvraag:
    return Adresvraag(
        straat=schone_tekst(waarden.get("straat")),
        huisnummer=schone_tekst(waarden.get("huisnummer")),
        postcode=normaliseer_postcode(waarden.get("postcode")),
        plaats=schone_tekst(waarden.get("plaats")),
    )


def _geocodeer(keten: Keten, waarden: dict) -> Punt:
    """The point of the address in ``waarden``; a field error (on ``straat``) when it cannot be found or looked up."""
    try:
        return keten.zoek(_adresvraag(waarden))
    except NietGevonden as exc:
        raise VeldFout(
            "straat",
            _("Adres niet gevonden (%(reden)s). Controleer het, of zet de speld op de kaart.", reden=exc.reden),
        ) from None
    except DienstNietBereikbaar as exc:  # PDOK unreachable: the editor can still place the pin by hand
        raise VeldFout(
            "straat", _("Het adres kon niet worden opgezocht (%(fout)s). Zet de speld zelf op de kaart.", fout=str(exc))
        ) from None


def _plaats(session: Session, gebruiker, punt: Punt) -> Koppeling:
    """Where a new point lies; 403 when that is outside the editor's gebieden, a field error outside every gemeente."""
    koppeling = kern.plaatsing(session, punt)
    if not mag_bewerken(gebruiker, koppeling.gemeentecode, koppeling.wijkcode):
        raise Geweigerd(
            _(
                "Dit adres ligt in %(wijk)s, buiten uw gemeenten en wijken.",
                wijk=koppeling.wijkcode or koppeling.gemeentecode,
            )
        )
    return koppeling


def _adres_gewijzigd(waarden: dict, locatie: Locatie | None) -> bool:
    if locatie is None:
        return True
    return any(
        (waarden.get(v) or "").strip().upper().replace(" ", "") != (getattr(locatie, v) or "").upper().replace(" ", "")
        for v in ADRESVELDEN
    )


def _nieuw_punt(
    session: Session, keten: Keten, gebruiker, waarden: dict, pin: Pin | None, locatie: Locatie | None = None
) -> tuple[Punt | None, Koppeling | None]:
    """The point the form asks for (a pin placed by hand, else the address when it changed) and where it lies."""
    if pin is not None:
        punt = pin.punt()
    elif _adres_gewijzigd(waarden, locatie):
        punt = _geocodeer(keten, waarden)
    else:
        return None, None
    return punt, _plaats(session, gebruiker, punt)


# --- overview ------------------------------------------------------------------------------------


@dataclass
class Overzicht:
    """The editor's start page: aanbod and locaties in their gebieden, and what waits for them."""

    rijen: list[dict]
    locaties: list[Locatie]
    aantal_te_verifieren: int
    aantal_inzendingen: int


def overzicht(engine: Engine, gebruiker, zoekterm: str, archief: bool, vandaag: dt.date, dagen: int) -> Overzicht:
    """The aanbod in the editor's gebieden (searchable, at most 500), its locaties, and the counts of what waits."""
    with lezen(engine) as session:
        vraag = (
            select(Aanbod, Locatie, Locatie.wijkcode)
            .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
            .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
            .where(in_bereik(gebruiker, Locatie.gemeentecode, Locatie.wijkcode), Aanbod.gearchiveerd.is_(archief))
        )
        if zoekterm:
            patroon = f"%{zoekterm}%"
            vraag = vraag.where(or_(Aanbod.naam.ilike(patroon), Locatie.naam.ilike(patroon)))
        rijen, gezien = [], set()
        for aanbod, locatie, wijk in session.execute(vraag.order_by(Aanbod.naam, Aanbod.id).limit(500)):
            if aanbod.id not in gezien:
                gezien.add(aanbod.id)
                rijen.append(
                    {
                        "aanbod": aanbod,
                        "locatie": locatie,
                        "wijk": wijk,
                        "verouderd": is_verouderd(aanbod.laatst_geverifieerd, vandaag, dagen),
                    }
                )
        rijen += _zonder_vaste_plek(session, gebruiker, zoekterm, archief, vandaag, dagen)
        locaties = list(
            session.scalars(
                select(Locatie)
                .where(in_bereik(gebruiker, Locatie.gemeentecode, Locatie.wijkcode), Locatie.gearchiveerd.is_(archief))
                .order_by(Locatie.naam, Locatie.id)
                .limit(500)
            )
        )
        return Overzicht(
            rijen, locaties, len(te_verifieren(session, gebruiker, vandaag, dagen)), len(wachtrij(session, gebruiker))
        )


def _zonder_vaste_plek(session: Session, gebruiker, zoekterm: str, archief: bool, vandaag, dagen) -> list[dict]:
    """Aanbod without a fixed place whose werkgebied lies in the editor's gebieden, for the overview."""
    vraag = select(Aanbod).where(Aanbod.zonder_vaste_plek.is_not(None), Aanbod.gearchiveerd.is_(archief))
    if zoekterm:
        vraag = vraag.where(Aanbod.naam.ilike(f"%{zoekterm}%"))
    aanbod = list(session.scalars(vraag.order_by(Aanbod.naam, Aanbod.id).limit(500)))
    gebieden = werkgebieden(session, [a.id for a in aanbod])
    return [
        {
            "aanbod": a,
            "locatie": _(
                "%(woorden)s, voor %(gebied)s",
                woorden=a.zonder_vaste_plek,
                gebied=", ".join(g.naam for g in gebieden.get(a.id, [])),
            ),
            "wijk": None,
            "verouderd": is_verouderd(a.laatst_geverifieerd, vandaag, dagen),
        }
        for a in aanbod
        if any(mag_bewerken(gebruiker, g, w) for g, w in bereik_van_aanbod(session, a.id))
    ]


def te_verifieren_lijst(engine: Engine, gebruiker, vandaag: dt.date, dagen: int) -> list[TeVerifieren]:
    """The aanbod in the editor's own wijken that nobody confirmed for longer than ``dagen`` days."""
    with lezen(engine) as session:
        return te_verifieren(session, gebruiker, vandaag, dagen)


# --- aanbod ----------------------------------------------------------------------------------------


@dataclass
class NieuwAanbodPagina:
    """What the form for a new aanbod offers: places in reach, known words, and a submission to publish."""

    locaties: list[tuple[int, str]]
    themas: list[str]
    doelgroepen: list[str]
    inzending: Inzending | None
    startwaarden: dict | None


def _uit_inzending(inzending: Inzending) -> dict:
    return {
        "naam": inzending.naam,
        "beschrijving": inzending.beschrijving,
        "soort": "bewonersinitiatief",
        "collectief": True,
        "website": inzending.website,
        "straat": inzending.straat,
        "huisnummer": inzending.huisnummer,
        "postcode": inzending.postcode,
        "plaats": inzending.plaats,
        "locatie_naam": inzending.naam,
        "locatie_soort": "overige_locatie",
        "telefoon": inzending.contact_telefoon,
        "email": inzending.contact_email,
        "contact_openbaar": inzending.toestemming_publicatie,
        "organisatie": inzending.naam,
        "doelgroep_omschrijving": None,
        "toegang": inzending.wanneer,
    }


def nieuw_aanbod_pagina(engine: Engine, gebruiker, inzending_id: int | None = None) -> NieuwAanbodPagina:
    """The choices of the form for a new aanbod, filled from a resident's submission when one is named."""
    with lezen(engine) as session:
        inzending = _inzending(session, gebruiker, inzending_id)
        themas, doelgroepen = bekende_themas_en_doelgroepen(session)
        return NieuwAanbodPagina(
            _locaties_in_bereik(session, gebruiker),
            themas,
            doelgroepen,
            inzending,
            _uit_inzending(inzending) if inzending else None,
        )


def maak_aanbod(
    engine: Engine,
    keten: Keten,
    wie: Wie,
    waarden: dict,
    locatie_id: int | None = None,
    plek: dict | None = None,
    pin: Pin | None = None,
    inzending_id: int | None = None,
) -> Aanbod:
    """Add an aanbod at a known locatie (``locatie_id``) or at a new place (``plek``: naam, soort and address).

    A new place is found by its address, or at the ``pin`` the editor placed.
    A resident's submission it publishes is closed in the same transaction.

    Raises
    ------
    VeldFouten
        Per field of the form (the place's name, the address, the aanbod's own fields).
    Geweigerd
        When the place lies outside the editor's gebieden.
    """
    with transaction(engine) as session:
        inzending = _inzending(session, wie.gebruiker, inzending_id)
        if locatie_id is not None:
            locatie = _locatie(session, wie.gebruiker, locatie_id)
        else:
            locatie = _nieuwe_plek(session, keten, wie, plek or {}, pin)
        aanbod = kern.maak_aanbod(session, waarden, locatie, wie)
        if inzending is not None:
            handel_af(
                inzending, "verwerkt", wie.gebruiker, wie.moment, _("Gepubliceerd als aanbod."), aanbod_id=aanbod.id
            )
        return aanbod


def _nieuwe_plek(session: Session, keten: Keten, wie: Wie, plek: dict, pin: Pin | None) -> Locatie:
    """The locatie of a new aanbod at an address; all field problems are told together."""
    fouten: dict[str, list[str]] = {}
    if not schone_tekst(plek.get("naam")):
        fouten["locatie_naam"] = [_("Geef de plek een naam.")]
    try:
        punt, koppeling = _nieuw_punt(session, keten, wie.gebruiker, plek, pin)
    except VeldFouten as exc:
        for veld, redenen in exc.fouten.items():
            fouten.setdefault(veld, []).extend(redenen)
    if fouten:
        raise VeldFouten(fouten)
    return kern.maak_locatie(session, plek, punt, koppeling, wie)


@dataclass
class AanbodPagina:
    """An aanbod with what its edit page shows: current values, its place, history and whether it needs a check."""

    aanbod: Aanbod
    waarden: dict
    locatie: Locatie | None
    pin: dict | None
    oude_tekst: str | None
    geschiedenis: list
    verouderd: bool
    themas: list[str] = field(default_factory=list)
    doelgroepen: list[str] = field(default_factory=list)
    afgeleid_uit: str | None = None
    #: (other aanbod, why) for aanbod that is probably the same ("mogelijk dubbel met …"), which this editor may edit.
    dubbelen: list[tuple] = field(default_factory=list)


def aanbod_pagina(engine: Engine, gebruiker, aanbod_id: int, vandaag: dt.date, dagen: int) -> AanbodPagina:
    """An aanbod the editor may change, with its current values, place, trail and the known words."""
    with lezen(engine) as session:
        aanbod = _aanbod(session, gebruiker, aanbod_id)
        link = eerste_link(session, aanbod)
        locatie = session.get(Locatie, link.locatie_id) if link else None
        themas, doelgroepen = bekende_themas_en_doelgroepen(session)
        return AanbodPagina(
            aanbod=aanbod,
            waarden=kern.aanbod_waarden(session, aanbod),
            locatie=locatie,
            pin=_pin_van(session, locatie),
            oude_tekst=link.openingstijden_tekst if link else None,
            afgeleid_uit=link.openingstijden_afgeleid_uit if link else None,
            geschiedenis=audit.geschiedenis(session, "aanbod", aanbod_id),
            verouderd=is_verouderd(aanbod.laatst_geverifieerd, vandaag, dagen),
            themas=themas,
            doelgroepen=doelgroepen,
            dubbelen=[
                (ander, reden)
                for ander, reden in mogelijke_dubbelen(session, aanbod)
                if any(mag_bewerken(gebruiker, g, w) for g, w in bereik_van_aanbod(session, ander.id))
            ],
        )


def voeg_samen(engine: Engine, wie: Wie, aanbod_id: int, met_id: int) -> Aanbod:
    """Merge aanbod ``aanbod_id`` into ``met_id``: what the other lacks is filled in, this one is archived.

    Both must lie in the editor's gebieden. The trail of both says so; nothing
    is deleted, so a merge can be undone by restoring the archived aanbod.
    """
    if aanbod_id == met_id:
        raise VeldFouten({"met": [_("Kies een ander aanbod om mee samen te voegen.")]})
    with transaction(engine) as session:
        weg = _aanbod(session, wie.gebruiker, aanbod_id)
        blijft = _aanbod(session, wie.gebruiker, met_id)
        kern.voeg_samen(session, weg, blijft, wie)
        return blijft


def wijzig_aanbod(engine: Engine, wie: Wie, aanbod_id: int, waarden: dict, basis: str | None = None) -> int:
    """Apply the changed fields of an aanbod; return how many changed (each is one row of its trail).

    ``basis`` is the form's hidden record of what it showed (:func:`basis_tekst`):
    fields the editor left alone keep what an import or a colleague saved meanwhile.
    """
    with transaction(engine) as session:
        aanbod = _aanbod(session, wie.gebruiker, aanbod_id)
        return kern.wijzig_aanbod(session, aanbod, waarden, wie, basis=kern.lees_basis(basis))


def basis_tekst(waarden: dict) -> str:
    """What a form carries back to say what it showed (see :func:`wijzig_aanbod`)."""
    return kern.basis_tekst(waarden)


def verifieer(engine: Engine, wie: Wie, aanbod_id: int) -> None:
    """One click: the aanbod was checked today."""
    with transaction(engine) as session:
        kern.verifieer(session, _aanbod(session, wie.gebruiker, aanbod_id), wie)


def bevestig_uren(engine: Engine, wie: Wie, soort: str, item_id: int) -> bool:
    """One click: the hours read from the source's text are right (aanbod or locatie)."""
    with transaction(engine) as session:
        item = (
            _aanbod(session, wie.gebruiker, item_id) if soort == "aanbod" else _locatie(session, wie.gebruiker, item_id)
        )
        return kern.bevestig_uren(session, soort, item, wie)


def archiveer(engine: Engine, wie: Wie, soort: str, item_id: int, terug: bool = False) -> bool:
    """Archive (or with ``terug``, restore) an aanbod or locatie; False when it already was so."""
    with transaction(engine) as session:
        item = (
            _aanbod(session, wie.gebruiker, item_id) if soort == "aanbod" else _locatie(session, wie.gebruiker, item_id)
        )
        return kern.archiveer(session, item, wie, terug=terug)


# --- locaties --------------------------------------------------------------------------------------


def maak_locatie(engine: Engine, keten: Keten, wie: Wie, waarden: dict, pin: Pin | None = None) -> Locatie:
    """Add a locatie at its address (or at the ``pin``); field errors and 403 as for :func:`maak_aanbod`."""
    with transaction(engine) as session:
        punt, koppeling = _nieuw_punt(session, keten, wie.gebruiker, waarden, pin)
        return kern.maak_locatie(session, waarden, punt, koppeling, wie)


@dataclass
class LocatiePagina:
    """A locatie with what its edit page shows."""

    locatie: Locatie
    pin: dict | None
    aanbod_hier: list[Aanbod]
    geschiedenis: list


def locatie_pagina(engine: Engine, gebruiker, locatie_id: int) -> LocatiePagina:
    """A locatie the editor may change, with its pin, the aanbod there and its trail."""
    with lezen(engine) as session:
        locatie = _locatie(session, gebruiker, locatie_id)
        aanbod_hier = list(
            session.scalars(
                select(Aanbod)
                .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
                .where(AanbodLocatie.locatie_id == locatie_id)
                .order_by(Aanbod.naam)
            )
        )
        return LocatiePagina(
            locatie, _pin_van(session, locatie), aanbod_hier, audit.geschiedenis(session, "locatie", locatie_id)
        )


def wijzig_locatie(
    engine: Engine, keten: Keten, wie: Wie, locatie_id: int, waarden: dict, pin: Pin | None = None
) -> int:
    """Apply the changed fields of a locatie; a changed address (or a pin) moves its point. Returns the count."""
    with transaction(engine) as session:
        locatie = _locatie(session, wie.gebruiker, locatie_id)
        punt, koppeling = _nieuw_punt(session, keten, wie.gebruiker, waarden, pin, locatie)
        return kern.wijzig_locatie(session, locatie, waarden, punt, koppeling, wie)


# --- the form's address preview ------------------------------------------------------------------


@dataclass(frozen=True)
class AdresVoorbeeld:
    """Where an address lies, for the form's map, and whether this editor may place something there."""

    gevonden: bool
    melding: str | None = None
    lat: float | None = None
    lon: float | None = None
    precisie: str | None = None
    gemeentecode: str | None = None
    wijkcode: str | None = None
    buurtcode: str | None = None
    mag: bool = False


def adres_voorbeeld(engine: Engine, keten: Keten, gebruiker, waarden: dict) -> AdresVoorbeeld:
    """Geocode an address for the form's preview: the point, its buurt, and whether this editor may place it there."""
    try:
        punt = keten.zoek(_adresvraag(waarden))
        with lezen(engine) as session:
            koppeling = kern.plaatsing(session, punt)
    except NietGevonden as exc:
        return AdresVoorbeeld(
            False, _("Adres niet gevonden (%(reden)s). Zet de speld zelf op de kaart.", reden=exc.reden)
        )
    except VeldFout as exc:
        return AdresVoorbeeld(False, exc.reden)
    except DienstNietBereikbaar as exc:
        return AdresVoorbeeld(False, str(exc))
    lon, lat = naar_wgs84(punt.x, punt.y)
    mag = mag_bewerken(gebruiker, koppeling.gemeentecode, koppeling.wijkcode)
    return AdresVoorbeeld(
        True,
        None if mag else _("Dit adres ligt buiten uw gemeenten en wijken."),
        round(lat, 6),
        round(lon, 6),
        punt.precisie,
        koppeling.gemeentecode,
        koppeling.wijkcode,
        koppeling.buurtcode,
        mag,
    )
