"""The embeddable map of a gemeente, wijk or buurt: its outline and the aanbod in it, for a wijkkrant or a buurthuis site."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from ..kern import codes
from ..kern.fouten import BestaatNiet
from ..opslag import gebieden as opslag_gebieden
from ..opslag.engine import lezen
from ..uitvoer import kaartlagen
from ..uitvoer.kaartdata import als_geojson


@dataclass
class Insluiting:
    """What the embedded page shows: the area (name, outline as GeoJSON in EPSG:4326) and its aanbod."""

    niveau: str
    code: str
    naam: str
    gemeentecode: str
    gebied: dict
    aanbod: list[dict]


def insluiting(engine: Engine, niveau: str, code: str) -> Insluiting:
    """The area ``code`` of ``niveau`` with the aanbod at its locaties, sorted by name.

    Raises
    ------
    BestaatNiet
        When the code is malformed or the area is not loaded.
    """
    code = codes.controleer(code.upper(), niveau, fout=BestaatNiet)
    gemeente = codes.gemeente_van(code)
    with lezen(engine) as session:
        frame = opslag_gebieden.gebieden_frame(session, gemeente, niveau)
        rij = frame[frame["code"] == code] if not frame.empty else frame
        if rij.empty:
            raise BestaatNiet(f"{code} is niet geladen")
        items = kaartlagen.aanbod_geojson(session, kaartlagen.Filter(**{niveau: code}))["features"]
    items.sort(key=lambda f: (f["properties"]["naam"].lower(), f["id"]))
    # Simplified for a small map (zoom 14): an outline, not a survey.
    gebied = als_geojson(rij, zoom=14, kolommen=["code", "naam"])
    return Insluiting(niveau, code, rij["naam"].iloc[0] or code, gemeente, gebied, items)
