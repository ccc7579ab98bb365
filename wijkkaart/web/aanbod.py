"""An aanbod's public page (with schema.org JSON-LD) and the calendar feeds: per aanbod and per area."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for

from ..diensten import agenda as diensten
from ..kern.openingstijden import moment_nl
from .bewaard import bewaarde_pagina
from .context import engine, nu

aanbod = Blueprint("aanbod", __name__)


def _url(aanbod_id: int) -> str:
    return url_for("aanbod.pagina", aanbod_id=aanbod_id, _external=True)


def _ics(feed, naam: str) -> Response:
    antwoord = Response(feed.inhoud, mimetype="text/calendar")
    antwoord.headers["Content-Disposition"] = f'inline; filename="{naam}.ics"'
    # A subscription is fetched again daily (REFRESH-INTERVAL); an hour in between is fresh enough.
    antwoord.headers["Cache-Control"] = "public, max-age=3600"
    return antwoord


@aanbod.get("/aanbod/<int:aanbod_id>")
@bewaarde_pagina()
def pagina(aanbod_id: int):
    """One aanbod: what, where, when, for whom; "zet in mijn agenda"; schema.org JSON-LD for search engines."""
    p = diensten.aanbodpagina(engine(), aanbod_id, _url(aanbod_id))
    return render_template("aanbod.html", p=p, aanbod_id=aanbod_id)


@aanbod.get("/agenda/aanbod/<int:aanbod_id>.ics")
def aanbod_agenda(aanbod_id: int):
    """The iCal feed of one aanbod: its recurring times, holidays left out where the hours say so."""
    feed = diensten.aanbod_agenda(engine(), aanbod_id, moment_nl(nu()).date(), _url)
    return _ics(feed, f"aanbod-{aanbod_id}")


@aanbod.get("/agenda/<code>.ics")
def gebied_agenda(code: str):
    """The iCal feed of every recurring aanbod in a gemeente, wijk or buurt."""
    feed = diensten.gebied_agenda(engine(), code, moment_nl(nu()).date(), _url)
    return _ics(feed, code.upper())
