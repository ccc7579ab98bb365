"""PDOK Locatieserver ``free`` search (v3_1): cached, rate-limited, with retries and a time-out."""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ...kern.crs import Punt
from ...kern.settings import PDOK_URL
from .basis import Adresvraag, GeocoderNietBereikbaar, NietGevonden, huisnummer_getal


@cache
def _pdok_sessie() -> type:
    """The session class: cached responses are served without waiting for the rate limiter (mixin order matters).

    Made on first use: requests-cache loads its backends (Redis among them) when imported, which every
    command would otherwise pay for at start-up.
    """
    # requests-cache imports its storage backends (Redis among them) when loaded: only when PDOK is used.
    from requests_cache import CacheMixin  # noqa: PLC0415

    # Loaded beside it, for the same reason.
    from requests_ratelimiter import LimiterMixin  # noqa: PLC0415

    class _PdokSessie(CacheMixin, LimiterMixin, requests.Session):
        pass

    return _PdokSessie


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
        self.sessie = _pdok_sessie()(
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

    def _vraag(self, record: Adresvraag) -> dict | None:
        nummer = huisnummer_getal(record.huisnummer)
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

    def zoek(self, record: Adresvraag) -> Punt | None:
        """The address's point from PDOK, only when postcode and house number match the question."""
        vraag = self._vraag(record)
        if vraag is None:
            return None
        params = {
            **vraag,
            "rows": 1,
            "fl": "id type weergavenaam postcode huisnummer nummeraanduiding_id centroide_rd score",
        }
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
            raise NietGevonden("adres niet gevonden bij PDOK: controleer straat, huisnummer en postcode")
        doc = docs[0]
        if record.postcode and len(record.postcode) == 6 and doc.get("postcode") not in (None, record.postcode):
            raise NietGevonden(f"PDOK vond alleen {doc.get('weergavenaam')}, niet deze postcode")
        gevraagd = huisnummer_getal(record.huisnummer)
        if gevraagd and doc.get("huisnummer") is not None and str(doc["huisnummer"]) != gevraagd:
            raise NietGevonden(f"PDOK vond alleen {doc.get('weergavenaam')}, niet dit huisnummer")
        rd = doc.get("centroide_rd", "")
        try:
            x, y = (float(v) for v in rd[rd.index("(") + 1 : rd.index(")")].split())
        except ValueError as exc:
            raise GeocoderNietBereikbaar("PDOK-antwoord zonder geldige centroide_rd") from exc
        precisie = "adres" if doc.get("type", "adres") == "adres" else "postcode"
        return Punt(x, y, precisie, self.naam)

    @classmethod
    def uit_opties(cls, opties) -> list:
        """The registry's factory; with ``opties.pauze_na_storing`` it steps aside while PDOK is down."""
        pdok = cls(
            opties.pdok_url,
            cache_dir=opties.cache_dir,
            timeout=opties.timeout,
            pogingen=opties.pogingen,
            per_seconde=opties.pdok_per_seconde,
            postcode_alleen=opties.postcode_alleen,
        )
        return [Terugval(pdok, opties.pauze_na_storing) if opties.pauze_na_storing else pdok]


class Terugval:
    """A geocoder that, when its service is unreachable, steps aside so the next one can answer.

    Imports stop when PDOK is down (nothing half-placed); a resident searching
    should still get the PC4 answer. After a failure the service is skipped for
    ``pauze_s`` seconds so an offline intranet does not wait on every search.
    """

    def __init__(self, geocoder, pauze_s: float = 300.0):
        self.geocoder = geocoder
        self.naam = geocoder.naam
        self.pauze_s = pauze_s
        self._weer_proberen = 0.0

    def zoek(self, record: Adresvraag):
        """The wrapped geocoder's point; None while its service is down."""
        if time.monotonic() < self._weer_proberen:
            return None
        try:
            return self.geocoder.zoek(record)
        except GeocoderNietBereikbaar:
            self._weer_proberen = time.monotonic() + self.pauze_s
            return None
