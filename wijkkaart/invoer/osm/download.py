"""Fetch an OpenStreetMap extract of a Dutch province (or the whole country) from Geofabrik into the cache.

Geofabrik publishes ``europe/netherlands/<provincie>-latest.osm.pbf``, renewed
daily, with an ``.md5`` file beside it; the checksum is checked when the
server has one. A cached extract is used as it is until ``--opnieuw``: the
summary says how old it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import requests

from ...kern.fouten import DienstNietBereikbaar, OngeldigeVraag, WijkkaartFout
from ..http import TIMEOUT, bewaar, http_session

#: The regions Geofabrik cuts the Netherlands into, and the whole country.
REGIOS = (
    "drenthe",
    "flevoland",
    "friesland",
    "gelderland",
    "groningen",
    "limburg",
    "noord-brabant",
    "noord-holland",
    "overijssel",
    "utrecht",
    "zeeland",
    "zuid-holland",
    "nederland",
)


@dataclass(frozen=True)
class Extract:
    """Where an extract lies locally, where it came from, and whether it came from the cache."""

    pad: Path
    url: str
    uit_cache: bool
    gewijzigd: dt.datetime
    md5_gecontroleerd: bool = False


def regio_van(tekst: str) -> str:
    """The region as Geofabrik names it: ``Noord Holland``, ``noord_holland`` and ``Noord-Holland`` are one region."""
    regio = "-".join(tekst.strip().lower().replace("_", " ").replace("-", " ").split())
    if regio == "netherlands":
        regio = "nederland"
    if regio not in REGIOS:
        raise OngeldigeVraag(f"onbekende regio {tekst!r}; kies uit {', '.join(REGIOS)}")
    return regio


def url_van(basis_url: str, regio: str) -> str:
    """Geofabrik's address of a region's newest extract."""
    pad = "netherlands-latest.osm.pbf" if regio == "nederland" else f"netherlands/{regio}-latest.osm.pbf"
    return basis_url.rstrip("/") + "/" + pad


def is_pbf(pad: Path) -> str | None:
    """Why the file is no OpenStreetMap PBF (its first block must be an ``OSMHeader``), or None."""
    with open(pad, "rb") as f:
        begin = f.read(64)
    return None if b"OSMHeader" in begin else "geen OpenStreetMap-extract (.osm.pbf)"


def download_extract(
    regio: str,
    basis_url: str,
    cache_dir: Path,
    opnieuw: bool = False,
    session: requests.Session | None = None,
    toon_voortgang: bool | None = None,
) -> Extract:
    """Return the local path of the region's extract, downloading it when it is not cached (or ``opnieuw``).

    Raises
    ------
    OngeldigeVraag
        For a region Geofabrik does not cut out.
    DienstNietBereikbaar
        When the server cannot be reached or answers with an error.
    WijkkaartFout
        When the download is incomplete, no PBF, or its checksum differs.
    """
    regio = regio_van(regio)
    url = url_van(basis_url, regio)
    doel = Path(cache_dir) / "osm" / url.rsplit("/", 1)[1]
    if doel.exists() and not opnieuw:
        return Extract(doel, url, True, _gewijzigd(doel))
    session = session or http_session()
    md5 = _md5(session, url)
    try:
        response = session.get(url, stream=True, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise DienstNietBereikbaar(f"kan {url} niet bereiken: {exc.__class__.__name__}: {exc}") from exc
    if response.status_code != 200:
        response.close()
        raise DienstNietBereikbaar(f"{url} antwoordde met HTTP {response.status_code}")

    def controle(pad: Path) -> str | None:
        if md5 and _md5_van(pad) != md5:
            return "controlegetal (md5) klopt niet; het bestand is beschadigd overgekomen"
        return is_pbf(pad)

    bewaar(response, url, doel, toon_voortgang, controle)
    return Extract(doel, url, False, _gewijzigd(doel), md5_gecontroleerd=bool(md5))


def _md5(session: requests.Session, url: str) -> str | None:
    """The checksum Geofabrik publishes beside the file (``<md5>  <name>``), or None when there is none."""
    try:
        antwoord = session.get(url + ".md5", timeout=TIMEOUT)
    except requests.RequestException:
        return None
    if antwoord.status_code != 200:
        return None
    woord = antwoord.text.split()[0].lower() if antwoord.text.split() else ""
    if len(woord) != 32 or any(c not in "0123456789abcdef" for c in woord):
        raise WijkkaartFout(f"{url}.md5 bevat geen md5-controlegetal")
    return woord


def _md5_van(pad: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def _gewijzigd(pad: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(pad.stat().st_mtime, dt.UTC).replace(tzinfo=None)
