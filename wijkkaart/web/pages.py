"""Pages for people: the list of gemeenten and the map of one gemeente."""

from __future__ import annotations

import io

from flask import Blueprint, current_app, render_template, request, send_file, send_from_directory, url_for

from ..diensten import gebieden, kaart
from ..diensten import kaartbeeld as kaartbeeld_dienst
from ..diensten.kaart import Gemeentekaart
from ..kern.codes import ENKELVOUD, MEERVOUD
from ..kern.filters import GatenFilter
from ..kern.getallen import gewone_waarde
from ..kern.kerncijfers import BY_NAAM, MIN_INWONERS_PERCENTAGE, Kerncijfer
from ..kern.rechten import is_beheerder, mag_plannen
from ..kern.taal import N_
from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD
from ..uitvoer.kaarten import (
    GATENKAARTEN,
    GATSCORE,
    LOOPMINUTEN,
    VEROUDERING_VELDEN,
    ApiGeoJsonLaag,
    ApiPuntenLaag,
    gemeentekaart,
    legenda,
    render_onderdelen,
    tooltipvelden,
    verwachte_zoom,
)
from .accounts import limiter
from .bewaard import bewaarde_pagina
from .context import engine, gebruiker, moment, verificatie_dagen
from .filters import gatenfilter, int_param
from .rapporten import rapportlimiet
from .resultaten import resultaten

pages = Blueprint("pages", __name__)


@pages.get("/")
@bewaarde_pagina()
def index():
    """List the loaded gemeenten; ``q`` filters on name or code (the page filters live too)."""
    zoek = (request.args.get("q") or "").strip()
    lijst = gebieden.gemeenten(engine(), zoek, pagina=int_param("pagina", 1, 10_000) or 1, cache=resultaten())
    return render_template(
        "index.html",
        gemeenten=lijst.gemeenten,
        totaal=lijst.geladen,
        gevonden=lijst.gevonden,
        pagina=lijst.pagina,
        paginas=lijst.paginas,
        zoek=zoek,
    )


