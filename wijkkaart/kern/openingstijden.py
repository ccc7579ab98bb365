"""Opening hours as OSM ``opening_hours`` strings.

Evaluation (open at a moment, Dutch public holidays, ``Tu[2]``, midnight
crossing) is done by opening-hours-py, a maintained parser of the OSM
specification; nothing here decides open or closed itself. :func:`leesbaar`
renders an expression the parser accepted as short text in the active language
(Dutch by default) for popups; for syntax it does not know it returns ``None``
and the page shows the OSM string.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours
from babel.dates import get_day_names

from . import taal
from .taal import N_, gettext, opsomming

TIJDZONE = ZoneInfo("Europe/Amsterdam")
DAGEN = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
#: Ordinals for ``Tu[1]`` … ``Tu[5]`` ("elke 2e di").
RANGTELWOORDEN = {"1": N_("1e"), "2": N_("2e"), "3": N_("3e"), "4": N_("4e"), "5": N_("5e"), "-1": N_("laatste")}


def _dagnaam(osm_dag: str) -> str:
    """Short weekday name in the active language: ``ma`` / ``Mon`` (CLDR, via Babel)."""
    return get_day_names("abbreviated", locale=taal.locale())[DAGEN.index(osm_dag)]


@dataclass(frozen=True)
class Uren:
    """The outcome of reading a value from a file: an OSM string, or text kept as written.

    ``afgeleid_uit`` holds the words the OSM string was read from when it came
    from Dutch text (:mod:`wijkkaart.kern.uren_tekst`) and is not yet confirmed.
    """

    osm: str | None
    tekst: str | None
    fout: str | None = None
    afgeleid_uit: str | None = None


@lru_cache(maxsize=4096)
def ontleed(osm: str) -> opening_hours.OpeningHours:
    """Return the parsed expression (cached); raises the parser's error for invalid syntax."""
    return opening_hours.OpeningHours(osm, timezone=TIJDZONE, country="NL")


def lees(waarde: str | None) -> Uren:
    """Read an opening-hours value: valid OSM syntax is kept as OSM, anything else as text.

    Returns
    -------
    Uren
        ``osm`` set when the parser accepts the value; otherwise ``tekst`` holds
        the value unchanged and ``fout`` says why it was not read.
    """
    if waarde is None or not str(waarde).strip():
        return Uren(None, None)
    waarde = str(waarde).strip()
    try:
        ontleed(waarde)
    except (opening_hours.ParserError, SyntaxError, ValueError) as exc:
        del exc  # the parser's message is English and long; the value itself is reported
        return Uren(None, waarde, "geen geldige opening_hours-notatie; als tekst bewaard")
    return Uren(waarde, None)


def is_geldig(osm: str) -> bool:
    """Return True when ``osm`` is a valid OSM opening_hours expression."""
    return lees(osm).osm is not None


def moment_nl(moment: dt.datetime | None = None) -> dt.datetime:
    """Return ``moment`` (default now) as an aware time in Europe/Amsterdam."""
    if moment is None:
        return dt.datetime.now(TIJDZONE)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=TIJDZONE)
    return moment.astimezone(TIJDZONE)


def is_open(osm: str | None, moment: dt.datetime | None = None) -> bool | None:
    """Return whether ``osm`` is open at ``moment`` (local time in the Netherlands).

    ``None`` when the hours are unknown (no string, or the expression says ``unknown``).
    """
    if not osm:
        return None
    oh = ontleed(osm)
    tijd = moment_nl(moment)
    if oh.is_unknown(tijd):
        return None
    return bool(oh.is_open(tijd))


def weekreeks_naar_osm(dagen: list) -> str | None:
    """Turn seven ``"HH:MM-HH:MM"`` strings (Monday first, ``None`` = closed) into an OSM string.

    Used for sources that publish hours as a weekly array. Equal consecutive
    days are joined (``Mo-Fr 08:00-22:00``). Returns ``None`` for a malformed
    array; the caller reports it.
    """
    if not isinstance(dagen, (list, tuple)) or len(dagen) != 7:
        return None
    regels: list[tuple[int, int, str]] = []
    for i, waarde in enumerate(dagen):
        if waarde in (None, ""):
            continue
        tijden = str(waarde).replace(" ", "")
        if regels and regels[-1][1] == i - 1 and regels[-1][2] == tijden:
            regels[-1] = (regels[-1][0], i, tijden)
        else:
            regels.append((i, i, tijden))
    if not regels:
        return "off"
    delen = []
    for start, eind, tijden in regels:
        dagdeel = DAGEN[start] if start == eind else f"{DAGEN[start]}{'-' if eind > start + 1 else ','}{DAGEN[eind]}"
        delen.append(f"{dagdeel} {tijden}")
    osm = "; ".join(delen)
    return osm if is_geldig(osm) else None


# ---------------------------------------------------------------- Dutch text


def _tijd(waarde: str) -> str:
    uur, _, minuut = waarde.partition(":")
    return f"{int(uur)}:{minuut}"


def _tijden(deel: str) -> str | None:
    teksten = []
    for bereik in deel.split(","):
        begin, streep, eind = bereik.partition("-")
        if not streep or not _is_klok(begin) or not _is_klok(eind):
            return None
        teksten.append(f"{_tijd(begin)}–{_tijd(eind)}")
    return ", ".join(teksten)


