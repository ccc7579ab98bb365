"""Downloads over HTTP for the importers: retries with backoff, a progress bar, and nothing half-written in the cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.util.retry import Retry

from ..kern.fouten import DienstNietBereikbaar, WijkkaartFout

TIMEOUT = (10, 120)  # connect, read (seconds)


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


def bewaar(
    response: requests.Response,
    url: str,
    doel: Path,
    toon_voortgang: bool | None,
    controle: Callable[[Path], str | None] | None = None,
) -> Path:
    """Stream ``response`` to ``doel`` through a ``.part`` file that only becomes ``doel`` when complete and sound.

    Parameters
    ----------
    controle : callable, optional
        Called with the finished ``.part`` file; returns why it is unusable (or None).

    Raises
    ------
    WijkkaartFout
        When the download stops short of its Content-Length or fails ``controle``.
    DienstNietBereikbaar
        When the connection breaks off.
    """
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
        reden = controle(tijdelijk) if controle else None
        if reden:
            raise WijkkaartFout(f"{url}: {reden}")
        tijdelijk.replace(doel)
    except requests.RequestException as exc:
        raise DienstNietBereikbaar(f"download van {url} afgebroken: {exc}") from exc
    finally:
        tijdelijk.unlink(missing_ok=True)
    return doel
