"""The report on a gemeente, wijk or buurt: PDF to download, HTML to read or print (the page's "Rapport" buttons)."""

from __future__ import annotations

import io

from flask import Blueprint, request, send_file

from ..diensten import rapport as diensten
from .context import engine, gebruiker
from .filters import gatenfilter
from .resultaten import resultaten

rapporten = Blueprint("rapporten", __name__)


@rapporten.get("/rapport/<code>.<formaat>")
def rapport(code: str, formaat: str):
    """The report on ``code`` with the gap filter of the page it was asked from, in the reader's language."""
    scenario = request.args.get("scenario", type=int)
    bestand = diensten.rapport(
        engine(), code, gatenfilter(), formaat, cache=resultaten(), scenario=scenario, gebruiker=gebruiker()
    )
    return send_file(
        io.BytesIO(bestand.inhoud),
        mimetype=bestand.mediatype,
        as_attachment=formaat == "pdf",
        download_name=bestand.bestandsnaam,
    )
