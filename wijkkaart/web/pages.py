"""Pages for people: the list of gemeenten and the map of one gemeente."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for

from ..gebieden import gebieden_frame, gemeenten, gemeentenaam, omvang_wgs84
from ..kerncijfers import BY_NAAM, present
from ..maps import ApiGeoJsonLaag, ApiPuntenLaag, gemeentekaart, legenda, render_onderdelen, tooltipvelden
from ..models import ENKELVOUD, MEERVOUD
from ..taal import N_
from ..taal import gettext as _
from . import db_session
from .api import GEMEENTE, geldige_code

pages = Blueprint("pages", __name__)

#: Default colouring, in order of preference: the first with known values wins.
STANDAARD_KERNCIJFERS = ("pct_65_plus", "pct_eenpersoonshuishoudens", "inwoners", "bevolkingsdichtheid")


@pages.get("/")
def index():
    """List the loaded gemeenten; ``q`` filters on name or code (the page filters live too)."""
    zoek = (request.args.get("q") or "").strip()
    alle = gemeenten(db_session())
    lijst = alle
    if zoek:
        needle = zoek.lower()
        lijst = [g for g in alle if needle in (g.naam or "").lower() or needle in g.code.lower()]
    return render_template("index.html", gemeenten=lijst, totaal=len(alle), zoek=zoek)


@pages.get("/gemeente/<code>")
def gemeente(code: str):
    """Show the map of a gemeente: buurten (or wijken) coloured by a kerncijfer, wijk borders on top."""
    code = geldige_code(code, GEMEENTE, N_("gemeentecode"), "GM0392")
    session = db_session()
    bounds = omvang_wgs84(session, code)
    if bounds is None:
        abort(404, _("Gemeente %(code)s is niet geladen.", code=code))
    # Names and figures only: the browser fetches the geometry from the API.
    wijken = gebieden_frame(session, code, "wijk", met_geometrie=False)
    buurten = gebieden_frame(session, code, "buurt", met_geometrie=False)
    lagen_met_vlakken = [(n, f) for n, f in (("buurt", buurten), ("wijk", wijken)) if not f.empty]
    niveaus = [n for n, _ in lagen_met_vlakken]
    niveau = request.args.get("niveau")
    if niveau not in niveaus:
        # Colour buurten when they carry figures; otherwise wijken, which CBS always fills.
        niveau = next((n for n, f in lagen_met_vlakken if present(f)), niveaus[0] if niveaus else None)
    vlakken = buurten if niveau == "buurt" else wijken
    keuzes = present(vlakken) if niveau else []
    namen = {k.naam for k in keuzes}
    gekozen = request.args.get("kerncijfer")
    gaten_mogelijk = not buurten.empty
    if gekozen == "gatscore" and gaten_mogelijk:
        niveau = "buurt"
        vlakken = buurten
    elif gekozen not in namen:
        gekozen = next((n for n in STANDAARD_KERNCIJFERS if n in namen), None)
    kerncijfer = BY_NAAM.get(gekozen) if gekozen and gekozen != "gatscore" else None
    jaar_grenzen = int(vlakken["jaar"].iloc[0]) if niveau else None

    lagen = []
    leg = None
    kaarttabel = None
    if gekozen == "gatscore":
        leg, gatenlaag, analyse = _gatenlaag(code)
        lagen.append(gatenlaag)
        kaarttabel = _kaarttabel(analyse.buurten, leg, uitleg=True)
    elif niveau:
        leg = legenda(kerncijfer, vlakken[kerncijfer.naam].tolist()) if kerncijfer else None
        kaarttabel = _kaarttabel(vlakken, leg) if leg else None
        naam = _(MEERVOUD[niveau]).capitalize() + (f": {kerncijfer.label.lower()}" if kerncijfer else "")
        lagen.append(
            ApiGeoJsonLaag(
                url_for("api.gebieden", gemeente=code, niveau=niveau, jaar=jaar_grenzen),
                naam,
                rol="vlakken",
                legenda=leg,
                tooltipvelden=tooltipvelden(kerncijfer.naam if kerncijfer else None),
            )
        )
    if niveau == "buurt" and not wijken.empty:
        lagen.append(
            ApiGeoJsonLaag(
                url_for("api.gebieden", gemeente=code, niveau="wijk", jaar=int(wijken["jaar"].iloc[0])),
                _("Wijkgrenzen"),
                rol="grenzen",
            )
        )
    lagen += aanbodlagen(code)
    lagen += verificatielaag(code)
    kaart = gemeentekaart(
        bounds,
        basemap=_basemap(),
        assets={
            "leaflet_js": url_for("static", filename="vendor/leaflet/leaflet.js"),
            "leaflet_css": url_for("static", filename="vendor/leaflet/leaflet.css"),
            "markercluster_js": url_for("static", filename="vendor/markercluster/leaflet.markercluster.js"),
            "markercluster_css": [
                url_for("static", filename="vendor/markercluster/MarkerCluster.css"),
                url_for("static", filename="vendor/markercluster/MarkerCluster.Default.css"),
            ],
        },
        lagen=lagen,
    )
    return render_template(
        "gemeente.html",
        code=code,
        naam=gemeentenaam(session, code),
        kaart=render_onderdelen(kaart),
        legenda=leg,
        keuzes=keuzes,
        gekozen=gekozen,
        niveau=niveau,
        niveaus=niveaus,
        meervoud={n: _(m) for n, m in MEERVOUD.items()},
        enkelvoud={n: _(m) for n, m in ENKELVOUD.items()},
        jaar_grenzen=jaar_grenzen,
        jaar_cijfers=_jaar_cijfers(vlakken) if niveau else None,
        gaten_mogelijk=gaten_mogelijk,
        kaarttabel=kaarttabel,
        aantal_wijken=len(wijken),
        aantal_buurten=len(buurten),
    )


def _gatenlaag(code: str):
    """The gap choropleth of a gemeente's buurten and its legend; filters come from the query string."""
    from ..kerncijfers import Kerncijfer
    from .gaten import GATSCORE, analyse_voor, filter_vraag, filters_uit_verzoek, gatenlegenda

    filters = filters_uit_verzoek()
    analyse = analyse_voor(code, filters)
    vraag = filter_vraag(filters)
    leg = gatenlegenda(analyse)
    laag = ApiGeoJsonLaag(
        url_for("gaten.api_gaten", gemeente=code, **vraag),
        _("Buurten: gatscore"),
        rol="vlakken",
        legenda=leg,
        tooltipvelden=[
            GATSCORE,
            Kerncijfer("behoefte", N_("Behoefte-index (1 = gemiddeld)"), "", ()),
            Kerncijfer("bereik_pct", _("Woont binnen %(drempel)s m van aanbod", drempel=filters["drempel"]), "%", ()),
            BY_NAAM["inwoners"],
        ],
        link=url_for("gaten.buurtpagina", code="BUCODE", **vraag).replace("BUCODE", "{code}"),
    )
    return leg, laag, analyse


