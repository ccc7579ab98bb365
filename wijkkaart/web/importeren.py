"""The browser import for opbouwwerkers and beheerders: upload, choose columns and soorten, dry run, import.

Thin views over :mod:`wijkkaart.diensten.importeren`; uploads live in the
instance folder, never under ``static/``. Every step posts a CSRF token; a
wijk-scoped opbouwwerker imports only into their own wijken.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for

from ..diensten import importeren as diensten
from ..kern.fouten import WijkkaartFout
from ..kern.rechten import importbereik
from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD, SOORTEN_LOCATIE
from .accounts import bewerker_vereist
from .context import engine, gebruiker, keten

importeren = Blueprint("importeren", __name__, url_prefix="/bewerken/importeren")

#: Largest upload in bytes: a sociale kaart of thousands of rows is a few megabytes.
MAX_UPLOAD = 20 * 1024 * 1024


def _basis() -> Path:
    return Path(current_app.config["INSTANCE_DIR"])


def _upload(token: str) -> None:
    diensten.controleer_eigenaar(_basis(), token, gebruiker().id)


@importeren.route("", methods=["GET", "POST"])
@bewerker_vereist
def upload():
    """Step 1: choose a file (CSV, XLSX, GeoJSON, JSON) and name its bron."""
    if request.method == "POST":
        # Before the body is parsed: a file that is too big is refused without reading it.
        if request.content_length and request.content_length > MAX_UPLOAD + 64 * 1024:
            flash(_("Het bestand is groter dan %(mb)s MB.", mb=MAX_UPLOAD // 1024 // 1024))
            return render_template("bewerken/importeren.html"), 413
        bestand = request.files.get("bestand")
        if bestand is None or not bestand.filename:
            flash(_("Kies een bestand."))
            return render_template("bewerken/importeren.html"), 400
        try:
            token = diensten.bewaar_upload(
                _basis(),
                bestand.filename,
                bestand.read(MAX_UPLOAD + 1)[:MAX_UPLOAD],
                request.form.get("bron"),
                gebruiker().id,
            )
        except WijkkaartFout as fout:
            flash(str(fout))
            return render_template("bewerken/importeren.html"), 400
        return redirect(url_for(".kolommen", token=token), code=303)
    return render_template("bewerken/importeren.html")


def _keuzes_uit_formulier() -> tuple[dict[str, str], dict[str, str]]:
    kolommen = {v: request.form.get(f"kolom_{v}", "") for v in diensten.KEUZEVELDEN}
    soorten = {}
    for sleutel, waarde in request.form.items():
        if sleutel.startswith("soortwaarde_"):
            soorten[waarde] = request.form.get("soort_" + sleutel.removeprefix("soortwaarde_"), "")
    return kolommen, soorten


@importeren.route("/<token>", methods=["GET", "POST"])
@bewerker_vereist
def kolommen(token: str):
    """Step 2 and 3: the first rows with a column per field and the soort per type value; dry run or import."""
    _upload(token)
    uitkomst, droog = None, True
    if request.method == "POST":
        kolomkeuzes, soortkeuzes = _keuzes_uit_formulier()  # read once; shown again below
        droog = request.form.get("actie") != "importeren"
        try:
            diensten.bewaar_keuzes(_basis(), token, kolomkeuzes, soortkeuzes)
            gemeenten, wijken = importbereik(gebruiker())
            uitkomst = diensten.importeer(engine(), keten("import"), _basis(), token, droog, gemeenten, wijken)
        except WijkkaartFout as fout:
            flash(str(fout))
    try:
        voorbeeld = diensten.voorbeeld(_basis(), token)
    except WijkkaartFout as fout:
        flash(str(fout))
        return redirect(url_for(".upload"), code=303)
    if request.method == "POST":
        voorbeeld.keuzes.update(kolomkeuzes)
        voorbeeld.soortwaarden.update(soortkeuzes)
    soorten = [("", _("(niet herkend: overig aanbod)"))]
    soorten += [(k, _(v)) for k, v in {**SOORTEN_AANBOD, **SOORTEN_LOCATIE}.items()]
    veldnamen = {veld: _(label) for veld, label in diensten.KEUZEVELDEN.items()}
    return render_template(
        "bewerken/import_kolommen.html",
        veldnamen=veldnamen,
        v=voorbeeld,
        uitkomst=uitkomst,
        droog=droog,
        soorten=soorten,
        velden=diensten.KEUZEVELDEN,
    )


@importeren.get("/<token>/mapping.toml")
@bewerker_vereist
def mapping(token: str):
    """The choices as a mapping file, to keep or to use with ``wijkkaart import-aanbod --mapping``."""
    _upload(token)
    naam, tekst = diensten.mapping_van(_basis(), token)
    return Response(
        tekst,
        mimetype="application/toml",
        headers={"Content-Disposition": f'attachment; filename="{naam}"', "X-Content-Type-Options": "nosniff"},
    )
