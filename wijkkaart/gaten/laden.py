"""Read the inputs of the gap analysis from the database (no Flask; used by the CLI, the web and the notebook).

What counts as collective aanbod (``docs/gaten.md``):

* every aanbod with ``collectief`` set and status ``actief``, at each of its
  locaties, with the hours of that aanbod at that locatie;
* every active ``inloopspreekuur``, even when marked individueel: residents
  walk in without an appointment, which is what the gap question is about;
* every locatie of a kind residents can walk into to meet
  (:data:`LOCATIE_ALS_ONTMOETINGSPLEK`: buurthuis, wijkcentrum, bibliotheek, …),
  as soort ``ontmoetingsplek`` with the locatie's own hours.

Aanbod is read around the analysed buurten (``marge_m`` beyond their outline),
so a buurthuis just across the gemeente border serves the buurten next to it.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..aanbod.kaartlagen import locatie_in_vak, themas_en_doelgroepen
from ..aanbod.model import Aanbod, AanbodLocatie, Locatie, niet_gearchiveerd
from ..gebieden import gebieden_frame
from ..models import RD_NEW, Gebied

LOCATIE_ALS_ONTMOETINGSPLEK = frozenset(
    {"buurthuis", "wijkcentrum", "buurtkamer", "bibliotheek", "jongerencentrum", "speeltuingebouw", "kinderboerderij"}
)
KOLOMMEN = [
    "id", "naam", "soort", "themas", "doelgroepen", "openingstijden", "openingstijden_tekst",
    "buurtcode", "buurt_jaar", "voorbeeld",
]


def gemeenten_met_buurten(session: Session) -> list[str]:
    """Every gemeente that has buurten loaded, for an analysis of the whole country."""
    vraag = select(Gebied.gemeentecode).where(Gebied.niveau == "buurt").distinct().order_by(Gebied.gemeentecode)
    return list(session.scalars(vraag))


def buurten_en_wijken(session: Session, gemeenten: list[str]) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Buurten (newest jaargang per gemeente) with kerncijfers, and the wijken's kerncijfers by code."""
    buurten = [f for f in (gebieden_frame(session, g, "buurt") for g in gemeenten) if not f.empty]
    wijken = [f for f in (gebieden_frame(session, g, "wijk", met_geometrie=False) for g in gemeenten) if not f.empty]
    buurten_gdf = (
        gpd.GeoDataFrame(pd.concat(buurten, ignore_index=True), geometry="geometry", crs=RD_NEW)
        if buurten
        else gpd.GeoDataFrame({"code": []}, geometry=[], crs=RD_NEW)
    )
    wijken_df = pd.concat(wijken, ignore_index=True).set_index("code") if wijken else pd.DataFrame()
    return buurten_gdf, wijken_df


def aanbod_rond(
    session: Session,
    omvang: tuple[float, float, float, float],
    marge_m: float,
    soorten: list[str] | None = None,
    themas: list[str] | None = None,
) -> gpd.GeoDataFrame:
    """Collective aanbod and walk-in locaties within ``marge_m`` of the box ``omvang`` (EPSG:28992).

    ``soorten`` and ``themas`` narrow what counts (an aanbod needs one of the
    thema's); walk-in locaties have no thema, so a thema filter leaves them out.
    """
    minx, miny, maxx, maxy = omvang
    x, y = func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom)
    in_vak = locatie_in_vak(minx - marge_m, miny - marge_m, maxx + marge_m, maxy + marge_m)
    rijen = []
    vraag = (
        select(Aanbod.id, Locatie.id, Aanbod.naam, Aanbod.soort, AanbodLocatie.openingstijden,
               AanbodLocatie.openingstijden_tekst, Locatie.buurtcode, Locatie.buurt_jaar, Aanbod.voorbeeld, x, y)
        .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
        .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
        .where(or_(Aanbod.collectief.is_(True), Aanbod.soort == "inloopspreekuur"), Aanbod.status == "actief", *in_vak,
               *niet_gearchiveerd(Aanbod, Locatie))
    )
    if soorten:
        vraag = vraag.where(Aanbod.soort.in_(soorten))
    aanbod = session.execute(vraag).all()
    thema_per, doelgroep_per = themas_en_doelgroepen(session, sorted({r[0] for r in aanbod}))
    for a_id, l_id, naam, soort, uren, tekst, buurt, jaar, voorbeeld, px, py in aanbod:
        t = thema_per.get(a_id, [])
        if themas and not set(t) & set(themas):
            continue
        rijen.append((f"aanbod:{a_id}@{l_id}", naam, soort, t, doelgroep_per.get(a_id, []), uren, tekst, buurt, jaar, voorbeeld, px, py))
    if not themas and (not soorten or "ontmoetingsplek" in soorten):
        vraag = select(Locatie.id, Locatie.naam, Locatie.soort, Locatie.openingstijden, Locatie.openingstijden_tekst, Locatie.buurtcode,
                       Locatie.buurt_jaar, Locatie.voorbeeld, x, y).where(
            Locatie.soort.in_(sorted(LOCATIE_ALS_ONTMOETINGSPLEK)), *in_vak, *niet_gearchiveerd(Locatie)
        )
        for l_id, naam, soort, uren, tekst, buurt, jaar, voorbeeld, px, py in session.execute(vraag):
            rijen.append((f"locatie:{l_id}", naam or soort, "ontmoetingsplek", [], [], uren, tekst, buurt, jaar, voorbeeld, px, py))
    frame = pd.DataFrame([r[:-2] for r in rijen], columns=KOLOMMEN)
    return gpd.GeoDataFrame(
        frame,
        geometry=gpd.points_from_xy([r[-2] for r in rijen], [r[-1] for r in rijen]),
        crs=RD_NEW,
    )


def invoer(
    session: Session,
    gemeenten: list[str],
    marge_m: float,
    soorten: list[str] | None = None,
    themas: list[str] | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, gpd.GeoDataFrame]:
    """Buurten, wijk kerncijfers and the aanbod around them, ready for :func:`~wijkkaart.gaten.analyseer`."""
    buurten, wijken = buurten_en_wijken(session, gemeenten)
    if buurten.empty:
        return buurten, wijken, gpd.GeoDataFrame({c: [] for c in KOLOMMEN}, geometry=[], crs=RD_NEW)
    aanbod = aanbod_rond(session, tuple(buurten.total_bounds), marge_m, soorten, themas)
    # The link made at import is only valid for the same jaargang of buurten.
    jaren = set(buurten["jaar"].unique())
    if not aanbod.empty and not set(aanbod["buurt_jaar"].dropna().astype(int)) <= jaren:
        aanbod = aanbod.drop(columns=["buurtcode"])
    return buurten, wijken, aanbod.drop(columns=["buurt_jaar"])


__all__ = ["LOCATIE_ALS_ONTMOETINGSPLEK", "aanbod_rond", "buurten_en_wijken", "gemeenten_met_buurten", "invoer"]
