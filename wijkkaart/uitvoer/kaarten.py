"""Choropleth classes, legends and the folium map of a gemeente. No Flask here.

Folium builds the map skeleton (tiles, layers, layer control); the region
layers are :class:`ApiGeoJsonLaag` elements whose JavaScript fetches their
GeoJSON from the API, so pages never inline large geometry.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from importlib import resources

import folium
import mapclassify
import numpy as np
from folium.map import Layer
from folium.template import Template

from ..kern.getallen import formatteer
from ..kern.kerncijfers import BY_NAAM, Kerncijfer
from ..kern.settings import Basemap
from ..kern.taal import N_

#: ColorBrewer YlGnBu, sequential and safe for the common forms of colour blindness. The colours are
#: CSS custom properties (static/css/wijkkaart.css): legends and maps name them, the stylesheet holds them.
PALET = tuple(f"--palet-kerncijfer-{i}" for i in range(1, 6))
#: ColorBrewer YlOrRd for gap scores: also colour-blind safe, and unlike the blues of the kerncijfers.
GATEN_PALET = tuple(f"--palet-gat-{i}" for i in range(1, 6))
ONBEKEND_KLEUR = "--kleur-onbekend"
WEINIG_KLEUR = "--kleur-weinig-inwoners"


@dataclass(frozen=True)
class Klasse:
    """One legend class: values in (ondergrens, bovengrens], with its colour (a CSS custom property)."""

    ondergrens: float
    bovengrens: float
    kleur: str
    label: str


@dataclass(frozen=True)
class Legenda:
    """What the legend shows for one kerncijfer."""

    kerncijfer: Kerncijfer
    klassen: tuple[Klasse, ...]
    onbekend: int
    onbekend_kleur: str = ONBEKEND_KLEUR
    #: Regions with too few inwoners for their percentage to mean much: greyed, not classed.
    weinig: int = 0
    weinig_kleur: str = WEINIG_KLEUR

    @property
    def grenzen(self) -> list[float]:
        """The upper bound of each class."""
        return [k.bovengrens for k in self.klassen]

    @property
    def kleuren(self) -> list[str]:
        """The colour of each class."""
        return [k.kleur for k in self.klassen]

    def klasse_van(self, waarde) -> Klasse | None:
        """The class ``waarde`` is drawn in (the rule of ``vulkleur()`` in static/js/lib/kaart.js); None when unknown."""
        if waarde is None or waarde != waarde or not self.klassen:  # NaN != NaN
            return None
        return next((k for k in self.klassen if waarde <= k.bovengrens), self.klassen[-1])


def legenda(kerncijfer: Kerncijfer, values, k: int = 5, palet: tuple[str, ...] = PALET, weinig=None) -> Legenda:
    """Return quantile classes (mapclassify) for the known ``values``.

    Fewer classes are made when there are fewer distinct values; unknown
    values are counted, never classed. ``weinig`` (one flag per value) marks
    regions with too few inwoners for their percentage: they are counted
    apart and kept out of the class breaks, so five inhabitants who are all
    over 65 do not set the top class.
    """
    data = np.asarray([np.nan if v is None else v for v in values], dtype="float64")
    uit = np.zeros(len(data), dtype=bool) if weinig is None else np.asarray(weinig, dtype=bool)
    aantal_weinig = int(uit.sum())
    data = data[~uit]
    bekend = data[~np.isnan(data)]
    onbekend = len(data) - len(bekend)
    data = bekend
    if len(data) == 0:
        return Legenda(kerncijfer, (), onbekend, weinig=aantal_weinig)
    distinct = np.unique(data)
    if len(distinct) <= k:
        bins = distinct
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mapclassify warns on tied quantiles; ties are removed below
            bins = np.unique(mapclassify.Quantiles(data, k=k).bins)
    kleuren = _palet(len(bins), palet)
    klassen = []
    lower = float(data.min())
    for i, (upper, kleur) in enumerate(zip(bins, kleuren, strict=True)):
        upper = float(upper)
        if lower == upper:
            label = formatteer(upper, kerncijfer.eenheid)
        else:
            # Classes after the first exclude their lower bound: (lower, upper].
            label = ("> " if i else "") + (
                f"{formatteer(lower, kerncijfer.eenheid)} – {formatteer(upper, kerncijfer.eenheid)}"
            )
        klassen.append(Klasse(lower, upper, kleur, label))
        lower = upper
    return Legenda(kerncijfer, tuple(klassen), onbekend, weinig=aantal_weinig)


def gatenlegenda(scores) -> Legenda:
    """The gap score's classes (:data:`GATSCORE` in :data:`GATEN_PALET`) for the scores of a gemeente's buurten.

    The gap map, its downloaded image, the report and a scenario's before/after layers all class with
    this, so a buurt has the same colour on each of them.
    """
    return legenda(GATSCORE, list(scores), palet=GATEN_PALET)


def loopminutenlegenda(minuten) -> Legenda:
    """Classes of the buurten's mean minutes' walk to the nearest aanbod, in the gap colours (redder = farther)."""
    return legenda(LOOPMINUTEN, list(minuten), palet=GATEN_PALET)


def _palet(n: int, palet: tuple[str, ...] = PALET) -> list[str]:
    if n >= len(palet):
        return list(palet[:n])
    # Spread fewer classes over the whole ramp so they stay distinguishable.
    idx = np.linspace(0, len(palet) - 1, n).round().astype(int)
    return [palet[i] for i in idx]


class _ApiLaag(Layer):
    """A folium overlay built in the browser by ``wijkkaart.<js_functie>(map, opties)`` from API data."""

    _template = Template(resources.files(__package__).joinpath("folium/api_laag.js").read_text("utf-8"))
    js_functie = ""

    def __init__(self, naam, opties, show=True):
        super().__init__(name=naam, overlay=True, control=True, show=show)
        self._name = type(self).__name__
        self.opties = opties


#: The map size the first layer is preloaded for: a laptop's map beside the filter column.
VERWACHTE_KAART_PX = (900, 560)


def verwachte_zoom(omvang: tuple[float, float, float, float], px: tuple[int, int] = VERWACHTE_KAART_PX) -> int:
    """The zoom level Leaflet's ``fitBounds`` picks for ``omvang`` (EPSG:4326) on a map of ``px`` pixels.

    The page preloads the first layer for this level, so its shapes are on the
    way before any script has run. Geometry simplified for one level off is
    within a pixel, so the map uses it when its real level is one off.
    """
    minx, miny, maxx, maxy = omvang

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    breedte = (maxx - minx) / 360 * 256
    hoogte = (y(maxy) - y(miny)) / (2 * math.pi) * 256
    schaal = min(px[0] / max(breedte, 1e-9), px[1] / max(hoogte, 1e-9))
    return max(0, min(18, math.floor(math.log2(schaal))))


class ApiGeoJsonLaag(_ApiLaag):
    """A folium layer whose GeoJSON the browser fetches from the API (see ``static/js/kaart.js``).

    Parameters
    ----------
    url : str
        API URL without ``zoom``; the page adds the current zoom level.
    naam : str
        Name in the layer control.
    rol : {"vlakken", "grenzen"}
        Filled choropleth with tooltips, or borders drawn on top.
    legenda : Legenda, optional
        Classes for ``vlakken``.
    tooltipvelden : list of Kerncijfer
        Figures shown in the tooltip, besides name and code (and ``uitleg`` when the data has it).
    link : str, optional
        Page a click on a region opens, with ``{code}`` for its code (e.g. ``/buurt/{code}``).
    """

    js_functie = "gebiedenLaag"

    def __init__(self, url, naam, rol="vlakken", legenda=None, tooltipvelden=(), show=True, link=None, zoom=None):
        super().__init__(
            naam,
            {
                "link": link,
                "url": url,
                # The zoom level the page preloads this layer for (see verwachte_zoom); used when it is close.
                "voorkeurzoom": zoom,
                "rol": rol,
                "kerncijfer": legenda.kerncijfer.naam if legenda else None,
                "grenzen": legenda.grenzen if legenda else [],
                "kleuren": legenda.kleuren if legenda else [],
                "onbekendKleur": ONBEKEND_KLEUR,
                # A percentage of too few inwoners is drawn grey, as in the legend (see legenda()).
                "weinigKleur": WEINIG_KLEUR if legenda and legenda.weinig else None,
                "velden": [
                    {"naam": k.naam, "label": k.label, "eenheid": k.eenheid, "eenheid_tekst": k.eenheid_tekst}
                    for k in tooltipvelden
                ],
            },
            show=show,
        )


class ApiPuntenLaag(_ApiLaag):
    """A folium layer of clustered aanbod markers the browser fetches from the API (``static/js/aanbod.js``).

    Parameters
    ----------
    url : str
        ``/api/v1/locaties`` or ``/api/v1/aanbod`` with its filters.
    naam : str
        Name in the layer control.
    laag : {"locaties", "aanbod", "inloopspreekuren"}
        Decides the marker shape.
    """

    js_functie = "aanbodLaag"

    def __init__(self, url, naam, laag, show=True):
        super().__init__(naam, {"url": url, "laag": laag}, show=show)


#: The figures of the beheerders' staleness layer, shaped like kerncijfers so the map can class and show them.
VEROUDERING_VELDEN = (
    Kerncijfer("pct_verouderd", N_("Aanbod niet op tijd geverifieerd"), "%", ()),
    Kerncijfer("aantal_verouderd", N_("Te verifiëren"), "aantal", ()),
    Kerncijfer("aantal_aanbod", N_("Aanbod in de wijk"), "aantal", ()),
)
#: The gap score as a figure the legend and tooltips can show.
GATSCORE = Kerncijfer("score", N_("Gatscore"), "", ())
LOOPMINUTEN = Kerncijfer("minuten_lopen", N_("Minuten lopen tot het dichtstbijzijnde aanbod"), "", ())
#: The map choices the gap analysis colours (``?kerncijfer=…``), with the figure each shows.
GATENKAARTEN = {"gatscore": GATSCORE, "loopminuten": LOOPMINUTEN}

#: Figures every tooltip shows when the region has them.
TOOLTIP_VELDEN = ("inwoners", "pct_65_plus", "huishoudens", "pct_eenpersoonshuishoudens")


def gemeentekaart(
    bounds: tuple[float, float, float, float],
    basemap: Basemap,
    assets: dict[str, str],
    lagen: list,
) -> folium.Map:
    """Return the folium map of a gemeente.

    Parameters
    ----------
    bounds : (minx, miny, maxx, maxy)
        Extent in EPSG:4326 (lon/lat) to fit.
    basemap : Basemap
        Tile layer; the only third-party host a page may contact.
    assets : dict
        Local URLs of ``leaflet_js`` and ``leaflet_css``: no CDN.
    lagen : list of ApiGeoJsonLaag or ApiPuntenLaag
        Region and marker layers in drawing order.
    """
    minx, miny, maxx, maxy = bounds
    kaart = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=12,
        tiles=None,
        control_scale=True,
        # Half zoom steps let a gemeente fill the map instead of a quarter of it.
        zoomSnap=0.5,
    )
    # Marker clustering needs a maximum zoom even without a basemap; folium
    # passes max_zoom to the tile layer only, so set the map option itself.
    kaart.options["maxZoom"] = 19
    # Folium defaults to CDN copies of Leaflet, jQuery and Bootstrap; the map
    # needs only Leaflet, served by us so residents' IPs reach no third party.
    kaart.default_js = [("leaflet", assets["leaflet_js"])]
    kaart.default_css = [("leaflet_css", assets["leaflet_css"])]
    if "markercluster_js" in assets:
        kaart.default_js.append(("markercluster", assets["markercluster_js"]))
        kaart.default_css += [(f"markercluster_css_{i}", c) for i, c in enumerate(assets["markercluster_css"])]
    if basemap.url:
        folium.TileLayer(tiles=basemap.url, attr=basemap.attributie, name=basemap.naam, max_zoom=19).add_to(kaart)
    for laag in lagen:
        laag.add_to(kaart)
    folium.LayerControl(collapsed=False).add_to(kaart)
    kaart.fit_bounds([[miny, minx], [maxy, maxx]])
    return kaart


_ZOOMVERBOD = re.compile(r'<meta name="viewport"[^>]*>', re.S)


def render_onderdelen(kaart: folium.Map) -> dict[str, str]:
    """Return the map's header, body and script, to place in a page template."""
    root = kaart.get_root()
    root.render()
    return {
        # folium's map header sets maximum-scale=1 and user-scalable=no, which stops people
        # zooming the page (WCAG 1.4.4); base.html has its own viewport tag.
        "header": _ZOOMVERBOD.sub("", root.header.render()),
        "html": root.html.render(),
        "script": root.script.render(),
    }


def tooltipvelden(extra: str | None = None) -> list[Kerncijfer]:
    """Return the tooltip figures, with ``extra`` (the coloured one) first."""
    names = [extra] if extra else []
    names += [n for n in TOOLTIP_VELDEN if n != extra]
    return [BY_NAAM[n] for n in names if n in BY_NAAM]
