"""Use-cases of the browser import (``/bewerken/importeren``): upload, recognise columns, dry run, import.

The same core as ``wijkkaart import-aanbod`` (:func:`wijkkaart.diensten.aanbod.importeer_aanbod`);
what the browser adds is a place for uploads outside what the web server
serves, a preview of the first rows with the recognised column per field, a
translation of the source's type values to soorten, and the choices saved as
a TOML mapping per bron, offered again for the next file from that bron.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from ..invoer.geocoding import Keten
from ..invoer.lezers import lees_bestand
from ..invoer.mapping import VELDEN, laad_mapping
from ..invoer.rapport import lees_rapport
from ..kern.fouten import InvoerFout, WijkkaartFout
from ..kern.soortherkenning import herken_soort
from ..kern.taal import N_
from ..kern.tekst import schone_tekst
from ..kern.vocabulaire import SOORTEN_AANBOD, SOORTEN_LOCATIE
from .aanbod import AanbodSamenvatting, importeer_aanbod

#: The extensions the browser import takes (an HSDS package is for the command line).
EXTENSIES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".geojson", ".json")
#: Fields offered in the column choices, in this order, with the label the page shows (the rest stays
#: recognised by name only).
KEUZEVELDEN = {
    "extern_id": N_("Id in de bron (om later bij te werken)"),
    "naam": N_("Naam"),
    "soort": N_("Soort of type"),
    "categorie": N_("Categorie of rubriek"),
    "beschrijving": N_("Beschrijving"),
    "adres": N_("Adres (in één kolom)"),
    "straat": N_("Straat"),
    "huisnummer": N_("Huisnummer"),
    "postcode": N_("Postcode"),
    "plaats": N_("Plaats"),
    "werkgebied": N_("Werkgebied (zonder vaste plek)"),
    "lat": N_("Breedtegraad (lat)"),
    "lon": N_("Lengtegraad (lon)"),
    "x": N_("RD-x"),
    "y": N_("RD-y"),
    "openingstijden": N_("Openingstijden"),
    "themas": N_("Thema's"),
    "doelgroepen": N_("Doelgroepen"),
    "doelgroep_omschrijving": N_("Voor wie (tekst)"),
    "toegang": N_("Hoe doe je mee"),
    "kosten": N_("Kosten"),
    "website": N_("Website"),
    "telefoon": N_("Telefoon"),
    "email": N_("E-mail"),
    "organisatie": N_("Organisatie"),
    "status": N_("Status"),
}
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass
class Voorbeeld:
    """What the mapping page shows of an uploaded file."""

    token: str
    bestandsnaam: str
    bron: str
    formaat: str
    kolommen: list[str]
    rijen: list[dict]
    aantal: int
    #: field → chosen column ("" for not used), from a saved mapping of the bron or recognised by name.
    keuzes: dict[str, str]
    #: source type value → suggested soort ("" when nothing fits: imported as overig aanbod).
    soortwaarden: dict[str, str] = field(default_factory=dict)
    opgeslagen_mapping: bool = False


def _map(basis: Path, token: str) -> Path:
    if not _TOKEN.match(token or ""):
        raise WijkkaartFout("onbekende upload", http_status=404)
    map_ = basis / "uploads" / token
    if not map_.is_dir():
        raise WijkkaartFout("deze upload bestaat niet (meer); laad het bestand opnieuw", http_status=404)
    return map_


def _bestand(basis: Path, token: str) -> Path:
    meta = json.loads((_map(basis, token) / "upload.json").read_text("utf-8"))
    return _map(basis, token) / meta["bestand"]


def _meta(basis: Path, token: str) -> dict:
    return json.loads((_map(basis, token) / "upload.json").read_text("utf-8"))


def slug(bron: str) -> str:
    """A bron as a file name (``Sociale kaart Twente`` → ``sociale-kaart-twente``)."""
    return re.sub(r"[^a-z0-9]+", "-", bron.lower()).strip("-")[:80] or "bron"


def bewaar_upload(basis: Path, bestandsnaam: str, inhoud: bytes, bron: str | None, eigenaar: int) -> str:
    """Keep an uploaded file under ``basis/uploads/<token>/`` (never where the web server serves files).

    Raises
    ------
    WijkkaartFout
        For a file type the browser import does not take, or an empty file.
    """
    naam = Path(bestandsnaam or "").name
    extensie = Path(naam).suffix.lower()
    if extensie not in EXTENSIES:
        raise WijkkaartFout(
            f"{naam or 'dit bestand'}: kies een CSV-, XLSX-, GeoJSON- of JSON-bestand "
            f"(niet {extensie or 'zonder extensie'})"
        )
    if not inhoud:
        raise WijkkaartFout(f"{naam}: het bestand is leeg")
    token = secrets.token_urlsafe(24)
    map_ = basis / "uploads" / token
    map_.mkdir(parents=True, mode=0o700)
    veilige_naam = "bestand" + extensie
    (map_ / veilige_naam).write_bytes(inhoud)
    bron = schone_tekst(bron) or Path(naam).stem
    meta = {"bestand": veilige_naam, "naam": naam, "bron": bron[:100], "eigenaar": eigenaar}
    (map_ / "upload.json").write_text(json.dumps(meta), "utf-8")
    return token


def controleer_eigenaar(basis: Path, token: str, gebruiker_id: int) -> None:
    """An upload is only seen and imported by who uploaded it."""
    if _meta(basis, token)["eigenaar"] != gebruiker_id:
        raise WijkkaartFout("deze upload is van iemand anders", http_status=404)


def voorbeeld(basis: Path, token: str, aantal_rijen: int = 5) -> Voorbeeld:
    """The first rows, the recognised (or saved) column per field, and the source's type values with a soort."""
    meta = _meta(basis, token)
    pad = _bestand(basis, token)
    invoer = lees_bestand(pad)
    opgeslagen = basis / "importmappings" / f"{slug(meta['bron'])}.toml"
    mapping = laad_mapping(opgeslagen if opgeslagen.exists() else None)
    herkend = mapping.kolom_voor(invoer.kolommen)
    keuzes = {veld: herkend.get(veld, "") for veld in KEUZEVELDEN}
    soortkolommen = [keuzes[v] for v in ("soort", "categorie") if keuzes[v]]
    waarden: dict[str, str] = {}
    for _rij, rij in invoer.rijen:
        for kolom in soortkolommen:
            tekst = schone_tekst(rij.get(kolom))
            if tekst and tekst not in waarden and len(waarden) < 60:
                vertaald = mapping.waarden.get("soort", {}).get(tekst)
                gevonden = herken_soort(tekst)
                waarden[tekst] = vertaald if isinstance(vertaald, str) else (gevonden.soort if gevonden else "")
    return Voorbeeld(
        token=token,
        bestandsnaam=meta["naam"],
        bron=meta["bron"],
        formaat=invoer.formaat,
        kolommen=invoer.kolommen,
        rijen=[rij for _n, rij in invoer.rijen[:aantal_rijen]],
        aantal=len(invoer.rijen) + len(invoer.rij_fouten),
        keuzes=keuzes,
        soortwaarden=dict(sorted(waarden.items(), key=lambda kv: kv[0].lower())),
        opgeslagen_mapping=opgeslagen.exists(),
    )


