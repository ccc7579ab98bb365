"""Editing pages for opbouwwerkers and beheerders: aanbod and locaties, archive, verify, te verifiëren.

Every route here needs a logged-in editor, and every route about one item
checks that the item lies in the editor's gemeenten or wijken (403
otherwise). The work itself is done by :mod:`wijkkaart.aanbod.bewerken`.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from ..aanbod import bewerken as kern
from ..aanbod.audit import ACTIES, geschiedenis
from ..aanbod.geocoding import Keten, NietGevonden, PdokLocatieserver, Punt, naar_rd, naar_wgs84
from ..aanbod.inzendingen import Inzending, handel_af, mag_behandelen, wachtrij
from ..aanbod.kaartlagen import bekende_themas_en_doelgroepen
from ..aanbod.model import Aanbod, AanbodLocatie, Locatie
from ..aanbod.openingstijden import leesbaar, moment_nl
from ..aanbod.records import normaliseer_postcode
from ..aanbod.verificatie import VEROUDERING_VELDEN, is_verouderd, te_verifieren, veroudering_per_wijk
from ..accounts.rechten import in_bereik, mag_bewerken
from ..errors import WijkkaartFout
from ..taal import gettext as _
from . import db_session
from .accounts import beheerder_vereist, bewerker_vereist
from .formulieren import AanbodFormulier, LocatieFormulier, NieuwAanbodFormulier
from .vinder import nu

bewerken = Blueprint("bewerken", __name__, url_prefix="/bewerken")


def moment():
    """Now in the Netherlands (frozen in tests through ``KLOK``)."""
    return moment_nl(nu())


def wie() -> kern.Wie:
    return kern.Wie(current_user, moment())


def verificatie_dagen() -> int:
    return int(current_app.config["VERIFICATIE_DAGEN"])


def geocoders() -> Keten:
    """The geocoder of the forms: PDOK on the address (made once per app, with its cache and rate limit)."""
    keten = current_app.config.get("BEWERK_GEOCODERS")
    if keten is None:
        keten = current_app.config["BEWERK_GEOCODERS"] = Keten([
            PdokLocatieserver(current_app.config["PDOK_URL"], cache_dir=current_app.config["CACHE_DIR"], timeout=5.0, pogingen=1)
        ])
    return keten


def zoek_adres(waarden) -> Punt:
    """Geocode the straat, huisnummer, postcode and plaats in ``waarden`` (a form's data or the query string).

    Raises :class:`NietGevonden`, or :class:`WijkkaartFout` when PDOK cannot be reached.
    """
    return geocoders().zoek(kern.adres_als_record(*(waarden.get(v) for v in ("straat", "huisnummer", "postcode", "plaats"))))


def _aanbod_of_403(aanbod_id: int) -> Aanbod:
    aanbod = db_session().get(Aanbod, aanbod_id)
    if aanbod is None:
        abort(404, _("Dit aanbod bestaat niet."))
    if not any(mag_bewerken(current_user, g, w) for g, w in kern.bereik_van_aanbod(db_session(), aanbod_id)):
        abort(403, _("Dit aanbod ligt buiten uw gemeenten en wijken."))
    return aanbod


def _locatie_of_403(locatie_id: int) -> Locatie:
    locatie = db_session().get(Locatie, locatie_id)
    if locatie is None:
        abort(404, _("Deze locatie bestaat niet."))
    if not mag_bewerken(current_user, locatie.gemeentecode, locatie.wijkcode):
        abort(403, _("Deze locatie ligt buiten uw gemeenten en wijken."))
    return locatie


def _punt(formulier, adres_gewijzigd: bool) -> Punt | None:
    """The point the form asks for: a pin placed by hand, else the geocoded address when it changed.

    Sets a form error and returns None when the address cannot be found.
    """
    if formulier.handmatig.data == "1":
        try:
            x, y = naar_rd(float(formulier.lon.data), float(formulier.lat.data))
        except (TypeError, ValueError):
            formulier.straat.errors.append(_("De speld op de kaart heeft geen geldige plek."))
            return None
        return Punt(x, y, "handmatig", "handmatig")
    if not adres_gewijzigd:
        return None
    try:
        return zoek_adres(formulier.data)
    except NietGevonden as exc:
        formulier.straat.errors.append(_("Adres niet gevonden (%(reden)s). Controleer het, of zet de speld op de kaart.", reden=exc.reden))
        return None
    except WijkkaartFout as exc:  # PDOK unreachable: the editor can still place the pin by hand
        formulier.straat.errors.append(_("Het adres kon niet worden opgezocht (%(fout)s). Zet de speld zelf op de kaart.", fout=str(exc)))
        return None


def _plaatsing_of_403(formulier, punt: Punt):
    """Where a new point lies; 403 when that is outside the editor's gebieden, a form error outside every gemeente."""
    try:
        koppeling = kern.plaatsing(db_session(), punt)
    except WijkkaartFout as exc:
        formulier.straat.errors.append(str(exc))
        return None
    if not mag_bewerken(current_user, koppeling.gemeentecode, koppeling.wijkcode):
        abort(403, _("Dit adres ligt in %(wijk)s, buiten uw gemeenten en wijken.", wijk=koppeling.wijkcode or koppeling.gemeentecode))
    return koppeling


def _adres_gewijzigd(formulier, locatie: Locatie | None) -> bool:
    if locatie is None:
        return True
    return any(
        (getattr(formulier, v).data or "").strip().upper().replace(" ", "") != (getattr(locatie, v) or "").upper().replace(" ", "")
        for v in ("straat", "huisnummer", "postcode", "plaats")
    )


def _locatie_waarden(formulier, prefix: str = "") -> dict:
    waarden = {v: getattr(formulier, v).data for v in ("straat", "huisnummer", "plaats", "adres_verbergen")}
    waarden["postcode"] = normaliseer_postcode(formulier.postcode.data)
    waarden["naam"] = getattr(formulier, prefix + "naam").data
    waarden["soort"] = getattr(formulier, prefix + "soort").data
    if not prefix:
        waarden["openingstijden"] = formulier.openingstijden.data
    return waarden


def _pin(session, locatie: Locatie | None) -> dict | None:
    """Where the form's map starts: the locatie's point (its real one: editors may see masked addresses)."""
    if locatie is None:
        return None
    lon, lat = naar_wgs84(*kern.punt_van(session, locatie))
    return {"lat": round(lat, 6), "lon": round(lon, 6), "precisie": locatie.precisie}


def _locaties_in_bereik(session) -> list[tuple[int, str]]:
    rijen = session.execute(
        select(Locatie.id, Locatie.naam, Locatie.straat, Locatie.huisnummer, Locatie.plaats)
        .where(Locatie.gearchiveerd.is_(False), in_bereik(current_user, Locatie.gemeentecode, Locatie.wijkcode))
        .order_by(Locatie.naam, Locatie.id)
    ).all()
    return [(i, " – ".join(d for d in (n, " ".join(x for x in (s, h) if x), p) if d) or f"#{i}") for i, n, s, h, p in rijen]


# --- overview ---------------------------------------------------------------------------------


@bewerken.get("")
@bewerker_vereist
def overzicht():
    """The aanbod in the editor's gebieden (searchable), with what waits for them."""
    session = db_session()
    zoekterm = (request.args.get("q") or "").strip()
    archief = request.args.get("archief") == "1"
    vraag = (
        select(Aanbod, Locatie.naam, Locatie.wijkcode)
        .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
        .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
        .where(in_bereik(current_user, Locatie.gemeentecode, Locatie.wijkcode), Aanbod.gearchiveerd.is_(archief))
    )
    if zoekterm:
        patroon = f"%{zoekterm}%"
        vraag = vraag.where(or_(Aanbod.naam.ilike(patroon), Locatie.naam.ilike(patroon)))
    rijen, gezien = [], set()
    vandaag = moment().date()
    for aanbod, locatie, wijk in session.execute(vraag.order_by(Aanbod.naam, Aanbod.id).limit(500)):
        if aanbod.id not in gezien:
            gezien.add(aanbod.id)
            rijen.append({"aanbod": aanbod, "locatie": locatie, "wijk": wijk,
                          "verouderd": is_verouderd(aanbod.laatst_geverifieerd, vandaag, verificatie_dagen())})
    locaties = session.scalars(
        select(Locatie).where(in_bereik(current_user, Locatie.gemeentecode, Locatie.wijkcode),
                              Locatie.gearchiveerd.is_(archief)).order_by(Locatie.naam, Locatie.id).limit(500)
    ).all()
    return render_template(
        "bewerken/overzicht.html", rijen=rijen, locaties=locaties, zoekterm=zoekterm, archief=archief,
        aantal_te_verifieren=len(te_verifieren(session, current_user, vandaag, verificatie_dagen())),
        aantal_inzendingen=len(wachtrij(session, current_user)),
    )


@bewerken.get("/te-verifieren")
@bewerker_vereist
def te_verifieren_lijst():
    """The aanbod in the editor's own wijken that nobody confirmed for longer than the set number of days."""
    lijst = te_verifieren(db_session(), current_user, moment().date(), verificatie_dagen())
    return render_template("bewerken/te_verifieren.html", lijst=lijst, dagen=verificatie_dagen())


# --- aanbod -----------------------------------------------------------------------------------


def _aanbodformulier(soort=AanbodFormulier, **kwargs):
    themas, doelgroepen = bekende_themas_en_doelgroepen(db_session())
    return soort(themas=themas, doelgroepen=doelgroepen, **kwargs)


@bewerken.route("/aanbod/nieuw", methods=["GET", "POST"])
@bewerker_vereist
def nieuw_aanbod():
    """A new aanbod at a known locatie or at a new address (geocoded, pin can be moved)."""
    session = db_session()
    inzending = _inzending_voor_formulier(session)
    formulier = _aanbodformulier(NieuwAanbodFormulier, locaties=_locaties_in_bereik(session),
                                 data=_uit_inzending(inzending) if inzending and request.method == "GET" else None)
    if formulier.validate_on_submit():
        locatie = None
        if formulier.locatie.data:
            locatie = _locatie_of_403(int(formulier.locatie.data))
        else:
            if not (formulier.locatie_naam.data or "").strip():
                formulier.locatie_naam.errors.append(_("Geef de plek een naam."))
            punt = _punt(formulier, True)
            koppeling = _plaatsing_of_403(formulier, punt) if punt else None
            if koppeling and not formulier.locatie_naam.errors:
                locatie = kern.maak_locatie(session, _locatie_waarden(formulier, "locatie_"), punt, koppeling, wie())
        if locatie is not None:
            try:
                aanbod = kern.maak_aanbod(session, formulier.waarden(), locatie, wie())
            except WijkkaartFout as exc:
                session.rollback()
                formulier.naam.errors.append(str(exc))
            else:
                if inzending is not None:
                    handel_af(inzending, "verwerkt", current_user, moment(), _("Gepubliceerd als aanbod."), aanbod_id=aanbod.id)
                session.commit()
                flash(_("Aanbod %(naam)s toegevoegd.", naam=aanbod.naam))
                return redirect(url_for(".aanbod", aanbod_id=aanbod.id), code=303)
        session.rollback()
    return render_template("bewerken/aanbod.html", formulier=formulier, aanbod=None, pin=None, inzending=inzending), \
        400 if request.method == "POST" else 200


def _inzending_voor_formulier(session) -> Inzending | None:
    """The resident's submission this new aanbod publishes (``?inzending=``), when the editor may handle it."""
    nummer = request.args.get("inzending", type=int)
    if nummer is None:
        return None
    inzending = session.get(Inzending, nummer)
    if inzending is None or inzending.status != "open":
        abort(404, _("Deze melding bestaat niet of is al afgehandeld."))
    if not mag_behandelen(current_user, inzending):
        abort(403, _("Deze melding hoort bij een wijk buiten uw gebieden."))
    return inzending


def _uit_inzending(inzending: Inzending) -> dict:
    return {
        "naam": inzending.naam, "beschrijving": inzending.beschrijving, "soort": "bewonersinitiatief", "collectief": True,
        "website": inzending.website, "straat": inzending.straat, "huisnummer": inzending.huisnummer,
        "postcode": inzending.postcode, "plaats": inzending.plaats, "locatie_naam": inzending.naam,
        "locatie_soort": "overige_locatie", "telefoon": inzending.contact_telefoon, "email": inzending.contact_email,
        "contact_openbaar": inzending.toestemming_publicatie, "organisatie": inzending.naam,
        "doelgroep_omschrijving": None, "toegang": inzending.wanneer,
    }


@bewerken.route("/aanbod/<int:aanbod_id>", methods=["GET", "POST"])
@bewerker_vereist
def aanbod(aanbod_id: int):
    """Edit an aanbod; the page also shows its trail and the buttons to verify, archive or restore it."""
    session = db_session()
    item = _aanbod_of_403(aanbod_id)
    huidig = kern.aanbod_waarden(session, item)
    formulier = _aanbodformulier(data=huidig if request.method == "GET" else None)
    status = 200
    if formulier.validate_on_submit():
        try:
            aantal = kern.wijzig_aanbod(session, item, formulier.waarden(), wie())
        except WijkkaartFout as exc:
            session.rollback()
            formulier.naam.errors.append(str(exc))
        else:
            session.commit()
            flash(_("%(aantal)s velden gewijzigd.", aantal=aantal) if aantal else _("Niets gewijzigd."))
            return redirect(url_for(".aanbod", aanbod_id=aanbod_id), code=303)
    if request.method == "POST":
        status = 400
    link = kern.eerste_link(session, item)
    locatie = session.get(Locatie, link.locatie_id) if link else None
    return render_template(
        "bewerken/aanbod.html", formulier=formulier, aanbod=item, locatie=locatie, pin=_pin(session, locatie),
        oude_tekst=link.openingstijden_tekst if link else None, geschiedenis=geschiedenis(session, "aanbod", aanbod_id),
        acties=ACTIES, verouderd=is_verouderd(item.laatst_geverifieerd, moment().date(), verificatie_dagen()),
        inzending=None,
    ), status


@bewerken.post("/aanbod/<int:aanbod_id>/verifieren")
@bewerker_vereist
def verifieer_aanbod(aanbod_id: int):
    """One click: the aanbod was checked today."""
    kern.verifieer(db_session(), _aanbod_of_403(aanbod_id), wie())
    db_session().commit()
    flash(_("Gemarkeerd als gecontroleerd op %(datum)s.", datum=moment().date().isoformat()))
    return redirect(request.form.get("terug") if request.form.get("terug") == url_for(".te_verifieren_lijst") else url_for(".aanbod", aanbod_id=aanbod_id), code=303)


def _archief(item, terug: bool, bericht: str, doel: str):
    """Archive (or restore) ``item`` for the editor, say so, and go back to its page."""
    kern.archiveer(db_session(), item, wie(), terug=terug)
    db_session().commit()
    flash(bericht)
    return redirect(doel, code=303)


@bewerken.post("/aanbod/<int:aanbod_id>/archiveren")
@bewerker_vereist
def archiveer_aanbod(aanbod_id: int):
    return _archief(_aanbod_of_403(aanbod_id), False, _("Gearchiveerd: niet meer op de kaart. Herstellen kan altijd."),
                    url_for(".aanbod", aanbod_id=aanbod_id))


@bewerken.post("/aanbod/<int:aanbod_id>/herstellen")
@bewerker_vereist
def herstel_aanbod(aanbod_id: int):
    return _archief(_aanbod_of_403(aanbod_id), True, _("Hersteld: weer op de kaart."), url_for(".aanbod", aanbod_id=aanbod_id))


# --- locaties ---------------------------------------------------------------------------------


@bewerken.route("/locatie/nieuw", methods=["GET", "POST"])
@bewerker_vereist
def nieuwe_locatie():
    session = db_session()
    formulier = LocatieFormulier()
    if formulier.validate_on_submit():
        punt = _punt(formulier, True)
        koppeling = _plaatsing_of_403(formulier, punt) if punt else None
        if koppeling:
            locatie = kern.maak_locatie(session, _locatie_waarden(formulier), punt, koppeling, wie())
            session.commit()
            flash(_("Locatie %(naam)s toegevoegd.", naam=locatie.naam))
            return redirect(url_for(".locatie", locatie_id=locatie.id), code=303)
        session.rollback()
    return render_template("bewerken/locatie.html", formulier=formulier, locatie=None, pin=None), 400 if request.method == "POST" else 200


@bewerken.route("/locatie/<int:locatie_id>", methods=["GET", "POST"])
@bewerker_vereist
def locatie(locatie_id: int):
    session = db_session()
    item = _locatie_of_403(locatie_id)
    formulier = LocatieFormulier(obj=item if request.method == "GET" else None)
    if formulier.validate_on_submit():
        punt = _punt(formulier, _adres_gewijzigd(formulier, item))
        koppeling = _plaatsing_of_403(formulier, punt) if punt else None
        if not formulier.straat.errors:
            aantal = kern.wijzig_locatie(session, item, _locatie_waarden(formulier), punt, koppeling, wie())
            session.commit()
            flash(_("%(aantal)s velden gewijzigd.", aantal=aantal) if aantal else _("Niets gewijzigd."))
            return redirect(url_for(".locatie", locatie_id=locatie_id), code=303)
        session.rollback()
    aanbod_hier = session.scalars(
        select(Aanbod).join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id).where(AanbodLocatie.locatie_id == locatie_id).order_by(Aanbod.naam)
    ).all()
    return render_template(
        "bewerken/locatie.html", formulier=formulier, locatie=item, pin=_pin(session, item), aanbod_hier=aanbod_hier,
        geschiedenis=geschiedenis(session, "locatie", locatie_id), acties=ACTIES,
    ), 400 if request.method == "POST" else 200


