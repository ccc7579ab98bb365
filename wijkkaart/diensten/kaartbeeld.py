"""Use-case: the map page's current view as an image to download (SVG or PNG), drawn on the server.

The page's regions, colours and legend (:func:`.kaart.kaartlegenda`), the
extent the reader is looking at (``bbox`` in degrees, from the browser), and
a scale bar and north arrow: what a planner pastes into a memo. No tiles are
needed, so the image is the same on a machine without internet.
"""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import box
from sqlalchemy.engine import Engine

from ..kern.crs import RD_NEW, WGS84
from ..kern.filters import GatenFilter
from ..kern.fouten import BestaatNiet, OngeldigeVraag
from ..kern.kerncijfers import weinig_inwoners_voor
from ..kern.taal import gettext as _
from ..opslag import gebieden as opslag_gebieden
from ..opslag.engine import lezen
from .gaten import Download
from .kaart import gemeentekaart, kaartlegenda
from .resultaatcache import Cache

FORMATEN = {"svg": "image/svg+xml", "png": "image/png"}
#: The box a view may cover, in degrees: the Netherlands with room to spare (anything else is a typo).
NEDERLAND = (2.0, 50.0, 8.5, 54.5)


def lees_bbox(tekst: str | None) -> tuple[float, float, float, float] | None:
    """``"4.6,52.3,4.7,52.4"`` (west, south, east, north in degrees) → a tuple; None when not given.

    Raises
    ------
    OngeldigeVraag
        For anything but four numbers around a part of the Netherlands.
    """
    if not tekst:
        return None
    try:
        w, z, o, n = (float(d) for d in tekst.split(","))
    except ValueError:
        raise OngeldigeVraag(_("bbox moet vier getallen zijn: west,zuid,oost,noord in graden")) from None
    x0, y0, x1, y1 = NEDERLAND
    if not (x0 <= w < o <= x1 and y0 <= z < n <= y1):
        raise OngeldigeVraag(_("bbox %(bbox)s ligt niet (goed) in Nederland", bbox=tekst))
    return w, z, o, n


def kaartbeeld(
    engine: Engine,
    code: str,
    niveau: str | None,
    kerncijfer: str | None,
    filter_: GatenFilter,
    bbox: tuple[float, float, float, float] | None,
    formaat: str,
    cache: Cache | None = None,
) -> Download:
    """The gemeente map as the page shows it, within ``bbox`` (the whole gemeente when None), as SVG or PNG."""
    if formaat not in FORMATEN:
        raise BestaatNiet(_("onbekend formaat %(formaat)s; kies uit %(keuzes)s", formaat=formaat, keuzes="svg, png"))
    k = gemeentekaart(engine, code, niveau, kerncijfer, filter_, cache=cache)
    leg, _weinig = kaartlegenda(k)
    if leg is None:
        raise BestaatNiet(_("Deze kaart kleurt niets om te downloaden."))
    # The plotting code (matplotlib) takes most of a second to import: only map images and reports need it.
    from ..uitvoer.rapport.kaart import Kaart, teken  # noqa: PLC0415

    if k.gaten is not None:
        vlakken, waarde, titel, weinig = k.gaten.buurten, "score", _("Gatscore (hoger = groter gat)"), None
        if k.gekozen == "loopminuten":
            waarde, titel = "minuten_lopen", _("Minuten lopen tot het dichtstbijzijnde aanbod")
        aanbod = k.gaten.aanbod
    else:
        with lezen(engine) as session:
            vlakken = opslag_gebieden.gebieden_frame(session, k.code, k.niveau, jaar=k.jaar_grenzen)
        eenheid = f" ({k.kerncijfer.eenheid_tekst})" if k.kerncijfer.eenheid_tekst else ""
        waarde, titel, aanbod = k.kerncijfer.naam, k.kerncijfer.label + eenheid, None
        weinig = weinig_inwoners_voor(k.kerncijfer, vlakken)
    omvang = None
    if bbox is not None:
        omvang = tuple(gpd.GeoSeries([box(*bbox)], crs=WGS84).to_crs(RD_NEW).total_bounds)
    beeld = Kaart(vlakken, waarde, leg, titel, aanbod=aanbod, weinig=weinig, omvang=omvang)
    naam = f"kaart_{k.code}_{k.gekozen if k.gaten is not None else waarde}.{formaat}"
    return Download(teken(beeld, f"{k.naam}: {titel}", formaat), naam, FORMATEN[formaat])
