"""Gap pages and API: the ranked table with filters and exports, the buurt page, the gap layer's data."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from flask import Blueprint, abort, render_template, request, send_file, url_for

from .. import services
from ..aanbod.kaartlagen import bekende_themas_en_doelgroepen
from ..aanbod.vocabulaire import SOORTEN_AANBOD
from ..errors import WijkkaartFout
from ..gaten import Instellingen
from ..gaten.dagdelen import DAGDELEN, SLEUTELS
from ..gaten.exporteren import FORMATEN, MEDIATYPES, koppen, tabel
from ..gebieden import gemeentenaam
from ..kerncijfers import Kerncijfer
from ..maps import GATEN_PALET, legenda
from ..taal import N_
from ..taal import gettext as _
from . import db_session
from .api import BUURT, GEMEENTE, geldige_code

gaten = Blueprint("gaten", __name__)

GATSCORE = Kerncijfer("score", N_("Gatscore"), "", ())
STANDAARD_DREMPEL = int(Instellingen().drempel_m)
#: Properties of the gap layer's features (the tooltip shows score, behoefte, bereik and uitleg).
LAAG_KOLOMMEN = ["code", "naam", "wijkcode", "score", "behoefte", "bereik_pct", "inwoners", "uitleg", "rang"]


def filters_uit_verzoek() -> dict:
    """Read thema, soort, dagdeel and drempel from the query string; 400 with a Dutch message when wrong."""
    soort = (request.args.get("soort") or "").strip()
    if soort and soort not in SOORTEN_AANBOD:
        abort(400, _("onbekende soort %(soort)r; kies uit %(keuzes)s", soort=soort, keuzes=", ".join(SOORTEN_AANBOD)))
    dagdeel = (request.args.get("dagdeel") or "").strip()
    if dagdeel and dagdeel not in SLEUTELS:
        abort(400, _("onbekend dagdeel %(dagdeel)r; kies uit %(keuzes)s", dagdeel=dagdeel, keuzes=", ".join(SLEUTELS)))
    drempel = (request.args.get("drempel") or str(STANDAARD_DREMPEL)).strip()
    if not drempel.isdigit() or not 50 <= int(drempel) <= 10_000:
        abort(400, _("drempel moet een geheel aantal meters van 50 tot en met 10000 zijn"))
    return {
        "thema": (request.args.get("thema") or "").strip() or None,
        "soort": soort or None,
        "dagdeel": dagdeel or None,
        "drempel": int(drempel),
    }


def filter_vraag(filters: dict) -> dict:
    """The filters that differ from the defaults, for links that carry them (exports, map, buurt pages)."""
    return {k: v for k, v in filters.items() if v and not (k == "drempel" and v == STANDAARD_DREMPEL)}


def analyse_voor(gemeente: str, filters: dict):
    """Run the analysis for one gemeente with the page's filters (404 when it has no buurten)."""
    instellingen = Instellingen(drempel_m=float(filters["drempel"]), dagdeel=filters["dagdeel"])
    try:
        return services.gatenanalyse(
            db_session().get_bind(),
            [gemeente],
            soorten=[filters["soort"]] if filters["soort"] else None,
            themas=[filters["thema"]] if filters["thema"] else None,
            instellingen=instellingen,
        )
    except WijkkaartFout as exc:
        abort(404, str(exc))


def gatenlegenda(analyse):
    """Quantile classes (mapclassify) of the gap scores, in the YlOrRd ramp."""
    return legenda(GATSCORE, analyse.buurten["score"].tolist(), palet=GATEN_PALET)


@gaten.get("/api/v1/gaten")
def api_gaten():
    """The gap analysis of a gemeente as GeoJSON: buurten with score, need, reach and explanation.

    Query parameters: ``gemeente`` (required), ``thema``, ``soort``,
    ``dagdeel``, ``drempel`` (metres), ``zoom`` (simplification).
    """
    from ..kaartdata import als_geojson
    from .api import gemeente_param, geojson_antwoord, int_param

    gemeente = gemeente_param()
    filters = filters_uit_verzoek()
    zoom = int_param("zoom", 0, 22)
    analyse = analyse_voor(gemeente, filters)
    t = tabel(analyse, met_geometrie=True)
    t["bereik_pct"] = (100 * t["bereik"]).round()
    data = als_geojson(t, zoom=zoom, kolommen=LAAG_KOLOMMEN)
    data["wijkkaart"].update({"drempel_m": filters["drempel"], "peildatum": analyse.peildatum.isoformat()})
    return geojson_antwoord(data)


@gaten.get("/gemeente/<code>/gaten")
def tabelpagina(code: str):
    """The ranked gap table of a gemeente, with filters and export buttons."""
    code = geldige_code(code, GEMEENTE, N_("gemeentecode"), "GM0392")
    filters = filters_uit_verzoek()
    analyse = analyse_voor(code, filters)
    t = tabel(analyse)
    vraag = filter_vraag(filters)
    return render_template(
        "gaten.html",
        code=code,
        naam=gemeentenaam(db_session(), code),
        analyse=analyse,
        rijen=t.to_dict("records"),
        koppen=koppen(analyse),
        filters=filters,
        themas=bekende_themas_en_doelgroepen(db_session())[0],
        soorten=SOORTEN_AANBOD,
        dagdelen=DAGDELEN,
        vraag=vraag,
        exports=[(f, url_for("gaten.download", code=code, formaat=f, **vraag)) for f in FORMATEN],
        kaart_url=url_for("pages.gemeente", code=code, kerncijfer="gatscore", **vraag),
        gemeente_rij=analyse.gemeenten.iloc[0].to_dict() if len(analyse.gemeenten) else None,
    )


@gaten.get("/gemeente/<code>/gaten.<formaat>")
def download(code: str, formaat: str):
    """The same table as a file: csv, xlsx, geojson or gpkg."""
    from ..gaten.exporteren import exporteer

    code = geldige_code(code, GEMEENTE, N_("gemeentecode"), "GM0392")
    if formaat not in FORMATEN:
        abort(404, _("onbekend formaat %(formaat)s; kies uit %(keuzes)s", formaat=formaat, keuzes=", ".join(FORMATEN)))
    analyse = analyse_voor(code, filters_uit_verzoek())
    # GeoPackage and XLSX writers want a file; read it back so the folder can go before we answer.
    with tempfile.TemporaryDirectory() as map_:
        inhoud = exporteer(analyse, Path(map_) / f"gaten_{code}.{formaat}", formaat).read_bytes()

    return send_file(io.BytesIO(inhoud), mimetype=MEDIATYPES[formaat], as_attachment=True,
                     download_name=f"gaten_{code}_{analyse.peildatum.isoformat()}.{formaat}")


@gaten.get("/buurt/<code>")
def buurtpagina(code: str):
    """One buurt: explanation, kerncijfers beside wijk and gemeente, aanbod in and around it, day parts."""
    from ..gaten.buurtprofiel import buurtprofiel

    code = geldige_code(code, BUURT, N_("buurtcode"), "BU03920101")
    filters = filters_uit_verzoek()
    gemeente = "GM" + code[2:6]
    analyse = analyse_voor(gemeente, filters)
    profiel = buurtprofiel(db_session(), analyse, code)
    if profiel is None:
        abort(404, _("Buurt %(code)s is niet geladen.", code=code))
    return render_template(
        "buurt.html",
        p=profiel,
        b=profiel.rij,
        gemeentenaam=gemeentenaam(db_session(), gemeente),
        dagdelen=DAGDELEN,
        aantal=len(analyse.buurten),
        filters=filters,
    )