def _kaarttabel(frame, leg, uitleg: bool = False) -> list[dict]:
    """The map's facts as table rows, for people who cannot see or point at the map (WCAG 1.1.1, 2.1.1)."""
    naam = leg.kerncijfer.naam
    rijen = []
    for rij in frame.to_dict("records"):
        waarde = rij.get(naam)
        klasse = leg.klasse_van(waarde)
        rijen.append({
            "naam": rij.get("naam") or rij["code"],
            "code": rij["code"],
            "waarde": waarde,
            "klasse": klasse.label if klasse else _("onbekend of geheim"),
            "uitleg": rij.get("uitleg") if uitleg else None,
        })
    return rijen


def aanbodlagen(code: str) -> list[ApiPuntenLaag]:
    """The three marker layers of a gemeente: locaties, aanbod (without walk-in hours), inloopspreekuren."""
    from ..aanbod.vocabulaire import SOORTEN_AANBOD

    overig = ",".join(s for s in SOORTEN_AANBOD if s != "inloopspreekuur")
    return [
        ApiPuntenLaag(url_for("api.locaties", gemeente=code), _("Locaties (buurthuizen, wijkcentra, …)"), "locaties"),
        ApiPuntenLaag(url_for("api.aanbod", gemeente=code, soort=overig), _("Aanbod"), "aanbod"),
        ApiPuntenLaag(url_for("api.aanbod", gemeente=code, soort="inloopspreekuur"), _("Inloopspreekuren"), "inloopspreekuren"),
    ]


def verificatielaag(code: str) -> list[ApiGeoJsonLaag]:
    """For beheerders only: wijken coloured by the share of aanbod not verified in time (off until chosen)."""
    from flask_login import current_user

    from ..accounts.rechten import is_beheerder
    from ..aanbod.verificatie import VEROUDERING_VELDEN, veroudering_per_wijk
    from .bewerken import moment, verificatie_dagen

    if not is_beheerder(current_user):
        return []
    per_wijk = veroudering_per_wijk(db_session(), code, moment().date(), verificatie_dagen())
    if per_wijk.empty:
        return []
    return [ApiGeoJsonLaag(
        url_for("bewerken.veroudering", gemeente=code),
        _("Wijken: aanbod te verifiëren (beheer)"),
        rol="vlakken",
        legenda=legenda(VEROUDERING_VELDEN[0], per_wijk["pct_verouderd"].tolist()),
        tooltipvelden=list(VEROUDERING_VELDEN),
        show=False,
    )]


def _jaar_cijfers(frame):
    jaren = frame["kerncijfers_jaar"].dropna().unique()
    return int(max(jaren)) if len(jaren) else None


def _basemap():
    from flask import current_app

    return current_app.config["BASEMAP"]
