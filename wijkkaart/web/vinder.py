"""The residents' finder on the start page: postcode or address in, nearest aanbod out."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template, request

from ..aanbod.geocoding import Keten, Pc4Tabel, PdokLocatieserver
from ..aanbod.vinder import DAGEN, PlekNietGevonden, dagnamen, Terugval, vind_plek, zoek
from . import db_session

vinder = Blueprint("vinder", __name__)


def keten() -> Keten:
    """The geocoders of the finder, built once per app (PDOK keeps its cache and rate limit)."""
    gemaakt = current_app.config.get("ZOEK_GEOCODERS")
    if gemaakt is None:
        geocoders = [Terugval(PdokLocatieserver(current_app.config["PDOK_URL"], cache_dir=current_app.config["CACHE_DIR"],
                                                postcode_alleen=True, timeout=5.0, pogingen=1))]
        pc4 = Path(current_app.config["PC4_TABEL"])
        if pc4.exists():
            geocoders.append(Pc4Tabel.laad(pc4))
        gemaakt = current_app.config["ZOEK_GEOCODERS"] = Keten(geocoders)
    return gemaakt


def nu():
    klok = current_app.config.get("KLOK")
    return klok() if klok else None


@vinder.get("/zoek")
def zoekpagina():
    """Nearest aanbod around a postcode or address, with filters thema, doelgroep, dag and "nu open"."""
    from ..aanbod.kaartlagen import bekende_themas_en_doelgroepen

    vraag = (request.args.get("q") or "").strip()
    filters = {
        "thema": (request.args.get("thema") or "").strip() or None,
        "doelgroep": (request.args.get("doelgroep") or "").strip() or None,
        "dag": request.args.get("dag") if request.args.get("dag") in DAGEN else None,
        "nu_open": request.args.get("nu_open") in ("1", "ja", "on"),
    }
    session = db_session()
    uitkomst, fout = None, None
    try:
        plek = vind_plek(vraag, keten())
        uitkomst = zoek(session, plek, nu(), **filters)
    except PlekNietGevonden as exc:
        fout = str(exc)
    status = 200 if uitkomst else 404 if vraag else 400
    themas, doelgroepen = bekende_themas_en_doelgroepen(session)
    return render_template(
        "zoek.html",
        vraag=vraag,
        filters=filters,
        uitkomst=uitkomst,
        fout=fout,
        dagen=dagnamen(),
        themas=themas,
        doelgroepen=doelgroepen,
    ), status