def _is_klok(waarde: str) -> bool:
    uur, dubbelepunt, minuut = waarde.partition(":")
    return bool(dubbelepunt) and uur.isdigit() and minuut.isdigit() and len(minuut) == 2


def _dagen(deel: str) -> str | None:
    """Render a weekday selector such as ``Mo-Fr``, ``Mo,We`` or ``Tu[2]``; None when unknown."""
    stukken = []
    for stuk in _buiten_haken(deel, ","):
        if "[" in stuk:
            dag, _, rest = stuk.partition("[")
            nummers = rest.rstrip("]").split(",") if rest.endswith("]") else None
            if dag not in DAGEN or not nummers or any(n not in RANGTELWOORDEN for n in nummers):
                return None
            welke = opsomming([gettext(RANGTELWOORDEN[n]) for n in nummers])
            stukken.append(gettext("elke %(welke)s %(dag)s", welke=welke, dag=_dagnaam(dag)))
        elif "-" in stuk:
            van, _, tot = stuk.partition("-")
            if van not in DAGEN or tot not in DAGEN:
                return None
            stukken.append(gettext("%(van)s t/m %(tot)s", van=_dagnaam(van), tot=_dagnaam(tot)))
        elif stuk == "PH":
            stukken.append(gettext("feestdagen"))
        elif stuk in DAGEN:
            stukken.append(_dagnaam(stuk))
        else:
            return None
    return opsomming(stukken)


def _buiten_haken(tekst: str, teken: str) -> list[str]:
    """Split ``tekst`` on ``teken`` where it is not inside ``[...]`` or a quoted comment."""
    delen, huidig, diepte, in_quote = [], [], 0, False
    for c in tekst:
        if c == '"':
            in_quote = not in_quote
        elif not in_quote and c == "[":
            diepte += 1
        elif not in_quote and c == "]":
            diepte -= 1
        if c == teken and diepte == 0 and not in_quote:
            delen.append("".join(huidig))
            huidig = []
        else:
            huidig.append(c)
    delen.append("".join(huidig))
    return delen


class _Onleesbaar(Exception):
    """A rule uses syntax :func:`leesbaar` does not put into words."""


def _delen(regel: str) -> tuple[str | None, str | None, str]:
    """The weekday text, the time text and ``open``/``gesloten`` of one rule (without its comment)."""
    dagen = tijden = None
    status = "open"
    for deel in _buiten_haken(regel.strip(), " "):
        if not deel:
            continue
        if deel in ("off", "closed"):
            status = "gesloten"
        elif deel in ("open",):
            status = "open"
        elif deel[0].isdigit() and ":" in deel and tijden is None:
            tijden = _tijden(deel)
            if tijden is None:
                raise _Onleesbaar(deel)
        elif dagen is None and tijden is None:
            dagen = _dagen(deel)
            if dagen is None:
                raise _Onleesbaar(deel)
        else:
            raise _Onleesbaar(deel)
    return dagen, tijden, status


def _zin(regel: str) -> str:
    """One rule (``Mo,We 09:00-12:00 "na afspraak"``) as a phrase in the active language."""
    opmerking = None
    if regel.endswith('"') and regel.count('"') == 2:
        regel, _, opmerking = regel.partition('"')
        opmerking = opmerking.rstrip('"')
    dagen, tijden, status = _delen(regel)
    if status == "gesloten":
        zin = gettext("%(dagen)s gesloten", dagen=dagen) if dagen else gettext("altijd gesloten")
    elif dagen and tijden:
        zin = f"{dagen} {tijden}"
    elif dagen:
        zin = gettext("%(dagen)s hele dag", dagen=dagen)
    elif tijden:
        zin = gettext("dagelijks %(tijden)s", tijden=tijden)
    else:
        raise _Onleesbaar(regel)
    return zin + (f" ({opmerking})" if opmerking else "")


def leesbaar(osm: str | None) -> str | None:
    """Return text in the active language for a valid ``osm`` string, e.g. "ma en wo 9:00–12:00; elke 2e di 19:00–21:00".

    Covers weekday selectors (ranges, lists, ``[n]`` and ``[-1]``), ``PH``,
    time spans, ``off``/``closed`` and ``24/7``. Anything else returns
    ``None``: the caller shows the OSM string rather than a wrong sentence.
    """
    if not osm or not is_geldig(osm):
        return None
    if osm.strip() == "24/7":
        return gettext("altijd open")
    try:
        zinnen = [_zin(regel) for regel in (r.strip() for r in _buiten_haken(osm, ";")) if regel]
    except _Onleesbaar:
        return None
    return "; ".join(zinnen) if zinnen else None


def feestdagen(van: dt.date, tot: dt.date) -> list[dt.date]:
    """The Dutch public holidays from ``van`` up to ``tot``, as opening-hours-py knows them (``PH``)."""
    uit = []
    begin = dt.datetime.combine(van, dt.time(), TIJDZONE)
    eind = dt.datetime.combine(tot, dt.time(), TIJDZONE)
    for start, stop, staat, _opmerking in ontleed("PH").intervals(begin, eind):
        if staat == opening_hours.State.OPEN:
            dag = start.date()
            while dag < stop.date():
                uit.append(dag)
                dag += dt.timedelta(days=1)
    return uit
