"""Use-case: the report on a gemeente, wijk or buurt, as PDF or HTML, for the web's button and ``wijkkaart rapport``.

The report runs the gemeente's gap analysis the way the pages do (the same
filter, the same cache), so its figures are the ones on the screen; then
:mod:`wijkkaart.uitvoer.rapport` lays it out.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from types import SimpleNamespace

from sqlalchemy.engine import Engine

from ..kern import codes, taal
from ..kern.filters import GatenFilter
from ..kern.fouten import BestaatNiet
from ..kern.taal import gettext as _
from ..opslag.aanbod import bronnen_in_gemeente
from ..opslag.engine import lezen
from ..uitvoer.rapport import FORMATEN, MEDIATYPES
from . import resultaatcache, scenarios
from .gaten import Download, analyse_en_bronnen, gemeentenaam
from .resultaatcache import Cache

#: Who the command line acts as: whoever runs it manages the server (and may read every scenario).
BEHEER = SimpleNamespace(rol="beheerder", actief=True, codes=set(), id=None)


def rapport(
    engine: Engine,
    code: str,
    filter_: GatenFilter,
    formaat: str = "pdf",
    vandaag: dt.date | None = None,
    cache: Cache | None = None,
    scenario: int | None = None,
    gebruiker=None,
    methode_url: str | None = None,
) -> Download:
    """The report on ``code`` as a file (``pdf`` or ``html``), in the active language.

    With ``scenario`` (an id) the report adds that scenario's effect, for a ``gebruiker`` who may plan in
    the gemeente (the CLI passes :data:`BEHEER`: whoever runs it manages the server). ``methode_url`` is
    the address of the full method page (the web knows it; a file made on the command line names the page).

    Raises
    ------
    BestaatNiet
        When the code is malformed, its gemeente has no buurten loaded, or the wijk or buurt is not among them.
    """
    code = codes.gebiedscode(code, fout=BestaatNiet)
    if formaat not in FORMATEN:
        raise BestaatNiet(_("onbekend formaat %(formaat)s; kies uit %(keuzes)s", formaat=formaat, keuzes="pdf, html"))
    gemaakt = vandaag or dt.date.today()
    maak = partial(_maak, engine, code, filter_, formaat, gemaakt, cache, scenario, gebruiker, methode_url)
    # A scenario is a planner's draft that changes without a new data version: never kept.
    if cache is None or scenario is not None:
        return maak()
    # Kept per data version and day: laying out a large gemeente takes WeasyPrint seconds.
    return resultaatcache.per_gegevensversie(
        cache,
        engine,
        "rapport",
        maak,
        code=code,
        filter=filter_,
        formaat=formaat,
        taal=taal.actief(),
        dag=gemaakt,
        methode=methode_url,
    )


def _maak(engine, code, filter_, formaat, gemaakt, cache, scenario, gebruiker, methode_url) -> Download:
    """Make the report (see :func:`rapport`); a scenario's access is checked before anything is computed."""
    gemeente = codes.gemeente_van(code)
    u = scenarios.uitkomst(engine, gebruiker, scenario, filter_, cache) if scenario is not None else None
    if u is not None and u.gemeentecode != gemeente:
        raise BestaatNiet(_("Dit scenario hoort bij een andere gemeente."))
    with lezen(engine) as session:
        analyse_, bronnen = analyse_en_bronnen(session, gemeente, filter_, cache)
        aanbodbronnen = bronnen_in_gemeente(session, gemeente)
    # matplotlib (the map) and WeasyPrint (the PDF) take a second to import: only reports need them.
    from ..uitvoer.rapport import inhoud, opmaak  # noqa: PLC0415

    rijen = bronnen.gemeenten[bronnen.gemeenten["code"] == gemeente]
    invoer = inhoud.Invoer(
        buurten=bronnen.buurten,
        wijken=bronnen.wijken,
        gemeente=rijen.iloc[0] if len(rijen) else rijen.squeeze(axis=0),
        gemeentenaam=gemeentenaam(bronnen, gemeente),
        aanbodbronnen=aanbodbronnen,
    )
    try:
        inhoud_ = inhoud.maak_rapport(analyse_, invoer, code, filter_, gemaakt)
    except KeyError:
        raise BestaatNiet(_("%(code)s is niet geladen.", code=code)) from None
    inhoud_.methode_url = methode_url
    if u is not None:
        inhoud_.scenario = inhoud.scenariodeel(u.naam, u.omschrijving, u.vergelijking, code)
    inhoud_bytes = opmaak.als_pdf(inhoud_) if formaat == "pdf" else opmaak.als_html(inhoud_).encode("utf-8")
    naam = f"rapport_{code}_{gemaakt.isoformat()}.{formaat}"
    return Download(inhoud_bytes, naam, MEDIATYPES[formaat])
