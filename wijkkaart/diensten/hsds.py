"""The HSDS 3 API's use-cases: the catalogue kept per data version, and the postcode a resident or a peer system asks about."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.engine import Engine

from ..invoer.geocoding import Keten
from ..opslag import audit
from ..opslag.engine import lezen
from ..uitvoer import aanbodexport, hsdsapi
from . import resultaatcache
from .resultaatcache import Cache
from .vinder import vind_plek


def catalogus(engine: Engine, cache: Cache | None = None) -> hsdsapi.Catalogus:
    """Every public service, organisation, service-at-location and term, made once per data version."""

    def maak() -> hsdsapi.Catalogus:
        with lezen(engine) as session:
            rijen = aanbodexport.export_rijen(session)
            gewijzigd = audit.laatst_gewijzigd_aanbod(session)
        return hsdsapi.maak_catalogus(rijen, gewijzigd)

    return resultaatcache.per_gegevensversie(cache, engine, "hsds", maak)


def service_at_locations(engine: Engine, parameters: Mapping[str, str], keten: Keten, cache: Cache | None = None):
    """Services at locations; with ``postcode``, nearest to its centre first (``proximity``: within that many metres).

    Raises
    ------
    OngeldigeVraag
        For a malformed parameter; a postcode no geocoder knows raises :class:`PlekNietGevonden`.
    """
    punt = None
    postcode = (parameters.get("postcode") or "").strip()
    if postcode:
        plek = vind_plek(postcode, keten)
        punt = (plek.x, plek.y)
    return hsdsapi.service_at_locations(catalogus(engine, cache), parameters, punt)
