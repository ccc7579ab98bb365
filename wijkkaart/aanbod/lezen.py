"""Read aanbod files into numbered rows: CSV, XLSX, GeoJSON, OSM (Overpass JSON), JSON records, HSDS.

Readers only turn a file into ``(rijnummer, {kolom: waarde})`` pairs; they
do not judge values. A problem with the file as a whole raises
:class:`~wijkkaart.errors.InvoerFout` before anything is written; a problem
with one row (such as bytes that are not UTF-8 in an otherwise UTF-8 file) is
returned as a row error and ends up in the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvoerFout

#: OSM amenity values and the locatie soort they become.
OSM_SOORTEN = {
    "community_centre": "buurthuis",
    "social_facility": "zorglocatie",
    "library": "bibliotheek",
    "social_centre": "buurthuis",
    "place_of_worship": "gebedshuis",
}


@dataclass
class Invoer:
    """A file read into rows, before mapping and validation."""

    bestand: str
    formaat: str
    kolommen: list[str]
    rijen: list[tuple[int, dict]]
    rij_fouten: list[tuple[int, str, str]] = field(default_factory=list)
    #: True when the rows already use canonical field names (HSDS, our own exports).
    canoniek: bool = False


def lees_bestand(pad: str | Path) -> Invoer:
    """Read ``pad`` and return its rows; the format follows from the extension and the contents.

    Raises
    ------
    InvoerFout
        When the file is missing, empty, or not a supported format.
    """
    pad = Path(pad)
    if not pad.exists():
        raise InvoerFout(str(pad), "bestand bestaat niet")
    if pad.is_dir() or pad.suffix.lower() == ".zip":
        from .hsds import lees_pakket

        invoer = lees_pakket(pad)
    else:
        achtervoegsel = pad.suffix.lower()
        if achtervoegsel in (".csv", ".txt", ".tsv"):
            invoer = _lees_csv(pad)
        elif achtervoegsel in (".xlsx", ".xlsm"):
            invoer = _lees_xlsx(pad)
        elif achtervoegsel in (".json", ".geojson"):
            invoer = _lees_json(pad)
        else:
            raise InvoerFout(
                str(pad),
                f"onbekend bestandstype {pad.suffix or '(geen extensie)'}: "
                "gebruik CSV, XLSX, GeoJSON, OSM-JSON of een HSDS-pakket (map of zip)",
            )
    if not invoer.rijen and not invoer.rij_fouten:
        raise InvoerFout(str(pad), "bestand bevat geen rijen")
    return invoer


# ------------------------------------------------------------------- CSV

def _decodeer(ruw: bytes) -> tuple[list[str | None], str]:
    """Split ``ruw`` into lines decoded as UTF-8, or Windows-1252 when the file is not UTF-8.

    A file that is UTF-8 in most lines but has lines that are not (a mix of
    encodings after copy-paste) keeps UTF-8; its undecodable lines are
    returned as ``None`` so the caller can reject exactly those rows.
    """
    if ruw.startswith(b"\xef\xbb\xbf"):
        ruw = ruw[3:]
    try:
        return ruw.decode("utf-8").splitlines(keepends=True), "utf-8"
    except UnicodeDecodeError:
        pass
    regels = ruw.splitlines(keepends=True)
    utf8_niet_ascii = 0
    gedecodeerd: list[str | None] = []
    for regel in regels:
        try:
            tekst = regel.decode("utf-8")
            if not tekst.isascii():
                utf8_niet_ascii += 1
            gedecodeerd.append(tekst)
        except UnicodeDecodeError:
            gedecodeerd.append(None)
    if utf8_niet_ascii:
        return gedecodeerd, "utf-8 (gemengd)"
    return ruw.decode("cp1252", errors="replace").splitlines(keepends=True), "windows-1252"


def _lees_csv(pad: Path) -> Invoer:
    ruw = pad.read_bytes()
    regels, codering = _decodeer(ruw)
    if not regels or regels[0] is None or not regels[0].strip():
        if not any(r and r.strip() for r in regels if r is not None):
            raise InvoerFout(str(pad), "bestand bevat geen rijen")
        raise InvoerFout(str(pad), "eerste regel is geen leesbare kopregel", rij=1)
    kop = regels[0]
    scheiding = ";" if kop.count(";") > kop.count(",") else ("\t" if kop.count("\t") > kop.count(",") else ",")
    # Undecodable lines become rows of their own: keep a marker so the csv
    # module still sees one record, and report the row afterwards.
    markeer = "\x00ONLEESBAAR\x00"
    tekst = "".join(r if r is not None else markeer + "\n" for r in regels)
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    try:
        kolommen = [k.strip() for k in next(lezer)]
    except StopIteration:
        raise InvoerFout(str(pad), "bestand bevat geen rijen") from None
    if len(set(kolommen)) != len(kolommen):
        dubbel = sorted({k for k in kolommen if kolommen.count(k) > 1})
        raise InvoerFout(str(pad), f"kolomnamen komen dubbel voor: {', '.join(dubbel)}", rij=1)
    rijen, fouten = [], []
    for waarden in lezer:
        rijnummer = lezer.line_num
        if waarden == [markeer]:
            fouten.append((rijnummer, "", "rij is geen geldige UTF-8 terwijl de rest van het bestand dat wel is"))
            continue
        if not any(w.strip() for w in waarden):
            continue
        if len(waarden) > len(kolommen):
            fouten.append((rijnummer, "", f"{len(waarden)} waarden voor {len(kolommen)} kolommen"))
            continue
        rijen.append((rijnummer, {k: (v.strip() or None) for k, v in zip(kolommen, waarden)}))
    return Invoer(str(pad), f"CSV ({codering}, '{scheiding}')", kolommen, rijen, fouten)


# ------------------------------------------------------------------ XLSX

def _cel(waarde):
    if isinstance(waarde, dt.datetime):
        return waarde.date().isoformat() if waarde.time() == dt.time() else waarde.isoformat()
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if waarde is None:
        return None
    tekst = str(waarde).strip()
    return tekst or None


def _lees_xlsx(pad: Path) -> Invoer:
    from openpyxl import load_workbook

    try:
        boek = load_workbook(pad, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise InvoerFout(str(pad), f"geen leesbaar XLSX-bestand ({type(exc).__name__})") from exc
    blad = boek.worksheets[0]
    rijen_iter = blad.iter_rows(values_only=True)
    try:
        kop = next(rijen_iter)
    except StopIteration:
        raise InvoerFout(str(pad), "bestand bevat geen rijen") from None
    kolommen = [str(k).strip() if k is not None else f"kolom_{i + 1}" for i, k in enumerate(kop)]
    rijen = []
    for rijnummer, waarden in enumerate(rijen_iter, start=2):
        waarden = [_cel(w) for w in waarden]
        if not any(w is not None for w in waarden):
            continue
        rijen.append((rijnummer, dict(zip(kolommen, waarden))))
    boek.close()
    return Invoer(str(pad), f"XLSX (blad {blad.title!r})", kolommen, rijen)


# ------------------------------------------------------------------ JSON

def _lees_json(pad: Path) -> Invoer:
    try:
        data = json.loads(pad.read_text("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvoerFout(str(pad), "JSON moet UTF-8 zijn") from exc
    except json.JSONDecodeError as exc:
        if not pad.read_bytes().strip():
            raise InvoerFout(str(pad), "bestand bevat geen rijen") from None
        raise InvoerFout(str(pad), f"geen geldige JSON: {exc.msg}", rij=exc.lineno) from exc
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return _lees_geojson(pad, data)
    if isinstance(data, dict) and isinstance(data.get("elements"), list):
        return _lees_overpass(pad, data)
    from .hsds import is_hsds_json, lees_json as lees_hsds_json

    if is_hsds_json(data):
        return lees_hsds_json(pad, data)
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        kolommen = list(dict.fromkeys(k for r in data for k in r))
        return Invoer(str(pad), "JSON-records", kolommen, [(i, dict(r)) for i, r in enumerate(data, start=1)])
    raise InvoerFout(
        str(pad),
        "JSON is geen GeoJSON FeatureCollection, Overpass-antwoord, HSDS of lijst van records",
    )


def _osm_soort(eigenschappen: dict) -> None:
    """Derive ``soort`` from OSM tags; unknown tags stay visible (``osm:office=ngo``) so the report names them."""
    if "soort" in eigenschappen or "type" in eigenschappen:
        return
    amenity = eigenschappen.get("amenity")
    if amenity:
        eigenschappen["soort"] = OSM_SOORTEN.get(amenity, f"osm:amenity={amenity}")
        return
    for sleutel in ("office", "leisure", "social_facility", "club", "shop"):
        if eigenschappen.get(sleutel):
            eigenschappen["soort"] = f"osm:{sleutel}={eigenschappen[sleutel]}"
            return


def _lees_geojson(pad: Path, data: dict) -> Invoer:
    import shapely.geometry

    rijen, fouten = [], []
    kolommen: dict[str, None] = {}
    osm = False
    for nummer, feature in enumerate(data.get("features") or [], start=1):
        eigenschappen = dict(feature.get("properties") or {})
        if "tags" in eigenschappen and isinstance(eigenschappen["tags"], dict):
            eigenschappen.update(eigenschappen.pop("tags"))
        if "amenity" in eigenschappen or "@id" in eigenschappen:
            osm = True
            _osm_soort(eigenschappen)
            if "@id" not in eigenschappen and feature.get("id") is not None:
                eigenschappen["@id"] = str(feature["id"])
        elif "id" not in eigenschappen and feature.get("id") is not None:
            eigenschappen["id"] = feature["id"]
        geometrie = feature.get("geometry")
        if geometrie:
            try:
                vorm = shapely.geometry.shape(geometrie)
            except (ValueError, TypeError, AttributeError, KeyError):
                fouten.append((nummer, "geometry", "ongeldige geometrie"))
                continue
            punt = vorm if vorm.geom_type == "Point" else vorm.representative_point()
            if not ("x" in eigenschappen and "y" in eigenschappen):
                eigenschappen.setdefault("lon", punt.x)
                eigenschappen.setdefault("lat", punt.y)
        for k in eigenschappen:
            kolommen[k] = None
        rijen.append((nummer, eigenschappen))
    crs = ((data.get("crs") or {}).get("properties") or {}).get("name", "")
    if crs and "4326" not in crs and "CRS84" not in crs:
        raise InvoerFout(str(pad), f"GeoJSON moet WGS84 zijn (RFC 7946), niet {crs}")
    return Invoer(str(pad), "GeoJSON (OSM)" if osm else "GeoJSON", list(kolommen), rijen, fouten)


def _lees_overpass(pad: Path, data: dict) -> Invoer:
    rijen = []
    kolommen: dict[str, None] = {}
    for nummer, element in enumerate(data["elements"], start=1):
        eigenschappen = dict(element.get("tags") or {})
        eigenschappen["@id"] = f"{element.get('type', 'node')}/{element.get('id')}"
        _osm_soort(eigenschappen)
        centrum = element.get("center") or {}
        lat = element.get("lat", centrum.get("lat"))
        lon = element.get("lon", centrum.get("lon"))
        if lat is not None and lon is not None:
            eigenschappen["lat"], eigenschappen["lon"] = lat, lon
        for k in eigenschappen:
            kolommen[k] = None
        rijen.append((nummer, eigenschappen))
    return Invoer(str(pad), "OSM Overpass-JSON", list(kolommen), rijen)


def lees_zip_of_map(pad: Path, naam: str) -> str | None:
    """Return the text of ``naam`` inside a zip or folder ``pad``, or None when absent."""
    if pad.is_dir():
        bestand = pad / naam
        return bestand.read_text("utf-8-sig") if bestand.exists() else None
    try:
        with zipfile.ZipFile(pad) as archief:
            kandidaten = [n for n in archief.namelist() if n.rsplit("/", 1)[-1] == naam]
            if not kandidaten:
                return None
            return archief.read(kandidaten[0]).decode("utf-8-sig")
    except zipfile.BadZipFile as exc:
        raise InvoerFout(str(pad), "geen geldig zip-bestand") from exc
