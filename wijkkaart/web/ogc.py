"""OGC API Features at /ogc/: thin views over :mod:`wijkkaart.diensten.ogc`, JSON or HTML by ``f`` or Accept.

Why wijkkaart's own implementation and not pygeoapi: see :mod:`wijkkaart.uitvoer.ogc`.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from ..diensten import ogc as diensten
from ..kern.taal import gettext as _
from ..uitvoer.ogc import MAX_LIMIET, documenten
from ..uitvoer.ogc.bevraging import lees_crs
from ..uitvoer.ogc.collecties import COLLECTIES, veldlabel
from .bewaard import met_versie
from .context import engine
from .resultaten import resultaten

ogc = Blueprint("ogc", __name__, url_prefix="/ogc")


def _formaat() -> str:
    """``json`` or ``html``: the ``f`` parameter, else what the client's Accept header prefers."""
    f = request.args.get("f")
    if f in ("json", "html"):
        return f
    if f:
        abort(400, _("parameter f moet json of html zijn"))
    beste = request.accept_mimetypes.best_match(["application/json", "application/geo+json", "text/html"])
    return "html" if beste == "text/html" else "json"


def _basis() -> str:
    return url_for("ogc.landing", _external=True).rstrip("/")


def _json(data: dict, mediatype: str = documenten.JSON, crs: str | None = None):
    antwoord = jsonify(data)
    # The whole media type, parameters included: GDAL refuses an OpenAPI document without ";version=3.0".
    antwoord.headers["Content-Type"] = mediatype
    if crs:
        antwoord.headers["Content-Crs"] = f"<{crs}>"
    return antwoord


def _toon(doc: dict, soort: str, mediatype: str = documenten.JSON, crs: str | None = None, **extra):
    if _formaat() == "html":
        return render_template("ogc.html", doc=doc, soort=soort, veldlabel=veldlabel, **extra)
    return _json(doc, mediatype, crs)


@ogc.get("/")
@met_versie(vorm=_formaat)
def landing():
    """The landing page: title, description and links to the API's parts."""
    doc = documenten.landing(_basis(), _formaat(), url_for("apidocs.pagina", _external=True))
    return _toon(doc, "landing")


@ogc.get("/conformance")
@met_versie(vorm=_formaat)
def conformance():
    """The conformance classes (Core, GeoJSON, HTML, OpenAPI 3.0, CRS, queryables, CQL2)."""
    return _toon(documenten.conformance(), "conformance")


@ogc.get("/api")
@met_versie(vorm=_formaat)
def api_document():
    """The OpenAPI 3.0 description of this API (``service-desc``)."""
    cache = resultaten()
    eigenschappen = {c: diensten.bewaard(engine(), c, cache).eigenschappen for c in COLLECTIES}
    return _json(documenten.openapi(_basis(), eigenschappen), documenten.OPENAPI)


@ogc.get("/collections")
@met_versie(vorm=_formaat)
def collecties():
    """Every collection with its extent and CRSs."""
    cache = resultaten()
    omvangen = {c: diensten.bewaard(engine(), c, cache).omvang for c in COLLECTIES}
    return _toon(documenten.collecties(_basis(), omvangen, _formaat()), "collecties")


@ogc.get("/collections/<cid>")
@met_versie(vorm=_formaat)
def collectie(cid: str):
    """One collection's description."""
    omvang = diensten.bewaard(engine(), cid, resultaten()).omvang
    return _toon(documenten.collectie(_basis(), COLLECTIES[cid], omvang, _formaat()), "collectie")


@ogc.get("/collections/<cid>/queryables")
@met_versie(vorm=_formaat)
def queryables(cid: str):
    """JSON Schema of the properties a filter or an equality parameter may name."""
    eigenschappen = diensten.bewaard(engine(), cid, resultaten()).eigenschappen
    return _json(documenten.queryables(_basis(), COLLECTIES[cid], eigenschappen), documenten.SCHEMA_JSON)


@ogc.get("/collections/<cid>/schema")
@met_versie(vorm=_formaat)
def schema(cid: str):
    """JSON Schema of every property of the collection's features (``describedby``)."""
    eigenschappen = diensten.bewaard(engine(), cid, resultaten()).eigenschappen
    return _json(documenten.queryables(_basis(), COLLECTIES[cid], eigenschappen, alles=True), documenten.SCHEMA_JSON)


def _paginalinks(cid: str, formaat: str, vraag, pagina) -> list[dict]:
    params = {k: v for k, v in request.args.items() if k not in ("offset", "f")}
    params["limit"] = str(vraag.limit)

    def href(f: str, offset: int) -> str:
        extra = {"offset": offset} if offset else {}
        return url_for("ogc.items", cid=cid, _external=True, **params, **extra, f=f)

    types = {"json": documenten.GEOJSON, "html": documenten.HTML}
    links = [
        documenten.link(href(formaat, vraag.offset), "self", types[formaat]),
        *(
            documenten.link(href(ander, vraag.offset), "alternate", types[ander])
            for ander in ("json", "html")
            if ander != formaat
        ),
        documenten.link(url_for("ogc.collectie", cid=cid, _external=True), "collection", documenten.JSON),
    ]
    if pagina.volgende is not None:
        links.append(documenten.link(href(formaat, pagina.volgende), "next", types[formaat], _("Volgende pagina")))
    if pagina.vorige is not None:
        links.append(documenten.link(href(formaat, pagina.vorige), "prev", types[formaat], _("Vorige pagina")))
    return links


@ogc.get("/collections/<cid>/items")
@met_versie(vorm=_formaat)
def items(cid: str):
    """A page of features: ``limit`` (at most MAX_LIMIET), ``bbox``, ``crs``, ``filter``, queryable=value.

    Paging follows the ``next`` link; ``numberMatched`` says how many match in all.
    """
    formaat = _formaat()
    vraag, pagina = diensten.items(engine(), cid, request.args.to_dict(), resultaten())
    doc = {
        "type": "FeatureCollection",
        "features": pagina.features,
        "numberMatched": pagina.gevonden,
        "numberReturned": len(pagina.features),
        "links": _paginalinks(cid, formaat, vraag, pagina),
    }
    return _toon(
        doc,
        "items",
        documenten.GEOJSON,
        vraag.crs,
        collectie=COLLECTIES[cid],
        max_limiet=MAX_LIMIET,
        eerste=vraag.offset + 1,
    )


@ogc.get("/collections/<cid>/items/<path:fid>")
@met_versie(vorm=_formaat)
def item(cid: str, fid: str):
    """One feature by its id."""
    formaat = _formaat()
    crs = lees_crs("crs", request.args.get("crs"))
    feature = diensten.item(engine(), cid, fid, crs, resultaten())
    feature["links"] = [
        documenten.link(
            url_for("ogc.item", cid=cid, fid=fid, _external=True, f=formaat),
            "self",
            documenten.GEOJSON if formaat == "json" else documenten.HTML,
        ),
        documenten.link(url_for("ogc.collectie", cid=cid, _external=True), "collection", documenten.JSON),
    ]
    return _toon(feature, "item", documenten.GEOJSON, crs, collectie=COLLECTIES[cid])
