"""The geocoder chains wijkkaart uses, built in one place from the settings.

Three profiles, each a :class:`~wijkkaart.invoer.geocoding.Keten` from the
geocoders registry:

- ``import``: the file's coordinates, then offline address tables when given,
  then PDOK with retries; an outage stops the import before anything is written.
- ``formulier``: PDOK on the address an editor typed, one try with a short
  time-out (the editor can always place the pin by hand).
- ``vinder``: PDOK for a resident's postcode or address, stepping aside for
  five minutes when it is down, then PC4 centroids when that table exists.
"""

from __future__ import annotations

from pathlib import Path

from ..invoer.geocoding import GeocoderOpties, Keten, maak_keten

__all__ = ["Keten", "formulier_keten", "hergeocodeer_keten", "import_keten", "vinder_keten"]
from ..kern.settings import Settings

#: The PC4 table the finder falls back on (from the shared data), when present.
PC4_BESTAND = "nl_pc4_4pp_2014.csv"


def _basis(settings: Settings, **meer) -> GeocoderOpties:
    return GeocoderOpties(
        pdok_url=settings.pdok_url, cache_dir=settings.cache_dir, pdok_per_seconde=settings.pdok_per_seconde, **meer
    )


def import_keten(settings: Settings, namen: list[str] | None = None, adrestabellen=(), pc4_tabel=None) -> Keten:
    """The chain of ``import-aanbod``; ``namen`` default to bestand[,adrestabel],pdok."""
    namen = namen or ["bestand", *(["adrestabel"] if adrestabellen else []), "pdok"]
    return maak_keten(namen, _basis(settings, adrestabellen=tuple(adrestabellen), pc4_tabel=pc4_tabel))


def hergeocodeer_keten(settings: Settings, namen: list[str] | None = None, adrestabellen=(), pc4_tabel=None) -> Keten:
    """The chain of ``wijkkaart geocode``: stored points are not "from the file", so [adrestabel,]pdok."""
    namen = namen or [*(["adrestabel"] if adrestabellen else []), "pdok"]
    return maak_keten(namen, _basis(settings, adrestabellen=tuple(adrestabellen), pc4_tabel=pc4_tabel))


def formulier_keten(settings: Settings) -> Keten:
    """The chain of the editing forms: PDOK, one try, five seconds."""
    return maak_keten(["pdok"], _basis(settings, timeout=5.0, pogingen=1))


def vinder_keten(settings: Settings, pc4_tabel: Path | None = None) -> Keten:
    """The chain of the residents' finder: PDOK (also a bare PC6 postcode), then PC4 centroids when the table exists."""
    pc4 = Path(pc4_tabel) if pc4_tabel else settings.data_dir / PC4_BESTAND
    namen = ["pdok", *(["pc4"] if pc4.exists() else [])]
    return maak_keten(
        namen, _basis(settings, timeout=5.0, pogingen=1, postcode_alleen=True, pauze_na_storing=300.0, pc4_tabel=pc4)
    )
