"""Pluggable geocoders: coordinates from the file, offline address tables, PDOK Locatieserver.

A chain tries its geocoders in order; the first that finds a point wins and
records its ``precisie`` and name. A row no geocoder can place is reported;
nothing is put at a centroid unless the user asked for the PC4 table, whose
points are marked ``postcode`` with geocoder ``pc4-centroide``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import requests
from pyproj import Transformer
from requests.adapters import HTTPAdapter
from requests_cache import CacheMixin
from requests_ratelimiter import LimiterMixin
from urllib3.util.retry import Retry

from ..errors import InvoerFout, WijkkaartFout
from ..settings import PDOK_URL
from .records import Record

log = logging.getLogger(__name__)

_NAAR_RD = Transformer.from_crs(4326, 28992, always_xy=True)
_NAAR_WGS84 = Transformer.from_crs(28992, 4326, always_xy=True)
GEOCODERS = ("bestand", "adrestabel", "pdok", "pc4")


@dataclass(frozen=True)
class Punt:
    """A point in RD New with how it was found."""

    x: float
    y: float
    precisie: str
    geocoder: str


class NietGevonden(Exception):
    """This geocoder could not place the record; ``reden`` says why (for the report)."""

    def __init__(self, reden: str):
        super().__init__(reden)
        self.reden = reden


class GeocoderNietBereikbaar(WijkkaartFout):
    """An online geocoder failed after its retries; the import stops and writes nothing."""


def naar_rd(lon: float, lat: float) -> tuple[float, float]:
    """Return RD New (x, y) for WGS84 (lon, lat)."""
    return _NAAR_RD.transform(lon, lat)


def naar_wgs84(x: float, y: float) -> tuple[float, float]:
    """Return WGS84 (lon, lat) for RD New (x, y)."""
    return _NAAR_WGS84.transform(x, y)


def _huisnummer_sleutel(huisnummer: str | None) -> str | None:
    if not huisnummer:
        return None
    return "".join(huisnummer.upper().split())


def _huisnummer_getal(huisnummer: str | None) -> str | None:
    if not huisnummer:
        return None
    cijfers = ""
    for teken in huisnummer.strip():
        if not teken.isdigit():
            break
        cijfers += teken
    return cijfers or None


class BestandsCoordinaten:
    """Use the coordinates in the row (RD x/y before lat/lon)."""

    naam = "bestand"

    def zoek(self, record: Record) -> Punt | None:
        precisie = record.precisie or ("adres" if record.huisnummer or record.bag_id else "handmatig")
        geocoder = record.geocoder or self.naam
        if record.x is not None:
            return Punt(record.x, record.y, precisie, geocoder)
        if record.lat is not None:
            x, y = naar_rd(record.lon, record.lat)
            return Punt(x, y, precisie, geocoder)
        return None


class AdresTabel:
    """An offline table of postcode + huisnummer (or PC6 only) with coordinates.

    Built from any file ``import-aanbod`` can read that has postcode,
    huisnummer and coordinates, e.g. Amsterdam's 1,462 voorzieningen.
    """

    naam = "adrestabel"

    def __init__(self, adressen: dict[tuple[str, str | None], tuple[float, float]], bron: str):
        self.adressen = adressen
        self.bron = bron

    @classmethod
    def laad(cls, pad: str | Path) -> "AdresTabel":
        from .lezen import lees_bestand
        from .mapping import Mapping
        from .records import _getal, normaliseer_postcode, _Afgewezen

        invoer = lees_bestand(pad)
        kolom = Mapping().kolom_voor(invoer.kolommen)
        if "postcode" not in kolom or not ({"lat", "lon"} <= kolom.keys() or {"x", "y"} <= kolom.keys()):
            raise InvoerFout(str(pad), "adrestabel heeft kolommen postcode en lat/lon (of x/y) nodig")
        adressen = {}
        for rijnummer, rij in invoer.rijen:
            try:
                pc = normaliseer_postcode(rij.get(kolom["postcode"]))
                if "x" in kolom:
                    x, y = _getal("x", rij.get(kolom["x"])), _getal("y", rij.get(kolom["y"]))
                else:
                    lon, lat = _getal("lon", rij.get(kolom["lon"])), _getal("lat", rij.get(kolom["lat"]))
                    x, y = naar_rd(lon, lat) if lon is not None and lat is not None else (None, None)
            except _Afgewezen as fout:
                raise InvoerFout(str(pad), fout.reden, rij=rijnummer, veld=fout.veld) from None
            if pc is None or x is None:
                continue
            nummer = _huisnummer_sleutel(rij.get(kolom["huisnummer"])) if "huisnummer" in kolom else None
            adressen[(pc, nummer)] = (x, y)
        return cls(adressen, Path(pad).name)

    def zoek(self, record: Record) -> Punt | None:
        if not record.postcode:
            return None
        nummer = _huisnummer_sleutel(record.huisnummer)
        if nummer and (record.postcode, nummer) in self.adressen:
            x, y = self.adressen[(record.postcode, nummer)]
            return Punt(x, y, "adres", f"{self.naam}:{self.bron}")
        if (record.postcode, None) in self.adressen:
            x, y = self.adressen[(record.postcode, None)]
            return Punt(x, y, "postcode", f"{self.naam}:{self.bron}")
        return None


class Pc4Tabel:
    """PC4 centroids (e.g. ``nl_pc4_4pp_2014.csv``): a coarse fallback, only when asked for."""

    naam = "pc4-centroide"

    def __init__(self, centroiden: dict[str, tuple[float, float]]):
        self.centroiden = centroiden

    @classmethod
    def laad(cls, pad: str | Path) -> "Pc4Tabel":
        import pandas as pd

        pad = Path(pad)
        try:
            tabel = pd.read_csv(pad, dtype={"postcode": str})
        except (OSError, ValueError) as exc:
            raise InvoerFout(str(pad), f"PC4-tabel niet leesbaar: {exc}") from exc
        if not {"postcode", "latitude", "longitude"} <= set(tabel.columns):
            raise InvoerFout(str(pad), "PC4-tabel heeft kolommen postcode, latitude en longitude nodig")
        tabel = tabel.dropna(subset=["latitude", "longitude"])
        xs, ys = _NAAR_RD.transform(tabel["longitude"].to_numpy(), tabel["latitude"].to_numpy())
        return cls({pc: (x, y) for pc, x, y in zip(tabel["postcode"].str.zfill(4), xs, ys)})

    def zoek(self, record: Record) -> Punt | None:
        if not record.postcode:
            return None
        punt = self.centroiden.get(record.postcode[:4])
        return Punt(*punt, "postcode", self.naam) if punt else None


class _PdokSessie(CacheMixin, LimiterMixin, requests.Session):
    """Cached responses are served without waiting for the rate limiter (mixin order matters)."""


class PdokLocatieserver:
    """PDOK Locatieserver ``free`` search (v3_1), cached, rate-limited, with retries and a time-out.

    Only documents of type ``adres`` (or ``postcode`` when no huisnummer was
    asked for) whose postcode and house number match the question are
    accepted, so a near miss is reported instead of placed.
    """

    naam = "pdok"

    def __init__(
        self,
        url: str = PDOK_URL,
        cache_dir: str | Path | None = None,
        timeout: float = 10.0,
        pogingen: int = 3,
        per_seconde: float = 5.0,
        backoff: float = 0.5,
        postcode_alleen: bool = False,
    ):
        # Imports need a house number; the residents' finder also searches a bare PC6 postcode.
        self.postcode_alleen = postcode_alleen
        self.url = url
        self.timeout = timeout
        cache_name = str(Path(cache_dir) / "pdok") if cache_dir else "pdok"
        self.sessie = _PdokSessie(
            cache_name=cache_name,
            backend="filesystem" if cache_dir else "memory",
            expire_after=30 * 24 * 3600,
            per_second=per_seconde,
            allowable_codes=(200,),
        )
        retry = Retry(
            total=pogingen,
            backoff_factor=backoff,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=("GET",),
            respect_retry_after_header=True,
        )
        self.sessie.mount("http://", HTTPAdapter(max_retries=retry))
        self.sessie.mount("https://", HTTPAdapter(max_retries=retry))
        self.sessie.headers["User-Agent"] = "wijkkaart (https://github.com/wijkkaart)"
        self.aantal_verzoeken = 0

    def _vraag(self, record: Record) -> dict | None:
        nummer = _huisnummer_getal(record.huisnummer)
        if record.bag_id:
            return {"q": f"nummeraanduiding_id:{record.bag_id}", "fq": "type:adres"}
        if not nummer:
            if self.postcode_alleen and record.postcode and len(record.postcode) == 6:
                return {"q": f"postcode:{record.postcode}", "fq": "type:postcode"}
            return None
        if record.postcode and len(record.postcode) == 6:
            return {"q": f"postcode:{record.postcode} and huisnummer:{nummer}", "fq": "type:adres"}
        if record.straat and record.plaats:
            return {"q": f"{record.straat} {record.huisnummer} {record.plaats}", "fq": "type:adres"}
        return None

    def zoek(self, record: Record) -> Punt | None:
        vraag = self._vraag(record)
        if vraag is None:
            return None
        params = {**vraag, "rows": 1, "fl": "id type weergavenaam postcode huisnummer nummeraanduiding_id centroide_rd score"}
        try:
            antwoord = self.sessie.get(self.url, params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise GeocoderNietBereikbaar(
                f"PDOK Locatieserver niet bereikbaar ({self.url}): {type(exc).__name__}; "
                "niets geïmporteerd, probeer het later opnieuw of gebruik --geocoder zonder pdok"
            ) from exc
        if not getattr(antwoord, "from_cache", False):
            self.aantal_verzoeken += 1
        if antwoord.status_code == 400:
            try:
                melding = antwoord.json()["error"]["msg"]
            except (ValueError, KeyError, TypeError):
                melding = antwoord.text[:200]
            raise NietGevonden(f"PDOK weigert de vraag: {melding}")
        if antwoord.status_code != 200:
            raise GeocoderNietBereikbaar(
                f"PDOK Locatieserver antwoordt HTTP {antwoord.status_code}; niets geïmporteerd"
            )
        try:
            docs = antwoord.json()["response"]["docs"]
        except (ValueError, KeyError, TypeError) as exc:
            raise GeocoderNietBereikbaar("PDOK Locatieserver gaf geen leesbaar antwoord") from exc
        if not docs:
            raise NietGevonden("adres niet gevonden bij PDOK Locatieserver")
        doc = docs[0]
        if record.postcode and len(record.postcode) == 6 and doc.get("postcode") not in (None, record.postcode):
            raise NietGevonden(f"PDOK vond alleen {doc.get('weergavenaam')}, niet deze postcode")
        gevraagd = _huisnummer_getal(record.huisnummer)
        if gevraagd and doc.get("huisnummer") is not None and str(doc["huisnummer"]) != gevraagd:
            raise NietGevonden(f"PDOK vond alleen {doc.get('weergavenaam')}, niet dit huisnummer")
        rd = doc.get("centroide_rd", "")
        try:
            x, y = (float(v) for v in rd[rd.index("(") + 1 : rd.index(")")].split())
        except ValueError as exc:
            raise GeocoderNietBereikbaar("PDOK-antwoord zonder geldige centroide_rd") from exc
        precisie = "adres" if doc.get("type", "adres") == "adres" else "postcode"
        return Punt(x, y, precisie, self.naam)


class Keten:
    """Geocoders tried in order."""

    def __init__(self, geocoders: list):
        self.geocoders = geocoders

    @property
    def namen(self) -> list[str]:
        return [g.naam for g in self.geocoders]

    def zoek(self, record: Record) -> Punt:
        """Return the first point found.

        Raises
        ------
        NietGevonden
            With every geocoder's reason when none could place the record.
        """
        redenen = []
        for geocoder in self.geocoders:
            try:
                punt = geocoder.zoek(record)
            except NietGevonden as exc:
                redenen.append(exc.reden)
                continue
            if punt is not None:
                return punt
        if not (record.postcode or record.straat or record.bag_id):
            raise NietGevonden("geen coördinaten en geen adres")
        if not redenen:
            redenen.append(f"adres niet gevonden (geprobeerd: {', '.join(self.namen)})")
        raise NietGevonden("; ".join(redenen))


def maak_keten(
    namen: list[str],
    adrestabellen: list[str | Path] = (),
    pc4_tabel: str | Path | None = None,
    pdok_url: str = PDOK_URL,
    cache_dir: str | Path | None = None,
    pdok_per_seconde: float = 5.0,
) -> Keten:
    """Build a geocoder chain from names (see :data:`GEOCODERS`).

    Raises
    ------
    WijkkaartFout
        For an unknown name, ``adrestabel`` without tables or ``pc4`` without a table.
    """
    geocoders = []
    for naam in namen:
        if naam == "bestand":
            geocoders.append(BestandsCoordinaten())
        elif naam == "adrestabel":
            if not adrestabellen:
                raise WijkkaartFout("geocoder adrestabel gekozen zonder --adrestabel BESTAND")
            geocoders.extend(AdresTabel.laad(p) for p in adrestabellen)
        elif naam == "pdok":
            geocoders.append(PdokLocatieserver(pdok_url, cache_dir=cache_dir, per_seconde=pdok_per_seconde))
        elif naam == "pc4":
            if not pc4_tabel:
                raise WijkkaartFout("geocoder pc4 gekozen zonder --pc4-tabel BESTAND")
            geocoders.append(Pc4Tabel.laad(pc4_tabel))
        else:
            raise WijkkaartFout(f"onbekende geocoder {naam!r}; kies uit {', '.join(GEOCODERS)}")
    return Keten(geocoders)
