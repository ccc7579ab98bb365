"""The moderation queue: what residents sent in, per wijk, for the opbouwwerkers of that wijk."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..diensten import inzendingen
from ..kern.taal import gettext as _
from ..kern.vocabulaire import INZENDING_SOORTEN, INZENDING_STATUSSEN, INZENDING_VELDEN
from .accounts import bewerker_vereist
from .context import engine, gebruiker, moment
from .formulieren import AfhandelFormulier

moderatie = Blueprint("moderatie", __name__, url_prefix="/bewerken/inzendingen")


@moderatie.get("")
@bewerker_vereist
def wachtrij_pagina():
    """Open submissions in the editor's wijken, oldest first (``?status=`` for the handled ones)."""
    status = request.args.get("status", "open")
    if status not in INZENDING_STATUSSEN:
        abort(404)
    return render_template(
        "bewerken/inzendingen.html",
        lijst=inzendingen.wachtrij(engine(), gebruiker(), status),
        status=status,
        statussen=INZENDING_STATUSSEN,
        soorten=INZENDING_SOORTEN,
    )


@moderatie.route("/<int:inzending_id>", methods=["GET", "POST"])
@bewerker_vereist
def inzending(inzending_id: int):
    """One submission: publish it through the aanbod form, mark a correction handled, or turn it down."""
    formulier = AfhandelFormulier()
    if formulier.validate_on_submit():
        actie = request.form.get("actie")
        inzendingen.handel_af(engine(), gebruiker(), inzending_id, actie, formulier.toelichting.data, moment())
        flash(_("Melding afgewezen.") if actie == "afgewezen" else _("Melding afgehandeld."))
        return redirect(url_for(".wachtrij_pagina"), code=303)
    pagina = inzendingen.inzending_pagina(engine(), gebruiker(), inzending_id)
    return render_template(
        "bewerken/inzending.html",
        inzending=pagina.inzending,
        formulier=formulier,
        velden=INZENDING_VELDEN,
        soorten=INZENDING_SOORTEN,
        statussen=INZENDING_STATUSSEN,
        over=pagina.over,
    ), 400 if request.method == "POST" else 200
