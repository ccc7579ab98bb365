"""Editing pages for opbouwwerkers and beheerders: aanbod and locaties, archive, verify, te verifiëren.

Every route here needs a logged-in editor; the use-cases of
:mod:`wijkkaart.diensten.bewerken` check that the item lies in the editor's
gemeenten or wijken (403 otherwise) and own the transaction.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for

from ..diensten import aanbod as aanbod_diensten
from ..diensten import bewerken as diensten
from ..diensten import kaart
from ..kern.rechten import is_beheerder
from ..kern.taal import gettext as _
from ..kern.vocabulaire import AUDIT_ACTIES
from .accounts import beheerder_vereist, bewerker_vereist
from .api import geojson_antwoord
from .context import engine, gebruiker, keten, moment, verificatie_dagen, wie
from .filters import int_param
from .formfouten import probeer
from .formulieren import AanbodFormulier, LocatieFormulier, NieuwAanbodFormulier

bewerken = Blueprint("bewerken", __name__, url_prefix="/bewerken")


def _status() -> int:
    """A form shown again after a POST failed is a 400 (503 when the database was busy); the first GET is a 200."""
    if "storing" in g:
        return 503
    return 400 if request.method == "POST" else 200


# --- overview ---------------------------------------------------------------------------------


@bewerken.get("")
@bewerker_vereist
def overzicht():
    """The aanbod in the editor's gebieden (searchable), with what waits for them."""
    zoekterm = (request.args.get("q") or "").strip()
    archief = request.args.get("archief") == "1"
    o = diensten.overzicht(engine(), gebruiker(), zoekterm, archief, moment().date(), verificatie_dagen())
    return render_template(
        "bewerken/overzicht.html",
        rijen=o.rijen,
        locaties=o.locaties,
        zoekterm=zoekterm,
        archief=archief,
        aantal_te_verifieren=o.aantal_te_verifieren,
        aantal_inzendingen=o.aantal_inzendingen,
        # Waiting rows may hold hidden addresses of any wijk: the list is for beheerders only.
        wachtend=aanbod_diensten.wachtende_plekken(engine()) if is_beheerder(gebruiker()) else [],
    )


@bewerken.post("/wachtend/plaatsen")
@beheerder_vereist
def plaats_wachtenden():
    """One click: try to place the rows that waited for a geocoder (as ``wijkkaart geocode`` does)."""
    uitkomst = aanbod_diensten.plaats_wachtenden(engine(), keten("formulier"))
    flash(
        _(
            "Geplaatst: %(geplaatst)s. Wacht nog: %(wacht)s. Niet te plaatsen: %(niet)s.",
            geplaatst=uitkomst.geplaatst,
            wacht=uitkomst.wacht_nog,
            niet=len(uitkomst.niet_gevonden),
        )
    )
    return redirect(url_for(".overzicht"), code=303)


@bewerken.get("/te-verifieren")
@bewerker_vereist
def te_verifieren_lijst():
    """The aanbod in the editor's own wijken that nobody confirmed for longer than the set number of days."""
    lijst = diensten.te_verifieren_lijst(engine(), gebruiker(), moment().date(), verificatie_dagen())
    return render_template("bewerken/te_verifieren.html", lijst=lijst, dagen=verificatie_dagen())


# --- aanbod -----------------------------------------------------------------------------------


@bewerken.route("/aanbod/nieuw", methods=["GET", "POST"])
@bewerker_vereist
def nieuw_aanbod():
    """A new aanbod at a known locatie or at a new address (geocoded, pin can be moved)."""
    inzending_id = request.args.get("inzending", type=int)
    pagina = diensten.nieuw_aanbod_pagina(engine(), gebruiker(), inzending_id)
    formulier = NieuwAanbodFormulier(
        themas=pagina.themas,
        doelgroepen=pagina.doelgroepen,
        locaties=pagina.locaties,
        data=pagina.startwaarden if request.method == "GET" else None,
    )
    if formulier.validate_on_submit():
        bestaand = int(formulier.locatie.data) if formulier.locatie.data else None
        aanbod = probeer(
            formulier,
            "naam",
            diensten.maak_aanbod,
            engine(),
            keten("formulier"),
            wie(),
            formulier.waarden(),
            locatie_id=bestaand,
            plek=None if bestaand else formulier.plek("locatie_"),
            pin=formulier.pin(),
            inzending_id=inzending_id,
        )
        if aanbod is not None:
            flash(_("Aanbod %(naam)s toegevoegd.", naam=aanbod.naam))
            return redirect(url_for(".aanbod", aanbod_id=aanbod.id), code=303)
    return render_template(
        "bewerken/aanbod.html", formulier=formulier, aanbod=None, pin=None, inzending=pagina.inzending
    ), _status()


