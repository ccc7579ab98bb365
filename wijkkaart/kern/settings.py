"""Every setting wijkkaart reads from the environment, in one place.

| variable | meaning | default |
|---|---|---|
| ``WIJKKAART_DATABASE_URL`` | SQLAlchemy URL; ``sqlite:///…`` is SpatiaLite, ``postgresql+psycopg://…`` is PostGIS | SpatiaLite file ``data/wijkkaart.sqlite`` |
| ``WIJKKAART_DATA_DIR`` | where the shared CBS/venue data lies (read only, for the demo) | ``../shared/data`` beside the checkout, else beside the local repository it was cloned from |
| ``WIJKKAART_CACHE_DIR`` | where ``download-cbs`` keeps what it fetched | ``data/cache`` |
| ``WIJKKAART_CBS_DOWNLOAD_URL`` | base URL of the CBS regional maps | ``https://download.cbs.nl/regionale-kaarten/`` |
| ``WIJKKAART_OSM_DOWNLOAD_URL`` | base URL of the OpenStreetMap extracts ``netwerk download`` fetches (Geofabrik's layout) | ``https://download.geofabrik.de/europe/`` |
| ``WIJKKAART_BASEMAP`` | ``osm``, ``pdok`` (BRT-Achtergrondkaart), ``geen``, or a tile URL template | ``osm`` |
| ``WIJKKAART_PDOK_URL`` | PDOK Locatieserver ``free`` endpoint used by the ``pdok`` geocoder | ``https://api.pdok.nl/bzk/locatieserver/search/v3_1/free`` |
| ``WIJKKAART_PDOK_PER_SECONDE`` | polite rate limit for PDOK requests | ``5`` |
| ``WIJKKAART_SECRET_KEY`` | Flask secret key (sessions, CSRF); set it when servers on several machines share the work | made once into ``instance/secret_key`` (0600) |
| ``WIJKKAART_INSTANCE_DIR`` | where the made secret key is kept | ``instance`` in the checkout |
| ``WIJKKAART_VERIFICATIE_DAGEN`` | aanbod not verified for more days than this is flagged "te verifiëren" | ``180`` |
| ``WIJKKAART_SESSIE_MINUTEN`` | a login ends after this many minutes without a request (and always after 12 hours) | ``120`` |
| ``WIJKKAART_HTTPS`` | ``ja``: session cookies are always ``Secure`` (otherwise only on https requests) | unset |
| ``WIJKKAART_ACHTER_PROXY`` | ``ja``: trust one proxy's ``X-Forwarded-For``/``-Proto`` (for the rate limits and https) | unset |
| ``WIJKKAART_PROXY_ADRES`` | the address that proxy connects from (``wijkkaart serve`` trusts its headers only) | ``127.0.0.1`` |
| ``WIJKKAART_LIMIET_OPSLAG`` | where rate-limit counters live (``memory://``, ``redis://…``); use a shared one with several processes | ``memory://`` |
| ``WIJKKAART_CACHE_OPSLAG`` | where computed results (the gap analysis) are kept: ``memory://`` (each process its own), ``redis://…`` (shared by every worker) or ``geen`` | ``memory://`` |
| ``SPATIALITE_LIBRARY_PATH`` | the SpatiaLite module to load | ``mod_spatialite`` |
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, field
from pathlib import Path

#: The checkout this package lives in (editable install); holds ``data/`` and ``static/``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Basemap:
    """A tile layer the map may request from a third party."""

    naam: str
    url: str | None
    attributie: str


BASEMAPS = {
    "osm": Basemap(
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bijdragers',
    ),
    "pdok": Basemap(
        "BRT-Achtergrondkaart (PDOK)",
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
        'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a>',
    ),
    "geen": Basemap("Geen achtergrond", None, ""),
}


def basemap_from(value: str) -> Basemap:
    """Return the basemap a setting names: a known key or a ``{z}/{x}/{y}`` URL template."""
    value = (value or "osm").strip()
    if value in BASEMAPS:
        return BASEMAPS[value]
    if value.startswith(("http://", "https://")) and "{z}" in value:
        return Basemap("Achtergrondkaart", value, "")
    raise ValueError(f"WIJKKAART_BASEMAP={value!r} is onbekend: kies osm, pdok, geen of een URL met {{z}}/{{x}}/{{y}}")


#: PDOK Locatieserver ``free`` search, v3_1 (the ``pdok`` geocoder's default endpoint).
PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
OSM_DOWNLOAD_URL = "https://download.geofabrik.de/europe/"


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with :func:`from_env`."""

    database_url: str
    data_dir: Path
    cache_dir: Path
    cbs_download_url: str
    basemap: Basemap
    osm_download_url: str = OSM_DOWNLOAD_URL
    secret_key: str | None = field(default=None, repr=False)
    instance_dir: Path = PROJECT_ROOT / "instance"
    pdok_url: str = PDOK_URL
    pdok_per_seconde: float = 5.0
    verificatie_dagen: int = 180
    sessie_minuten: int = 120
    https: bool = False
    achter_proxy: bool = False
    proxy_adres: str = "127.0.0.1"
    limiet_opslag: str = "memory://"
    cache_opslag: str = "memory://"
    #: Sites that may show the embeddable maps (/embed/…) in a frame: CSP frame-ancestors sources,
    #: space-separated ("https://wijkkrant.nl https://buurthuis.nl"); "*" lets every site embed them.
    embed_toegestaan: str = "*"