@bewerken.post("/locatie/<int:locatie_id>/archiveren")
@bewerker_vereist
def archiveer_locatie(locatie_id: int):
    return _archief(_locatie_of_403(locatie_id), False,
                    _("Gearchiveerd: deze plek en het aanbod daar staan niet meer op de kaart. Herstellen kan altijd."),
                    url_for(".locatie", locatie_id=locatie_id))


@bewerken.post("/locatie/<int:locatie_id>/herstellen")
@bewerker_vereist
def herstel_locatie(locatie_id: int):
    return _archief(_locatie_of_403(locatie_id), True, _("Hersteld: weer op de kaart."), url_for(".locatie", locatie_id=locatie_id))


# --- helpers for the form's script ------------------------------------------------------------


@bewerken.get("/adres")
@bewerker_vereist
def adres_voorbeeld():
    """Geocode an address for the form's preview: the point, its buurt, and whether this editor may place it there."""
    try:
        punt = zoek_adres(request.args)
        koppeling = kern.plaatsing(db_session(), punt)
    except NietGevonden as exc:
        return jsonify(gevonden=False, melding=_("Adres niet gevonden (%(reden)s). Zet de speld zelf op de kaart.", reden=exc.reden)), 404
    except WijkkaartFout as exc:
        return jsonify(gevonden=False, melding=str(exc)), 404
    lon, lat = naar_wgs84(punt.x, punt.y)
    mag = mag_bewerken(current_user, koppeling.gemeentecode, koppeling.wijkcode)
    return jsonify(
        gevonden=True, lat=round(lat, 6), lon=round(lon, 6), precisie=punt.precisie,
        gemeentecode=koppeling.gemeentecode, wijkcode=koppeling.wijkcode, buurtcode=koppeling.buurtcode,
        mag=mag, melding=None if mag else _("Dit adres ligt buiten uw gemeenten en wijken."),
    )


