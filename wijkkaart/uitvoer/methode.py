"""The gap method as a reader sees it: the method text with the settings of one calculation filled in, as HTML.

The text lives beside this module (``teksten/methode.<taal>.md``), one file per
language, so a translator works on whole paragraphs. Jinja fills in the
settings; markdown-it (CommonMark, raw HTML off) makes the HTML, so nothing
in the text or the settings can add markup of its own. The web page
``/methode`` and the reports use this one rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import jinja2
from markdown_it import MarkdownIt

from ..gaten import Instellingen
from ..gaten.behoefte import INDICATOREN, MAX_VERHOUDING
from ..kern import taal
from ..kern.dagdelen import DAGDELEN, PERIODE_DAGEN, SLEUTELS, peildatum_standaard
from ..kern.filters import GatenFilter
from ..kern.getallen import formatteer
from ..kern.kerncijfers import BY_NAAM
from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD

#: Languages the method is written in; another falls back to Dutch.
TALEN = ("nl", "en")

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
_JINJA = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
#: Characters that mean something in Markdown; escaped in every value filled in.
_MARKDOWN_TEKENS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


@dataclass(frozen=True)
class Methode:
    """The method page's content: its title and body as HTML."""

    titel: str
    html: str


def methode(
    instellingen: Instellingen | None = None, filter_: GatenFilter | None = None, kort: bool = False
) -> Methode:
    """The method with ``instellingen`` and ``filter_`` filled in, in the active language.

    ``kort`` gives the one-page summary a report prints (``teksten/methode_kort.<taal>.md``), with the same values.
    """
    ins = instellingen or Instellingen()
    filter_ = filter_ or GatenFilter()
    ins = ins.met(drempel_m=filter_.drempel_m, dagdeel=filter_.dagdeel)
    code = taal.actief() if taal.actief() in TALEN else "nl"
    bron = (
        resources.files(__package__).joinpath(f"teksten/methode{'_kort' if kort else ''}.{code}.md").read_text("utf-8")
    )
    tekst = _JINJA.from_string(bron).render(**_waarden(ins, filter_))
    titel, _sep, rest = tekst.partition("\n")
    return Methode(titel.removeprefix("# ").strip(), _MARKDOWN.render(rest))


def _md(waarde) -> str:
    return _MARKDOWN_TEKENS.sub(r"\\\1", str(waarde))


def _waarden(ins: Instellingen, filter_: GatenFilter) -> dict:
    peildatum = ins.peildatum or peildatum_standaard()
    woonpunten = {
        "raster": _(
            "een raster van %(m)s m, hoogstens %(n)s punten per buurt", m=_getal(ins.raster_m), n=ins.max_punten
        ),
        "centroide": _("het zwaartepunt van elke buurt"),
        "adressen": _("opgegeven adressen"),
    }.get(ins.methode, ins.methode)
    dagdelen = {d.sleutel: d for d in DAGDELEN}
    afstand, afstand_uitleg = _afstand(ins.afstand)
    return {
        "afstand": _md(afstand),
        "afstand_uitleg": _md(afstand_uitleg),
        "drempel_m": _md(_getal(ins.drempel_m)),
        "woonpunten": _md(woonpunten),
        "raster_m": _md(_getal(ins.raster_m)),
        "max_punten": ins.max_punten,
        "periode_weken": PERIODE_DAGEN // 7,
        "peildatum": _md(peildatum.strftime("%d-%m-%Y")),
        "dagdeel": _md(dagdelen[ins.dagdeel].label) if ins.dagdeel in SLEUTELS else "",
        "soorten": _md(", ".join(_(SOORTEN_AANBOD.get(s, s)) for s in filter_.soorten)),
        "themas": _md(", ".join(filter_.themas)),
        "gewicht_bereik": _md(_getal(ins.gewicht_bereik)),
        "gewicht_tijd": _md(_getal(1 - ins.gewicht_bereik)),
        "min_inwoners": _md(_getal(ins.min_inwoners_behoefte)),
        "max_verhouding": _md(_getal(MAX_VERHOUDING)),
        "dagdelen": [{"label": _md(d.label), "begin": d.begin, "eind": d.eind} for d in DAGDELEN],
        "gewichten": [(_md(_indicator(naam)), _md(_getal(gewicht))) for naam, gewicht in sorted(ins.gewichten.items())],
        "indicatoren": _md(
            taal.opsomming([_indicator(naam) for naam, gewicht in sorted(ins.gewichten.items()) if gewicht])
        ),
    }


def _afstand(soort: str) -> tuple[str, str]:
    """How distances are measured (``netwerk``, ``hemelsbreed`` or ``auto``), and what that means for a reader."""
    if soort == "netwerk":
        return _("over straat en pad"), _(
            "Lopend over het netwerk van OpenStreetMap, in een rustig tempo van 4,5 km/u: een spoorlijn of kanaal "
            "zonder brug telt als omweg. Een plek verder dan 250 m van een looppad wordt hemelsbreed gemeten en genoemd."
        )
    if soort == "hemelsbreed":
        return _("hemelsbreed"), _(
            "Niet over straten: een spoorlijn of kanaal tussen een straat en het buurthuis maakt de werkelijke "
            "looproute langer. Met een loopnetwerk uit OpenStreetMap meet wijkkaart over straat en pad."
        )
    return _("over straat en pad waar een loopnetwerk geladen is, anders hemelsbreed"), _(
        "Over straat en pad lopend over het netwerk van OpenStreetMap (4,5 km/u), voor gemeenten waarvoor dat netwerk "
        "geladen is; elders hemelsbreed, en dan maakt een spoorlijn of kanaal de werkelijke looproute langer."
    )


def _getal(waarde: float) -> str:
    # Two decimals at most: weights like 0.5 and 0.25 must not round to a whole number.
    if float(waarde).is_integer():
        return formatteer(float(waarde))
    return f"{waarde:.2f}".rstrip("0").replace(".", "," if taal.actief() == "nl" else ".")


def _indicator(naam: str) -> str:
    # The need indicators' own labels (some, like bijstand per 1.000, are derived, not kerncijfers).
    indicator = INDICATOREN.get(naam)
    if indicator is not None:
        return indicator.label + (" (%)" if indicator.eenheid == "%" else "")
    kerncijfer = BY_NAAM.get(naam)
    return kerncijfer.label if kerncijfer is not None else naam
