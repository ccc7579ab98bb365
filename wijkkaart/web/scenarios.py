"""What-if scenarios for planners: list and make them, add hypothetical aanbod, close locaties, see before and after."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from ..diensten import scenarios as diensten
from ..diensten.bewerken import Pin
from ..kern.dagdelen import DAGDELEN
from ..kern.fouten import VeldFouten
from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD
from ..uitvoer.kaarten import GATSCORE, ApiGeoJsonLaag, gatenlegenda, gemeentekaart, render_onderdelen
from . import openapi
from .accounts import planner_vereist
from .api import geojson_antwoord
from .context import engine, gebruiker
from .filters import gatenfilter
from .formulieren import ScenarioAanbodFormulier, ScenarioFormulier, SluitFormulier
from .pages import kaart_assets
from .resultaten import resultaten

scenarios = Blueprint("scenarios", __name__)


def _fouten_in(formulier, fout: VeldFouten) -> None:
    for veld, redenen in fout.fouten.items():
        doel = getattr(formulier, veld, None)
        if doel is not None:
            doel.errors = [*doel.errors, *redenen]
        else:
            formulier.form_errors.extend(redenen)


@scenarios.route("/gemeente/<code>/scenarios", methods=["GET", "POST"])
@planner_vereist
def lijst(code: str):
    """The gemeente's scenarios and a form for a new one."""
    formulier = ScenarioFormulier()
    if formulier.validate_on_submit():
        try:
            nummer = diensten.nieuw(engine(), gebruiker(), code, formulier.naam.data, formulier.omschrijving.data)
        except VeldFouten as fout:
            _fouten_in(formulier, fout)
        else:
            return redirect(url_for("scenarios.scenario", scenario_id=nummer))
    rijen = diensten.van_gemeente(engine(), gebruiker(), code)
    status = 400 if request.method == "POST" else 200
    return render_template("scenarios.html", code=code.upper(), rijen=rijen, formulier=formulier), status


@scenarios.get("/scenario/<int:scenario_id>")
@planner_vereist
def scenario(scenario_id: int):
    """One scenario: the map before and after, its aanbod and closed locaties, the change per buurt."""
    return _pagina(scenario_id, ScenarioAanbodFormulier(formdata=None), SluitFormulier(formdata=None))


def _pagina(scenario_id: int, aanbodformulier, sluitformulier, status: int = 200):
    filter_ = gatenfilter()
    u = diensten.uitkomst(engine(), gebruiker(), scenario_id, filter_, cache=resultaten())
    sluitformulier.locatie.choices = [(i, label) for i, label in u.locaties]
    leg = gatenlegenda(u.voor.buurten["score"])
    vraag = filter_.als_vraag()
    lagen = [
        ApiGeoJsonLaag(
            url_for("scenarios.laag", scenario_id=scenario_id, versie=versie, **vraag),
            naam,
            rol="vlakken",
            legenda=leg,
            tooltipvelden=[GATSCORE],
            show=versie == "na",
        )
        for versie, naam in (("voor", _("Gatscore nu")), ("na", _("Gatscore met dit scenario")))
    ]
    kaart = gemeentekaart(u.omvang, basemap=current_app.config["BASEMAP"], assets=kaart_assets(), lagen=lagen)
    return (
        render_template(
            "scenario.html",
            u=u,
            v=u.vergelijking,
            kaart=render_onderdelen(kaart),
            legenda=leg,
            aanbodformulier=aanbodformulier,
            sluitformulier=sluitformulier,
            soorten=SOORTEN_AANBOD,
            dagdelen=DAGDELEN,
            filter=filter_,
            vraag=vraag,
        ),
        status,
    )


