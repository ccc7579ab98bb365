"""The report on a gemeente, wijk or buurt: PDF to download, HTML to read or print (the page's "Rapport" buttons)."""

from __future__ import annotations

import io

from flask import Blueprint, current_app, request, send_file, url_for

from ..diensten import rapport as diensten
from .accounts import limiter
from .context import engine, gebruiker
from .filters import gatenfilter
from .resultaten import resultaten

rapporten = Blueprint("rapporten", __name__)


def rapportlimiet() -> str:
    """How many reports and map images one client address may ask for (``RAPPORT_LIMIET``)."""
    return current_app.config["RAPPORT_LIMIET"]


@rapporten.get("/rapport/<code>.<formaat>")
@limiter.shared_limit(rapportlimiet, scope="rapporten")
def rapport(code: str, formaat: str):
    """The report on ``code`` with the gap filter of the page it was asked from, in the reader's language."""
    scenario = request.args.get("scenario", type=int)
    filter_ = gatenfilter()
    bestand = diensten.rapport(
        engine(),
        code,
        filter_,
        formaat,
        cache=resultaten(),
        scenario=scenario,
        gebruiker=gebruiker(),
        methode_url=url_for("gaten.methodepagina", _external=True, **filter_.als_vraag()),
    )
    return send_file(
        io.BytesIO(bestand.inhoud),
        mimetype=bestand.mediatype,
        as_attachment=formaat == "pdf",
        download_name=bestand.bestandsnaam,
    )
