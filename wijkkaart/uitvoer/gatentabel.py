"""The ranked gap table as the screen shows it, and its exports (CSV, XLSX, GeoJSON, GeoPackage).

The web table and every export are made from :func:`tabel`, so they carry the
same rows in the same order with the same (rounded) values.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ..gaten.analyse import AANBOD_SOORT, DAGDEEL_KOLOMMEN, GatAnalyse, groepskolom
from ..gaten.behoefte import INDICATOREN
from ..kern.dagdelen import DAGDELEN, Dagdeel
from ..kern.fouten import OngeldigeVraag
from ..kern.getallen import formatteer
from ..kern.lopen import LOOPSNELHEID
from ..kern.spreadsheet import neutraliseer_werkboek
from ..kern.taal import N_, ngettext, opsomming
from ..kern.taal import gettext as _
from ..kern.vocabulaire import SOORTEN_AANBOD
from .spreadsheets import (
    FORMAAT_AANDEEL,
    FORMAAT_EEN_DECIMAAL,
    FORMAAT_GEHEEL,
    FORMAAT_TWEE_DECIMALEN,
    CsvStijl,
    csv_stijl,
    schrijf_blad,
    schrijf_csv,
)

FORMATEN = ("csv", "xlsx", "geojson", "gpkg")
MEDIATYPES = {
    # Werkzeug adds "; charset=utf-8" to a text/ type itself (written here it came twice).
    "csv": "text/csv",
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
#: Columns only an analysis over the walking network has, after ``afstand_m``.
KOPPEN_NETWERK = {
    "minuten_lopen": N_("Gem. minuten lopen tot aanbod"),
    "woonpunten_buiten_netwerk": N_("Woonpunten te ver van een looppad"),
}
AANDELEN = ["bereik", *DAGDEEL_KOLOMMEN, "tijddekking"]
#: Headers of the roll-up sheets (wijken, gemeenten) beyond those of the buurt table.
KOPPEN_OPTELLING = {
    "buurten": N_("Buurten"),
    "aanbod_in_gebied": N_("Aanbod in het gebied"),
    "buurten_inwoners_onbekend": N_("Buurten met onbekend inwonertal"),
    "tekort": N_("Tekort"),
}


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
    kolommen[plek:plek] = [*(k for k in KOPPEN_NETWERK if analyse.lopen), *(groepskolom(g) for g in analyse.groepen)]
    t = _afgerond(b[kolommen].copy(), analyse)
    if met_geometrie:
        return gpd.GeoDataFrame(t, geometry=b.geometry.values, crs=b.crs)
    return t


def optelling(frame: pd.DataFrame, analyse: GatAnalyse) -> pd.DataFrame:
    """A roll-up (``analyse.wijken`` or ``analyse.gemeenten``) rounded like the buurt table."""
    return _afgerond(frame.copy(), analyse)


def _afgerond(t: pd.DataFrame, analyse: GatAnalyse) -> pd.DataFrame:
    # The precision the screen shows: a spreadsheet should not say 535.0136824241937 where the page says 535.
    afronding = {"score": 1, "behoefte": 2, "tekort": 3, "inwoners": 0, "inwoners_zonder_bereik": 0, "minuten_lopen": 0}
    afronding |= dict.fromkeys(INDICATOREN, 1)
    afronding |= {k: 3 for k in AANDELEN} | {k: 0 for k in _afstanden(analyse)}
    for kolom, decimalen in afronding.items():
        if kolom in t:
            t[kolom] = t[kolom].astype(float).round(decimalen)
    return t


def _afstanden(analyse: GatAnalyse) -> list[str]:
    return ["afstand_m", *(groepskolom(g) for g in analyse.groepen)]


def getalformaten(analyse: GatAnalyse) -> dict[str, str]:
    """The Excel number format of each numeric column of the buurt table and the roll-ups."""
    return {
        **dict.fromkeys(
            ["rang", "inwoners", "inwoners_zonder_bereik", *_afstanden(analyse), *KOPPEN_NETWERK], FORMAAT_GEHEEL
        ),
        **dict.fromkeys([*AANDELEN, "tekort"], FORMAAT_AANDEEL),
        **dict.fromkeys(_aanbod_per_soort(analyse), FORMAAT_GEHEEL),
        **dict.fromkeys(INDICATOREN, FORMAAT_EEN_DECIMAAL),
        "score": FORMAAT_EEN_DECIMAAL,
        "behoefte": FORMAAT_TWEE_DECIMALEN,
    }


def _aanbod_per_soort(analyse: GatAnalyse) -> list[str]:
    """The roll-ups' columns counting aanbod per soort (``aanbod_soort_ontmoetingsplek``)."""
    return [c for c in analyse.wijken.columns.union(analyse.gemeenten.columns) if c.startswith(AANBOD_SOORT)]


