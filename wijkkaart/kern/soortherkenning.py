"""Which soort an exported record is, from the words a sociale kaart uses for it.

Exports name their categories in their own words ("Buurthuis", "Inloop",
"Taalcafé", "Voedselbank", "Huis van de wijk"). :data:`TREFWOORDEN` is the
documented Dutch keyword table (``docs/aanbod.md`` prints it); it is read top
to bottom and the first keyword found in a text wins, so the more specific
words come first ("inloopspreekuur in buurthuis X" is an inloopspreekuur, not
a buurthuis). The texts are tried in the order given: the source's own type or
category before the name. A mapping file still overrides all of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulaire import SOORTEN_AANBOD, SOORTEN_LOCATIE, normaliseer_woord

#: (keyword pattern, soort). Soorten of aanbod and of locatie both occur; patterns match whole words.
TREFWOORDEN: tuple[tuple[str, str], ...] = (
    (r"inloopspreekuur|inloop\w*|spreekuur|wijkwijzer|wijkcontactpunt|informatiepunt|infopunt|loket"
     r"|formulierenbrigade|formulierenhulp|sociaal raadslied|steunpunt", "inloopspreekuur"),
    (r"repair ?caf[eé]|reparatiecaf[eé]|eetgroep|eettafel|buurtrestaurant|buurtmaaltijd|samen eten|kookclub"
     r"|wandelgroep|beweeg\w*|sportief|yoga|koor|handwerk\w*|bingo|soos|spelletjes\w*", "activiteit"),
    (r"taalcaf[eé]|taalles\w*|taalmaatje\w*|taalhuis|cursus\w*|workshop\w*|training\w*|les|lessen|digicaf[eé]"
     r"|digitaal caf[eé]|klik en tik|taal|taalpunt|nederlands leren", "cursus"),
    (r"bewonersinitiatie\w*|buurtinitiatie\w*|bewonersgroep\w*|bewonerscommissie|bewonersvereniging"
     r"|buurtvereniging|wijkvereniging", "bewonersinitiatief"),
    (r"vrijwillig\w*|maatjes?project", "vrijwilligerswerk"),
    (r"voedselbank|kledingbank|speelgoedbank|weggeefwinkel|weggeefkast|kringloop\w*|uitdeelpunt"
     r"|sociale supermarkt|voedselpakket\w*", "overig_aanbod"),
    (r"schuldhulp\w*|schuldhulpverlening|maatschappelijk werk|sociaal werk|wijkteam|buurtteam|mantelzorg\w*"
     r"|juridisch\w*|advies\w*|hulp|ondersteuning|thuisadministratie|geld|geldzaken|financi\w*|schulden"
     r"|armoede", "hulp_en_advies"),
    (r"koffieochtend\w*|koffie|ontmoeten|ontmoeting\w*|ontmoetingsplek|huiskamer|open huis", "ontmoetingsplek"),
    (r"buurthuis|buurtcentrum|dorpshuis|buurthuizen", "buurthuis"),
    (r"wijkcentrum|wijkgebouw|huis van de wijk|mfc|multifunctioneel centrum|wijkaccommodatie", "wijkcentrum"),
    (r"buurtkamer|wijkkamer|dorpskamer", "buurtkamer"),
    (r"bibliotheek|bieb", "bibliotheek"),
    (r"jongerencentrum|jongerenwerk|jeugdhonk|tienerhuis|jeugdhuis|jongerenontmoetingsplek", "jongerencentrum"),
    (r"speeltuin\w*", "speeltuingebouw"),
    (r"kinderboerderij\w*", "kinderboerderij"),
    (r"buurtteamlocatie", "buurtteamlocatie"),
    (r"ouder- en kindteam|ouder en kindteam|okt|consultatiebureau", "ouder_kindteam"),
    (r"kerk|moskee|synagoge|tempel|gebedshuis|parochie\w*", "gebedshuis"),
    (r"sporthal|sportzaal|gymzaal|sportpark|zwembad|sportaccommodatie", "sportaccommodatie"),
    (r"activiteit\w*", "activiteit"),
)  # fmt: skip
_PATRONEN = tuple((re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.IGNORECASE), soort) for p, soort in TREFWOORDEN)


@dataclass(frozen=True)
class Herkenning:
    """A soort recognised in a text: which soort, from which word, in which of the texts."""

    soort: str
    woord: str
    tekst: str


def herken_soort(*teksten: str | None) -> Herkenning | None:
    """The soort the first text that says anything recognisable says; a vocabulary key itself counts first.

    ``herken_soort(type_kolom, categorie, naam)``: "Buurthuis" → buurthuis,
    "Inloop di+do" → inloopspreekuur, "Taalcafé De Brug" → cursus. ``None``
    when none of the texts holds a known word.
    """
    for tekst in teksten:
        if not tekst or not str(tekst).strip():
            continue
        sleutel = normaliseer_woord(str(tekst))
        if sleutel in SOORTEN_AANBOD or sleutel in SOORTEN_LOCATIE:
            return Herkenning(sleutel, str(tekst).strip(), str(tekst))
        for patroon, soort in _PATRONEN:
            gevonden = patroon.search(str(tekst))
            if gevonden:
                return Herkenning(soort, gevonden.group(), str(tekst))
    return None


def leesbaar_patroon(patroon: str) -> str:
    """A keyword pattern as the documentation shows it: a trailing word pattern as "…", alternatives as a list."""
    tekst = patroon.replace("\\w*", "…").replace(" ?", " ").replace("[eé]", "é").replace("s?", "(s)")
    return ", ".join(tekst.split("|"))


def documentatie() -> str:
    """The keyword table as Markdown bullets, the way ``docs/aanbod.md`` prints it (a test keeps them equal)."""
    return "\n".join(f"- {leesbaar_patroon(p)} → `{soort}`" for p, soort in TREFWOORDEN)
