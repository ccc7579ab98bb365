"""The report's map: buurten in their gap class, wijk borders and aanbod, drawn to SVG on the server.

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

import geopandas as gpd
import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib_scalebar.scalebar import ScaleBar

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
    """Draw ``buurten`` (with ``score``, ``wijkcode`` and geometry) in the classes of ``legenda``, as an SVG document.

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
    with mpl.rc_context(_STIJL):
        figuur = Figure(figsize=FORMAAT, layout="constrained")
        FigureCanvasSVG(figuur)
        ax = figuur.add_subplot()
        ax.set_axis_off()
        ax.set_aspect("equal")
        _vlakken(ax, buurten, legenda)
        _wijkgrenzen(ax, buurten)
        if nadruk is not None:
            buurten[buurten["code"] == nadruk].boundary.plot(ax=ax, color=kleur("--kaart-grens"), linewidth=2.4)
        _aanbod(ax, aanbod, buurten.total_bounds)
        _kader(ax, buurten.total_bounds)
        ax.add_artist(ScaleBar(1, "m", location="lower left", box_alpha=0.8, length_fraction=0.25))
        _noordpijl(ax)
        _legenda(figuur, ax, legenda, heeft_aanbod=len(aanbod) > 0)
        uit = io.StringIO()
        figuur.savefig(uit, format="svg", metadata={"Date": None, "Title": titel})
    return uit.getvalue()


def _vlakken(ax, buurten: gpd.GeoDataFrame, legenda: Legenda) -> None:
    klassen = [legenda.klasse_van(float(s)) for s in buurten["score"]]
    vul = [kleur(k.kleur) if k is not None else kleur(legenda.onbekend_kleur) for k in klassen]
    buurten.plot(ax=ax, color=vul, edgecolor=kleur("--kaart-vlakrand"), linewidth=0.4)


def _wijkgrenzen(ax, buurten: gpd.GeoDataFrame) -> None:
    # The wijken are the union of their buurten: no second read, and the borders line up exactly.
    met_wijk = buurten[buurten["wijkcode"].notna()]
    if met_wijk.empty:
        return
    wijken = met_wijk[["wijkcode", "geometry"]].dissolve(by="wijkcode")
    wijken.boundary.plot(ax=ax, color=kleur("--kaart-grens"), linewidth=1.1)


def _aanbod(ax, aanbod: gpd.GeoDataFrame, grenzen: np.ndarray) -> None:
    if aanbod.empty:
        return
    x0, y0, x1, y1 = grenzen
    binnen = aanbod.cx[x0:x1, y0:y1]
    if binnen.empty:
        return
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


def _legenda(figuur, ax, legenda: Legenda, heeft_aanbod: bool) -> None:
    rand = kleur("--kaart-grens")
    items = [Patch(facecolor=kleur(k.kleur), edgecolor=rand, linewidth=0.3, label=k.label) for k in legenda.klassen]
    if legenda.onbekend:
        items.append(Patch(facecolor=kleur(legenda.onbekend_kleur), edgecolor=rand, label=_("onbekend")))
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
    figuur.legend(
        handles=items,
        title=_("Gatscore (hoger = groter gat)"),
        loc="outside lower center",
        ncols=4,
        frameon=False,
        alignment="left",
    )
