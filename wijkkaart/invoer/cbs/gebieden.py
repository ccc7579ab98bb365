"""Read CBS Wijk- en Buurtkaart data into one normalised GeoDataFrame. No database here.

Recognised inputs: GeoPackage, GeoJSON, shapefile (or a folder of them), and a
zip holding any of those (the CBS download). Per layer the level is read from
its code columns: ``buurtcode``/``BU_CODE`` → buurt, ``wijkcode``/``WK_CODE`` →
wijk, ``gemeentecode``/``GM_CODE`` → gemeente, or PDOK's ``statcode`` whose
prefix (BU/WK/GM) gives the level per row. Any CRS is reprojected to RD New.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from ...kern import kerncijfers as kc
from ...kern.codes import NIVEAUS, PATROON, PREFIX_NIVEAU, gemeente_van, normaliseer_gemeentecode, wijk_van
from ...kern.crs import RD_NEW
from ...kern.fouten import InvoerFout
from .kolommen import CODE_KOLOMMEN, JAAR_PATROON, NAAM_KOLOMMEN
from .kolommen import kolom as _kolom

GEO_EXTENSIES = (".gpkg", ".geojson", ".json", ".shp")


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
    #: Columns of the file wijkkaart does not read (no code, name, year, water or known kerncijfer).
    genegeerde_kolommen: list[str] = field(default_factory=list)


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
            f"kan niet gelezen worden als GeoPackage, GeoJSON of shapefile ({str(exc).splitlines()[0][:200]})",
        ) from exc


def _niveau_van_laag(columns_by_norm) -> str | None:
    for niveau in ("buurt", "wijk", "gemeente"):
        if _kolom(columns_by_norm, CODE_KOLOMMEN[niveau]):
            return niveau
    if "statcode" in columns_by_norm:
        return "statcode"
    return None


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


def lees_gebieden(path, jaar: int | None = None, gemeenten: list[str] | None = None) -> GebiedenBestand:
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
    dubbel = gebieden.index[gebieden.duplicated(["jaar", "niveau", "code", "water"], keep=False)]
    dubbel = pd.Series(dubbel, index=dubbel)
    if not dubbel.empty:
        first = gebieden.loc[dubbel.index[0]]
        rows = ", ".join(str(r) for r in gebieden.loc[dubbel.index, "bron_rij"].head(4))
        raise InvoerFout(path, f"code {first['code']} staat meer dan eens in het bestand (rijen {rows})")
    result.gebieden = gpd.GeoDataFrame(gebieden, geometry="geometry", crs=RD_NEW)
    return result


def _lees_frame(path, bron, laag) -> gpd.GeoDataFrame:
    """The layer as read by pyogrio, with each row's number in the file (``bron_rij``)."""
    try:
        frame = gpd.read_file(bron, layer=laag, engine="pyogrio")
    except Exception as exc:
        raise InvoerFout(path, f"laag {laag!r} is onleesbaar ({str(exc).splitlines()[0][:200]})") from exc
    if frame.crs is None:
        raise InvoerFout(path, f"laag {laag!r} heeft geen coördinatenstelsel (ontbreekt het .prj-bestand?)")
    frame["bron_rij"] = np.arange(1, len(frame) + 1)
    return frame


def _codes(path, laag, frame, niveau, columns_by_norm, result):
    """Codes, levels and the name column of each row; rows of other levels (``statcode``) are counted and dropped."""
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
        _controleer_niveau(path, laag, frame, niveau, code_col, codes, columns_by_norm)
    goed = pd.Series(False, index=frame.index)
    for lvl in niveaus.dropna().unique():
        van_niveau = niveaus == lvl
        goed[van_niveau] = codes[van_niveau].str.fullmatch(PATROON[lvl].pattern.rstrip("$")).fillna(False).astype(bool)
    if not goed.all():
        idx = goed.index[~goed.to_numpy()][0]
        code, lvl = codes[idx], niveaus[idx]
        raise InvoerFout(
            path,
            f"ongeldige {lvl}code {None if pd.isna(code) else code!r} in laag {laag!r}",
            rij=int(frame.at[idx, "bron_rij"]),
            veld=code_col,
        )
    return frame, codes, niveaus, naam_col