@pages.get("/favicon.ico")
def favicon():
    """The site's icon where browsers and bookmarks look for it by default (pages also link it)."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@pages.get("/gemeente/<code>")
@bewaarde_pagina()
def gemeente(code: str):
    """Show the map of a gemeente: buurten (or wijken) coloured by a kerncijfer, wijk borders on top."""
    filter_ = gatenfilter() if request.args.get("kerncijfer") in GATENKAARTEN else None
    k = kaart.gemeentekaart(
        engine(),
        code,
        niveau=request.args.get("niveau"),
        kerncijfer=request.args.get("kerncijfer"),
        filter_=filter_,
        beheerder=is_beheerder(gebruiker()),
        vandaag=moment().date(),
        verificatie_dagen=verificatie_dagen(),
        cache=resultaten(),
    )
    leg, lagen, kaarttabel = _vlaklagen(k)
    lagen += aanbodlagen(k.code) + _verificatielaag(k)
    folium_kaart = gemeentekaart(k.omvang, basemap=current_app.config["BASEMAP"], assets=kaart_assets(), lagen=lagen)
    return render_template(
        "gemeente.html",
        code=k.code,
        naam=k.naam,
        kaart=render_onderdelen(folium_kaart),
        legenda=leg,
        keuzes=k.keuzes,
        gekozen=k.gekozen,
        niveau=k.niveau,
        niveaus=k.niveaus,
        meervoud={n: _(m) for n, m in MEERVOUD.items()},
        enkelvoud={n: _(m) for n, m in ENKELVOUD.items()},
        jaar_grenzen=k.jaar_grenzen,
        jaar_cijfers=k.jaar_cijfers,
        gaten_mogelijk=k.gaten_mogelijk,
        netwerk_geladen=k.netwerk_geladen,
        gatenkaart=k.gaten is not None,
        kaarttabel=kaarttabel,
        aantal_wijken=k.aantal_wijken,
        aantal_buurten=k.aantal_buurten,
        werkgebied_aanbod=k.zonder_vaste_plek,
        voorladen=_voorladen(lagen),
        min_inwoners=MIN_INWONERS_PERCENTAGE,
        datakwaliteit=k.datakwaliteit,
        drempel_m=k.filter.drempel_m,
        methode_url=url_for("gaten.methodepagina", **k.filter.als_vraag()),
        vraag=k.filter.als_vraag(),
        mag_plannen=mag_plannen(gebruiker(), k.code),
        kaartbeeld_vraag={
            "niveau": k.niveau,
            "kerncijfer": k.gekozen,
            **(k.filter.als_vraag() if k.gaten is not None else {}),
        },
    )


@pages.get("/gemeente/<code>/kaart.<formaat>")
@limiter.shared_limit(rapportlimiet, scope="rapporten")
def kaartbeeld(code: str, formaat: str):
    """The map as the page shows it (``niveau``, ``kerncijfer``, gap filter) within ``bbox``, as SVG or PNG."""
    # The gap filter only counts for the gap map (as on the page itself).
    filter_ = gatenfilter() if request.args.get("kerncijfer") in GATENKAARTEN else GatenFilter()
    bestand = kaartbeeld_dienst.kaartbeeld(
        engine(),
        code,
        request.args.get("niveau"),
        request.args.get("kerncijfer"),
        filter_,
        kaartbeeld_dienst.lees_bbox(request.args.get("bbox")),
        formaat,
        cache=resultaten(),
    )
    return send_file(
        io.BytesIO(bestand.inhoud), mimetype=bestand.mediatype, as_attachment=True, download_name=bestand.bestandsnaam
    )


def _voorladen(lagen) -> str | None:
    """The first region layer's GeoJSON at its expected zoom: the page asks for it before any script runs."""
    eerste = next(
        (laag for laag in lagen if isinstance(laag, ApiGeoJsonLaag) and laag.opties["rol"] == "vlakken"), None
    )
    if eerste is None or eerste.opties.get("voorkeurzoom") is None:
        return None
    url = eerste.opties["url"]
    return f"{url}{'&' if '?' in url else '?'}zoom={eerste.opties['voorkeurzoom']}"


def kaart_assets() -> dict:
    """Leaflet and its marker clusters, served from static/vendor: no CDN."""
    return {
        "leaflet_js": url_for("static", filename="vendor/leaflet/leaflet.js"),
        "leaflet_css": url_for("static", filename="vendor/leaflet/leaflet.css"),
        "markercluster_js": url_for("static", filename="vendor/markercluster/leaflet.markercluster.js"),
        "markercluster_css": [
            url_for("static", filename="vendor/markercluster/MarkerCluster.css"),
            url_for("static", filename="vendor/markercluster/MarkerCluster.Default.css"),
        ],
    }


