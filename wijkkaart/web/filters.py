"""Reading the query string: the gap filter, codes, whole numbers and the aanbod API's filters.

Each parser turns what a browser sent into the core's values; the checks
themselves are the core's (:class:`~wijkkaart.kern.filters.GatenFilter`,
:mod:`wijkkaart.kern.codes`), so a wrong value says the same here as on the
command line.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, request

from ..kern import codes
from ..kern.filters import GatenFilter
from ..kern.kerncijfers import BY_NAAM, KERNCIJFERS
from ..kern.openingstijden import moment_nl
from ..kern.vocabulaire import normaliseer_woord
from ..uitvoer.kaartlagen import Filter


def gatenfilter() -> GatenFilter:
    """Thema, soort, dagdeel and drempel from the query string (400 with the core's message when wrong)."""
    return GatenFilter.uit_tekst(
        drempel=request.args.get("drempel"),
        soorten=request.args.get("soort") or (),
        themas=request.args.get("thema") or (),
        dagdeel=request.args.get("dagdeel"),
    )


def gemeente_param() -> str:
    """The required ``gemeente`` query parameter, upper-cased; 400 with a Dutch message when missing or wrong."""
    gemeente = (request.args.get("gemeente") or "").strip().upper()
    if not codes.is_code(gemeente, "gemeente"):
        abort(400, "parameter gemeente ontbreekt of is geen GM-code (bijvoorbeeld GM0392)")
    return gemeente


def int_param(name: str, low: int, high: int) -> int | None:
    """An optional whole-number parameter within [low, high]; 400 with a Dutch message otherwise."""
    value = request.args.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        abort(400, f"parameter {name} moet een geheel getal van {low} tot en met {high} zijn")
    return int(value)


def aanbodfilter(toegestane_soorten) -> Filter:
    """The shared filters of /aanbod and /locaties; 400 with a Dutch message when one is wrong."""
    f = Filter()
    for naam in codes.NIVEAUS:
        waarde = (request.args.get(naam) or "").strip().upper()
        if waarde:
            if not codes.is_code(waarde, naam):
                abort(400, f"parameter {naam} is geen geldige {naam}code")
            setattr(f, naam, waarde)
    if not (f.gemeente or f.wijk or f.buurt):
        abort(400, "geef gemeente, wijk of buurt (bijvoorbeeld gemeente=GM0363)")
    soorten = [normaliseer_woord(s) for s in (request.args.get("soort") or "").split(",") if s.strip()]
    onbekend = [s for s in soorten if s not in toegestane_soorten]
    if onbekend:
        abort(400, f"onbekende soort {', '.join(onbekend)}; kies uit {', '.join(toegestane_soorten)}")
    f.soorten = soorten
    for naam in ("thema", "doelgroep"):
        waarde = request.args.get(naam)
        if waarde:
            setattr(f, naam, normaliseer_woord(waarde))
    open_op = request.args.get("open_op")
    if open_op:
        if open_op == "nu":
            f.open_op = moment_nl()
        else:
            try:
                f.open_op = moment_nl(dt.datetime.fromisoformat(open_op))
            except ValueError:
                abort(400, "parameter open_op moet 'nu' of een tijdstip zijn (bijvoorbeeld 2026-11-23T10:00)")
    return f


def kerncijfer_velden() -> tuple[str, ...]:
    """The kerncijfers named in ``velden`` (comma-separated, or ``alle``); 400 naming an unknown one."""
    tekst = (request.args.get("velden") or "").strip()
    if tekst.lower() == "alle":
        return tuple(k.naam for k in KERNCIJFERS)
    velden = tuple(dict.fromkeys(v.strip() for v in tekst.split(",") if v.strip()))
    onbekend = [v for v in velden if v not in BY_NAAM]
    if onbekend:
        abort(400, f"onbekend veld {', '.join(onbekend)} in velden; kies kerncijfers zoals inwoners, of alle")
    return velden
