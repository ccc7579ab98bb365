"""The Open Referral HSDS 3 API at /hsds/: thin views over :mod:`wijkkaart.diensten.hsds` (records: :mod:`wijkkaart.uitvoer.hsdsapi`)."""

from __future__ import annotations

from flask import Blueprint, abort, request, url_for

from ..diensten import hsds as diensten
from ..kern.taal import gettext as _
from ..uitvoer import hsdsapi
from .bewaard import met_versie
from .context import engine, keten
from .resultaten import resultaten

hsds = Blueprint("hsds", __name__, url_prefix="/hsds")


def _parameters() -> dict[str, str]:
    if request.args.get("format", "json") != "json":
        abort(400, _("parameter format: alleen json wordt ondersteund"))
    return request.args.to_dict()


def _catalogus():
    return diensten.catalogus(engine(), resultaten())


@hsds.get("/")
@met_versie
def info():
    """The HSDS version, where this API's profile is described, and its OpenAPI document."""
    return {
        "version": "3.0",
        "profile": url_for("apidocs.pagina", api="hsds", _external=True),
        "openapi_url": url_for("hsds.openapi", _external=True),
    }


@hsds.get("/openapi.json")
@met_versie
def openapi():
    """The OpenAPI 3.1 document of this HSDS API (responses refer to the official compiled schemas)."""
    return hsdsapi.openapi(url_for("hsds.info", _external=True).rstrip("/"))


@hsds.get("/services")
@met_versie
def services():
    """A page of services: ``search``, ``taxonomy_term_id``, ``organization_id``, ``modified_after``, ``full``."""
    return hsdsapi.services(_catalogus(), _parameters())


@hsds.get("/services/<id_>")
@met_versie
def service(id_: str):
    """One complete service with its organisation, locations, schedules and attributes."""
    return hsdsapi.service(_catalogus(), id_)


@hsds.get("/service_at_locations")
@met_versie
def service_at_locations():
    """Services at their locations; ``postcode`` (and ``proximity`` in metres) for the nearest first."""
    return diensten.service_at_locations(engine(), _parameters(), keten("vinder"), resultaten())


@hsds.get("/organizations")
@met_versie
def organizations():
    """A page of organisations."""
    return hsdsapi.organisaties(_catalogus(), _parameters())


@hsds.get("/organizations/<id_>")
@met_versie
def organization(id_: str):
    """One organisation with its services."""
    return hsdsapi.organisatie(_catalogus(), id_)


@hsds.get("/taxonomy_terms")
@met_versie
def taxonomy_terms():
    """The taxonomy terms the services use (their ids filter ``taxonomy_term_id``)."""
    return hsdsapi.taxonomie_termen(_catalogus(), _parameters())
