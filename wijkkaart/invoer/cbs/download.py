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
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.util.retry import Retry

from ...kern.fouten import DienstNietBereikbaar, WijkkaartFout

VERSIES = (3, 2, 1, 0)
TIMEOUT = (10, 120)  # connect, read (seconds)


@dataclass(frozen=True)
class Download:
    """Where a release lies locally and whether it came from the cache."""

    pad: Path
    url: str
    uit_cache: bool


def http_session(retries: int = 3) -> requests.Session:
    """Return a session that retries transient failures with exponential backoff."""
    session = requests.Session()
    retry = Retry(
        total=retries,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=("GET", "HEAD"),
        respect_retry_after_header=True,
    )
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.headers["User-Agent"] = "wijkkaart (+https://github.com/wijkkaart)"
    return session


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
        return Download(_bewaar(response, url, cache_dir / bestandsnaam(jaar, v), toon_voortgang), url, False)
    raise WijkkaartFout(
        f"CBS heeft geen wijk- en buurtkaart {jaar} op {basis_url} (geprobeerd: {', '.join(geprobeerd)})"
    )


def _bewaar(response, url, doel: Path, toon_voortgang) -> Path:
    doel.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = doel.with_suffix(doel.suffix + ".part")
    total = int(response.headers.get("Content-Length") or 0) or None
    try:
        with (
            response,
            open(tijdelijk, "wb") as out,
            tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc=doel.name,
                disable=None if toon_voortgang is None else not toon_voortgang,
            ) as bar,
        ):
            for chunk in response.iter_content(chunk_size=1 << 16):
                out.write(chunk)
                bar.update(len(chunk))
        if total is not None and tijdelijk.stat().st_size != total:
            raise WijkkaartFout(f"download van {url} onvolledig: {tijdelijk.stat().st_size} van {total} bytes")
        if not zipfile.is_zipfile(tijdelijk):
            raise WijkkaartFout(f"{url} leverde geen zip-bestand op")
        tijdelijk.replace(doel)
    except requests.RequestException as exc:
        raise DienstNietBereikbaar(f"download van {url} afgebroken: {exc}") from exc
    finally:
        tijdelijk.unlink(missing_ok=True)
    return doel
