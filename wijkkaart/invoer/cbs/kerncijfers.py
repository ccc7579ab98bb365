"""Read a CBS kerncijfers table (CSV, XLSX or any OGR table) and join it onto regions by code."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from ...kern import kerncijfers as kc
from ...kern.codes import is_code
from ...kern.fouten import InvoerFout
from .kolommen import JAAR_PATROON
from .kolommen import kolom as _kolom


@dataclass
class KerncijfersTabel:
    """A kerncijfers table keyed on region code."""

    bestand: str
    jaar: int | None
    cijfers: pd.DataFrame  # index: code; columns: naam (may be NaN) + KERNCIJFERS


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
            return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
        frame = pyogrio.read_dataframe(path, read_geometry=False)
        return frame.astype(object)
    except InvoerFout:
        raise
    except Exception as exc:
        raise InvoerFout(path, f"kerncijferstabel onleesbaar ({str(exc).splitlines()[0][:200]})") from exc


TABEL_CODE_KOLOMMEN = (
    "regiocode",
    "codering",
    "wijkenenbuurten",
    "statcode",
    "gwbcode",
    "buurtcode",
    "bucode",
    "wijkcode",
    "wkcode",
    "gemeentecode",
    "gmcode",
)
TABEL_NAAM_KOLOMMEN = ("naam", "regionaam", "statnaam", "buurtnaam", "wijknaam", "gemeentenaam", "title")


def lees_kerncijfers(path) -> KerncijfersTabel:
    """Return a kerncijfers table (CSV, XLSX or any OGR table) keyed on region code.

    The code column may be ``regiocode``, StatLine's ``Codering_3`` or
    ``WijkenEnBuurten``, ``statcode``, or a level's own code column; codes are
    stripped of the padding StatLine adds. Values are normalised as in
    :func:`wijkkaart.kern.kerncijfers.normalise`.
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
    for code, rij in zip(codes, rows, strict=True):
        if not is_code(code):
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
    return KerncijfersTabel(bestand=str(path), jaar=_jaar(path, frame, columns_by_norm), cijfers=cijfers)


def _jaar(path: Path, frame: pd.DataFrame, columns_by_norm: dict) -> int | None:
    """The year of the figures: from a ``jaar`` or StatLine ``Perioden`` column, else from the file name."""
    for column in ("jaar", "perioden"):
        if column in columns_by_norm:
            found = JAAR_PATROON.findall(" ".join(frame[columns_by_norm[column]].astype(str).unique()[:3]))
            if found:
                return int(found[0])
    found = JAAR_PATROON.findall(path.name)
    return int(found[-1]) if found else None


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
