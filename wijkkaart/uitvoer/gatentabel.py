"""The ranked gap table as the screen shows it, and its exports (CSV, XLSX, GeoJSON, GeoPackage).

The web table and every export are made from :func:`tabel`, so they carry the
same rows in the same order with the same (rounded) values.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..gaten.analyse import DAGDEEL_KOLOMMEN, GatAnalyse, groepskolom
from ..kern.dagdelen import DAGDELEN, Dagdeel
from ..kern.fouten import OngeldigeVraag
from ..kern.spreadsheet import neutraliseer_werkboek, veilig_frame
from ..kern.taal import N_
from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD

FORMATEN = ("csv", "xlsx", "geojson", "gpkg")
MEDIATYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}

#: Column → header (Dutch source, translated when shown), in table order (group distance columns
#: are added after ``afstand_m``).
KOPPEN = {
    "rang": N_("Rang"),
    "code": N_("Buurtcode"),
    "naam": N_("Buurt"),
    "wijkcode": N_("Wijkcode"),
    "gemeentecode": N_("Gemeentecode"),
    "inwoners": N_("Inwoners"),
    "score": N_("Gatscore"),
    "behoefte": N_("Behoefte-index"),
    "bereik": N_("Aandeel binnen drempel"),
    "inwoners_zonder_bereik": N_("Inwoners zonder aanbod binnen drempel"),
    "afstand_m": N_("Gem. afstand tot aanbod (m)"),
    **{f"dekking_{d.sleutel}": d for d in DAGDELEN},
    "tijddekking": N_("Dekking over de week"),
    "aanbod_in_buurt": N_("Aanbod in de buurt"),
    "aanbod_tijden_onbekend": N_("Aanbod in bereik met onbekende tijden"),
    "behoefte_basis": N_("Behoefte gebaseerd op"),
    "uitleg": N_("Uitleg"),
}
AANDELEN = ["bereik", *DAGDEEL_KOLOMMEN, "tijddekking"]


def groep_label(groep: str) -> str:
    """``soort:inloopspreekuur`` → ``Afstand inloopspreekuur (m)``; ``thema:taal`` → ``Afstand thema taal (m)``."""
    soort, _sep, waarde = groep.partition(":")
    if soort == "soort":
        return _("Afstand %(soort)s (m)", soort=_(SOORTEN_AANBOD.get(waarde, waarde)))
    return _("Afstand thema %(thema)s (m)", thema=waarde)


def tabel(analyse: GatAnalyse, met_geometrie: bool = False) -> pd.DataFrame | gpd.GeoDataFrame:
    """The ranked buurt table: rounded, in rank order, with machine column names."""
    b = analyse.buurten
    kolommen = list(KOPPEN)
    plek = kolommen.index("afstand_m") + 1
    kolommen[plek:plek] = [groepskolom(g) for g in analyse.groepen]
    t = b[kolommen].copy()
    t["score"] = t["score"].round(1)
    t["behoefte"] = t["behoefte"].round(2)
    for k in AANDELEN:
        t[k] = t[k].round(3)
    for k in ["afstand_m", *(groepskolom(g) for g in analyse.groepen)]:
        t[k] = t[k].round(0)
    if met_geometrie:
        return gpd.GeoDataFrame(t, geometry=b.geometry.values, crs=b.crs)
    return t


def koppen(analyse: GatAnalyse) -> dict[str, str]:
    """Header per column of :func:`tabel`, in the active language."""
    k = {
        kolom: _("Dekking %(dagdeel)s", dagdeel=kop.label) if isinstance(kop, Dagdeel) else _(kop)
        for kolom, kop in KOPPEN.items()
    }
    k.update({groepskolom(g): groep_label(g) for g in analyse.groepen})
    return k


def methode(analyse: GatAnalyse) -> pd.DataFrame:
    """The settings a reader needs to reproduce the figures, as a two-column table."""
    ins = analyse.instellingen
    regels = [
        ("drempel (m, hemelsbreed)", ins.drempel_m),
        ("woonpunten", f"{ins.methode} ({ins.raster_m:g} m, max. {ins.max_punten} per buurt)"),
        ("peildatum openingstijden", analyse.peildatum.isoformat()),
        ("gewicht bereik in het tekort", ins.gewicht_bereik),
        *((f"gewicht {k}", v) for k, v in ins.gewichten.items()),
        *((f"referentie {k}", round(v, 2)) for k, v in analyse.referentie.items()),
        ("aanbod in de analyse", len(analyse.aanbod)),
    ]
    return pd.DataFrame(regels, columns=["instelling", "waarde"])


def exporteer(analyse: GatAnalyse, pad: Path, formaat: str | None = None) -> Path:
    """Write the ranked table to ``pad`` in ``formaat`` (default: from the file extension)."""
    pad = Path(pad)
    formaat = formaat or pad.suffix.lstrip(".").lower()
    if formaat not in FORMATEN:
        raise OngeldigeVraag(f"onbekend formaat {formaat!r} (kies uit {', '.join(FORMATEN)})")
    if formaat == "csv":
        veilig_frame(tabel(analyse)).to_csv(pad, index=False, encoding="utf-8")
    elif formaat == "xlsx":
        with pd.ExcelWriter(pad, engine="openpyxl") as schrijver:
            tabel(analyse).rename(columns=koppen(analyse)).to_excel(schrijver, sheet_name="buurten", index=False)
            analyse.wijken.to_excel(schrijver, sheet_name="wijken", index=False)
            analyse.gemeenten.to_excel(schrijver, sheet_name="gemeenten", index=False)
            methode(analyse).to_excel(schrijver, sheet_name="methode", index=False)
            neutraliseer_werkboek(schrijver.book)
    elif formaat == "geojson":
        pad.write_text(
            tabel(analyse, met_geometrie=True).to_crs(4326).to_json(drop_id=True, ensure_ascii=False), encoding="utf-8"
        )
    else:
        if pad.exists():
            pad.unlink()  # a GeoPackage is a database: start from an empty one, not append
        tabel(analyse, met_geometrie=True).to_file(pad, layer="gaten_buurten", driver="GPKG", engine="pyogrio")
    return pad
