"""The moderation queue: what residents sent in, per wijk, for the opbouwwerkers of that wijk."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..aanbod.inzendingen import SOORTEN, STATUSSEN, VELDEN, Inzending, handel_af, mag_behandelen, wachtrij
from ..aanbod.model import Aanbod, Locatie
from ..taal import gettext as _
from . import db_session
from .accounts import bewerker_vereist
from .bewerken import moment
from .formulieren import AfhandelFormulier

moderatie = Blueprint("moderatie", __name__, url_prefix="/bewerken/inzendingen")


def _inzending_of_403(inzending_id: int) -> Inzending:
    inzending = db_session().get(Inzending, inzending_id)
    if inzending is None:
        abort(404, _("Deze melding bestaat niet."))
    if not mag_behandelen(current_user, inzending):
        abort(403, _("Deze melding hoort bij een wijk buiten uw gebieden."))
    return inzending


@moderatie.get("")
@bewerker_vereist
def wachtrij_pagina():
    """Open submissions in the editor's wijken, oldest first (``?status=`` for the handled ones)."""
    status = request.args.get("status", "open")
    if status not in STATUSSEN:
        abort(404)
    return render_template("bewerken/inzendingen.html", lijst=wachtrij(db_session(), current_user, status),
                           status=status, statussen=STATUSSEN, soorten=SOORTEN)


@moderatie.route("/<int:inzending_id>", methods=["GET", "POST"])
@bewerker_vereist
def inzending(inzending_id: int):
    """One submission: publish it through the aanbod form, mark a correction handled, or turn it down."""
    item = _inzending_of_403(inzending_id)
    formulier = AfhandelFormulier()
    if formulier.validate_on_submit():
        actie = request.form.get("actie")
        if item.status != "open" or actie not in ("verwerkt", "afgewezen"):
            abort(400, _("Deze melding is al afgehandeld of de actie is onbekend."))
        handel_af(item, actie, current_user, moment(), formulier.toelichting.data)
        db_session().commit()
        flash(_("Melding afgewezen.") if actie == "afgewezen" else _("Melding afgehandeld."))
        return redirect(url_for(".wachtrij_pagina"), code=303)
    over = db_session().get(Aanbod, item.aanbod_id) if item.aanbod_id else db_session().get(Locatie, item.locatie_id) if item.locatie_id else None
    return render_template("bewerken/inzending.html", inzending=item, formulier=formulier, velden=VELDEN, soorten=SOORTEN,
                           statussen=STATUSSEN, over=over), 400 if request.method == "POST" else 200