def _vlaklagen(k: Gemeentekaart):
    """The coloured regions (and wijk borders) of the map, their legend and the table beside the map."""
    lagen, kaarttabel = [], None
    leg, weinig = kaart.kaartlegenda(k)
    if k.gaten is not None:
        vraag = k.filter.als_vraag()
        lopen = k.gekozen == "loopminuten"
        lagen.append(
            ApiGeoJsonLaag(
                url_for("gaten.api_gaten", gemeente=k.code, **vraag),
                _("Buurten: minuten lopen tot aanbod") if lopen else _("Buurten: gatscore"),
                rol="vlakken",
                legenda=leg,
                tooltipvelden=[
                    *([LOOPMINUTEN] if lopen else []),
                    GATSCORE,
                    Kerncijfer("behoefte", N_("Behoefte-index (1 = gemiddeld)"), "", ()),
                    Kerncijfer(
                        "bereik_pct", _("Woont binnen %(drempel)s m van aanbod", drempel=k.filter.drempel_m), "%", ()
                    ),
                    BY_NAAM["inwoners"],
                ],
                link=url_for("gaten.buurtpagina", code="BUCODE", **vraag).replace("BUCODE", "{code}"),
                zoom=verwachte_zoom(k.omvang),
            )
        )
        kaarttabel = _kaarttabel(k.gaten.buurten, leg, uitleg=True)
    elif k.niveau:
        kaarttabel = _kaarttabel(k.vlakken, leg, weinig=weinig) if leg else None
        naam = _(MEERVOUD[k.niveau]).capitalize() + (f": {k.kerncijfer.label.lower()}" if k.kerncijfer else "")
        velden = tooltipvelden(k.kerncijfer.naam if k.kerncijfer else None)
        lagen.append(
            ApiGeoJsonLaag(
                # Only the figures the map colours by and its tooltip shows, not all 41.
                url_for(
                    "api.gebieden",
                    gemeente=k.code,
                    niveau=k.niveau,
                    jaar=k.jaar_grenzen,
                    velden=",".join(v.naam for v in velden),
                ),
                naam,
                rol="vlakken",
                legenda=leg,
                tooltipvelden=velden,
                zoom=verwachte_zoom(k.omvang),
            )
        )
    if k.niveau == "buurt" and k.jaar_wijken is not None:
        lagen.append(
            ApiGeoJsonLaag(
                url_for("api.gebieden", gemeente=k.code, niveau="wijk", jaar=k.jaar_wijken),
                _("Wijkgrenzen"),
                rol="grenzen",
                zoom=verwachte_zoom(k.omvang),
            )
        )
    return leg, lagen, kaarttabel


def _kaarttabel(frame, leg, uitleg: bool = False, weinig=None) -> list[dict]:
    """The map's facts as table rows, for people who cannot see or point at the map (WCAG 1.1.1, 2.1.1)."""
    naam = leg.kerncijfer.naam
    rijen = []
    for i, rij in enumerate(frame.to_dict("records")):
        waarde = rij.get(naam)
        klasse = leg.klasse_van(waarde)
        te_weinig = weinig is not None and bool(weinig[i])
        tekst = klasse.label if klasse else _("onbekend of geheim")
        if te_weinig:
            tekst = _("te weinig inwoners")
        rijen.append(
            {
                "naam": gewone_waarde(rij.get("naam")) or rij["code"],
                "code": rij["code"],
                "waarde": waarde,
                "klasse": tekst,
                "weinig": te_weinig,
                "uitleg": rij.get("uitleg") if uitleg else None,
            }
        )
    return rijen


def aanbodlagen(code: str) -> list[ApiPuntenLaag]:
    """The three marker layers of a gemeente: locaties, aanbod (without walk-in hours), inloopspreekuren."""
    overig = ",".join(s for s in SOORTEN_AANBOD if s != "inloopspreekuur")
    return [
        ApiPuntenLaag(url_for("api.locaties", gemeente=code), _("Locaties (buurthuizen, wijkcentra, …)"), "locaties"),
        ApiPuntenLaag(url_for("api.aanbod", gemeente=code, soort=overig), _("Aanbod"), "aanbod"),
        ApiPuntenLaag(
            url_for("api.aanbod", gemeente=code, soort="inloopspreekuur"), _("Inloopspreekuren"), "inloopspreekuren"
        ),
    ]


def _verificatielaag(k: Gemeentekaart) -> list[ApiGeoJsonLaag]:
    """For beheerders only: wijken coloured by the share of aanbod not verified in time (off until chosen)."""
    if k.veroudering is None:
        return []
    return [
        ApiGeoJsonLaag(
            url_for("bewerken.veroudering", gemeente=k.code),
            _("Wijken: aanbod te verifiëren (beheer)"),
            rol="vlakken",
            legenda=legenda(VEROUDERING_VELDEN[0], k.veroudering["pct_verouderd"].tolist()),
            tooltipvelden=list(VEROUDERING_VELDEN),
            show=False,
        )
    ]
