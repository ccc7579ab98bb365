"""Thema's and doelgroepen from a controlled list: free text read into codes or kept as text; residents see labels."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from wijkkaart.kern import taal
from wijkkaart.kern.woorden import DOELGROEPEN, THEMAS, label, lees_woorden
from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod, AanbodDoelgroep, AanbodThema

from .helpers import haarlem_app, haarlem_punten
from .test_import_aanbod import importeer, schrijf_csv


@pytest.mark.parametrize(
    ("waarde", "soort", "codes", "rest"),
    [
        ("Sociale Contacten, advies", "themas", ["ontmoeten", "advies"], []),
        ("kleding_&_spullen", "themas", ["kleding_en_spullen"], []),
        ("Schuldhulp; taalles; Fietsles voor vrouwen", "themas", ["geldzaken", "taal"], ["Fietsles voor vrouwen"]),
        ("Statushouders", "doelgroepen", ["nieuwkomers"], []),
        (
            "Voor alle ouderen en mantelzorgers in de wijk",
            "doelgroepen",
            ["ouderen", "mantelzorgers"],
            ["Voor alle ouderen en mantelzorgers in de wijk"],
        ),
        ("Mensen die graag breien", "doelgroepen", [], ["Mensen die graag breien"]),
    ],
)
def test_free_text_is_read_into_the_lists_or_kept_as_text(waarde, soort, codes, rest):
    assert lees_woorden(waarde, soort) == (codes, rest)


def test_every_code_has_a_label_in_both_languages():
    for soort, lijst in (("themas", THEMAS), ("doelgroepen", DOELGROEPEN)):
        for code in lijst:
            nl = label(soort, code)
            with taal.in_taal("en"):
                en = label(soort, code)
            assert nl and en and "_" not in nl and "_" not in en, code
    assert label("themas", "kleding_en_spullen") == "kleding en spullen"
    with taal.in_taal("en"):
        assert label("themas", "kleding_en_spullen") == "clothing and goods"


def test_an_export_with_sentences_becomes_codes_and_text_and_residents_see_labels(tmp_path, shared_data):
    app = haarlem_app(tmp_path, shared_data)
    engine = app.extensions["wijkkaart.engine"]
    ((lon, lat),) = haarlem_punten(engine, 1, seed=41)
    kop = ["id", "naam", "soort", "lat", "lon", "thema", "doelgroep"]
    rijen = [
        [
            "w1",
            "Weggeefwinkel",
            "activiteit",
            lat,
            lon,
            "kleding_&_spullen; Breien voor de buurt",
            "Voor alle ouderen en mantelzorgers in de wijk",
        ]
    ]
    assert importeer(engine, schrijf_csv(tmp_path / "w.csv", rijen, kop=kop), tmp_path, bron="w").afgewezen == 0
    with session_factory(engine)() as s:
        a = s.scalars(select(Aanbod).where(Aanbod.extern_id == "w1")).one()
        themas = s.scalars(select(AanbodThema.thema).where(AanbodThema.aanbod_id == a.id)).all()
        doelgroepen = sorted(s.scalars(select(AanbodDoelgroep.doelgroep).where(AanbodDoelgroep.aanbod_id == a.id)))
    # Codes from the list only; no sentence turned into one long underscored tag.
    assert themas == ["kleding_en_spullen"] and doelgroepen == ["mantelzorgers", "ouderen"]
    assert a.trefwoorden == "Breien voor de buurt"
    assert a.doelgroep_omschrijving == "Voor alle ouderen en mantelzorgers in de wijk"
    client = app.test_client()
    html = client.get("/zoek?q=2011").get_data(as_text=True)
    assert "kleding_en_spullen</option>" not in html and ">kleding en spullen</option>" in html
    kenmerken = next(
        f["properties"]
        for f in client.get("/api/v1/aanbod?gemeente=GM0392").get_json()["features"]
        if f["properties"]["naam"] == "Weggeefwinkel"
    )
    assert kenmerken["themas_labels"] == ["kleding en spullen"]
    assert kenmerken["doelgroepen_labels"] == ["mantelzorgers", "ouderen"]