@bewerken.route("/aanbod/<int:aanbod_id>", methods=["GET", "POST"])
@bewerker_vereist
def aanbod(aanbod_id: int):
    """Edit an aanbod; the page also shows its trail and the buttons to verify, archive or restore it."""
    pagina = diensten.aanbod_pagina(engine(), gebruiker(), aanbod_id, moment().date(), verificatie_dagen())
    formulier = AanbodFormulier(
        themas=pagina.themas, doelgroepen=pagina.doelgroepen, data=pagina.waarden if request.method == "GET" else None
    )
    if formulier.validate_on_submit():
        aantal = probeer(
            formulier,
            "naam",
            diensten.wijzig_aanbod,
            engine(),
            wie(),
            aanbod_id,
            formulier.waarden(),
            formulier.basis.data,
        )
        if aantal is not None:
            flash(_("%(aantal)s velden gewijzigd.", aantal=aantal) if aantal else _("Niets gewijzigd."))
            return redirect(url_for(".aanbod", aanbod_id=aanbod_id), code=303)
    if request.method == "GET" or formulier.errors:
        # Shown again after a refusal: what is stored now becomes the base, so the next save settles it.
        formulier.basis.data = diensten.basis_tekst(pagina.waarden)
    return render_template(
        "bewerken/aanbod.html",
        formulier=formulier,
        aanbod=pagina.aanbod,
        locatie=pagina.locatie,
        pin=pagina.pin,
        oude_tekst=pagina.oude_tekst,
        afgeleid_uit=pagina.afgeleid_uit,
        dubbelen=pagina.dubbelen,
        geschiedenis=pagina.geschiedenis,
        acties=AUDIT_ACTIES,
        verouderd=pagina.verouderd,
        inzending=None,
    ), _status()


@bewerken.post("/aanbod/<int:aanbod_id>/verifieren")
@bewerker_vereist
def verifieer_aanbod(aanbod_id: int):
    """One click: the aanbod was checked today."""
    diensten.verifieer(engine(), wie(), aanbod_id)
    flash(_("Gemarkeerd als gecontroleerd op %(datum)s.", datum=moment().date().isoformat()))
    lijst = url_for(".te_verifieren_lijst")
    return redirect(lijst if request.form.get("terug") == lijst else url_for(".aanbod", aanbod_id=aanbod_id), code=303)


@bewerken.post("/aanbod/<int:aanbod_id>/samenvoegen")
@bewerker_vereist
def voeg_samen(aanbod_id: int):
    """Merge this aanbod into a probable duplicate (``met``); this one is archived, nothing is deleted."""
    met = request.form.get("met", "")
    # A missing or odd value names no aanbod: the use-case still checks this one first (403), then says 404.
    blijft = diensten.voeg_samen(engine(), wie(), aanbod_id, int(met) if met.isdigit() else 0)
    flash(_("Samengevoegd met ‘%(naam)s’; dit aanbod staat in het archief.", naam=blijft.naam))
    return redirect(url_for(".aanbod", aanbod_id=blijft.id), code=303)


@bewerken.post("/<any(aanbod, locatie):soort>/<int:item_id>/uren-bevestigen")
@bewerker_vereist
def bevestig_uren(soort: str, item_id: int):
    """One click: the hours read from the source's own words are right."""
    if diensten.bevestig_uren(engine(), wie(), soort, item_id):
        flash(_("Openingstijden bevestigd."))
    return redirect(url_for(f".{soort}", **{f"{soort}_id": item_id}), code=303)


def _archief(soort: str, item_id: int, terug: bool, bericht: str):
    """Archive (or restore) an item for the editor, say so, and go back to its page."""
    diensten.archiveer(engine(), wie(), soort, item_id, terug=terug)
    flash(bericht)
    return redirect(url_for(f".{soort}", **{f"{soort}_id": item_id}), code=303)


@bewerken.post("/aanbod/<int:aanbod_id>/archiveren")
@bewerker_vereist
def archiveer_aanbod(aanbod_id: int):
    """Take an aanbod off the map (it stays, and can be restored)."""
    return _archief("aanbod", aanbod_id, False, _("Gearchiveerd: niet meer op de kaart. Herstellen kan altijd."))


