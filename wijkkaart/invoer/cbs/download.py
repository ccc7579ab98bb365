"""Fetch the official CBS Wijk- en Buurtkaart release into a local cache.

CBS publishes each jaargang as ``wijkbuurtkaart_<jaar>_v<versie>.zip`` under
its regional-maps download area and replaces it by a higher version when
figures are revised; without an explicit version the newest one present wins.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import requests

from ...kern.fouten import DienstNietBereikbaar, WijkkaartFout
from ..http import TIMEOUT, bewaar, http_session

VERSIES = (3, 2, 1, 0)


@dataclass(frozen=True)
class Download:
    """Where a release lies locally and whether it came from the cache."""

    pad: Path
    url: str
    uit_cache: bool


def bestandsnaam(jaar: int, versie: int) -> str:
    """Return CBS's file name of a release."""
    return f"wijkbuurtkaart_{jaar}_v{versie}.zip"


def _url(basis_url: str, jaar: int, versie: int) -> str:
    return basis_url.rstrip("/") + "/" + bestandsnaam(jaar, versie)


def download_cbs(
    jaar: int,
    basis_url: str,
    cache_dir: Path,
    versie: int | None = None,
    opnieuw: bool = False,
    session: requests.Session | None = None,
    toon_voortgang: bool | None = None,
) -> Download:
    """Return the local path of the CBS release of ``jaar``, downloading it when not cached.

    Parameters
    ----------
    jaar : int
        Jaargang, e.g. 2024.
    basis_url : str
        Base URL of the CBS regional maps (``WIJKKAART_CBS_DOWNLOAD_URL``).
    cache_dir : Path
        Cache folder; files keep CBS's name.
    versie : int, optional
        A specific version; by default the newest present (3, 2, 1, 0).
    opnieuw : bool
        Download again even when cached.

    Raises
    ------
    WijkkaartFout
        When no version exists, the server cannot be reached, or the file is no zip.
    """
    if not 1990 <= int(jaar) <= 2100:
        raise WijkkaartFout(f"--jaar {jaar} is geen jaargang")
    cache_dir = Path(cache_dir) / "cbs"
    versies = (versie,) if versie is not None else VERSIES
    if not opnieuw:
        for v in versies:
            cached = cache_dir / bestandsnaam(jaar, v)
            if cached.exists():
                return Download(cached, _url(basis_url, jaar, v), True)
    session = session or http_session()
    geprobeerd = []
    for v in versies:
        url = _url(basis_url, jaar, v)
        try:
            response = session.get(url, stream=True, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise DienstNietBereikbaar(f"kan {url} niet bereiken: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code == 404:
            geprobeerd.append(f"v{v}")
            response.close()
            continue
        if response.status_code != 200:
            response.close()
            raise DienstNietBereikbaar(f"{url} antwoordde met HTTP {response.status_code}")
        return Download(bewaar(response, url, cache_dir / bestandsnaam(jaar, v), toon_voortgang, _is_zip), url, False)
    raise WijkkaartFout(
        f"CBS heeft geen wijk- en buurtkaart {jaar} op {basis_url} (geprobeerd: {', '.join(geprobeerd)})"
    )


def _is_zip(pad: Path) -> str | None:
    return None if zipfile.is_zipfile(pad) else "geen zip-bestand"