def default_data_dir() -> Path:
    """Return ``../shared/data`` beside the checkout, or beside the local repository it was cloned from.

    A clean clone in a scratch folder (``git clone . /tmp/fresh``) has no
    ``shared/`` beside it; its ``origin`` is then a local path whose
    neighbour does. The first candidate is returned when neither exists, so
    messages name the documented place.
    """
    kandidaten = [PROJECT_ROOT.parent / "shared" / "data"]
    config = PROJECT_ROOT / ".git" / "config"
    if config.is_file():
        parser = configparser.ConfigParser(strict=True)
        try:
            parser.read(config, encoding="utf-8")
            origin = parser.get('remote "origin"', "url", fallback="")
        except configparser.Error:
            origin = ""
        if origin and "://" not in origin and ":" not in origin.split("/")[0]:
            kandidaten.append(Path(origin).resolve().parent / "shared" / "data")
    return next((k for k in kandidaten if (k / "SOURCES.md").exists()), kandidaten[0])


def default_database_url() -> str:
    """Return the URL of the embedded SpatiaLite database under ``data/``."""
    return f"sqlite:///{PROJECT_ROOT / 'data' / 'wijkkaart.sqlite'}"


def from_env(env: dict[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env
    return Settings(
        database_url=env.get("WIJKKAART_DATABASE_URL") or default_database_url(),
        data_dir=Path(env.get("WIJKKAART_DATA_DIR") or default_data_dir()),
        cache_dir=Path(env.get("WIJKKAART_CACHE_DIR") or PROJECT_ROOT / "data" / "cache"),
        cbs_download_url=env.get("WIJKKAART_CBS_DOWNLOAD_URL") or "https://download.cbs.nl/regionale-kaarten/",
        basemap=basemap_from(env.get("WIJKKAART_BASEMAP", "osm")),
        osm_download_url=env.get("WIJKKAART_OSM_DOWNLOAD_URL") or OSM_DOWNLOAD_URL,
        secret_key=env.get("WIJKKAART_SECRET_KEY") or None,
        instance_dir=Path(env.get("WIJKKAART_INSTANCE_DIR") or PROJECT_ROOT / "instance"),
        pdok_url=env.get("WIJKKAART_PDOK_URL") or PDOK_URL,
        pdok_per_seconde=float(env.get("WIJKKAART_PDOK_PER_SECONDE") or 5),
        verificatie_dagen=int(env.get("WIJKKAART_VERIFICATIE_DAGEN") or 180),
        sessie_minuten=int(env.get("WIJKKAART_SESSIE_MINUTEN") or 120),
        embed_toegestaan=env.get("WIJKKAART_EMBED_TOEGESTAAN") or "*",
        https=_ja(env.get("WIJKKAART_HTTPS")),
        achter_proxy=_ja(env.get("WIJKKAART_ACHTER_PROXY")),
        proxy_adres=env.get("WIJKKAART_PROXY_ADRES") or "127.0.0.1",
        limiet_opslag=env.get("WIJKKAART_LIMIET_OPSLAG") or "memory://",
        cache_opslag=env.get("WIJKKAART_CACHE_OPSLAG") or "memory://",
    )


def _ja(waarde: str | None) -> bool:
    return (waarde or "").strip().lower() in ("1", "ja", "yes", "true", "on")
