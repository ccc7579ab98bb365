"""The beheer page: accounts, their roles and the gemeenten or wijken each opbouwwerker keeps current."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from ..diensten import accounts as diensten
from ..kern.rechten import ROLLEN
from ..kern.taal import gettext as _
from .accounts import beheerder_vereist
from .context import engine
from .formfouten import probeer
from .formulieren import GebruikerFormulier, RolFormulier

beheer = Blueprint("beheer", __name__, url_prefix="/beheer")


def _codes(tekst: str | None) -> list[str]:
    return [c for c in (tekst or "").replace(",", " ").split() if c]


def _pagina(nieuw: GebruikerFormulier, status: int = 200):
    gebruikers = diensten.gebruikers(engine())
    formulieren = {
        g.id: RolFormulier(
            prefix=f"g{g.id}", data={"rol": g.rol, "gebieden": ", ".join(sorted(g.codes)), "actief": g.actief}
        )
        for g in gebruikers
    }
    return render_template(
        "beheer/gebruikers.html", gebruikers=gebruikers, nieuw=nieuw, formulieren=formulieren, rollen=ROLLEN
    ), status


@beheer.get("/gebruikers")
@beheerder_vereist
def gebruikers():
    """Every account, with a form to change each and one to add an account."""
    return _pagina(GebruikerFormulier())


@beheer.post("/gebruikers")
@beheerder_vereist
def nieuwe_gebruiker():
    """Add an account."""
    formulier = GebruikerFormulier()
    if formulier.validate_on_submit():
        g = probeer(
            formulier,
            "email",
            diensten.maak_gebruiker,
            engine(),
            formulier.email.data,
            formulier.naam.data,
            formulier.wachtwoord.data,
            formulier.rol.data,
            _codes(formulier.gebieden.data),
        )
        if g is not None:
            flash(_("Account %(email)s gemaakt.", email=g.email))
            return redirect(url_for(".gebruikers"), code=303)
    return _pagina(formulier, 400)


@beheer.post("/gebruikers/<int:gebruiker_id>")
@beheerder_vereist
def wijzig_gebruiker(gebruiker_id: int):
    """Change an account's role, gebieden, access or password."""
    formulier = RolFormulier(prefix=f"g{gebruiker_id}")
    if not formulier.validate_on_submit():
        flash(
            _(
                "Niet gewijzigd: %(fouten)s",
                fouten="; ".join(f"{k}: {', '.join(v)}" for k, v in formulier.errors.items()),
            )
        )
        return redirect(url_for(".gebruikers"), code=303)
    g = probeer(
        formulier,
        "rol",
        diensten.wijzig_gebruiker,
        engine(),
        gebruiker_id=gebruiker_id,
        rol=formulier.rol.data,
        codes=_codes(formulier.gebieden.data),
        actief=formulier.actief.data,
        wachtwoord=formulier.wachtwoord.data or None,
    )
    if g is None:
        flash(_("Niet gewijzigd: %(fout)s", fout="; ".join(e for v in formulier for e in v.errors)))
    else:
        flash(_("Account %(email)s bijgewerkt.", email=g.email))
    return redirect(url_for(".gebruikers"), code=303)
