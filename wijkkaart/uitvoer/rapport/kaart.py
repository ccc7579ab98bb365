"""Maps drawn on the server: regions in their legend's classes, wijk borders and aanbod, to SVG or PNG.

The report draws its gap map with it; the map page's "download kaart" draws
the current view (any kerncijfer or the gap score) the same way.


No tiles and no browser: matplotlib draws the polygons in EPSG:28992, whose
units are metres, so the scale bar is exact and grid north is up (in the
Netherlands it differs from true north by less than two degrees). The
classes and colours are those of the web map's gap layer (the same
:class:`~wijkkaart.uitvoer.kaarten.Legenda`), so a printed map and the screen
agree. The text stays text in the SVG (``svg.fonttype: none``), so a PDF made
from it can be searched and read aloud.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd
import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib_scalebar.scalebar import ScaleBar

from ...kern.kerncijfers import MIN_INWONERS_PERCENTAGE
from ...kern.taal import gettext as _
from ..kaarten import Legenda
from .kleuren import kleur

#: Width and height of the drawing in inches (A4 portrait leaves 17 cm between the margins).
FORMAAT = (6.7, 5.4)
_STIJL = {
    "svg.fonttype": "none",
    # Fixed ids and no date: the same data gives the same file (and the tests can compare two runs).
    "svg.hashsalt": "wijkkaart",
    "font.family": "DejaVu Sans",
    "font.size": 8,
}


def gatenkaart_svg(
    buurten: gpd.GeoDataFrame,
    legenda: Legenda,
    aanbod: gpd.GeoDataFrame,
    titel: str,
    nadruk: str | None = None,
) -> str:
    """Draw ``buurten`` (with ``score``, ``wijkcode`` and geometry) in the gap classes of ``legenda``, as SVG.

    Parameters
    ----------
    buurten
        The buurten to draw, in EPSG:28992; their wijken's borders are drawn over them.
    legenda
        The gap classes of the whole gemeente, so a wijk's map uses the gemeente's colours.
    aanbod
        Points of aanbod; those inside the drawn extent are shown.
    titel
        The map's accessible title (the ``<title>`` of the SVG).
    nadruk
        A buurt code to outline (the buurt of a buurt report).
    """
    kaart = Kaart(buurten, "score", legenda, _("Gatscore (hoger = groter gat)"), aanbod=aanbod, nadruk=nadruk)
    return teken(kaart, titel, "svg").decode("utf-8")


@dataclass
class Kaart:
    """What one drawing shows: regions coloured by ``waarde`` in ``legenda``'s classes, and what lies on top.

    ``weinig`` flags regions whose percentage rests on too few inwoners (drawn pale, as on the web map);
    ``omvang`` (EPSG:28992) is the extent to draw, by default the regions' own.
    """

    vlakken: gpd.GeoDataFrame
    waarde: str
    legenda: Legenda
    legenda_titel: str
    aanbod: gpd.GeoDataFrame | None = None
    nadruk: str | None = None
    weinig: np.ndarray | None = None
    omvang: tuple[float, float, float, float] | None = None


def teken(kaart: Kaart, titel: str, formaat: str = "svg") -> bytes:
    """Draw ``kaart`` with legend, scale bar and north arrow; ``formaat`` is ``svg`` or ``png``."""
    omvang = np.asarray(kaart.omvang if kaart.omvang is not None else kaart.vlakken.total_bounds)
    x0, y0, x1, y1 = omvang
    vlakken = kaart.vlakken.cx[x0:x1, y0:y1]
    weinig = None if kaart.weinig is None else np.asarray(kaart.weinig)[kaart.vlakken.index.get_indexer(vlakken.index)]
    with mpl.rc_context(_STIJL):
        figuur = Figure(figsize=FORMAAT, layout="constrained")
        (FigureCanvasSVG if formaat == "svg" else FigureCanvasAgg)(figuur)
        ax = figuur.add_subplot()
        ax.set_axis_off()
        ax.set_aspect("equal")
        _vlakken(ax, vlakken, kaart.waarde, kaart.legenda, weinig)
        _wijkgrenzen(ax, vlakken)
        if kaart.nadruk is not None:
            vlakken[vlakken["code"] == kaart.nadruk].boundary.plot(ax=ax, color=kleur("--kaart-grens"), linewidth=2.4)
        heeft_aanbod = kaart.aanbod is not None and _aanbod(ax, kaart.aanbod, omvang)
        _kader(ax, omvang)
        ax.add_artist(ScaleBar(1, "m", location="lower left", box_alpha=0.8, length_fraction=0.25))
        _noordpijl(ax)
        _legenda(figuur, kaart.legenda, kaart.legenda_titel, heeft_aanbod, weinig is not None and weinig.any())
        uit = io.BytesIO()
        metadata = {"Date": None, "Title": titel} if formaat == "svg" else {"Title": titel}
        figuur.savefig(uit, format=formaat, metadata=metadata, dpi=150)
    return uit.getvalue()


def _vlakken(ax, vlakken: gpd.GeoDataFrame, waarde: str, legenda: Legenda, weinig) -> None:
    if vlakken.empty:
        return
    vul = []
    for i, w in enumerate(vlakken[waarde].to_numpy(dtype=float)):
        klasse = legenda.klasse_van(float(w))
        if weinig is not None and weinig[i]:
            vul.append(kleur(legenda.weinig_kleur))
        else:
            vul.append(kleur(klasse.kleur) if klasse is not None else kleur(legenda.onbekend_kleur))
    vlakken.plot(ax=ax, color=vul, edgecolor=kleur("--kaart-vlakrand"), linewidth=0.4)


def _wijkgrenzen(ax, buurten: gpd.GeoDataFrame) -> None:
    # The wijken are the union of their buurten: no second read, and the borders line up exactly.
    if "wijkcode" not in buurten or buurten.empty:
        return  # wijken themselves: their own outlines are the borders
    met_wijk = buurten[buurten["wijkcode"].notna()]
    if met_wijk.empty:
        return
    wijken = met_wijk[["wijkcode", "geometry"]].dissolve(by="wijkcode")
    wijken.boundary.plot(ax=ax, color=kleur("--kaart-grens"), linewidth=1.1)


def _aanbod(ax, aanbod: gpd.GeoDataFrame, grenzen: np.ndarray) -> bool:
    """Draw the aanbod inside ``grenzen``; True when there was any."""
    if aanbod.empty:
        return False
    x0, y0, x1, y1 = grenzen
    binnen = aanbod.cx[x0:x1, y0:y1]
    if binnen.empty:
        return False
    ax.scatter(
        binnen.geometry.x,
        binnen.geometry.y,
        s=14,
        marker="o",
        facecolor=kleur("--accent-donker"),
        edgecolor=kleur("--wit"),
        linewidth=0.6,
        zorder=4,
    )
    return True


def _kader(ax, grenzen: np.ndarray) -> None:
    # A little room around the area, so border buurten and points are not cut by the frame.
    x0, y0, x1, y1 = grenzen
    marge = 0.03 * max(x1 - x0, y1 - y0, 200.0)
    ax.set_xlim(x0 - marge, x1 + marge)
    ax.set_ylim(y0 - marge, y1 + marge)


def _noordpijl(ax) -> None:
    ax.annotate(
        _("N"),
        xy=(0.95, 0.97),
        xytext=(0.95, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={"facecolor": kleur("--kaart-grens"), "width": 3, "headwidth": 10, "headlength": 9},
    )


def _legenda(figuur, legenda: Legenda, titel: str, heeft_aanbod: bool, heeft_weinig: bool) -> None:
    rand = kleur("--kaart-grens")
    items = [Patch(facecolor=kleur(k.kleur), edgecolor=rand, linewidth=0.3, label=k.label) for k in legenda.klassen]
    if legenda.onbekend:
        items.append(Patch(facecolor=kleur(legenda.onbekend_kleur), edgecolor=rand, label=_("onbekend")))
    if heeft_weinig:
        items.append(
            Patch(
                facecolor=kleur(legenda.weinig_kleur),
                edgecolor=rand,
                label=_("te weinig inwoners (minder dan %(aantal)s)", aantal=MIN_INWONERS_PERCENTAGE),
            )
        )
    items.append(Line2D([], [], color=rand, linewidth=1.1, label=_("wijkgrens")))
    if heeft_aanbod:
        items.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=5,
                markerfacecolor=kleur("--accent-donker"),
                markeredgecolor=kleur("--wit"),
                label=_("collectief aanbod"),
            )
        )
    # Long labels ("te weinig inwoners (minder dan 100)") in fewer columns, so the legend stays within the figure.
    kolommen = 4 if max(len(i.get_label()) for i in items) <= 16 else 2
    figuur.legend(
        handles=items, title=titel, loc="outside lower center", ncols=kolommen, frameon=False, alignment="left"
    )
