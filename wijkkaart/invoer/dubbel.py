"""Probable duplicates in an import: within the file and against what is stored (a warning, never a rejection).

Two records are probably one aanbod when they share a website or a phone
number, or have (nearly) the same name within 50 m of each other
(:mod:`wijkkaart.kern.dubbel`). The report names the other row or record so
an opbouwwerker can merge them in the editor.
"""

from __future__ import annotations

import math
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..kern.dubbel import AFSTAND_M, lijkt_op, telefoon_sleutel, website_sleutel
from ..opslag.tabellen.aanbod import Aanbod, AanbodLocatie, Locatie
from .bewaren import Geplaatst
from .records import GEWAARSCHUWD, Melding


def _reden(a_naam, a_web, a_tel, a_xy, b_naam, b_web, b_tel, b_xy, gedeeld=frozenset()) -> str | None:
    """Why two records look like one aanbod, or None; websites and numbers in ``gedeeld`` do not count."""
    if a_web and a_web == b_web and ("w", a_web) not in gedeeld:
        return "zelfde website"
    if a_tel and a_tel == b_tel and ("t", a_tel) not in gedeeld:
        return "zelfde telefoonnummer"
    if a_xy and b_xy and math.dist(a_xy, b_xy) <= AFSTAND_M and lijkt_op(a_naam, b_naam):
        return f"(bijna) dezelfde naam binnen {AFSTAND_M:.0f} m"
    return None


def _kenmerken(g: Geplaatst) -> tuple:
    r = g.record
    xy = (g.punt.x, g.punt.y) if g.punt else None
    return r.naam, website_sleutel(r.website), telefoon_sleutel(r.telefoon), xy


def _kandidaten(items: list[tuple]) -> tuple[dict[int, set[int]], frozenset]:
    """Index pairs that share a website or phone, or lie in neighbouring 50 m cells (to compare names).

    Also returns the websites and numbers shared too widely to count.
    """
    paren: dict[int, set[int]] = defaultdict(set)
    per_sleutel: dict[tuple, list[int]] = defaultdict(list)
    for i, (_naam, web, tel, _xy) in enumerate(items):
        for sleutel in (("w", web), ("t", tel)):
            if sleutel[1]:
                per_sleutel[sleutel].append(i)
    # A website or number that more than two records share (the source's own site, a central desk) says nothing.
    gedeeld = frozenset(s for s, leden in per_sleutel.items() if len(leden) > 2)
    for sleutel in gedeeld:
        del per_sleutel[sleutel]
    for i, (_naam, _web, _tel, xy) in enumerate(items):
        if xy:
            per_sleutel[("c", int(xy[0] // AFSTAND_M), int(xy[1] // AFSTAND_M))].append(i)
    for sleutel, leden in per_sleutel.items():
        buren = leden
        if sleutel[0] == "c":
            buren = [
                j
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for j in per_sleutel.get(("c", sleutel[1] + dx, sleutel[2] + dy), [])
            ]
        for i in leden:
            paren[i].update(j for j in buren if j != i)
    return paren, gedeeld


def dubbel_in_bestand(geplaatst: list[Geplaatst]) -> list[Melding]:
    """A warning on the later row of each pair of probable duplicates within one file."""
    items = [_kenmerken(g) for g in geplaatst]
    meldingen = []
    paren, gedeeld = _kandidaten(items)
    for i, buren in sorted(paren.items()):
        for j in sorted(b for b in buren if b < i):
            reden = _reden(*items[i], *items[j], gedeeld)
            if reden and geplaatst[i].record.is_locatie == geplaatst[j].record.is_locatie:
                r, ander = geplaatst[i].record, geplaatst[j].record
                meldingen.append(
                    Melding(
                        r.rij,
                        "naam",
                        f"mogelijk dubbel met rij {ander.rij} (‘{ander.naam}’): {reden}",
                        GEWAARSCHUWD,
                        r.naam,
                    )
                )
                break
    return meldingen


def dubbel_in_database(session: Session, geplaatst: list[Geplaatst]) -> list[Melding]:
    """A warning for each imported aanbod that looks like aanbod already stored under another key."""
    aanbod = [g for g in geplaatst if not g.record.is_locatie]
    if not aanbod:
        return []
    gemeenten = sorted({g.gemeentecode for g in aanbod if g.gemeentecode})
    eigen = {(g.record.bron, g.record.extern_id) for g in aanbod}
    vraag = (
        select(
            Aanbod.bron,
            Aanbod.extern_id,
            Aanbod.naam,
            Aanbod.website,
            Aanbod.telefoon,
            func.ST_X(Locatie.geom),
            func.ST_Y(Locatie.geom),
        )
        .join(AanbodLocatie, AanbodLocatie.aanbod_id == Aanbod.id)
        .join(Locatie, Locatie.id == AanbodLocatie.locatie_id)
        .where(Aanbod.gearchiveerd.is_(False), Locatie.gemeentecode.in_(gemeenten))
    )
    opgeslagen = [
        ((bron, eid, naam), (naam, website_sleutel(web), telefoon_sleutel(tel), (x, y)))
        for bron, eid, naam, web, tel, x, y in session.execute(vraag)
        if (bron, eid) not in eigen
    ]
    if not opgeslagen:
        return []
    items = [k for _s, k in opgeslagen] + [_kenmerken(g) for g in aanbod]
    n = len(opgeslagen)
    meldingen = []
    paren, gedeeld = _kandidaten(items)
    for i, buren in sorted(paren.items()):
        if i < n:
            continue
        for j in sorted(b for b in buren if b < n):
            reden = _reden(*items[i], *items[j], gedeeld)
            if reden:
                r = aanbod[i - n].record
                bron, _eid, naam = opgeslagen[j][0]
                meldingen.append(
                    Melding(
                        r.rij,
                        "naam",
                        f"mogelijk dubbel met ‘{naam}’ dat al in wijkkaart staat (bron {bron}): {reden}; "
                        "voeg ze zo nodig samen in de editor",
                        GEWAARSCHUWD,
                        r.naam,
                    )
                )
                break
    return meldingen
