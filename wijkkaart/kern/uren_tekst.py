"""Opening hours written in plain Dutch, read into OSM ``opening_hours``.

Sociale-kaart exports keep hours as people write them ("Inloop di+do 9–12u",
"maandag t/m vrijdag van 9 tot 17 uur", "elke 2e dinsdag van de maand
19.30-21.00", "woensdagochtend"), in an hours column or inside a description
or address. :func:`lees_tekst` turns such text into an OSM expression that
opening-hours-py accepts, or returns ``None``.

The reader is deliberately cautious: a wrong opening time sends a resident to
a closed door, a missing one only leaves the text for a person to read. So the
whole text is left alone when any part that looks like a time cannot be placed:
a day with no time, a time with no day, a single time ("om 10 uur", "vanaf
13.30"), a date ("dinsdag 3 januari": a one-off, not a weekly pattern), or a
rhythm OSM cannot say without week numbers ("om de week", "even weken").

Parts of the day have fixed hours, documented in ``docs/aanbod.md``
(:data:`DAGDELEN`); an explicit time always wins over a part of the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import openingstijden

DAGEN_OSM = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_DAGNAMEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_AFKORTINGEN = {
    "ma": 0, "maa": 0, "di": 1, "din": 1, "wo": 2, "woe": 2, "do": 3, "don": 3,
    "vr": 4, "vrij": 4, "za": 5, "zat": 5, "zo": 6, "zon": 6,
}  # fmt: skip

#: Hours of a part of the day when no time is written ("dinsdagochtend", "'s avonds").
DAGDELEN = {
    "ochtend": ((9, 0), (12, 0)),
    "morgen": ((9, 0), (12, 0)),
    "middag": ((13, 0), (17, 0)),
    "avond": ((19, 0), (22, 0)),
}
_RANGEN = {
    "eerste": 1, "1e": 1, "1ste": 1, "tweede": 2, "2e": 2, "2de": 2, "derde": 3, "3e": 3, "3de": 3,
    "vierde": 4, "4e": 4, "4de": 4, "vijfde": 5, "5e": 5, "laatste": -1,
}  # fmt: skip
_MAANDNAMEN = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_MAANDEN = _MAANDNAMEN + "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
#: A rhythm OSM cannot say without week numbers, an exception or a season: the whole text stays text.
_ONZEKER_TEKST = re.compile(
    r"om de (?:twee |2 |drie |3 )?wee?k(?:en)?\b|(?:on)?even wee?k(?:en)?\b|tweewekelijks|twee ?wekelijks"
    r"|per twee weken|in de twee weken|keer per maand|x per maand|eens per maand|behalve|m\.u\.v|met uitzondering"
    r"|uitgezonderd|\bniet\b|wisselend|wisselende|in overleg|zomertijd|wintertijd|seizoen"
    rf"|\b(?:{_MAANDNAMEN})\b"
)
#: A date, an approximation or "this Tuesday": a sentence with a day or a number in it is not a weekly rule.
_ONZEKER_ZIN = re.compile(
    r"ongeveer|circa|\bca\.|±|rond de|half (?:\d|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)"
    r"|kwart (?:over|voor)|\b(?:deze|vorige|afgelopen|komende|volgende|aanstaande)\s+\w*dag|\ba\.s\.|\bvandaag\b"
    r"|\b(?:vanaf|om|tot|na|tussen|rond)\s+(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)\b"
    r"|\b(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)\s+uur\b"
    rf"|\bmorgen\b(?!s)|\b\d{{1,2}} (?:{_MAANDEN})\b|\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b|\bweek \d"
)
_VAKANTIE = re.compile(r"(?:school)?vakantie|zomerstop")
_FEESTDAG = re.compile(r"(?:officiële |erkende |nationale )?feestdag(?:en)?")
_AFSPRAAK = re.compile(r"(?:alleen |uitsluitend )?(?:op|volgens|na|via) afspraak")
#: Tokens. A hyphen right after a day name ("woensdag- en vrijdagochtend") belongs to the day, not a range.
_TOKEN = re.compile(
    r"""
    (?P<tijd>(?<![\d.,:/])(?P<uur>\d{1,2})(?:[:.hu](?P<min>\d{2}))?(?P<eenheid>\s*(?:uur|u|h)\b)?(?!\d|[.:,]\d|[^\W\d_]))
    |(?P<dag>(?P<dagnaam>maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:en|s)?
        (?P<deel>ochtend|morgen|middag|avond)?(?:en|s)?(?:-(?=\s*(?:en|of|\+|&|,)))?)
    |(?P<afk>\b(?:maa|ma|din|di|woe|wo|don|do|vrij|vr|zat|za|zon|zo)\b\.?(?!['\w]))
    |(?P<dagdeel>(?:'s\s*)?(?:ochtend|morgen|middag|avond)(?:s|en)?\b)
    |(?P<rang>\b(?:eerste|1ste|1e|tweede|2de|2e|derde|3de|3e|vierde|4de|4e|vijfde|5e|laatste)\b)
    |(?P<maand>\b(?:van|per|in|elke|iedere)\s+(?:de\s+|iedere\s+|elke\s+)?maand\b|\bmaandelijks\b)
    |(?P<dagelijks>\bdagelijks\b|\b(?:elke|iedere|alle)\s+dag(?:en)?\b|\b7\s+dagen\s+per\s+week\b)
    |(?P<werkdagen>\b(?:op\s+)?werkdagen\b|\bdoordeweeks\b|\b(?:door|tijdens)\s+de\s+week\b)
    |(?P<weekend>\bweekend(?:en|s)?\b)
    |(?P<bereik>\btm\b|\btot\b|-|\btussen\b)
    |(?P<lijst>\ben\b|\+|&|/|,)
    |(?P<gesloten>\bgesloten\b|\bdicht\b)
    |(?P<vanaf>\bvanaf\b|\bom\b|\bvoor\b|\bna\b|\bsinds\b|\baanvang\b|\bstart\b|\bbegint\b)
    |(?P<woord>[^\W\d_][\w'’]*|\d+)
    """,
    re.VERBOSE,
)
#: Words that may sit between days and their time without breaking the link.
_VULWOORDEN = {"van", "op", "de", "het", "elke", "iedere", "ieder", "in", "is", "zijn", "en", "wel", "open", "geopend"}
#: How many other words may separate a day from its time within one sentence.
_MAX_TUSSENWOORDEN = 8


@dataclass(frozen=True)
class Afleiding:
    """Hours read from text: the OSM expression and the sentences it was read from."""

    osm: str
    bron: str


class _Onzeker(Exception):
    """The text holds times the reader cannot place with certainty."""


@dataclass
class _Clausule:
    dagen: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)  # (weekday, nths or ())
    tijden: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    dagdeel: str | None = None
    gesloten: bool = False
    afspraak: bool = False


def _normaliseer(tekst: str) -> str:
    tekst = tekst.lower().replace("\u00a0", " ")
    tekst = re.sub(r"[\u2010-\u2015\u2212]", "-", tekst)
    tekst = re.sub(r"[\u2018\u2019`´]", "'", tekst)
    tekst = re.sub(r"\btot\s+en\s+met\b|\bt\s*/\s*m\b\.?|\bt\.e\.m\.?|\bt\.m\.?|\btem\b", " tm ", tekst)
    return tekst


def _zinnen(tekst: str) -> list[str]:
    """Split on line breaks, semicolons, bullets and sentence ends (not on "13.30" or "ma. ")."""
    zinnen: list[str] = []
    for regel in re.split(r"[\n;•|]+", tekst):
        begin = 0
        for punt in re.finditer(r"[.!?]\s+", regel):
            ervoor = regel[begin : punt.start()].rsplit(None, 1)
            laatste = ervoor[-1].lower() if ervoor else ""
            if laatste in _AFKORTINGEN or laatste in {"t/m", "t.m", "o.a", "m.u.v", "ca", "bijv", "nr"}:
                continue
            zinnen.append(regel[begin : punt.start() + 1])
            begin = punt.end()
        zinnen.append(regel[begin:])
    return [z.strip() for z in zinnen if z.strip()]


def _tijd(m: re.Match) -> tuple[tuple[int, int], bool]:
    """A time token as (hour, minute) and whether it is plainly a time (minutes or 'uur' written)."""
    uur, minuut = int(m["uur"]), int(m["min"] or 0)
    sterk = bool(m["min"] or m["eenheid"])
    if sterk and (uur > 24 or minuut > 59 or (uur == 24 and minuut)):
        raise _Onzeker
    return (uur, minuut), sterk


class _Zin:
    """The clauses of one sentence; raises :class:`_Onzeker` when a time or day cannot be placed."""

    def __init__(self, tekst: str):
        self.tokens = [(self._soort(m), m) for m in _TOKEN.finditer(tekst)]
        self.clausules: list[_Clausule] = []
        self.huidig: _Clausule | None = None
        self.afstand = 0

    @staticmethod
    def _soort(m: re.Match) -> str:
        for naam in ("tijd", "dag", "afk", "dagdeel", "rang", "maand", "dagelijks", "werkdagen", "weekend"):
            if m[naam]:
                return naam
        for naam in ("bereik", "lijst", "gesloten", "vanaf", "woord"):
            if m[naam]:
                return naam
        return "woord"

    def _nieuw(self) -> _Clausule:
        if self.huidig is None or self.huidig.tijden or self.huidig.gesloten or self.huidig.afspraak:
            self.huidig = _Clausule()
            self.clausules.append(self.huidig)
        return self.huidig

    def lees(self) -> list[_Clausule]:
        i = 0
        while i < len(self.tokens):
            i = self._stap(i)
        return self.clausules

    def _is(self, i: int, *soorten: str) -> bool:
        return i < len(self.tokens) and self.tokens[i][0] in soorten

    def _stap(self, i: int) -> int:
        soort, m = self.tokens[i]
        if soort == "rang" and not self._is(self._na_vulwoorden(i + 1), "dag", "afk", "rang", "lijst"):
            soort = "woord"  # "het tweede spreekuur": an ordinal that counts no weekday
        elif soort in ("dag", "afk", "rang", "dagelijks", "werkdagen", "weekend"):
            return self._dagen(i)
        if soort == "tijd":
            return self._tijden(i)
        if soort == "dagdeel" and self.huidig is not None and not self.huidig.tijden and self.afstand <= 1:
            self.huidig.dagdeel = re.sub(r"^'s\s*|(?:s|en)$", "", m.group()).rstrip("s")
            return i + 1
        if soort == "gesloten" and self.huidig is not None and not self.huidig.tijden:
            self.huidig.gesloten = True
            return i + 1
        if soort == "woord" and m.group() == "afspraak" and self.huidig is not None and not self.huidig.tijden:
            self.huidig.afspraak = True  # "za op afspraak, di 9-12": the next days start a clause of their own
            return i + 1
        if soort == "woord" and m.group() not in _VULWOORDEN:
            self.afstand += 1
            if (
                self.huidig is not None
                and not (self.huidig.tijden or self.huidig.dagdeel)
                and self.afstand > _MAX_TUSSENWOORDEN
            ):
                raise _Onzeker  # a day far from any time
        return i + 1

    def _dag(self, i: int) -> tuple[int, str | None]:
        """Weekday and part of the day of a day token ("dinsdagochtend" → 1, "ochtend")."""
        _, m = self.tokens[i]
        if m["dagnaam"]:
            return _DAGNAMEN.index(m["dagnaam"]), m["deel"]
        return _AFKORTINGEN[m.group().rstrip(".")], None

    def _dagen(self, i: int) -> int:
        """A run of days: lists, ranges, ordinals ("elke 1e en 3e dinsdag"), dagelijks, werkdagen."""
        clausule = self._nieuw()
        if clausule.dagen and (self.afstand > 1 or clausule.dagdeel):
            clausule = self._begin()
        self.afstand = 0
        rangen: list[int] = []
        delen: list[str | None] = []
        while i < len(self.tokens):
            soort, m = self.tokens[i]
            if soort == "rang":
                rangen.append(_RANGEN[m.group()])
            elif soort in ("dagelijks", "werkdagen", "weekend"):
                reeks = {"dagelijks": range(7), "werkdagen": range(5), "weekend": range(5, 7)}[soort]
                clausule.dagen.extend((d, ()) for d in reeks)
            elif soort in ("dag", "afk"):
                i = self._dag_of_reeks(i, clausule, rangen, delen)
                if not self._is(self._na_vulwoorden(i + 1), "lijst", "rang") or self._is(i + 1, "bereik"):
                    rangen = [] if not delen else rangen
            elif soort == "lijst" and self._is(
                self._na_vulwoorden(i + 1), "dag", "afk", "rang", "werkdagen", "weekend"
            ):
                volgende = self._na_vulwoorden(i + 1)
                if delen and self._is(volgende, "dag") and self._dag(volgende)[1] not in (None, delen[-1]):
                    break  # "dinsdagmiddag en woensdagavond": two clauses, each with its own part of the day
                i = volgende - 1
            elif not self._maandwoord(soort, m, rangen, clausule):
                break
            i += 1
        if rangen and not any(n for _, n in clausule.dagen):
            raise _Onzeker  # an ordinal with no day after it
        if len(set(delen)) > 1:
            raise _Onzeker  # "maandagochtend en dinsdagmiddag" in one list
        clausule.dagdeel = delen[0] if delen else None
        return i

    @staticmethod
    def _maandwoord(soort: str, m: re.Match, rangen: list[int], clausule: _Clausule) -> bool:
        """True for "van de maand" and fillers inside a run of days; "per maand" needs an ordinal."""
        if soort == "maand" and not rangen and not any(n for _, n in clausule.dagen):
            raise _Onzeker  # "een keer per maand" without saying which week
        return soort == "maand" or (soort == "woord" and m.group() in {"van", "de", "elke", "iedere", "op"})

    def _begin(self) -> _Clausule:
        self.huidig = _Clausule()
        self.clausules.append(self.huidig)
        return self.huidig

    def _na_vulwoorden(self, i: int) -> int:
        while self._is(i, "woord") and self.tokens[i][1].group() in {"op", "de", "elke", "iedere"}:
            i += 1
        return i

    def _dag_of_reeks(self, i: int, clausule: _Clausule, rangen: list[int], delen: list) -> int:
        """One day or a range of days ("ma-vr", "maandag tot en met vrijdag"); returns the last token used."""
        dag, deel = self._dag(i)
        eind = dag
        if self._is(i + 1, "bereik") and self.tokens[i + 1][1].group() != "tussen" and self._is(i + 2, "dag", "afk"):
            eind, deel2 = self._dag(i + 2)
            deel = deel or deel2
            if eind < dag:
                raise _Onzeker  # "vr-ma" wraps the week
            i += 2
        clausule.dagen.extend((d, tuple(rangen)) for d in range(dag, eind + 1))
        if deel:
            delen.append(deel)
        return i

    def _tijden(self, i: int) -> int:
        """One or more ranges ("9-12 en 13-17", "tussen 9 en 12"); a single time cannot be placed."""
        voorafgaand = self.tokens[i - 1][1].group() if i else ""
        eerste, sterk = _tijd(self.tokens[i][1])
        verbinder = "bereik" if voorafgaand != "tussen" else "lijst"
        if self._is(i + 1, verbinder, "bereik") and self._is(i + 2, "tijd"):
            tweede, sterk2 = _tijd(self.tokens[i + 2][1])
            sterk = sterk or sterk2
            volgend = i + 3
        else:
            if sterk or voorafgaand in ("vanaf", "om", "tot", "na", "aanvang", "-"):
                raise _Onzeker  # "om 10 uur", "vanaf 13.30", "tot 21.00": one end only
            self.afstand += 1
            return i + 1  # a number, not a time
        bij_dag = self.huidig is not None and self.huidig.dagen and not self.huidig.tijden and self.afstand <= 2
        bij_tijd = self.huidig is not None and self.huidig.tijden and self.afstand == 0
        if not sterk and not (bij_dag or bij_tijd):
            self.afstand += 1
            return volgend  # "van 4 tot 12 jaar", "25 tot 50 ouderen": a bare range far from a day
        if not sterk and (eerste[0] > 24 or tweede[0] > 24):
            return volgend
        if tweede == (0, 0):
            tweede = (24, 0)
        over_middernacht = sterk and tweede < eerste and tweede <= (6, 0) and eerste >= (12, 0)
        if (eerste >= tweede and not over_middernacht) or (not sterk and eerste[0] < 7):
            raise _Onzeker  # "19-1", "1-4": which half of the day is meant?
        if self.huidig is None or not self.huidig.dagen:
            raise _Onzeker  # a time with no day in this sentence
        if self.afstand > _MAX_TUSSENWOORDEN:
            raise _Onzeker
        self.huidig.tijden.append((eerste, tweede))
        self.afstand = 0
        return volgend


def _uu(t: tuple[int, int]) -> str:
    return f"{t[0]:02d}:{t[1]:02d}"


def _dagreeks(dagen: list[int]) -> str:
    """Mo,We,Th,Fr → "Mo,We-Fr" (runs of three or more as a range)."""
    delen, run = [], [dagen[0]]
    for d in dagen[1:]:
        if d == run[-1] + 1:
            run.append(d)
            continue
        delen.append(run)
        run = [d]
    delen.append(run)
    tekst = []
    for r in delen:
        if len(r) >= 3:
            tekst.append(f"{DAGEN_OSM[r[0]]}-{DAGEN_OSM[r[-1]]}")
        else:
            tekst.extend(DAGEN_OSM[d] for d in r)
    return ",".join(tekst)


def _tijdlijst(tijden) -> str:
    return ",".join(f"{_uu(a)}-{_uu(b)}" for a, b in sorted(tijden))


def _verzamel(clausules: list[_Clausule]) -> tuple[dict, dict, set]:
    """Times per weekday, per (weekday, nths) and the days "op afspraak"."""
    wekelijks: dict[int, set] = {}
    maandelijks: dict[tuple[int, tuple], set] = {}
    afspraak: set[int] = set()
    for c in clausules:
        tijden = list(c.tijden) or ([DAGDELEN[c.dagdeel]] if c.dagdeel else [])
        if c.afspraak and not tijden:
            afspraak.update(d for d, _ in c.dagen)
        elif not c.gesloten:
            for dag, rangen in c.dagen:
                doel = maandelijks.setdefault((dag, rangen), set()) if rangen else wekelijks.setdefault(dag, set())
                doel.update(tijden)
    return wekelijks, maandelijks, afspraak - set(wekelijks)


def _weekregels(wekelijks: dict[int, set], afspraak: set[int]) -> list[str]:
    """Days with the same times share a rule ("Mo,We 13:30-17:00"), in weekday order."""
    per_tijden: dict[tuple, list[int]] = {}
    for dag in sorted(wekelijks):
        per_tijden.setdefault(tuple(sorted(wekelijks[dag])), []).append(dag)
    regels = [f"{_dagreeks(dagen)} {_tijdlijst(t)}" for t, dagen in sorted(per_tijden.items(), key=lambda kv: kv[1][0])]
    if afspraak:
        regels.append(f'{_dagreeks(sorted(afspraak))} unknown "op afspraak"')
    return regels


def _maandregels(maandelijks: dict[tuple[int, tuple], set]) -> list[str]:
    """Ordinals of one weekday with the same times share a rule: ``Tu[2,4] 19:00-21:00``."""
    per_maand: dict[tuple, list[int]] = {}
    for (dag, rangen), tijden in sorted(maandelijks.items()):
        per_maand.setdefault((dag, tuple(sorted(tijden))), []).extend(rangen)
    regels = []
    for (dag, tijden), rangen in per_maand.items():
        nths = ",".join(str(n) for n in sorted(set(rangen), key=lambda n: (n < 0, n)))
        regels.append(f"{DAGEN_OSM[dag]}[{nths}] {_tijdlijst(tijden)}")
    return regels


def _osm(clausules: list[_Clausule], feestdagen_dicht: bool, commentaar: str | None) -> str | None:
    """Render the clauses as one OSM expression: weekly rules, then monthly ones, then PH off."""
    wekelijks, maandelijks, afspraak = _verzamel(clausules)
    regels, extra = _weekregels(wekelijks, afspraak), _maandregels(maandelijks)
    if not regels and not extra:
        return None
    if commentaar:
        regels = [r if '"' in r else f'{r} "{commentaar}"' for r in regels]
        extra = [f'{r} "{commentaar}"' for r in extra]
    # A monthly rule on a weekday that also has weekly hours adds to them (",") instead of replacing them (";").
    tekst = "; ".join(regels)
    for regel in extra:
        samen = tekst and regel[:2] in {r[:2] for r in regels}
        tekst = f"{tekst}, {regel}" if samen else "; ".join(filter(None, [tekst, regel]))
    return tekst + "; PH off" if feestdagen_dicht else tekst


@dataclass
class _Lezing:
    """What the sentences read so far add up to."""

    clausules: list[_Clausule] = field(default_factory=list)
    gebruikt: list[str] = field(default_factory=list)
    feestdagen: bool = False
    vakantie: bool = False
    alleen_afspraak: bool = False

    def gebruik(self, zin: str) -> None:
        if zin not in self.gebruikt:
            self.gebruikt.append(zin)


def _lees_zin(zin: str, lezing: _Lezing) -> None:
    """Add one sentence to ``lezing``; raises :class:`_Onzeker` when it cannot be read with certainty."""
    genormaliseerd = _normaliseer(zin)
    if _ONZEKER_ZIN.search(genormaliseerd):
        if re.search(r"\d", genormaliseerd) or _heeft_dagnaam(genormaliseerd):
            raise _Onzeker
        return
    eigen = _Zin(genormaliseerd).lees()
    gesloten = bool(re.search(r"gesloten|dicht|geen|buiten de", genormaliseerd))
    if _FEESTDAG.search(genormaliseerd) and gesloten:
        lezing.feestdagen = True
        lezing.gebruik(zin)
    if _VAKANTIE.search(genormaliseerd) and not re.search(r"ook (?:in|tijdens) de", genormaliseerd):
        if not gesloten:
            raise _Onzeker  # "aangepaste tijden in de vakantie": not readable as a rule
        lezing.vakantie = True
        lezing.gebruik(zin)
    if _AFSPRAAK.search(genormaliseerd):
        for c in eigen:
            c.afspraak = c.afspraak or not (c.tijden or c.dagdeel)
        lezing.alleen_afspraak = lezing.alleen_afspraak or not eigen
    for c in eigen:
        if not c.dagen:
            continue
        if not (c.tijden or c.dagdeel or c.gesloten or c.afspraak):
            if any(r for _, r in c.dagen) or _heeft_dagnaam(genormaliseerd):
                raise _Onzeker  # a day with no time: the hours are somewhere we cannot read
            continue
        lezing.clausules.append(c)
        lezing.gebruik(zin)


def lees_tekst(tekst: str | None) -> Afleiding | None:
    """Read Dutch opening hours from ``tekst`` (an hours cell, a description or an address).

    Returns
    -------
    Afleiding or None
        The OSM expression (validated by opening-hours-py) and the sentences it
        came from; ``None`` when the text holds no hours or holds times that
        cannot all be placed with certainty.
    """
    if not tekst or not tekst.strip() or _ONZEKER_TEKST.search(_normaliseer(tekst)):
        return None
    lezing = _Lezing()
    try:
        for zin in _zinnen(tekst):
            _lees_zin(zin, lezing)
    except _Onzeker:
        return None
    osm = _osm(lezing.clausules, lezing.feestdagen, "gesloten in schoolvakanties" if lezing.vakantie else None)
    if osm is None and lezing.alleen_afspraak and len(tekst) < 40:
        osm, lezing.gebruikt = 'unknown "op afspraak"', [tekst.strip()]
    if osm is None or not openingstijden.is_geldig(osm):
        return None
    return Afleiding(osm, " · ".join(lezing.gebruikt))


def _heeft_dagnaam(tekst: str) -> bool:
    """True when a weekday is written out ("maandag", "dinsdagochtend"): abbreviations like "zo" are ordinary words."""
    return bool(re.search("|".join(_DAGNAMEN), tekst))


def lees_invoer(waarde: str | None) -> tuple[str | None, str | None]:
    """What someone typed into an hours field: (OSM, short text to show), or (None, None) when unreadable.

    OSM is taken as it is; Dutch is read by :func:`lees_tekst`. Forms, their
    live preview and the editing use-cases all read a typed value this way.
    """
    waarde = (waarde or "").strip()
    if not waarde:
        return None, None
    osm = waarde if openingstijden.is_geldig(waarde) else getattr(lees_tekst(waarde), "osm", None)
    if osm is None:
        return None, None
    return osm, openingstijden.leesbaar(osm) or osm
