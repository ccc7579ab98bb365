"""Adding, changing, archiving, restoring and verifying aanbod and locaties by hand, with the audit trail.

The web forms (and anything else that edits single items) come through here,
so every change is checked the same way and written to :mod:`.audit` exactly
once: one trail row per field whose written value changed, in the same
transaction as the change. Nothing here deletes a row; archiving hides an
item from the map, the API, the finder and the gap analysis.

Items made here get ``bron`` :data:`BRON` and a random ``extern_id``, so a
later import of a file never mistakes them for its own records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from dataclasses import dataclass

from geoalchemy2 import WKTElement
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..kern import uren_tekst
from ..kern.contact import normaliseer_email, normaliseer_telefoon, normaliseer_website
from ..kern.crs import RD_NEW, Punt, punt_wkt
from ..kern.fouten import VeldFout, VeldFouten
from ..kern.taal import gettext as _
from ..kern.tekst import controleer_woorden, schone_tekst
from ..kern.woorden import lees_woorden
from ..opslag import audit
from ..opslag.aanbod import eerste_link, punt_van
from ..opslag.koppelen import Koppeling, koppel
from ..opslag.tabellen.aanbod import Aanbod, AanbodDoelgroep, AanbodLocatie, AanbodThema, Locatie, Organisatie

#: The source of items made or first placed by hand in wijkkaart.
BRON = "wijkkaart"

#: Fields of a locatie the forms edit (``punt`` is the point, written "x y" in RD New).
LOCATIE_VELDEN = ("naam", "soort", "straat", "huisnummer", "postcode", "plaats", "adres_verbergen", "openingstijden")
#: Fields of an aanbod the forms edit; ``openingstijden`` are those at its first locatie.
AANBOD_VELDEN = (
    "naam",
    "soort",
    "beschrijving",
    "collectief",
    "themas",
    "doelgroepen",
    "doelgroep_omschrijving",
    "trefwoorden",
    "toegang",
    "kosten",
    "status",
    "website",
    "telefoon",
    "email",
    "contact_openbaar",
    "organisatie",
    "organisatie_kvk",
    "openingstijden",
)
_AANBOD_KOLOMMEN = (
    "naam",
    "soort",
    "beschrijving",
    "collectief",
    "doelgroep_omschrijving",
    "trefwoorden",
    "toegang",
    "kosten",
    "status",
    "website",
    "telefoon",
    "email",
    "contact_openbaar",
)


@dataclass(frozen=True)
class Wie:
    """Who makes a change, and when (the clock is passed in, so tests can freeze it)."""

    gebruiker: object
    moment: dt.datetime


def plaatsing(session: Session, punt: Punt) -> Koppeling:
    """The gemeente, wijk and buurt of a point.

    Raises
    ------
    VeldFout
        For the address (``straat``) when the point lies outside every loaded gemeente.
    """
    koppeling = koppel(session, [punt.x], [punt.y])[0]
    if koppeling.gemeentecode is None:
        raise VeldFout("straat", koppeling.reden or _("dit punt ligt buiten de geladen gemeenten"))
    return koppeling


def _punt_tekst(x: float, y: float) -> str:
    return f"{x:.1f} {y:.1f}"


def _schoon(waarde):
    """Text stripped (empty is None); booleans, lists and dates as they are."""
    return schone_tekst(waarde) if isinstance(waarde, str) else waarde


def controleer_openingstijden(waarde: str | None) -> str | None:
    """Return the hours as OSM ``opening_hours`` (or None when empty); raise when they cannot be read.

    Editors may type OSM or plain Dutch ("di en do 9-12 uur", "elke 2e dinsdag
    19.30-21.00"); Dutch is read by :func:`wijkkaart.kern.uren_tekst.lees_tekst`
    and stored as OSM, so the form shows back what was understood.
    """
    waarde = _schoon(waarde)
    if not waarde:
        return None
    osm, _leesbaar = uren_tekst.lees_invoer(waarde)
    if osm is None:
        raise VeldFout(
            "openingstijden",
            _("Niet te lezen als openingstijden; schrijf bijvoorbeeld ‘di en do 9-12 uur’ of Mo,We 09:00-12:00"),
            waarde,
        )
    return osm


# --- locaties ---------------------------------------------------------------------------------


def locatie_waarden(session: Session, locatie: Locatie) -> dict:
    """The editable fields of a locatie as the trail compares them, with its point."""
    waarden = {v: getattr(locatie, v) for v in LOCATIE_VELDEN}
    waarden["punt"] = _punt_tekst(*punt_van(session, locatie))
    return waarden


def _zet_punt(locatie: Locatie, punt: Punt, koppeling: Koppeling) -> None:
    locatie.geom = WKTElement(punt_wkt(punt.x, punt.y), srid=RD_NEW)
    locatie.precisie, locatie.geocoder = punt.precisie, punt.geocoder
    for veld in ("gemeentecode", "wijkcode", "wijk_jaar", "buurtcode", "buurt_jaar"):
        setattr(locatie, veld, getattr(koppeling, veld))


def maak_locatie(session: Session, waarden: dict, punt: Punt, koppeling: Koppeling, wie: Wie) -> Locatie:
    """Add a locatie at ``punt``; the trail gets one row per filled field."""
    waarden = {v: _schoon(waarden.get(v)) for v in LOCATIE_VELDEN}
    waarden["openingstijden"] = controleer_openingstijden(waarden["openingstijden"])
    waarden["adres_verbergen"] = bool(waarden["adres_verbergen"])
    locatie = Locatie(bron=BRON, extern_id=uuid.uuid4().hex, voorbeeld=False, gearchiveerd=False, **waarden)
    _zet_punt(locatie, punt, koppeling)
    session.add(locatie)
    session.flush()
    velden = audit.verschillen({}, {**waarden, "punt": _punt_tekst(punt.x, punt.y), "precisie": punt.precisie})
    audit.leg_vast(session, "locatie", locatie.id, "aangemaakt", wie.gebruiker, wie.moment, velden)
    return locatie


def wijzig_locatie(
    session: Session, locatie: Locatie, waarden: dict, punt: Punt | None, koppeling: Koppeling | None, wie: Wie
) -> int:
    """Apply changed fields (and a new point, when given); return the number of fields that changed."""
    oud = locatie_waarden(session, locatie) | {"precisie": locatie.precisie}
    nieuw = {v: _schoon(waarden[v]) for v in LOCATIE_VELDEN if v in waarden}
    if "openingstijden" in nieuw:
        nieuw["openingstijden"] = controleer_openingstijden(nieuw["openingstijden"])
        if nieuw["openingstijden"]:
            locatie.openingstijden_tekst = None  # the free text it replaces stays in the trail
    if "adres_verbergen" in nieuw:
        nieuw["adres_verbergen"] = bool(nieuw["adres_verbergen"])
    if punt is not None:
        nieuw["punt"] = _punt_tekst(punt.x, punt.y)
        nieuw["precisie"] = punt.precisie
    velden = audit.verschillen(oud, nieuw)
    if not velden:
        return 0
    for veld in velden:
        if veld in LOCATIE_VELDEN:
            setattr(locatie, veld, nieuw[veld])
    if "punt" in velden or "precisie" in velden:
        _zet_punt(locatie, punt, koppeling)
    if "openingstijden" in velden:
        locatie.openingstijden_afgeleid_uit = None  # a person set the hours: no longer read from text
    audit.leg_vast(session, "locatie", locatie.id, "gewijzigd", wie.gebruiker, wie.moment, velden)
    return len(velden)


# --- aanbod -----------------------------------------------------------------------------------


def aanbod_waarden(session: Session, aanbod: Aanbod) -> dict:
    """The editable fields of an aanbod as the trail compares them."""
    waarden = {v: getattr(aanbod, v) for v in _AANBOD_KOLOMMEN}
    waarden["themas"] = sorted(session.scalars(select(AanbodThema.thema).where(AanbodThema.aanbod_id == aanbod.id)))
    waarden["doelgroepen"] = sorted(
        session.scalars(select(AanbodDoelgroep.doelgroep).where(AanbodDoelgroep.aanbod_id == aanbod.id))
    )
    org = session.get(Organisatie, aanbod.organisatie_id) if aanbod.organisatie_id else None
    waarden["organisatie"] = org.naam if org else None
    waarden["organisatie_kvk"] = org.kvk if org else None
    link = eerste_link(session, aanbod)
    waarden["openingstijden"] = link.openingstijden if link else None
    return waarden


def _organisatie(session: Session, naam: str | None, kvk: str | None) -> int | None:
    """The id of the organisation with this name (and KvK number, when given); made when missing.

    A residents' group has no KvK number: a name alone is enough.
    """
    if not naam:
        return None
    if kvk and not (kvk.isdigit() and len(kvk) == 8):
        raise VeldFout(
            "organisatie_kvk", _("%(kvk)r is geen KvK-nummer van 8 cijfers (of laat het leeg)", kvk=kvk), kvk
        )
    kandidaten = list(session.scalars(select(Organisatie).where(Organisatie.naam == naam).order_by(Organisatie.id)))
    for org in kandidaten:
        if not kvk or org.kvk == kvk:
            return org.id
    eigen = next((o for o in kandidaten if o.bron == BRON), None)
    if eigen is not None:
        eigen.kvk = kvk
        return eigen.id
    org = Organisatie(bron=BRON, naam=naam, kvk=kvk, voorbeeld=False)
    session.add(org)
    session.flush()
    return org.id


def _schrijf_aanbod(session: Session, aanbod: Aanbod, nieuw: dict, velden, link: AanbodLocatie | None) -> None:
    """Write the fields named in ``velden`` from ``nieuw``: columns, organisation, word tables, hours at ``link``."""
    for veld in velden:
        if veld in _AANBOD_KOLOMMEN:
            setattr(aanbod, veld, nieuw[veld])
    if "organisatie" in velden or "organisatie_kvk" in velden:
        aanbod.organisatie_id = _organisatie(session, nieuw.get("organisatie"), nieuw.get("organisatie_kvk"))
    for veld, tabel, kolom in (("themas", AanbodThema, "thema"), ("doelgroepen", AanbodDoelgroep, "doelgroep")):
        if veld in velden:
            for oud in session.scalars(select(tabel).where(tabel.aanbod_id == aanbod.id)):
                session.delete(oud)
            session.flush()
            session.add_all(tabel(aanbod_id=aanbod.id, **{kolom: w}) for w in nieuw[veld])
    if "openingstijden" in velden and link is not None:
        link.openingstijden = nieuw["openingstijden"]
        link.openingstijden_afgeleid_uit = None  # a person set the hours: no longer read from text
        if nieuw["openingstijden"]:
            link.openingstijden_tekst = None


def _nieuwe_aanbodwaarden(waarden: dict, oud: dict | None = None) -> dict:
    nieuw = {v: _schoon(waarden[v]) for v in AANBOD_VELDEN if v in waarden}
    for veld, tekstveld in (("themas", "trefwoorden"), ("doelgroepen", "doelgroep_omschrijving")):
        if veld in nieuw:
            # The codes an import would make of typed words ("Sociale contacten" → ontmoeten); a code the aanbod
            # already had stays, even from before the controlled list, so an untouched save changes nothing.
            items = nieuw[veld] if isinstance(nieuw[veld], (list, tuple)) else [nieuw[veld]] if nieuw[veld] else []
            houden = [i for i in items if i in ((oud or {}).get(veld) or [])]
            codes, rest = lees_woorden([i for i in items if i not in houden], veld)
            nieuw[veld] = sorted(set(controleer_woorden(veld, [*houden, *codes])))
            if rest:
                eerder = nieuw.get(tekstveld, (oud or {}).get(tekstveld))
                nieuw[tekstveld] = "; ".join(d for d in (eerder, *rest) if d)
    for veld in ("collectief", "contact_openbaar"):
        if veld in nieuw:
            nieuw[veld] = bool(nieuw[veld])
    if "openingstijden" in nieuw:
        nieuw["openingstijden"] = controleer_openingstijden(nieuw["openingstijden"])
    # Written one way, as the import writes them; a phone number that cannot be read stays as typed.
    for veld, normaliseer in (("website", normaliseer_website), ("email", normaliseer_email)):
        if veld in nieuw:
            nieuw[veld] = normaliseer(nieuw[veld])
    if nieuw.get("telefoon"):
        with contextlib.suppress(VeldFout):
            nieuw["telefoon"] = normaliseer_telefoon(nieuw["telefoon"])
    if "naam" in nieuw and not nieuw["naam"]:
        raise VeldFout("naam", _("vul een naam in"))
    return nieuw


def maak_aanbod(session: Session, waarden: dict, locatie: Locatie, wie: Wie) -> Aanbod:
    """Add an aanbod at ``locatie`` (with its opening hours there); the trail gets one row per filled field."""
    nieuw = _nieuwe_aanbodwaarden(waarden)
    nieuw["status"] = nieuw.get("status") or "actief"
    # The columns that may not be NULL; _schrijf_aanbod writes the rest, as for a change.
    aanbod = Aanbod(
        bron=BRON,
        extern_id=uuid.uuid4().hex,
        voorbeeld=False,
        gearchiveerd=False,
        naam=nieuw.get("naam"),
        soort=nieuw.get("soort"),
        collectief=nieuw.get("collectief", False),
        contact_openbaar=nieuw.get("contact_openbaar", False),
        status=nieuw["status"],
    )
    session.add(aanbod)
    session.flush()
    link = AanbodLocatie(aanbod_id=aanbod.id, locatie_id=locatie.id)
    session.add(link)
    session.flush()
    velden = audit.verschillen({}, {**nieuw, "locatie": locatie.naam or locatie.extern_id})
    _schrijf_aanbod(session, aanbod, nieuw, velden, link)
    audit.leg_vast(session, "aanbod", aanbod.id, "aangemaakt", wie.gebruiker, wie.moment, velden)
    return aanbod


def basis_tekst(waarden: dict) -> str:
    """The values a form was opened with, as the text its hidden ``basis`` field carries back."""
    return json.dumps(waarden, default=lambda w: w.isoformat() if hasattr(w, "isoformat") else str(w))


def lees_basis(tekst: str | None) -> dict | None:
    """The values a form was opened with (None when the form did not say, or said something unreadable)."""
    try:
        basis = json.loads(tekst) if tekst else None
    except ValueError:
        return None
    return basis if isinstance(basis, dict) else None


def _vorm(waarde):
    """A value in one comparable shape: empty is None, lists sorted, dates as ISO text."""
    if waarde in ("", None) or (isinstance(waarde, list | tuple) and not waarde):
        return None
    if isinstance(waarde, list | tuple):
        return sorted(str(w) for w in waarde)
    if isinstance(waarde, bool):
        return waarde
    return waarde.isoformat() if hasattr(waarde, "isoformat") else str(waarde)


def _drieweg(oud: dict, nieuw: dict, basis: dict | None) -> dict:
    """``nieuw`` with what the editor left alone taken from what is stored now (``oud``).

    ``basis`` is what the form showed when it was opened. A field the editor
    did not change keeps the stored value, so an import or a colleague that
    saved in between is not undone. A field both changed, differently, is
    refused with the stored value named: nothing is saved until the editor
    chose.
    """
    if not basis:
        return nieuw
    uit = dict(nieuw)
    botsingen = {}
    for veld, waarde in nieuw.items():
        if veld not in basis:
            continue
        gezien, nu = _vorm(basis[veld]), _vorm(oud.get(veld))
        if _vorm(waarde) == gezien:
            uit[veld] = oud.get(veld)
        elif nu != gezien and nu != _vorm(waarde):
            getoond = ", ".join(nu) if isinstance(nu, list) else (nu if nu is not None else _("leeg"))
            botsingen[veld] = [
                _(
                    "intussen gewijzigd in “%(waarde)s” (door een collega of een import); "
                    "kies wat het moet zijn en bewaar opnieuw",
                    waarde=getoond,
                )
            ]
    if botsingen:
        raise VeldFouten(botsingen)
    return uit


def wijzig_aanbod(session: Session, aanbod: Aanbod, waarden: dict, wie: Wie, basis: dict | None = None) -> int:
    """Apply changed fields; return how many changed (each is one trail row).

    With ``basis`` (the values the form was opened with) only the fields the
    editor changed are applied (see :func:`_drieweg`).
    """
    oud = aanbod_waarden(session, aanbod)
    nieuw = _drieweg(oud, _nieuwe_aanbodwaarden(waarden, oud), basis)
    velden = audit.verschillen(oud, nieuw)
    if not velden:
        return 0
    _schrijf_aanbod(session, aanbod, nieuw, velden, eerste_link(session, aanbod))
    audit.leg_vast(session, "aanbod", aanbod.id, "gewijzigd", wie.gebruiker, wie.moment, velden)
    return len(velden)


# --- archive, restore, verify ----------------------------------------------------------------


def archiveer(session: Session, item: Aanbod | Locatie, wie: Wie, terug: bool = False) -> bool:
    """Archive (or with ``terug``, restore) an item; return False when it already was so."""
    if item.gearchiveerd == (not terug):
        return False
    item.gearchiveerd = not terug
    soort = "aanbod" if isinstance(item, Aanbod) else "locatie"
    audit.leg_vast(
        session,
        soort,
        item.id,
        "hersteld" if terug else "gearchiveerd",
        wie.gebruiker,
        wie.moment,
        {"gearchiveerd": (audit.als_tekst(terug), audit.als_tekst(not terug))},
    )
    return True


def bevestig_uren(session: Session, soort: str, item: Aanbod | Locatie, wie: Wie) -> bool:
    """One click: the hours read from text are right. False when there was nothing to confirm.

    The trail gets a ``geverifieerd`` row for ``openingstijden`` with the
    sentence they were read from and the hours as confirmed.
    """
    drager = eerste_link(session, item) if soort == "aanbod" else item
    if drager is None or drager.openingstijden_afgeleid_uit is None:
        return False
    bron, drager.openingstijden_afgeleid_uit = drager.openingstijden_afgeleid_uit, None
    velden = {"openingstijden": (bron, drager.openingstijden)}
    audit.leg_vast(session, soort, item.id, "geverifieerd", wie.gebruiker, wie.moment, velden)
    return True


def verifieer(session: Session, aanbod: Aanbod, wie: Wie) -> None:
    """Record that someone checked the aanbod today; the trail keeps the previous date."""
    vandaag = wie.moment.date()
    oud = aanbod.laatst_geverifieerd
    aanbod.laatst_geverifieerd = vandaag
    audit.leg_vast(
        session,
        "aanbod",
        aanbod.id,
        "geverifieerd",
        wie.gebruiker,
        wie.moment,
        {"laatst_geverifieerd": (audit.als_tekst(oud), vandaag.isoformat())},
    )


def voeg_samen(session: Session, weg: Aanbod, blijft: Aanbod, wie: Wie) -> int:
    """Fill the empty fields of ``blijft`` from ``weg``, give it ``weg``'s places, and archive ``weg``.

    Returns the number of fields of ``blijft`` that were filled in. The trail
    of ``blijft`` gets the filled fields and the places; the trail of ``weg``
    a ``samengevoegd`` row naming the aanbod it went into.
    """
    oud, van = aanbod_waarden(session, blijft), aanbod_waarden(session, weg)
    aanvulling = {v: van[v] for v in AANBOD_VELDEN if v != "openingstijden" and not oud.get(v) and van.get(v)}
    gevuld = 0
    if aanvulling:
        gevuld = wijzig_aanbod(session, blijft, {**oud, **aanvulling}, wie)
    eigen = {
        link.locatie_id for link in session.scalars(select(AanbodLocatie).where(AanbodLocatie.aanbod_id == blijft.id))
    }
    for link in session.scalars(select(AanbodLocatie).where(AanbodLocatie.aanbod_id == weg.id)):
        if link.locatie_id not in eigen:
            session.add(
                AanbodLocatie(
                    aanbod_id=blijft.id,
                    locatie_id=link.locatie_id,
                    openingstijden=link.openingstijden,
                    openingstijden_tekst=link.openingstijden_tekst,
                    openingstijden_afgeleid_uit=link.openingstijden_afgeleid_uit,
                )
            )
            locatie = session.get(Locatie, link.locatie_id)
            audit.leg_vast(
                session,
                "aanbod",
                blijft.id,
                "samengevoegd",
                wie.gebruiker,
                wie.moment,
                {"locatie": (None, locatie.naam or locatie.extern_id)},
            )
    weg.gearchiveerd = True
    audit.leg_vast(
        session,
        "aanbod",
        weg.id,
        "samengevoegd",
        wie.gebruiker,
        wie.moment,
        {"samengevoegd_met": (None, f"{blijft.naam} (#{blijft.id})"), "gearchiveerd": ("nee", "ja")},
    )
    return gevuld
