"""The residents' finder on the start page: postcode or address in, nearest aanbod out."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..diensten import vinder as diensten
from ..uitvoer.vinder import DAGEN, dagnamen
from .bewaard import bewaarde_pagina
from .context import engine, keten, nu
from .resultaten import resultaten

vinder = Blueprint("vinder", __name__)


@vinder.get("/zoek")
# "Nu open" and "gezocht op" move with the clock: a kept answer lasts a minute.
@bewaarde_pagina(per_minuut=True)
def zoekpagina():
    """Nearest aanbod around a postcode or address, with filters thema, doelgroep, dag and "nu open"."""
    vraag = (request.args.get("q") or "").strip()
    filters = {
        "thema": (request.args.get("thema") or "").strip() or None,
        "doelgroep": (request.args.get("doelgroep") or "").strip() or None,
        "dag": request.args.get("dag") if request.args.get("dag") in DAGEN else None,
        "nu_open": request.args.get("nu_open") in ("1", "ja", "on"),
    }
    pagina = diensten.zoek(engine(), keten("vinder"), vraag, nu(), cache=resultaten(), **filters)
    status = 200 if pagina.uitkomst else 404 if vraag else 400
    return render_template(
        "zoek.html",
        vraag=vraag,
        filters=filters,
        uitkomst=pagina.uitkomst,
        fout=pagina.fout,
        dagen=dagnamen(),
        themas=pagina.themas,
        doelgroepen=pagina.doelgroepen,
    ), status
