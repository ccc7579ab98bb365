"""The beheer page: accounts, their roles and the gemeenten or wijken each opbouwwerker keeps current."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from ..accounts import diensten
from ..accounts.model import ROLLEN, Gebruiker
from ..errors import WijkkaartFout
from ..taal import gettext as _
from . import db_session
from .accounts import beheerder_vereist
from .formulieren import GebruikerFormulier, RolFormulier

beheer = Blueprint("beheer", __name__, url_prefix="/beheer")


def _codes(tekst: str | None) -> list[str]:
    return [c for c in (tekst or "").replace(",", " ").split() if c]


def _pagina(nieuw: GebruikerFormulier, status: int = 200):
    gebruikers = db_session().scalars(select(Gebruiker).order_by(Gebruiker.naam, Gebruiker.id)).all()
    formulieren = {
        g.id: RolFormulier(prefix=f"g{g.id}", data={"rol": g.rol, "gebieden": ", ".join(sorted(g.codes)), "actief": g.actief})
        for g in gebruikers
    }
    return render_template("beheer/gebruikers.html", gebruikers=gebruikers, nieuw=nieuw, formulieren=formulieren, rollen=ROLLEN), status


@beheer.get("/gebruikers")
@beheerder_vereist
def gebruikers():
    return _pagina(GebruikerFormulier())


@beheer.post("/gebruikers")
@beheerder_vereist
def nieuwe_gebruiker():
    formulier = GebruikerFormulier()
    if formulier.validate_on_submit():
        try:
            g = diensten.maak_gebruiker(db_session(), formulier.email.data, formulier.naam.data, formulier.wachtwoord.data,
                                        formulier.rol.data, _codes(formulier.gebieden.data))
        except WijkkaartFout as exc:
            db_session().rollback()
            formulier.email.errors.append(str(exc))
        else:
            db_session().commit()
            flash(_("Account %(email)s gemaakt.", email=g.email))
            return redirect(url_for(".gebruikers"), code=303)
    return _pagina(formulier, 400)


@beheer.post("/gebruikers/<int:gebruiker_id>")
@beheerder_vereist
def wijzig_gebruiker(gebruiker_id: int):
    g = db_session().get(Gebruiker, gebruiker_id)
    if g is None:
        abort(404, _("Dit account bestaat niet."))
    formulier = RolFormulier(prefix=f"g{gebruiker_id}")
    if not formulier.validate_on_submit():
        flash(_("Niet gewijzigd: %(fouten)s", fouten="; ".join(f"{k}: {', '.join(v)}" for k, v in formulier.errors.items())))
        return redirect(url_for(".gebruikers"), code=303)
    try:
        diensten.wijzig(db_session(), g, rol=formulier.rol.data, codes=_codes(formulier.gebieden.data), actief=formulier.actief.data)
        if formulier.wachtwoord.data:
            diensten.zet_wachtwoord(g, formulier.wachtwoord.data)
    except WijkkaartFout as exc:
        db_session().rollback()
        flash(_("Niet gewijzigd: %(fout)s", fout=str(exc)))
    else:
        db_session().commit()
        flash(_("Account %(email)s bijgewerkt.", email=g.email))
    return redirect(url_for(".gebruikers"), code=303)
