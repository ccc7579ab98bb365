"""The controlled lists of thema's and doelgroepen, with labels (nl/en) and the words exports use for them.

A source's free text is read into these codes (``lees_woorden``): "Senioren
en mantelzorgers" gives ``ouderen`` and ``mantelzorgers``; what fits no code
is kept as text on the aanbod (doelgroep: ``doelgroep_omschrijving``; thema:
``trefwoorden``), never turned into a tag. Residents see labels, never codes
(``label``); a code from before this list is shown with spaces.
"""

from __future__ import annotations

import re

from .taal import N_
from .taal import gettext as _
from .vocabulaire import normaliseer_woord

#: code → (label, words and phrases that mean it; the label and the code count too).
THEMAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ontmoeten": (
        N_("ontmoeten"),
        ("ontmoeting", "sociale contacten", "gezelligheid", "koffie", "buurtkamer", "inloop"),
    ),
    "eten": (
        N_("eten en drinken"),
        (
            "eten",
            "maaltijd",
            "maaltijden",
            "koken",
            "eetgroep",
            "eettafel",
            "buurtrestaurant",
            "lunch",
            "diner",
            "soep",
        ),
    ),
    "voedselhulp": (N_("voedselhulp"), ("voedselbank", "voedselpakket", "voedselpakketten", "voedseluitgifte")),
    "kleding_en_spullen": (
        N_("kleding en spullen"),
        ("kleding", "kledingbank", "weggeefwinkel", "spullen", "kringloop", "ruilwinkel", "speelgoedbank"),
    ),
    "geldzaken": (
        N_("geld en schulden"),
        (
            "geld",
            "schulden",
            "schuldhulp",
            "schuldhulpverlening",
            "financien",
            "financiën",
            "administratie",
            "formulieren",
            "armoede",
            "belastingaangifte",
        ),
    ),
    "advies": (
        N_("hulp en advies"),
        ("hulp", "informatie", "vragen", "spreekuur", "loket", "wijkteam", "juridisch", "rechtshulp", "ondersteuning"),
    ),
    "taal": (
        N_("taal"),
        (
            "nederlands",
            "taalles",
            "taalcafe",
            "taalcafé",
            "taalmaatje",
            "lezen",
            "schrijven",
            "laaggeletterdheid",
            "inburgering",
            "nt2",
        ),
    ),
    "digitaal": (
        N_("digitale vaardigheden"),
        ("computer", "computerles", "internet", "digid", "smartphone", "digitale", "digicafe", "digicafé"),
    ),
    "bewegen": (
        N_("bewegen en sport"),
        ("sport", "wandelen", "wandelgroep", "fietsen", "gym", "yoga", "dansen", "beweging"),
    ),
    "gezondheid": (N_("gezondheid"), ("zorg", "ggz", "leefstijl", "psychisch", "welzijn", "gezond")),
    "opvoeden": (
        N_("opvoeden en opgroeien"),
        ("opvoeding", "opvoedondersteuning", "huiswerk", "huiswerkbegeleiding", "opgroeien"),
    ),
    "cultuur": (
        N_("cultuur en creatief"),
        ("kunst", "muziek", "creatief", "handwerken", "zingen", "koor", "theater", "bibliotheek", "lezing"),
    ),
    "repareren": (
        N_("repareren en klussen"),
        ("repair cafe", "repair café", "repaircafe", "reparatie", "klussen", "klusdienst", "fietsenmaker"),
    ),
    "groen": (
        N_("groen en natuur"),
        ("natuur", "tuin", "moestuin", "buurttuin", "tuinieren", "duurzaam", "duurzaamheid", "energie"),
    ),
    "werk": (
        N_("werk en meedoen"),
        ("vrijwilligerswerk", "dagbesteding", "participatie", "meedoen", "sollicitatie", "solliciteren"),
    ),
    "mantelzorg": (N_("mantelzorg"), ("mantelzorger", "mantelzorgers", "respijtzorg")),
    "wonen": (N_("wonen en buurt"), ("leefbaarheid", "veiligheid", "bewonersinitiatief", "huurders", "woonomgeving")),
    "hitte": (N_("koelte bij hitte"), ("koelteplek", "koelteplekken", "hittegolf")),
}
DOELGROEPEN: dict[str, tuple[str, tuple[str, ...]]] = {
    "iedereen": (
        N_("iedereen"),
        ("alle bewoners", "buurtbewoners", "wijkbewoners", "bewoners", "alle leeftijden", "algemeen"),
    ),
    "kinderen": (N_("kinderen"), ("kind", "peuters", "basisschool", "basisschoolkinderen", "jeugd")),
    "jongeren": (N_("jongeren"), ("tieners", "jongvolwassenen", "pubers")),
    "ouders": (N_("ouders"), ("gezinnen", "gezin", "moeders", "vaders", "ouder")),
    "ouderen": (N_("ouderen"), ("senioren", "55+", "60+", "65+", "50+", "oudere", "ouderen 65+")),
    "mantelzorgers": (N_("mantelzorgers"), ("mantelzorger", "mantelzorg")),
    "nieuwkomers": (
        N_("nieuwkomers"),
        ("statushouders", "vluchtelingen", "anderstaligen", "migranten", "inburgeraars", "expats"),
    ),
    "mensen_met_beperking": (N_("mensen met een beperking"), ("beperking", "handicap", "gehandicapten", "beperkingen")),
    "laag_inkomen": (N_("mensen met weinig geld"), ("minima", "laag inkomen", "schulden", "armoede", "weinig geld")),
    "eenzamen": (N_("mensen die zich eenzaam voelen"), ("eenzaam", "eenzaamheid", "eenzamen")),
    "vrouwen": (N_("vrouwen"), ("vrouw", "moeders")),
    "mannen": (N_("mannen"), ("man", "vaders")),
    "lhbti": (N_("lhbti+"), ("lhbtiq", "lhbtiq+", "lgbt", "lgbtq", "queer", "roze")),
    "werkzoekenden": (N_("werkzoekenden"), ("uitkering", "bijstand", "werkloos", "werklozen")),
}
LIJSTEN = {"themas": THEMAS, "doelgroepen": DOELGROEPEN}