def _toml_tekst(waarde: str) -> str:
    # JSON strings without ASCII escaping are valid TOML basic strings.
    return json.dumps(waarde, ensure_ascii=False)


def mapping_toml(bron: str, kolomkeuzes: dict[str, str], soortkeuzes: dict[str, str]) -> str:
    """The choices as a mapping file (``docs/aanbod.md``): bron, columns (``""`` = not used), soort values."""
    regels = ["# Gemaakt met de import in de browser (wijkkaart).", f"bron = {_toml_tekst(bron)}", "", "[kolommen]"]
    for veld, kolom in kolomkeuzes.items():
        if veld in VELDEN:
            regels.append(f"{veld} = {_toml_tekst(kolom)}")
    geldig = {**SOORTEN_AANBOD, **SOORTEN_LOCATIE}
    vertaling = {w: s for w, s in soortkeuzes.items() if s in geldig}
    if vertaling:
        regels += ["", "[waarden.soort]"]
        regels += [f"{_toml_tekst(w)} = {_toml_tekst(s)}" for w, s in vertaling.items()]
    return "\n".join(regels) + "\n"


def bewaar_keuzes(basis: Path, token: str, kolomkeuzes: dict[str, str], soortkeuzes: dict[str, str]) -> Path:
    """Write the choices as the upload's mapping and as the saved mapping of its bron; return the upload's."""
    meta = _meta(basis, token)
    kolommen = set(lees_bestand(_bestand(basis, token)).kolommen)
    onbekend = sorted(k for k in kolomkeuzes.values() if k and k not in kolommen)
    if onbekend:
        raise WijkkaartFout(f"kolom(men) bestaan niet in het bestand: {', '.join(onbekend)}")
    tekst = mapping_toml(meta["bron"], {v: k for v, k in kolomkeuzes.items() if v in KEUZEVELDEN}, soortkeuzes)
    pad = _map(basis, token) / "mapping.toml"
    pad.write_text(tekst, "utf-8")
    laad_mapping(pad)  # what is saved must read back
    bewaard = basis / "importmappings" / f"{slug(meta['bron'])}.toml"
    bewaard.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pad, bewaard)
    return pad