def indicator_label(naam: str) -> str:
    """``pct_eenpersoonshuishoudens`` → ``Eenpersoonshuishoudens (%)``: a need indicator as a column header, in the active language."""
    indicator = INDICATOREN[naam]
    label = indicator.label[:1].upper() + indicator.label[1:]  # a header starts with a capital, a sentence need not
    return label + (" (%)" if indicator.eenheid == "%" else "")


def soort_label(kolom: str) -> str:
    """``aanbod_soort_ontmoetingsplek`` → ``Aanbod: ontmoetingsplek``, in the active language."""
    soort = kolom.removeprefix(AANBOD_SOORT)
    return _("Aanbod: %(soort)s", soort=_(SOORTEN_AANBOD.get(soort, soort)))


def koppen(analyse: GatAnalyse) -> dict[str, str]:
    """Header per column of :func:`tabel`, in the active language."""
    k = {
        kolom: _("Dekking %(dagdeel)s", dagdeel=kop.label) if isinstance(kop, Dagdeel) else _(kop)
        for kolom, kop in KOPPEN.items()
    }
    k.update({groepskolom(g): groep_label(g) for g in analyse.groepen})
    if analyse.lopen:
        k |= {kolom: _(kop) for kolom, kop in KOPPEN_NETWERK.items()}
        k["afstand_m"] = _("Gem. loopafstand tot aanbod (m)")
    return k


def koppen_optelling(analyse: GatAnalyse, niveau: str) -> dict[str, str]:
    """Headers of the ``wijk`` or ``gemeente`` roll-up sheet, in the active language."""
    k = koppen(analyse) | {kolom: _(kop) for kolom, kop in KOPPEN_OPTELLING.items()}
    k |= {kolom: soort_label(kolom) for kolom in _aanbod_per_soort(analyse)}
    k |= {naam: indicator_label(naam) for naam in INDICATOREN}
    if niveau == "wijk":
        return k | {"code": _("Wijkcode"), "naam": _("Wijk")}
    return k | {"code": _("Gemeentecode"), "naam": _("Gemeente")}


def methode(analyse: GatAnalyse) -> pd.DataFrame:
    """The settings a reader needs to reproduce the figures, as a two-column table."""
    ins = analyse.instellingen
    regels = [
        ("afstand", afstand_regels(analyse)[0]),
        *(("loopnetwerk", regel) for regel in afstand_regels(analyse)[1:]),
        (f"drempel (m, {'lopen' if analyse.lopen else 'hemelsbreed'})", ins.drempel_m),
        ("woonpunten", f"{ins.methode} ({ins.raster_m:g} m, max. {ins.max_punten} per buurt)"),
        ("peildatum openingstijden", analyse.peildatum.isoformat()),
        ("gewicht bereik in het tekort", ins.gewicht_bereik),
        *((f"gewicht {k}", v) for k, v in ins.gewichten.items()),
        *((f"referentie {k}", round(v, 2)) for k, v in analyse.referentie.items()),
        ("aanbod in de analyse", len(analyse.aanbod)),
    ]
    return pd.DataFrame(regels, columns=["instelling", "waarde"])