@bewerken.post("/aanbod/<int:aanbod_id>/herstellen")
@bewerker_vereist
def herstel_aanbod(aanbod_id: int):
    """Put an archived aanbod back on the map."""
    return _archief("aanbod", aanbod_id, True, _("Hersteld: weer op de kaart."))


# --- locaties ---------------------------------------------------------------------------------


@bewerken.route("/locatie/nieuw", methods=["GET", "POST"])
@bewerker_vereist
def nieuwe_locatie():
    """A new locatie at an address (geocoded, pin can be moved)."""
    formulier = LocatieFormulier()
    if formulier.validate_on_submit():
        locatie = probeer(
            formulier,
            "straat",
            diensten.maak_locatie,
            engine(),
            keten("formulier"),
            wie(),
            formulier.plek(),
            pin=formulier.pin(),
        )
        if locatie is not None:
            flash(_("Locatie %(naam)s toegevoegd.", naam=locatie.naam))
            return redirect(url_for(".locatie", locatie_id=locatie.id), code=303)
    return render_template("bewerken/locatie.html", formulier=formulier, locatie=None, pin=None), _status()


@bewerken.route("/locatie/<int:locatie_id>", methods=["GET", "POST"])
@bewerker_vereist
def locatie(locatie_id: int):
    """Edit a locatie; the page also shows the aanbod there and its trail."""
    pagina = diensten.locatie_pagina(engine(), gebruiker(), locatie_id)
    formulier = LocatieFormulier(obj=pagina.locatie if request.method == "GET" else None)
    if formulier.validate_on_submit():
        aantal = probeer(
            formulier,
            "straat",
            diensten.wijzig_locatie,
            engine(),
            keten("formulier"),
            wie(),
            locatie_id,
            formulier.plek(),
            pin=formulier.pin(),
        )
        if aantal is not None:
            flash(_("%(aantal)s velden gewijzigd.", aantal=aantal) if aantal else _("Niets gewijzigd."))
            return redirect(url_for(".locatie", locatie_id=locatie_id), code=303)
    return render_template(
        "bewerken/locatie.html",
        formulier=formulier,
        locatie=pagina.locatie,
        pin=pagina.pin,
        aanbod_hier=pagina.aanbod_hier,
        geschiedenis=pagina.geschiedenis,
        acties=AUDIT_ACTIES,
    ), _status()


@bewerken.post("/locatie/<int:locatie_id>/archiveren")
@bewerker_vereist
def archiveer_locatie(locatie_id: int):
    """Take a locatie and its aanbod off the map (they stay, and can be restored)."""
    return _archief(
        "locatie",
        locatie_id,
        False,
        _("Gearchiveerd: deze plek en het aanbod daar staan niet meer op de kaart. Herstellen kan altijd."),
    )


@bewerken.post("/locatie/<int:locatie_id>/herstellen")
@bewerker_vereist
def herstel_locatie(locatie_id: int):
    """Put an archived locatie back on the map."""
    return _archief("locatie", locatie_id, True, _("Hersteld: weer op de kaart."))


# --- helpers for the form's script ------------------------------------------------------------


@bewerken.get("/adres")
@bewerker_vereist
def adres_voorbeeld():
    """Geocode an address for the form's preview: the point, its buurt, and whether this editor may place it there."""
    v = diensten.adres_voorbeeld(engine(), keten("formulier"), gebruiker(), request.args)
    if not v.gevonden:
        return jsonify(gevonden=False, melding=v.melding), 404
    return jsonify(
        gevonden=True,
        lat=v.lat,
        lon=v.lon,
        precisie=v.precisie,
        gemeentecode=v.gemeentecode,
        wijkcode=v.wijkcode,
        buurtcode=v.buurtcode,
        mag=v.mag,
        melding=v.melding,
    )


@bewerken.get("/veroudering")
@beheerder_vereist
def veroudering():
    """Wijken of a gemeente as GeoJSON with the share of aanbod not verified in time (the beheerders' map layer)."""
    return geojson_antwoord(
        kaart.veroudering_geojson(
            engine(),
            request.args.get("gemeente", ""),
            moment().date(),
            verificatie_dagen(),
            zoom=int_param("zoom", 0, 22),
        )
    )