def _sleutels(lijst: dict) -> dict[str, str]:
    """Every normalised word or phrase → its code (the code and the label count too)."""
    uit: dict[str, str] = {}
    for code, (label, woorden) in lijst.items():
        for woord in (code, label, *woorden):
            uit.setdefault(normaliseer_woord(woord), code)
    return uit


_SLEUTELS = {soort: _sleutels(lijst) for soort, lijst in LIJSTEN.items()}


def lees_woorden(waarde, soort: str) -> tuple[list[str], list[str]]:
    """Codes of the controlled list ``soort`` (``themas`` or ``doelgroepen``) in ``waarde``, and the rest as text.

    ``waarde`` is a list or a text separated by ``;`` or ``,``. An item that
    is a code, label or known word gives its code; a longer item gives the
    codes of the known words in it and is also kept as text when it says more
    (over three words) or fits no code.
    """
    if waarde is None:
        return [], []
    items = waarde if isinstance(waarde, (list, tuple)) else re.split(r"[;,\n]+", str(waarde))
    sleutels = _SLEUTELS[soort]
    codes: list[str] = []
    rest: list[str] = []
    for item in items:
        # "kleding_&_spullen" as an export wrote it is "kleding en spullen".
        tekst = " ".join(str(item).replace("_", " ").replace("&", " en ").split())
        if not tekst:
            continue
        gevonden = sleutels.get(normaliseer_woord(tekst))
        if gevonden:
            codes.append(gevonden)
            continue
        klein = " " + re.sub(r"[^\w+]+", " ", tekst.lower()) + " "
        binnen = [code for woord, code in sleutels.items() if " " + woord.replace("_", " ") + " " in klein]
        codes.extend(binnen)
        if not binnen or len(tekst.split()) > 3:
            rest.append(tekst)
    return list(dict.fromkeys(codes)), list(dict.fromkeys(rest))


def label(soort: str, code: str) -> str:
    """The label of a code in the reader's language; a code from before the list with spaces for underscores."""
    lijst = LIJSTEN[soort]
    return _(lijst[code][0]) if code in lijst else code.replace("_", " ")
