"""Read CBS Wijk- en Buurtkaart data into one normalised GeoDataFrame. No database here.

Recognised inputs: GeoPackage, GeoJSON, shapefile (or a folder of them), and a
zip holding any of those (the CBS download). Per layer the level is read from
its code columns: ``buurtcode``/``BU_CODE`` → buurt, ``wijkcode``/``WK_CODE`` →
wijk, ``gemeentecode``/``GM_CODE`` → gemeente, or PDOK's ``statcode`` whose
prefix (BU/WK/GM) gives the level per row. Any CRS is reprojected to RD New.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import MultiPolygon

from . import kerncijfers as kc
from .errors import InvoerFout
from .models import NIVEAUS, RD_NEW

GEO_EXTENSIES = (".gpkg", ".geojson", ".json", ".shp")
CODE_PATROON = {
    "gemeente": re.compile(r"^GM\d{4}$"),
    # Since 2022 Amsterdam uses letters in its wijk and buurt parts (WK0363AA).
    "wijk": re.compile(r"^WK\d{4}[0-9A-Z]{2}$"),
    "buurt": re.compile(r"^BU\d{4}[0-9A-Z]{4}$"),
}
PREFIX_NIVEAU = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}

# Normalised column names (see kerncijfers.normalise_name) of codes and names per level.
CODE_KOLOMMEN = {
    "buurt": ("buurtcode", "bucode"),
    "wijk": ("wijkcode", "wkcode"),
    "gemeente": ("gemeentecode", "gmcode"),
}
NAAM_KOLOMMEN = {
    "buurt": ("buurtnaam", "bunaam"),
    "wijk": ("wijknaam", "wknaam"),
    "gemeente": ("gemeentenaam", "gmnaam"),
}
JAAR_PATROON = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")


@dataclass
class GebiedenBestand:
    """What :func:`lees_gebieden` read: the rows and the facts for the import summary."""

    bestand: str
    gebieden: gpd.GeoDataFrame
    lagen: list[str] = field(default_factory=list)
    genegeerde_lagen: list[str] = field(default_factory=list)
    hersteld: int = 0
    overgeslagen_andere_niveaus: int = 0
    buiten_filter: int = 0


@dataclass
class KerncijfersTabel:
    """A kerncijfers table keyed on region code."""

    bestand: str
    jaar: int | None
    cijfers: pd.DataFrame  # index: code; columns: naam (may be NaN) + KERNCIJFERS


def normaliseer_gemeentecode(code: str) -> str:
    """Return ``GM0392`` for ``GM0392``, ``gm0392``, ``0392`` or ``392``; raise otherwise."""
    text = str(code).strip().upper()
    if text.startswith("GM"):
        text = text[2:]
    if not text.isdigit() or len(text) > 4:
        raise InvoerFout("--gemeente", f"{code!r} is geen gemeentecode (verwacht bijvoorbeeld GM0392)")
    return "GM" + text.zfill(4)


def _bronnen(path: Path) -> list[str]:
    """Return the GDAL data source names inside ``path`` (a file, folder or zip)."""
    if path.is_dir():
        return sorted(str(p) for p in path.rglob("*") if p.suffix.lower() in GEO_EXTENSIES)
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if Path(n).suffix.lower() in GEO_EXTENSIES]
        except zipfile.BadZipFile as exc:
            raise InvoerFout(path, f"geen geldig zip-bestand ({exc})") from exc
        return [f"/vsizip/{path}/{name}" for name in sorted(names)]
    return [str(path)]


def _lagen(bron: str, bestand: Path) -> list[str]:
    try:
        return [str(naam) for naam, _ in pyogrio.list_layers(bron)]
    except Exception as exc:  # pyogrio raises DataSourceError and friends, all user-facing here
        raise InvoerFout(
            bestand,
            "kan niet gelezen worden als GeoPackage, GeoJSON of shapefile "
            f"({str(exc).splitlines()[0][:200]})",
        ) from exc


def _kolom(columns_by_norm: dict[str, str], aliases) -> str | None:
    for alias in aliases:
        if alias in columns_by_norm:
            return columns_by_norm[alias]
    return None


def _niveau_van_laag(columns_by_norm) -> str | None:
    for niveau in ("buurt", "wijk", "gemeente"):
        if _kolom(columns_by_norm, CODE_KOLOMMEN[niveau]):
            return niveau
    if "statcode" in columns_by_norm:
        return "statcode"
    return None


def _als_multipolygon(geom):
    """Return ``geom`` as a valid MultiPolygon and whether it had to be repaired."""
    repaired = False
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
        repaired = True
    parts = [
        p
        for p in shapely.get_parts(geom)
        if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty
    ]
    polygons = []
    for part in parts:
        polygons.extend(part.geoms if part.geom_type == "MultiPolygon" else [part])
    return MultiPolygon(polygons), repaired


def _jaar(expliciet, frame, columns_by_norm, laag, bestand) -> int:
    if expliciet:
        return int(expliciet)
    jaar_kolom = columns_by_norm.get("jaar")
    if jaar_kolom is not None:
        jaren = pd.to_numeric(frame[jaar_kolom], errors="coerce").dropna().unique()
        if len(jaren) == 1:
            return int(jaren[0])
    for text in (laag, Path(str(bestand)).name):
        found = JAAR_PATROON.findall(text)
        if found:
            return int(found[-1])
    raise InvoerFout(bestand, f"jaargang van laag {laag!r} onbekend: geef --jaar")


def lees_gebieden(
    path, jaar: int | None = None, gemeenten: list[str] | None = None
) -> GebiedenBestand:
    """Return the gemeenten, wijken and buurten in a CBS file, normalised, in EPSG:28992.

    Parameters
    ----------
    path : str or Path
        GeoPackage, GeoJSON, shapefile, folder or zip.
    jaar : int, optional
        Jaargang of the boundaries; read from a ``jaar`` column or the layer or
        file name when omitted.
    gemeenten : list of str, optional
        Keep only these gemeenten (``GM0392``); each must occur in the file.

    Returns
    -------
    GebiedenBestand
        ``gebieden`` has columns niveau, code, naam, gemeentecode, wijkcode,
        water, jaar, bron_rij, the :data:`~wijkkaart.kerncijfers.KERNCIJFERS`
        and a MultiPolygon geometry in EPSG:28992.

    Raises
    ------
    InvoerFout
        When the file is missing, unreadable, not CBS data, or has a bad row.
    """
    path = Path(path)
    if not path.exists():
        raise InvoerFout(path, "bestand bestaat niet")
    filter_codes = [normaliseer_gemeentecode(g) for g in gemeenten or []]
    result = GebiedenBestand(bestand=str(path), gebieden=None)
    frames = []
    layer_columns: list[str] = []
    for bron in _bronnen(path):
        for laag in _lagen(bron, path):
            try:
                info = pyogrio.read_info(bron, layer=laag)
            except Exception as exc:
                raise InvoerFout(path, f"laag {laag!r} is onleesbaar ({exc})") from exc
            columns_by_norm = {}
            for column in info["fields"]:
                columns_by_norm.setdefault(kc.normalise_name(str(column)), str(column))
            niveau = _niveau_van_laag(columns_by_norm)
            if niveau is None or info.get("geometry_type") in (None, "Unknown"):
                result.genegeerde_lagen.append(laag)
                layer_columns.append(f"{laag}: {', '.join(list(info['fields'])[:8])}")
                continue
            frames.append(_lees_laag(path, bron, laag, niveau, columns_by_norm, jaar, filter_codes, result))
            result.lagen.append(laag)
    if not frames:
        detail = "; ".join(layer_columns) if layer_columns else "geen lagen met geometrie"
        raise InvoerFout(
            path,
            "geen CBS-gebiedsindeling gevonden: geen laag heeft een codekolom "
            "(buurtcode/BU_CODE, wijkcode/WK_CODE, gemeentecode/GM_CODE of statcode). "
            f"Gevonden: {detail}",
        )
    gebieden = pd.concat(frames, ignore_index=True)
    gevonden = set(gebieden["gemeentecode"])
    for code in filter_codes:
        if code not in gevonden:
            raise InvoerFout(path, f"gemeente {code} komt niet voor in dit bestand", veld="--gemeente")
    sleutels = gebieden[["jaar", "niveau", "code", "water"]].astype(str).agg("|".join, axis=1)
    dubbel = sleutels[sleutels.duplicated(keep=False)]
    if not dubbel.empty:
        first = gebieden.loc[dubbel.index[0]]
        rows = ", ".join(str(r) for r in gebieden.loc[dubbel.index, "bron_rij"].head(4))
        raise InvoerFout(path, f"code {first['code']} staat meer dan eens in het bestand (rijen {rows})")
    result.gebieden = gpd.GeoDataFrame(gebieden, geometry="geometry", crs=RD_NEW)
    return result


def _lees_laag(path, bron, laag, niveau, columns_by_norm, jaar, filter_codes, result):
    try:
        frame = gpd.read_file(bron, layer=laag, engine="pyogrio")
    except Exception as exc:
        raise InvoerFout(path, f"laag {laag!r} is onleesbaar ({str(exc).splitlines()[0][:200]})") from exc
    if frame.crs is None:
        raise InvoerFout(
            path, f"laag {laag!r} heeft geen coördinatenstelsel (ontbreekt het .prj-bestand?)"
        )
    frame["bron_rij"] = np.arange(1, len(frame) + 1)
    jaargang = _jaar(jaar, frame, columns_by_norm, laag, path)

    if niveau == "statcode":
        code_col = columns_by_norm["statcode"]
        codes = frame[code_col].astype("string").str.strip().str.upper()
        niveaus = codes.str[:2].map(PREFIX_NIVEAU)
        result.overgeslagen_andere_niveaus += int(niveaus.isna().sum())
        keep = niveaus.notna()
        frame, codes, niveaus = frame[keep], codes[keep], niveaus[keep]
        naam_col = columns_by_norm.get("statnaam")
    else:
        code_col = _kolom(columns_by_norm, CODE_KOLOMMEN[niveau])
        codes = frame[code_col].astype("string").str.strip().str.upper()
        niveaus = pd.Series(niveau, index=frame.index)
        naam_col = _kolom(columns_by_norm, NAAM_KOLOMMEN[niveau])

    for idx in frame.index:
        code, lvl = codes[idx], niveaus[idx]
        if pd.isna(code) or not CODE_PATROON[lvl].match(code):
            raise InvoerFout(
                path, f"ongeldige {lvl}code {code!r} in laag {laag!r}", rij=int(frame.at[idx, "bron_rij"]), veld=code_col
            )
    gemeentecode = "GM" + codes.str[2:6]
    wijkcode = pd.Series(pd.NA, index=frame.index, dtype="string")
    is_buurt = niveaus == "buurt"
    wijkcode[is_buurt] = "WK" + codes[is_buurt].str[2:8]
    wijkcode[niveaus == "wijk"] = codes[niveaus == "wijk"]

    if filter_codes:
        keep = gemeentecode.isin(filter_codes)
        result.buiten_filter += int((~keep).sum())
        frame, codes, niveaus, gemeentecode, wijkcode = (
            s[keep] for s in (frame, codes, niveaus, gemeentecode, wijkcode)
        )

    water_col = columns_by_norm.get("water")
    if water_col is not None:
        water = frame[water_col].astype("string").str.strip().str.upper().isin(["JA", "J", "1", "TRUE"])
    else:
        water = pd.Series(False, index=frame.index)

    if frame.geometry.isna().any():
        rij = int(frame.loc[frame.geometry.isna(), "bron_rij"].iloc[0])
        raise InvoerFout(path, f"geen geometrie in laag {laag!r}", rij=rij, veld="geometrie")
    frame = frame.to_crs(RD_NEW)
    geoms = []
    for idx, geom in zip(frame.index, frame.geometry):
        if geom.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            raise InvoerFout(
                path,
                f"geometrie is {geom.geom_type}, geen vlak",
                rij=int(frame.at[idx, "bron_rij"]),
                veld="geometrie",
            )
        fixed, repaired = _als_multipolygon(geom)
        result.hersteld += repaired
        if fixed.is_empty:
            raise InvoerFout(path, "lege geometrie", rij=int(frame.at[idx, "bron_rij"]), veld="geometrie")
        geoms.append(fixed)

    naam = frame[naam_col].astype("string").str.strip() if naam_col else pd.Series(pd.NA, index=frame.index, dtype="string")
    cijfers = kc.normalise(frame.drop(columns="geometry"), path, frame["bron_rij"].tolist())
    out = pd.DataFrame(
        {
            "niveau": niveaus.astype(str).values,
            "code": codes.astype(str).values,
            "naam": naam.values,
            "gemeentecode": gemeentecode.astype(str).values,
            "wijkcode": wijkcode.values,
            "water": water.astype(bool).values,
            "jaar": jaargang,
            "bron_rij": frame["bron_rij"].values,
        }
    )
    out = pd.concat([out, cijfers.reset_index(drop=True)], axis=1)
    out["kerncijfers_jaar"] = jaargang if cijfers.notna().any().any() else pd.NA
    out["geometry"] = geoms
    return out


def _lees_tabel(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xls"):
            return pd.read_excel(path, dtype=str)
        if suffix in (".csv", ".txt"):
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
            first = text.splitlines()[0] if text else ""
            sep = ";" if first.count(";") > first.count(",") else ","
            import io

            return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
        frame = pyogrio.read_dataframe(path, read_geometry=False)
        return frame.astype(object)
    except InvoerFout:
        raise
    except Exception as exc:
        raise InvoerFout(path, f"kerncijferstabel onleesbaar ({str(exc).splitlines()[0][:200]})") from exc


TABEL_CODE_KOLOMMEN = ("regiocode", "codering", "wijkenenbuurten", "statcode", "gwbcode", "buurtcode", "bucode", "wijkcode", "wkcode", "gemeentecode", "gmcode")
TABEL_NAAM_KOLOMMEN = ("naam", "regionaam", "statnaam", "buurtnaam", "wijknaam", "gemeentenaam", "title")


def lees_kerncijfers(path) -> KerncijfersTabel:
    """Return a kerncijfers table (CSV, XLSX or any OGR table) keyed on region code.

    The code column may be ``regiocode``, StatLine's ``Codering_3`` or
    ``WijkenEnBuurten``, ``statcode``, or a level's own code column; codes are
    stripped of the padding StatLine adds. Values are normalised as in
    :func:`wijkkaart.kerncijfers.normalise`.
    """
    path = Path(path)
    if not path.exists():
        raise InvoerFout(path, "bestand bestaat niet")
    frame = _lees_tabel(path)
    if frame.empty:
        raise InvoerFout(path, "kerncijferstabel is leeg")
    columns_by_norm = {}
    for column in frame.columns:
        columns_by_norm.setdefault(kc.normalise_name(str(column)), column)
    code_col = _kolom(columns_by_norm, TABEL_CODE_KOLOMMEN)
    if code_col is None:
        raise InvoerFout(
            path,
            "geen kolom met de regiocode (verwacht regiocode, Codering_3, WijkenEnBuurten, statcode of buurtcode)",
        )
    rows = list(range(2, len(frame) + 2))  # row 1 is the header line
    codes = frame[code_col].astype(str).str.strip().str.upper()
    for code, rij in zip(codes, rows):
        if not any(p.match(code) for p in CODE_PATROON.values()):
            raise InvoerFout(path, f"ongeldige regiocode {code!r}", rij=rij, veld=code_col)
    if codes.duplicated().any():
        code = codes[codes.duplicated()].iloc[0]
        raise InvoerFout(path, f"regiocode {code} staat meer dan eens in de tabel", veld=code_col)
    naam_col = _kolom(columns_by_norm, TABEL_NAAM_KOLOMMEN)
    cijfers = kc.normalise(frame, path, rows)
    if not kc.present(cijfers):
        raise InvoerFout(path, "geen bekende kerncijfers-kolommen gevonden (zoals AantalInwoners_5 of aantal_inwoners)")
    cijfers.insert(0, "naam", frame[naam_col].astype(str).str.strip().replace("", pd.NA) if naam_col else pd.NA)
    cijfers.index = codes.values
    jaar = None
    for column in ("jaar", "perioden"):
        if column in columns_by_norm:
            found = JAAR_PATROON.findall(" ".join(frame[columns_by_norm[column]].astype(str).unique()[:3]))
            if found:
                jaar = int(found[0])
                break
    if jaar is None:
        found = JAAR_PATROON.findall(path.name)
        jaar = int(found[-1]) if found else None
    return KerncijfersTabel(bestand=str(path), jaar=jaar, cijfers=cijfers)


def koppel_kerncijfers(gebieden: gpd.GeoDataFrame, tabel: KerncijfersTabel) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Join a kerncijfers table onto ``gebieden`` by code.

    Known values in the table replace the geometry file's; names missing in
    the geometry file are taken from the table. Water parts get no figures.

    Returns
    -------
    (GeoDataFrame, list of str)
        The joined regions and the table codes that matched no region.
    """
    gebieden = gebieden.copy()
    tabel_cijfers = tabel.cijfers
    land = ~gebieden["water"].astype(bool)
    matched = gebieden.loc[land, "code"].isin(tabel_cijfers.index)
    for idx in gebieden.index[land][matched.values]:
        row = tabel_cijfers.loc[gebieden.at[idx, "code"]]
        for veld in kc.KERNCIJFERS:
            value = row[veld.naam]
            if pd.notna(value):
                gebieden.at[idx, veld.naam] = value
        if pd.isna(gebieden.at[idx, "naam"]) and pd.notna(row["naam"]):
            gebieden.at[idx, "naam"] = row["naam"]
        gebieden.at[idx, "kerncijfers_jaar"] = tabel.jaar
    # A table may carry counts where the geometry file had only shares, or vice versa.
    cijfers = kc.derive(gebieden[[k.naam for k in kc.KERNCIJFERS]])
    for column in cijfers.columns:
        gebieden[column] = cijfers[column]
    unmatched = sorted(set(tabel_cijfers.index) - set(gebieden.loc[land, "code"]))
    return gebieden, unmatched


def tel_per_niveau(gebieden) -> dict[str, int]:
    """Return the number of rows per level, in level order."""
    counts = Counter(gebieden["niveau"])
    return {n: counts[n] for n in NIVEAUS if counts[n]}