@scenarios.post("/scenario/<int:scenario_id>/aanbod")
@planner_vereist
def voeg_toe(scenario_id: int):
    """Add hypothetical aanbod at the point clicked on the map."""
    formulier = ScenarioAanbodFormulier()
    sluit = SluitFormulier(formdata=None)
    if formulier.validate():
        try:
            diensten.voeg_aanbod_toe(
                engine(),
                gebruiker(),
                scenario_id,
                formulier.naam.data,
                formulier.soort.data,
                formulier.openingstijden.data,
                Pin(formulier.lon.data, formulier.lat.data),
            )
        except VeldFouten as fout:
            # The pin's error is reported on "straat" by the editor; here the point is the lat field.
            _fouten_in(formulier, VeldFouten({("lat" if k == "straat" else k): r for k, r in fout.fouten.items()}))
        else:
            flash(_("Aanbod toegevoegd aan het scenario."))
            return redirect(url_for("scenarios.scenario", scenario_id=scenario_id))
    return _pagina(scenario_id, formulier, sluit, 400)


@scenarios.post("/scenario/<int:scenario_id>/aanbod/<int:aanbod_id>/verwijderen")
@planner_vereist
def verwijder_aanbod(scenario_id: int, aanbod_id: int):
    """Remove one hypothetical aanbod."""
    diensten.verwijder_aanbod(engine(), gebruiker(), scenario_id, aanbod_id)
    flash(_("Aanbod uit het scenario gehaald."))
    return redirect(url_for("scenarios.scenario", scenario_id=scenario_id))


@scenarios.post("/scenario/<int:scenario_id>/sluiten")
@planner_vereist
def sluit(scenario_id: int):
    """Switch a real locatie off in the scenario."""
    formulier = SluitFormulier()
    try:
        locatie = int(formulier.locatie.raw_data[0]) if formulier.locatie.raw_data else None
    except ValueError:
        locatie = None
    if locatie is None:
        flash(_("Kies een locatie."))
    else:
        diensten.sluit_locatie(engine(), gebruiker(), scenario_id, locatie)
        flash(_("Locatie gesloten in het scenario."))
    return redirect(url_for("scenarios.scenario", scenario_id=scenario_id))


@scenarios.post("/scenario/<int:scenario_id>/heropen/<int:locatie_id>")
@planner_vereist
def heropen(scenario_id: int, locatie_id: int):
    """Switch a closed locatie back on."""
    diensten.sluit_locatie(engine(), gebruiker(), scenario_id, locatie_id, open_=True)
    return redirect(url_for("scenarios.scenario", scenario_id=scenario_id))


@scenarios.post("/scenario/<int:scenario_id>/verwijderen")
@planner_vereist
def verwijder(scenario_id: int):
    """Delete the scenario."""
    gemeente = diensten.verwijder(engine(), gebruiker(), scenario_id)
    flash(_("Scenario verwijderd."))
    return redirect(url_for("scenarios.lijst", code=gemeente))


@scenarios.get("/api/v1/scenarios/<int:scenario_id>/gaten")
@openapi.operatie(
    """
    get:
      summary: "De gatenlaag zonder of met een scenario (alleen planners)"
      tags: [gaten]
      parameters:
        - name: scenario_id
          in: path
          required: true
          schema: {type: integer}
        - name: versie
          in: query
          required: false
          description: "voor of na."
          schema: {type: string, enum: [voor, na]}
      responses:
        "200":
          description: "Buurten met gatscore (GeoJSON, EPSG:4326)."
          content:
            application/geo+json:
              schema:
                $ref: "#/components/schemas/FeatureCollection"
        "403":
          $ref: "#/components/responses/Geweigerd"
    """
)
@planner_vereist
def laag(scenario_id: int):
    """The gap layer before (``versie=voor``) or with the scenario (``versie=na``): for planners only."""
    data = diensten.laag(
        engine(), gebruiker(), scenario_id, request.args.get("versie", "na"), gatenfilter(), cache=resultaten()
    )
    antwoord = geojson_antwoord(data)
    # A scenario is a planner's draft: no shared cache may keep it.
    antwoord.headers["Cache-Control"] = "private, no-store"
    return antwoord
