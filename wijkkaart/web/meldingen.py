"""Residents tell what is missing or wrong: "meld een initiatief" and "klopt dit niet?".

Open to everyone, CSRF-protected, rate-limited per address, with a honeypot
field instead of a third-party captcha. What comes in waits for moderation
(:mod:`.moderatie`); nothing here publishes anything.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ..aanbod import inzendingen
from ..aanbod.bewerken import eerste_link
from ..aanbod.geocoding import NietGevonden
from ..aanbod.model import Aanbod, Locatie
from ..errors import WijkkaartFout
from ..taal import gettext as _
from . import db_session
from .accounts import limiter
from .formulieren import CorrectieFormulier, InitiatiefFormulier

meldingen = Blueprint("meldingen", __name__, url_prefix="/meld")


def _limiet() -> str:
    return current_app.config["INZENDING_LIMIET"]


def _plaats_van_adres(formulier):
    """The buurt of the address a resident gave, or None (then a beheerder sorts it out)."""
    from ..aanbod.bewerken import plaatsing
    from .bewerken import zoek_adres

    try:
        return plaatsing(db_session(), zoek_adres(formulier.data))
    except (NietGevonden, WijkkaartFout):
        return None


def _bewaar(soort: str, formulier, waar, over=None):
    """Store the submission; ``waar()`` gives its place, asked only when the honeypot is empty (no geocoding for bots)."""
    from .bewerken import moment

    waarden = {v: getattr(formulier, v).data for v in inzendingen.VELDEN if hasattr(formulier, v)}
    if hasattr(formulier, "toestemming_publicatie"):
        waarden["toestemming_publicatie"] = formulier.toestemming_publicatie.data
    spam = bool((formulier.website_2.data or "").strip())
    inzendingen.dien_in(db_session(), soort, waarden, moment(), plaats=None if spam else waar(), spam=spam, over=over)
    db_session().commit()
    return redirect(url_for(".bedankt"), code=303)


@meldingen.route("", methods=["GET", "POST"])
@limiter.limit(_limiet, methods=["POST"])
def initiatief():
    """Tell about an initiative that is not on the map yet."""
    formulier = InitiatiefFormulier()
    if formulier.validate_on_submit():
        return _bewaar("nieuw", formulier, lambda: _plaats_van_adres(formulier))
    return render_template("meld_initiatief.html", formulier=formulier), 400 if request.method == "POST" else 200


@meldingen.route("/aanbod/<int:aanbod_id>", methods=["GET", "POST"])
@limiter.limit(_limiet, methods=["POST"])
def correctie_aanbod(aanbod_id: int):
    """"Klopt dit niet?" about an aanbod on the map."""
    aanbod = db_session().get(Aanbod, aanbod_id)
    if aanbod is None or aanbod.gearchiveerd:
        abort(404, _("Dit aanbod staat niet (meer) op de kaart."))
    link = eerste_link(db_session(), aanbod)
    locatie = db_session().get(Locatie, link.locatie_id) if link else None
    formulier = CorrectieFormulier()
    if formulier.validate_on_submit():
        return _bewaar("correctie", formulier, lambda: locatie, over=aanbod)
    return render_template("meld_correctie.html", formulier=formulier, naam=aanbod.naam), 400 if request.method == "POST" else 200


@meldingen.route("/locatie/<int:locatie_id>", methods=["GET", "POST"])
@limiter.limit(_limiet, methods=["POST"])
def correctie_locatie(locatie_id: int):
    """"Klopt dit niet?" about a place on the map."""
    locatie = db_session().get(Locatie, locatie_id)
    if locatie is None or locatie.gearchiveerd:
        abort(404, _("Deze plek staat niet (meer) op de kaart."))
    formulier = CorrectieFormulier()
    if formulier.validate_on_submit():
        return _bewaar("correctie", formulier, lambda: locatie, over=locatie)
    return render_template("meld_correctie.html", formulier=formulier, naam=locatie.naam), 400 if request.method == "POST" else 200


@meldingen.get("/bedankt")
def bedankt():
    return render_template("meld_bedankt.html")