def afstand_regels(analyse: GatAnalyse) -> list[str]:
    """How distances were measured, and which points the walking network did not reach (lines in the active language)."""
    snap = analyse.snap
    if snap is None:
        return [_("afstanden hemelsbreed (geen loopnetwerk gebruikt)")]
    regels = [
        _(
            "afstanden lopend over het netwerk uit OpenStreetMap (%(snelheid)s km/u; punten tot %(max)s m van een looppad)",
            snelheid=formatteer(LOOPSNELHEID * 60 / 1000),
            max=formatteer(snap.max_snap_m),
        )
    ]
    for soort, op, meters in (
        (_("woonpunten"), snap.woonpunt_op_netwerk, snap.woonpunt_snap_m),
        (_("aanbod"), snap.aanbod_op_netwerk, snap.aanbod_snap_m),
    ):
        if op.any():
            regels.append(
                _(
                    "%(soort)s tot het looppad: mediaan %(mediaan)s m, hoogstens %(max)s m (telt mee in de wandeling)",
                    soort=soort,
                    mediaan=formatteer(round(float(np.median(meters[op])))),
                    max=formatteer(round(float(np.max(meters[op])))),
                )
            )
    woonpunten = int((~snap.woonpunt_op_netwerk).sum())
    if woonpunten:
        regels.append(
            ngettext(
                "%(num)s woonpunt ligt te ver van een looppad en is hemelsbreed gemeten",
                "%(num)s woonpunten liggen te ver van een looppad en zijn hemelsbreed gemeten",
                woonpunten,
            )
        )
    buiten = np.flatnonzero(~snap.aanbod_op_netwerk)
    if len(buiten):
        namen = [str(n) for n in analyse.aanbod["naam"].iloc[buiten]] if "naam" in analyse.aanbod else []
        regels.append(
            ngettext(
                "%(num)s aanbod ligt te ver van een looppad en telt over het netwerk niet mee: %(namen)s",
                "%(num)s aanbod liggen te ver van een looppad en tellen over het netwerk niet mee: %(namen)s",
                len(buiten),
                namen=opsomming(namen[:10]) + (" …" if len(namen) > 10 else ""),
            )
        )
    return regels


def exporteer(analyse: GatAnalyse, pad: Path, formaat: str | None = None, csv: CsvStijl | None = None) -> Path:
    """Write the ranked table to ``pad`` in ``formaat`` (default: from the file extension).

    ``csv`` is the CSV dialect (default: Dutch, see :mod:`.spreadsheets`).
    """
    pad = Path(pad)
    formaat = formaat or pad.suffix.lstrip(".").lower()
    if formaat not in FORMATEN:
        raise OngeldigeVraag(f"onbekend formaat {formaat!r} (kies uit {', '.join(FORMATEN)})")
    if formaat == "csv":
        schrijf_csv(tabel(analyse), pad, csv or csv_stijl("nl"))
    elif formaat == "xlsx":
        _werkboek(analyse, pad)
    elif formaat == "geojson":
        pad.write_text(
            tabel(analyse, met_geometrie=True).to_crs(4326).to_json(drop_id=True, ensure_ascii=False), encoding="utf-8"
        )
    else:
        if pad.exists():
            pad.unlink()  # a GeoPackage is a database: start from an empty one, not append
        tabel(analyse, met_geometrie=True).to_file(pad, layer="gaten_buurten", driver="GPKG", engine="pyogrio")
    return pad


def _werkboek(analyse: GatAnalyse, pad: Path) -> None:
    formaten = getalformaten(analyse)
    with pd.ExcelWriter(pad, engine="openpyxl") as schrijver:
        schrijf_blad(schrijver, tabel(analyse), "buurten", koppen(analyse), formaten)
        schrijf_blad(
            schrijver, optelling(analyse.wijken, analyse), "wijken", koppen_optelling(analyse, "wijk"), formaten
        )
        schrijf_blad(
            schrijver,
            optelling(analyse.gemeenten, analyse),
            "gemeenten",
            koppen_optelling(analyse, "gemeente"),
            formaten,
        )
        schrijf_blad(schrijver, methode(analyse), "methode", {"instelling": _("Instelling"), "waarde": _("Waarde")}, {})
        neutraliseer_werkboek(schrijver.book)
