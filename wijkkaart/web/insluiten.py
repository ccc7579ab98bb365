"""Embeddable maps at /embed/<gemeente|wijk|buurt>/<code>: a small page for another site's frame.

No header, no forms and so no cookies (nothing here reads or writes the session);
the Content-Security-Policy's frame-ancestors is the configured allow-list
(``WIJKKAART_EMBED_TOEGESTAAN``) instead of the site-wide ``'none'``; the only
third party the page contacts is the configured basemap.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from markupsafe import escape

from ..diensten import insluiten as diensten
from ..kern.taal import gettext as _
from .beveiliging import beleid, nonce
from .context import engine

insluiten = Blueprint("insluiten", __name__)


@insluiten.get("/embed/<any(gemeente, wijk, buurt):niveau>/<code>")
def kaart(niveau: str, code: str):
    """The map and list of the aanbod in one area, to be framed by another site (``?taal=en`` for English)."""
    inhoud = diensten.insluiting(engine(), niveau, code)
    antwoord = current_app.make_response(render_template("embed.html", i=inhoud))
    toegestaan = current_app.config["EMBED_TOEGESTAAN"]
    antwoord.headers["Content-Security-Policy"] = beleid(current_app.config["BASEMAP"], nonce(), toegestaan)
    # A framing site's visitors share nothing with each other through this page: a shared cache may keep it.
    antwoord.headers["Cache-Control"] = "public, max-age=300"
    return antwoord


@insluiten.app_template_global()
def insluitcode(niveau: str, code: str, naam: str) -> str:
    """The ``<iframe>`` a site pastes to show this area's map; attribute values escaped for HTML."""
    src = url_for("insluiten.kaart", niveau=niveau, code=code, _external=True)
    titel = _("Aanbod in %(gebied)s", gebied=naam)
    return (
        f'<iframe src="{escape(src)}" title="{escape(titel)}" width="100%" height="560" '
        'style="border:0" loading="lazy"></iframe>'
    )