def mapping_van(basis: Path, token: str) -> tuple[str, str]:
    """(file name, text) of the upload's mapping, to download."""
    meta = _meta(basis, token)
    pad = _map(basis, token) / "mapping.toml"
    if not pad.exists():
        raise WijkkaartFout("nog geen mapping: kies eerst de kolommen en controleer", http_status=404)
    return f"{slug(meta['bron'])}.toml", pad.read_text("utf-8")


@dataclass
class Importuitkomst:
    """A dry run or an import as the page shows it: the summary and every report line."""

    samenvatting: AanbodSamenvatting
    regels: list[dict]
    per_reden: list[tuple[str, str, int]]


def importeer(
    engine: Engine,
    keten: Keten,
    basis: Path,
    token: str,
    droog: bool,
    gemeenten: list[str] | None,
    wijken: list[str] | None,
) -> Importuitkomst:
    """Run the upload through ``import-aanbod`` with its mapping, limited to the editor's gemeenten and wijken."""
    meta = _meta(basis, token)
    mapping = _map(basis, token) / "mapping.toml"
    try:
        samenvatting = importeer_aanbod(
            engine,
            _bestand(basis, token),
            keten,
            gemeenten=gemeenten,
            wijken=wijken,
            mapping=mapping if mapping.exists() else None,
            bron=meta["bron"],
            droog=droog,
            rapport=_map(basis, token) / "rapport.csv",
            toon_voortgang=False,
        )
    except InvoerFout as fout:
        raise WijkkaartFout(str(fout).replace(str(_bestand(basis, token)), meta["naam"])) from fout
    regels = lees_rapport(samenvatting.rapport)
    tellers: dict[tuple[str, str], int] = {}
    for r in regels:
        # Group "mogelijk dubbel met rij 12 (…)" and the like under their first words.
        kern = re.split(r"[:(;]| rij \d", r["reden"], maxsplit=1)[0].strip()
        tellers[(r["gevolg"], kern)] = tellers.get((r["gevolg"], kern), 0) + 1
    per_reden = sorted(((g, k, n) for (g, k), n in tellers.items()), key=lambda t: (t[0] != "afgewezen", -t[2]))
    return Importuitkomst(samenvatting, regels, per_reden)
