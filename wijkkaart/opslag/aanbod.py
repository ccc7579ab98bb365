"""Queries on aanbod and locaties that several concerns share: word lists, boxes, buurt points, links.

Every public view leaves archived rows out with :func:`niet_gearchiveerd`.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import Session

from ..kern.codes import gemeente_van, wijk_van
from ..kern.crs import RD_NEW
from ..kern.vocabulaire import LOCATIE_ALS_ONTMOETINGSPLEK
from .tabellen.aanbod import Aanbod, AanbodDoelgroep, AanbodLocatie, AanbodThema, AanbodWerkgebied, Locatie
from .tabellen.gebied import Gebied

#: Columns of the aanbod the gap analysis reads (:func:`aanbod_rond`).
GATEN_KOLOMMEN = [
    "id",
    "naam",
    "soort",
    "themas",
    "doelgroepen",
    "openingstijden",
    "openingstijden_tekst",
    "buurtcode",
    "buurt_jaar",
    "voorbeeld",
    "beschrijving",
]


def niet_gearchiveerd(*tabellen) -> tuple:
    """WHERE clauses that leave out the archived rows of each table (every public view uses them)."""
    return tuple(t.gearchiveerd.is_(False) for t in tabellen)


def themas_en_doelgroepen(session: Session, ids: list[int] | None = None) -> tuple[dict, dict]:
    """Return {aanbod id: sorted thema's} and {aanbod id: sorted doelgroepen}, for ``ids`` or all aanbod."""
    uitkomst = []
    for tabel, kolom in ((AanbodThema, AanbodThema.thema), (AanbodDoelgroep, AanbodDoelgroep.doelgroep)):
        per_aanbod: dict[int, list[str]] = {}
        if ids is None or ids:
            vraag = select(tabel.aanbod_id, kolom).order_by(kolom)
            if ids is not None:
                vraag = vraag.where(tabel.aanbod_id.in_(ids))
            for a, waarde in session.execute(vraag):
                per_aanbod.setdefault(a, []).append(waarde)
        uitkomst.append(per_aanbod)
    return uitkomst[0], uitkomst[1]


def locatie_in_vak(minx: float, miny: float, maxx: float, maxy: float) -> tuple:
    """WHERE clauses for locaties inside a box in EPSG:28992 (plain coordinate bounds: the same SQL on both backends)."""
    return func.ST_X(Locatie.geom).between(minx, maxx), func.ST_Y(Locatie.geom).between(miny, maxy)


def bekende_themas_en_doelgroepen(session: Session) -> tuple[list[str], list[str]]:
    """Every thema and every doelgroep in the database, sorted: the choices of the filters on the pages."""
    return (
        list(session.scalars(select(AanbodThema.thema).distinct().order_by(AanbodThema.thema))),
        list(session.scalars(select(AanbodDoelgroep.doelgroep).distinct().order_by(AanbodDoelgroep.doelgroep))),
    )


def buurtpunten(session: Session, locaties) -> dict[tuple[str, int], tuple[str | None, tuple[float, float]]]:
    """Name and a point inside each buurt the locaties lie in."""
    sleutels = {(loc.buurtcode, loc.buurt_jaar) for loc in locaties if loc.buurtcode}
    if not sleutels:
        return {}
    codes = sorted({c for c, _ in sleutels})
    rijen = session.execute(
        select(Gebied.code, Gebied.jaar, Gebied.naam, func.ST_AsBinary(Gebied.geom)).where(
            Gebied.niveau == "buurt", Gebied.code.in_(codes), Gebied.water.is_(False)
        )
    ).all()
    uit = {}
    for code, jaar, naam, wkb in rijen:
        if (code, jaar) in sleutels:
            punt = shapely.from_wkb(bytes(wkb)).representative_point()
            uit[(code, jaar)] = (naam, (punt.x, punt.y))
    return uit


def punt_van(session: Session, locatie: Locatie) -> tuple[float, float]:
    """The stored point of a locatie in RD New."""
    return tuple(
        session.execute(select(func.ST_X(Locatie.geom), func.ST_Y(Locatie.geom)).where(Locatie.id == locatie.id)).one()
    )


def eerste_link(session: Session, aanbod: Aanbod) -> AanbodLocatie | None:
    """The aanbod's first locatie link (the one the form's opening hours belong to)."""
    return session.scalar(
        select(AanbodLocatie).where(AanbodLocatie.aanbod_id == aanbod.id).order_by(AanbodLocatie.id).limit(1)
    )


def bereik_van_aanbod(session: Session, aanbod_id: int) -> list[tuple[str | None, str | None]]:
    """(gemeentecode, wijkcode) of every locatie and werkgebied of an aanbod: who may edit it depends on these.

    A werkgebied buurt counts as its wijk; a whole gemeente needs an editor of
    that gemeente. Aanbod with neither is for a beheerder only (``(None, None)``).
    """
    bereik = list(
        session.execute(
            select(Locatie.gemeentecode, Locatie.wijkcode)
            .join(AanbodLocatie, AanbodLocatie.locatie_id == Locatie.id)
            .where(AanbodLocatie.aanbod_id == aanbod_id)
        ).all()
    )
    for code in session.scalars(select(AanbodWerkgebied.gebiedcode).where(AanbodWerkgebied.aanbod_id == aanbod_id)):
        bereik.append((gemeente_van(code), None if code.startswith("GM") else wijk_van(code)))
    return bereik or [(None, None)]


def bronnen_in_gemeente(session: Session, gemeentecode: str) -> list[tuple[str | None, int]]:
    """(bron, number) of what the gap analysis counts as aanbod in the gemeente, largest first.

    The same rules as the analysis (:func:`aanbod_rond`): active collective aanbod and walk-in
    hours at a locatie in the gemeente, and the walk-in locaties themselves (buurthuis,
    bibliotheek …). A report names where its aanbod came from with these counts.
    """
    aanbod = (
        select(Aanbod.bron.label("bron"), Aanbod.id.label("id"))
        .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
        .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
        .where(
            or_(Aanbod.collectief.is_(True), Aanbod.soort == "inloopspreekuur"),
            Aanbod.status == "actief",
            Locatie.gemeentecode == gemeentecode,
            *niet_gearchiveerd(Aanbod, Locatie),
        )
        .distinct()
    )
    plekken = select(Locatie.bron, -Locatie.id).where(
        Locatie.soort.in_(sorted(LOCATIE_ALS_ONTMOETINGSPLEK)),
        Locatie.gemeentecode == gemeentecode,
        *niet_gearchiveerd(Locatie),
    )
    # Locatie ids negated: an aanbod and a locatie with the same number are two things.
    alles = union_all(aanbod, plekken).subquery()
    aantal = func.count()
    vraag = select(alles.c.bron, aantal).group_by(alles.c.bron).order_by(aantal.desc(), alles.c.bron)
    return [(bron, int(n)) for bron, n in session.execute(vraag).all()]


def _collectief_aanbod(session: Session, in_vak: tuple, soorten, themas) -> list[tuple]:
    """Active collective aanbod (and every walk-in hour) at its locaties in the box, as rows of :data:`GATEN_KOLOMMEN` + x, y."""
    vraag = (
        select(
            Aanbod.id,
            Locatie.id,
            Aanbod.naam,
            Aanbod.soort,
            AanbodLocatie.openingstijden,
            AanbodLocatie.openingstijden_tekst,
            Locatie.buurtcode,
            Locatie.buurt_jaar,
            Aanbod.voorbeeld,
            Aanbod.beschrijving,
            func.ST_X(Locatie.geom),
            func.ST_Y(Locatie.geom),
        )
        .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
        .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
        .where(
            or_(Aanbod.collectief.is_(True), Aanbod.soort == "inloopspreekuur"),
            Aanbod.status == "actief",
            *in_vak,
            *niet_gearchiveerd(Aanbod, Locatie),
        )
    )
    if soorten:
        vraag = vraag.where(Aanbod.soort.in_(soorten))
    aanbod = session.execute(vraag).all()
    thema_per, doelgroep_per = themas_en_doelgroepen(session, sorted({r[0] for r in aanbod}))
    rijen = []
    for a_id, l_id, naam, soort, uren, tekst, buurt, jaar, voorbeeld, beschrijving, px, py in aanbod:
        t = thema_per.get(a_id, [])
        if themas and not set(t) & set(themas):
            continue
        sleutel = f"aanbod:{a_id}@{l_id}"
        rijen.append(
            (
                sleutel,
                naam,
                soort,
                t,
                doelgroep_per.get(a_id, []),
                uren,
                tekst,
                buurt,
                jaar,
                voorbeeld,
                beschrijving,
                px,
                py,
            )
        )
    return rijen


def _ontmoetingsplekken(session: Session, in_vak: tuple) -> list[tuple]:
    """Locaties residents walk into to meet, as aanbod of soort ``ontmoetingsplek`` with the locatie's own hours."""
    vraag = select(
        Locatie.id,
        Locatie.naam,
        Locatie.soort,
        Locatie.openingstijden,
        Locatie.openingstijden_tekst,
        Locatie.buurtcode,
        Locatie.buurt_jaar,
        Locatie.voorbeeld,
        func.ST_X(Locatie.geom),
        func.ST_Y(Locatie.geom),
    ).where(Locatie.soort.in_(sorted(LOCATIE_ALS_ONTMOETINGSPLEK)), *in_vak, *niet_gearchiveerd(Locatie))
    return [
        (f"locatie:{l_id}", naam or soort, "ontmoetingsplek", [], [], uren, tekst, buurt, jaar, voorbeeld, None, px, py)
        for l_id, naam, soort, uren, tekst, buurt, jaar, voorbeeld, px, py in session.execute(vraag)
    ]


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
    in_vak = locatie_in_vak(minx - marge_m, miny - marge_m, maxx + marge_m, maxy + marge_m)
    rijen = _collectief_aanbod(session, in_vak, soorten, themas)
    if not themas and (not soorten or "ontmoetingsplek" in soorten):
        rijen += _ontmoetingsplekken(session, in_vak)
    frame = pd.DataFrame([r[:-2] for r in rijen], columns=GATEN_KOLOMMEN)
    return gpd.GeoDataFrame(
        frame,
        geometry=gpd.points_from_xy([r[-2] for r in rijen], [r[-1] for r in rijen]),
        crs=RD_NEW,
    )