#: Normalised names of the columns wijkkaart reads from a boundary file.
_BEKENDE_KOLOMMEN = {
    *(a for k in kc.KERNCIJFERS for a in k.aliassen),
    *(a for namen in CODE_KOLOMMEN.values() for a in namen),
    *(a for namen in NAAM_KOLOMMEN.values() for a in namen),
    "statcode",
    "statnaam",
    "jaar",
    "jrstatcode",
    "water",
    "h2o",
}
#: Generic code columns that may hold the codes of another level than the level's own code column.
ANDERE_CODEKOLOMMEN = ("code", "statcode", "regiocode", "gwbcode", "codering", "id")
#: The RD New extent of the Netherlands (with its territorial waters); boundaries outside it have a wrong CRS.
NL_RD = (-7000.0, 289000.0, 300000.0, 629000.0)


def _controleer_niveau(path, laag, frame, niveau, code_col, codes, columns_by_norm) -> None:
    """Refuse a layer whose level is ambiguous instead of reading, say, a wijk file as gemeenten.

    A wijk file often carries ``gemeentecode`` beside a generic ``code``
    column with the WK codes; read by its gemeentecode it would replace the
    gemeente with one wijk's figures.
    """
    for norm in ANDERE_CODEKOLOMMEN:
        kolom = columns_by_norm.get(norm)
        if kolom is None or kolom == code_col:
            continue
        waarden = frame[kolom].astype("string").str.strip().str.upper().dropna()
        for ander in ("buurt", "wijk", "gemeente"):
            if ander != niveau and len(waarden) and waarden.str.match(PATROON[ander].pattern).mean() > 0.9:
                raise InvoerFout(
                    path,
                    f"laag {laag!r}: niveau is dubbelzinnig: kolom {code_col!r} zegt {niveau}, maar kolom {kolom!r} "
                    f"bevat {ander}codes (zoals {waarden.iloc[0]}). Hernoem de kolom met de eigen codes naar "
                    f"{ander}code (of {niveau}code), zodat duidelijk is welk niveau dit bestand heeft.",
                    veld=kolom,
                )
    # A gemeente's land and water parts share a code; only the same code twice on land (or in water) is ambiguous.
    water_kolom = columns_by_norm.get("water")
    water = (
        frame[water_kolom].astype("string").str.strip().str.upper() if water_kolom else pd.Series("", index=frame.index)
    )
    dubbel = codes[pd.DataFrame({"c": codes, "w": water}).duplicated(keep=False)]
    if not dubbel.empty:
        raise InvoerFout(
            path,
            f"laag {laag!r}: {niveau}code {dubbel.iloc[0]} staat in {int((codes == dubbel.iloc[0]).sum())} rijen: "
            f"is dit een bestand van een ander niveau (wijken, buurten) met een kolom {code_col!r}?",
            rij=int(frame.loc[dubbel.index[0], "bron_rij"]),
            veld=code_col,
        )


def _vlakken(path, laag, frame, result) -> list:
    """Each row's geometry in RD New as a valid MultiPolygon (repairs counted in ``result``)."""
    if frame.geometry.isna().any():
        rij = int(frame.loc[frame.geometry.isna(), "bron_rij"].iloc[0])
        raise InvoerFout(path, f"geen geometrie in laag {laag!r}", rij=rij, veld="geometrie")
    if frame.empty:
        return []  # every row was outside the chosen gemeenten
    bron_crs = frame.crs
    frame = frame.to_crs(RD_NEW)
    minx, miny, maxx, maxy = frame.total_bounds
    if not (NL_RD[0] <= minx and NL_RD[1] <= miny and maxx <= NL_RD[2] and maxy <= NL_RD[3]):
        buiten = frame.bounds
        fout = (buiten.minx < NL_RD[0]) | (buiten.miny < NL_RD[1]) | (buiten.maxx > NL_RD[2]) | (buiten.maxy > NL_RD[3])
        rij = int(frame.loc[fout, "bron_rij"].iloc[0])
        raise InvoerFout(
            path,
            f"laag {laag!r} ligt na omzetting naar RD New buiten Nederland (x {minx:.0f}..{maxx:.0f}, "
            f"y {miny:.0f}..{maxy:.0f}): klopt het opgegeven coördinatenstelsel ({bron_crs.name}) van het bestand?",
            rij=rij,
            veld="geometrie",
        )
    return _als_multipolygonen(path, frame, result)