@bewerken.get("/veroudering")
@beheerder_vereist
def veroudering():
    """Wijken of a gemeente as GeoJSON with the share of aanbod not verified in time (the beheerders' map layer)."""
    from ..gebieden import gebieden_frame
    from ..kaartdata import EIGENSCHAPPEN, als_geojson
    from .api import GEMEENTE, geldige_code, geojson_antwoord, int_param

    code = geldige_code(request.args.get("gemeente", ""), GEMEENTE, "gemeente", "GM0392")
    session = db_session()
    wijken = gebieden_frame(session, code, "wijk", met_geometrie=True)
    per_wijk = veroudering_per_wijk(session, code, moment().date(), verificatie_dagen())
    wijken = wijken.merge(per_wijk, on="code", how="left")
    wijken["aantal_aanbod"] = wijken["aantal_aanbod"].fillna(0).astype(int)
    wijken["aantal_verouderd"] = wijken["aantal_verouderd"].fillna(0).astype(int)
    kolommen = [*EIGENSCHAPPEN, *(k.naam for k in VEROUDERING_VELDEN)]
    return geojson_antwoord(als_geojson(wijken, zoom=int_param("zoom", 0, 22), kolommen=kolommen))


@bewerken.app_template_filter("leesbare_tijden")
def _leesbare_tijden(osm):
    return leesbaar(osm) if osm else ""
