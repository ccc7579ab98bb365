"""Residents tell what is missing or wrong: "meld een initiatief" and "klopt dit niet?".

Open to everyone, CSRF-protected, rate-limited per address, with a honeypot
field instead of a third-party captcha. What comes in waits for moderation
(:mod:`.moderatie`); nothing here publishes anything.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from ..diensten import inzendingen
from ..kern.vocabulaire import INZENDING_VELDEN
from .accounts import limiter
from .context import engine, keten, moment
from .formulieren import CorrectieFormulier, InitiatiefFormulier

meldingen = Blueprint("meldingen", __name__, url_prefix="/meld")


def _limiet() -> str:
    return current_app.config["INZENDING_LIMIET"]


def _status() -> int:
    return 400 if request.method == "POST" else 200


def _bewaar(soort: str, formulier, over=None):
    """Store the submission (a filled honeypot marks it spam, kept but never queued) and thank the resident."""
    waarden = {v: getattr(formulier, v).data for v in INZENDING_VELDEN if hasattr(formulier, v)}
    if hasattr(formulier, "toestemming_publicatie"):
        waarden["toestemming_publicatie"] = formulier.toestemming_publicatie.data
    spam = bool((formulier.website_2.data or "").strip())
    inzendingen.dien_in(engine(), keten("formulier"), soort, waarden, moment(), spam=spam, over=over)
    return redirect(url_for(".bedankt"), code=303)


@meldingen.route("", methods=["GET", "POST"])
@limiter.limit(_limiet, methods=["POST"])
def initiatief():
    """Tell about an initiative that is not on the map yet."""
    formulier = InitiatiefFormulier()
    if formulier.validate_on_submit():
        return _bewaar("nieuw", formulier)
    return render_template("meld_initiatief.html", formulier=formulier), _status()


def _correctie(soort: str, item_id: int):
    naam = inzendingen.correctie_naam(engine(), soort, item_id)
    formulier = CorrectieFormulier()
    if formulier.validate_on_submit():
        return _bewaar("correctie", formulier, over=(soort, item_id))
    return render_template("meld_correctie.html", formulier=formulier, naam=naam), _status()


@meldingen.route("/aanbod/<int:aanbod_id>", methods=["GET", "POST"])
@limiter.limit(_limiet, methods=["POST"])
def correctie_aanbod(aanbod_id: int):
    """Answer "klopt dit niet?" about an aanbod on the map."""
    return _correctie("aanbod", aanbod_id)


@meldingen.route("/locatie/<int:locatie_id>", methods=["GET", "POST"])
@limiter.limit(_limiet, methods=["POST"])
def correctie_locatie(locatie_id: int):
    """Answer "klopt dit niet?" about a place on the map."""
    return _correctie("locatie", locatie_id)


@meldingen.get("/bedankt")
def bedankt():
    """Thank the resident; what they sent waits for an opbouwwerker."""
    return render_template("meld_bedankt.html")
