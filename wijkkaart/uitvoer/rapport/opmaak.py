"""A :class:`~.inhoud.Rapport` as an HTML document and as a PDF (WeasyPrint, which lays out with Debian's Pango).

One template serves both: the web shows the HTML as it is, and WeasyPrint
paginates the same document with the print rules of its stylesheet (A4, page
numbers, the title page on its own, table rows never split). Every value is
escaped by Jinja's autoescape; the map goes in as an ``<img>`` with an SVG
data address, so nothing inside it can run in a browser.
"""

from __future__ import annotations

import base64
from importlib import resources

import jinja2
from markupsafe import Markup

from ...kern import taal
from ...kern.codes import ENKELVOUD
from ...kern.filters import MAX_DREMPEL_M
from ...kern.getallen import formatteer
from ...kern.kerncijfers import MIN_INWONERS_PERCENTAGE
from ...kern.vocabulaire import SOORTEN_AANBOD
from .inhoud import Rapport


def _procent(waarde) -> str:
    """A share 0–1 as a whole percentage (``83%``), or "onbekend"."""
    if waarde is None or waarde != waarde:  # NaN != NaN
        return taal.gettext("onbekend")
    return formatteer(float(round(100 * waarde)), "%")


def _omgeving() -> jinja2.Environment:
    omgeving = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "sjablonen"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # The core's own gettext, so the report speaks the language that is active when it is made.
    omgeving.install_gettext_callables(taal.gettext, taal.ngettext, newstyle=True)
    omgeving.filters.update(getal=formatteer, procent=_procent)
    return omgeving


_JINJA = _omgeving()


def als_html(rapport: Rapport) -> str:
    """The report as one self-contained HTML document (its stylesheet inline, the map as a data address)."""
    stijl = resources.files(__package__).joinpath("sjablonen/rapport.css").read_text("utf-8")
    kaart = "data:image/svg+xml;base64," + base64.b64encode(rapport.kaart_svg.encode("utf-8")).decode("ascii")
    return _JINJA.get_template("rapport.html").render(
        r=rapport,
        stijl=Markup(stijl),
        kaart_url=kaart,
        taal=taal.actief(),
        niveau=taal.gettext(ENKELVOUD[rapport.gebied.niveau]),
        soorten=SOORTEN_AANBOD,
        min_inwoners=MIN_INWONERS_PERCENTAGE,
        max_drempel=MAX_DREMPEL_M,
    )


def als_pdf(rapport: Rapport) -> bytes:
    """The report as PDF (A4)."""
    # WeasyPrint loads Pango through cffi and takes a second to import: only a PDF needs it.
    import weasyprint  # noqa: PLC0415

    html = als_html(rapport)
    # No base address: the document refers to nothing outside itself, so WeasyPrint fetches nothing.
    return weasyprint.HTML(string=html).write_pdf()
