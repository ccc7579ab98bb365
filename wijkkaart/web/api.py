"""JSON API, version 1. Thin: parse the request, call one use-case, return GeoJSON."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for

from ..diensten import gebieden as gebieden_diensten
from ..diensten import kaart
from ..kern import uren_tekst
from ..kern.codes import NIVEAUS
from ..kern.getallen import formatteer
from ..kern.taal import gettext
from ..kern.vocabulaire import SOORTEN_AANBOD, SOORTEN_LOCATIE
from . import openapi
from .bewaard import met_versie
from .context import engine
from .filters import aanbodfilter, gemeente_param, int_param, kerncijfer_velden
from .resultaten import resultaten

api = Blueprint("api", __name__, url_prefix="/api/v1")


def geojson_antwoord(data: dict):
    """``data`` as a JSON response with the GeoJSON media type (RFC 7946)."""
    response = jsonify(data)
    response.mimetype = "application/geo+json"
    return response


@api.get("/gebieden")
@openapi.operatie(
    """
    get:
      summary: "Eén niveau (gemeente, wijk, buurt) van een gemeente"
      tags: [gebieden]
      parameters:
        - $ref: "#/components/parameters/gemeente"
        - name: niveau
          in: query
          required: false
          description: "Niveau."
          schema: {type: string, enum: [gemeente, wijk, buurt]}
        - name: jaar
          in: query
          required: false
          description: "Jaargang (standaard de nieuwste)."
          schema: {type: integer, minimum: 1990, maximum: 2100}
        - $ref: "#/components/parameters/zoom"
        - name: water
          in: query
          required: false
          description: "1 om waterdelen mee te nemen."
          schema: {type: string}
        - name: velden
          in: query
          required: false
          description: "Kerncijfers met komma's, of alle."
          schema: {x-wijkkaart: kerncijfers}
      responses:
        "200":
          description: "Gebieden als GeoJSON (EPSG:4326)."
          content:
            application/geo+json:
              schema:
                $ref: "#/components/schemas/FeatureCollection"
    """
)
@met_versie
def gebieden():
    """Return one level of a gemeente as GeoJSON (EPSG:4326).

    Query parameters: ``gemeente`` (GM-code, required), ``niveau`` (gemeente,
    wijk, buurt; default buurt), ``jaar`` (default newest), ``zoom`` (Leaflet
    zoom level the geometry is simplified for; default unsimplified),
    ``water=1`` to include water-only parts, ``velden`` (comma-separated
    kerncijfer names, or ``alle``) for the figures each feature carries
    besides its identity (default: none).
    """
    gemeente = gemeente_param()
    niveau = request.args.get("niveau", "buurt")
    if niveau not in NIVEAUS:
        abort(400, f"parameter niveau moet een van {', '.join(NIVEAUS)} zijn")
    jaar = int_param("jaar", 1990, 2100)
    zoom = int_param("zoom", 0, 22)
    water = request.args.get("water") in ("1", "true", "ja")
    velden = kerncijfer_velden()
    return geojson_antwoord(
        kaart.gebieden_geojson(engine(), gemeente, niveau, jaar=jaar, zoom=zoom, water=water, velden=velden)
    )


@api.get("/gemeenten")
@openapi.operatie(
    """
    get:
      summary: "Geladen gemeenten zoeken"
      tags: [gebieden]
      parameters:
        - name: q
          in: query
          required: false
          description: "Deel van naam of code."
          schema: {type: string}
        - name: pagina
          in: query
          required: false
          description: "Pagina."
          schema: {type: integer, minimum: 1, maximum: 10000}
      responses:
        "200":
          description: "Een pagina gemeenten."
          content:
            application/json:
              schema:
                type: object
                required: [gemeenten, gevonden, geladen, pagina, paginas]
                properties:
                  gemeenten:
                    type: array
                    items:
                      type: object
                      required: [code, naam, url]
                      properties:
                        code: {type: string}
                        naam: {type: string}
                        inwoners: {type: [integer, number, "null"]}
                        inwoners_tekst: {type: string}
                        wijken: {type: integer}
                        buurten: {type: integer}
                        jaren: {type: array, items: {type: integer}}
                        url: {type: string}
                  gevonden: {type: integer}
                  geladen: {type: integer}
                  pagina: {type: integer}
                  paginas: {type: integer}
    """
)
@met_versie
def gemeenten():
    """The loaded gemeenten whose name or code contains ``q`` (all when empty), ``pagina`` by ``PER_PAGINA``.

    What the start page's search box asks while someone types, so the page
    never needs to carry the whole country.
    """
    lijst = gebieden_diensten.gemeenten(
        engine(), request.args.get("q"), pagina=int_param("pagina", 1, 10_000) or 1, cache=resultaten()
    )
    return {
        "gemeenten": [
            {
                "code": g.code,
                "naam": g.naam or g.code,
                "inwoners": g.inwoners,
                "inwoners_tekst": formatteer(g.inwoners),
                "wijken": g.wijken,
                "buurten": g.buurten,
                "jaren": list(g.jaren),
                "url": url_for("pages.gemeente", code=g.code),
            }
            for g in lijst.gemeenten
        ],
        "gevonden": lijst.gevonden,
        "geladen": lijst.geladen,
        "pagina": lijst.pagina,
        "paginas": lijst.paginas,
    }


@api.get("/aanbod")
@openapi.operatie(
    """
    get:
      summary: "Aanbod op zijn locaties"
      tags: [aanbod]
      parameters:
        - $ref: "#/components/parameters/gemeente"
        - $ref: "#/components/parameters/wijk"
        - $ref: "#/components/parameters/buurt"
        - name: soort
          in: query
          required: false
          description: "Soorten, met komma's."
          schema: {x-wijkkaart: soorten_aanbod}
        - $ref: "#/components/parameters/thema"
        - $ref: "#/components/parameters/doelgroep"
        - $ref: "#/components/parameters/open_op"
      responses:
        "200":
          description: "Aanbod als GeoJSON-punten (EPSG:4326), één per aanbod per locatie."
          content:
            application/geo+json:
              schema:
                $ref: "#/components/schemas/FeatureCollection"
    """
)
@met_versie
def aanbod():
    """Return aanbod at its locaties as GeoJSON points (EPSG:4326).

    Query parameters: ``gemeente``, ``wijk`` or ``buurt`` (at least one);
    ``soort`` (comma-separated aanbod soorten), ``thema``, ``doelgroep``,
    ``open_op`` (``nu`` or an ISO time, Dutch local time when no offset):
    only aanbod known to be open then.
    """
    return geojson_antwoord(kaart.aanbod_geojson(engine(), aanbodfilter(SOORTEN_AANBOD)))


@api.get("/locaties")
@openapi.operatie(
    """
    get:
      summary: "Locaties (buurthuizen, wijkcentra, bibliotheken)"
      tags: [aanbod]
      parameters:
        - $ref: "#/components/parameters/gemeente"
        - $ref: "#/components/parameters/wijk"
        - $ref: "#/components/parameters/buurt"
        - name: soort
          in: query
          required: false
          description: "Soorten, met komma's."
          schema: {x-wijkkaart: soorten_locatie}
        - $ref: "#/components/parameters/thema"
        - $ref: "#/components/parameters/doelgroep"
        - $ref: "#/components/parameters/open_op"
      responses:
        "200":
          description: "Locaties als GeoJSON-punten (EPSG:4326)."
          content:
            application/geo+json:
              schema:
                $ref: "#/components/schemas/FeatureCollection"
    """
)
@met_versie
def locaties():
    """Return locaties (buurthuizen, wijkcentra, bibliotheken, …) as GeoJSON points (EPSG:4326).

    Same filters as ``/aanbod``; ``soort`` takes locatie soorten.
    """
    return geojson_antwoord(kaart.locaties_geojson(engine(), aanbodfilter(SOORTEN_LOCATIE)))


@api.get("/openingstijden")
@openapi.operatie(
    """
    get:
      summary: "Openingstijden controleren en in woorden zeggen"
      tags: [hulp]
      parameters:
        - name: osm
          in: query
          required: false
          description: "Openingstijden in OSM-notatie of gewoon Nederlands."
          schema: {type: string}
      responses:
        "200":
          description: "Gelezen."
          content:
            application/json:
              schema:
                type: object
                required: [geldig]
                properties:
                  geldig: {const: true}
                  leesbaar: {type: [string, "null"]}
                  osm: {type: string}
        "422":
          description: "Niet te lezen als openingstijden."
          content:
            application/json:
              schema:
                type: object
                required: [geldig, fout]
                properties:
                  geldig: {const: false}
                  fout: {type: string}
    """
)
def openingstijden_voorbeeld():
    """Check hours (``osm``: OSM or plain Dutch) and say them in words, for the forms' live preview.

    Dutch text is read as the save will read it; the answer then also carries
    the OSM it becomes, so the editor sees what was understood before saving.
    """
    waarde = (request.args.get("osm") or "").strip()
    if not waarde:
        return {"geldig": True, "leesbaar": None}
    osm, leesbaar = uren_tekst.lees_invoer(waarde)
    if osm is None:
        return {"geldig": False, "fout": gettext("Niet te lezen als openingstijden.")}, 422
    if osm == waarde:
        return {"geldig": True, "leesbaar": leesbaar}
    return {"geldig": True, "leesbaar": gettext("gelezen als: %(tijden)s", tijden=leesbaar), "osm": osm}