#: Shapely's type ids of the surfaces a boundary may be (Polygon, MultiPolygon, GeometryCollection).
_VLAKTYPEN = (3, 6, 7)


def _als_multipolygonen(path, frame, result) -> list:
    """Every geometry as a valid MultiPolygon, for all rows at once (repairs counted in ``result``).

    Invalid ones are repaired with ``make_valid``; of what comes out only the
    polygons are kept (a repair can leave lines and points behind).
    """
    geoms = np.asarray(frame.geometry.values, dtype=object)
    typen = shapely.get_type_id(geoms)
    fout = ~np.isin(typen, _VLAKTYPEN)
    if fout.any():
        i = int(np.flatnonzero(fout)[0])
        raise InvoerFout(
            path,
            f"geometrie is {geoms[i].geom_type}, geen vlak",
            rij=int(frame["bron_rij"].iloc[i]),
            veld="geometrie",
        )
    ongeldig = ~shapely.is_valid(geoms)
    if not ongeldig.any() and np.isin(typen, (3, 6)).all() and not shapely.is_empty(geoms).any():
        # The common case (every CBS release): valid polygons and multipolygons, only the polygons to wrap.
        veelhoek = typen == 3
        geoms[veelhoek] = shapely.multipolygons(geoms[veelhoek], indices=np.arange(int(veelhoek.sum())))
        return list(geoms)
    result.hersteld += int(ongeldig.sum())
    geoms[ongeldig] = shapely.make_valid(geoms[ongeldig])
    # Two levels of parts: a repaired geometry may be a collection holding a multipolygon.
    delen, rij = shapely.get_parts(geoms, return_index=True)
    delen, binnen = shapely.get_parts(delen, return_index=True)
    rij = rij[binnen]
    vlak = (shapely.get_type_id(delen) == 3) & ~shapely.is_empty(delen)
    leeg = np.bincount(rij[vlak], minlength=len(geoms)) == 0
    if leeg.any():
        raise InvoerFout(
            path, "lege geometrie", rij=int(frame["bron_rij"].iloc[int(np.flatnonzero(leeg)[0])]), veld="geometrie"
        )
    return list(shapely.multipolygons(delen[vlak], indices=rij[vlak]))


def _lees_laag(path, bron, laag, niveau, columns_by_norm, jaar, filter_codes, result):
    """One layer's regions, normalised: codes, names, levels, water, kerncijfers and geometry."""
    frame = _lees_frame(path, bron, laag)
    jaargang = _jaar(jaar, frame, columns_by_norm, laag, path)
    frame, codes, niveaus, naam_col = _codes(path, laag, frame, niveau, columns_by_norm, result)
    gemeentecode = codes.map(gemeente_van, na_action="ignore").astype("string")
    wijkcode = pd.Series(pd.NA, index=frame.index, dtype="string")
    is_buurt = niveaus == "buurt"
    wijkcode[is_buurt] = codes[is_buurt].map(wijk_van)
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
    geoms = _vlakken(path, laag, frame, result)

    naam = (
        frame[naam_col].astype("string").str.strip()
        if naam_col
        else pd.Series(pd.NA, index=frame.index, dtype="string")
    )
    cijfers = kc.normalise(frame.drop(columns="geometry"), path, frame["bron_rij"].tolist())
    for kolom in map(str, frame.columns):
        bekend = kolom in ("geometry", "bron_rij") or kc.normalise_name(kolom) in _BEKENDE_KOLOMMEN
        if not bekend and kolom not in result.genegeerde_kolommen:
            result.genegeerde_kolommen.append(kolom)
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


def tel_per_niveau(gebieden) -> dict[str, int]:
    """Return the number of rows per level, in level order."""
    counts = Counter(gebieden["niveau"])
    return {n: counts[n] for n in NIVEAUS if counts[n]}
