"""Gap pages and API: the ranked table with filters and exports, the buurt page, the gap layer's data."""

from __future__ import annotations

import io

from flask import Blueprint, render_template, request, send_file, url_for

from ..diensten import gaten as diensten
from ..diensten import netwerk as netwerk_diensten
from ..gaten import Instellingen
from ..kern.dagdelen import DAGDELEN
from ..kern.filters import MAX_DREMPEL_M, MIN_DREMPEL_M
from ..kern.kerncijfers import MIN_INWONERS_PERCENTAGE
from ..kern.lopen import LOOPSNELHEID
from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD
from ..uitvoer.gatentabel import FORMATEN
from ..uitvoer.methode import methode
from . import openapi
from .api import geojson_antwoord
from .bewaard import bewaarde_pagina, met_versie
from .context import engine
from .filters import gatenfilter, gemeente_param, int_param
from .resultaten import resultaten

gaten = Blueprint("gaten", __name__)


@gaten.get("/api/v1/gaten")
@openapi.operatie(
    """
    get:
      summary: "De gatenanalyse van een gemeente"
      tags: [gaten]
      parameters:
        - $ref: "#/components/parameters/gemeente"
        - name: thema
          in: query
          required: false
          description: "Thema's met komma's."
          schema: {type: string}
        - name: soort
          in: query
          required: false
          description: "Soorten aanbod met komma's."
          schema: {x-wijkkaart: soorten_aanbod}
        - name: dagdeel
          in: query
          required: false
          description: "Dagdeel."
          schema: {x-wijkkaart: dagdeel}
        - name: drempel
          in: query
          required: false
          description: "Loopafstand in meters."
          schema: {x-wijkkaart: drempel}
        - $ref: "#/components/parameters/zoom"
      responses:
        "200":
          description: "Buurten met gatscore, behoefte, bereik en uitleg (GeoJSON, EPSG:4326); over een loopnetwerk ook minuten_lopen."
          content:
            application/geo+json:
              schema:
                $ref: "#/components/schemas/FeatureCollection"
    """
)
@met_versie
def api_gaten():
    """The gap analysis of a gemeente as GeoJSON: buurten with score, need, reach and explanation.

    Query parameters: ``gemeente`` (required), ``thema``, ``soort``,
    ``dagdeel``, ``drempel`` (metres), ``zoom`` (simplification).
    """
    gemeente = gemeente_param()
    filter_ = gatenfilter()
    return geojson_antwoord(
        diensten.geojson(engine(), gemeente, filter_, zoom=int_param("zoom", 0, 22), cache=resultaten())
    )


@gaten.get("/gemeente/<code>/gaten")
@bewaarde_pagina()
def tabelpagina(code: str):
    """The ranked gap table of a gemeente, with filters and export buttons."""
    filter_ = gatenfilter()
    t = diensten.tabel(engine(), code, filter_, cache=resultaten())
    vraag = filter_.als_vraag()
    return render_template(
        "gaten.html",
        code=t.code,
        naam=t.naam,
        analyse=t.analyse,
        rijen=t.rijen,
        koppen=t.koppen,
        filter=filter_,
        themas=t.themas,
        soorten=SOORTEN_AANBOD,
        dagdelen=DAGDELEN,
        vraag=vraag,
        exports=_exports(t.code, vraag),
        kaart_url=url_for("pages.gemeente", code=t.code, kerncijfer="gatscore", **vraag),
        gemeente_rij=t.gemeente_rij,
        datakwaliteit=t.datakwaliteit,
        min_drempel=MIN_DREMPEL_M,
        max_drempel=MAX_DREMPEL_M,
    )


@gaten.get("/gemeente/<code>/wijken")
@bewaarde_pagina()
def wijkenpagina(code: str):
    """Every wijk of a gemeente side by side: kerncijfers, aanbod per soort, gaps and day parts, sortable."""
    filter_ = gatenfilter()
    w = diensten.wijken_naast_elkaar(engine(), code, filter_, cache=resultaten())
    return render_template(
        "wijken.html",
        w=w,
        filter=filter_,
        vraag=filter_.als_vraag(),
        themas=w.themas,
        soorten=SOORTEN_AANBOD,
        dagdelen=DAGDELEN,
        min_drempel=MIN_DREMPEL_M,
        max_drempel=MAX_DREMPEL_M,
    )


def _exports(code: str, vraag: dict) -> list[tuple[str, str, str]]:
    """(label, title, url) of each download; CSV twice: for Dutch spreadsheets and international."""
    uit = []
    for formaat in FORMATEN:
        url = url_for("gaten.download", code=code, formaat=formaat, **vraag)
        if formaat == "csv":
            uit.append(("CSV", _("Voor Nederlandse spreadsheets: puntkomma en decimale komma"), url))
            uit.append(
                (
                    _("CSV (internationaal)"),
                    _("Komma en decimale punt"),
                    url_for("gaten.download", code=code, formaat=formaat, csv="int", **vraag),
                )
            )
        else:
            uit.append((formaat.upper(), "", url))
    return uit


@gaten.get("/gemeente/<code>/gaten.<formaat>")
def download(code: str, formaat: str):
    """The same table as a file: csv, xlsx, geojson or gpkg."""
    bestand = diensten.download(engine(), code, gatenfilter(), formaat, csv=request.args.get("csv"), cache=resultaten())
    return send_file(
        io.BytesIO(bestand.inhoud), mimetype=bestand.mediatype, as_attachment=True, download_name=bestand.bestandsnaam
    )


@gaten.get("/methode")
def methodepagina():
    """How the gap analysis works, with the settings of the map or table the reader came from."""
    filter_ = gatenfilter()
    inhoud = methode(Instellingen(afstand=netwerk_diensten.afstand_hier(engine())), filter_=filter_)
    return render_template("methode.html", methode=inhoud, filter=filter_, vraag=filter_.als_vraag())


@gaten.get("/buurt/<code>")
@bewaarde_pagina()
def buurtpagina(code: str):
    """One buurt: explanation, kerncijfers beside wijk and gemeente, aanbod in and around it, day parts."""
    filter_ = gatenfilter()
    pagina = diensten.buurtpagina(engine(), code, filter_, cache=resultaten())
    return render_template(
        "buurt.html",
        p=pagina.profiel,
        b=pagina.profiel.rij,
        gemeentenaam=pagina.gemeentenaam,
        dagdelen=DAGDELEN,
        aantal=pagina.aantal,
        filter=filter_,
        werkgebied_aanbod=pagina.zonder_vaste_plek,
        datakwaliteit=pagina.datakwaliteit,
        min_inwoners=MIN_INWONERS_PERCENTAGE,
        loopgebied=pagina.loopgebied,
        loopsnelheid=LOOPSNELHEID,
    )
