"""Websites, e-mail and phone numbers as exports write them: one way in the database, what is no such thing reported."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from wijkkaart.invoer.rapport import lees_rapport
from wijkkaart.kern.contact import normaliseer_email, normaliseer_telefoon, normaliseer_website
from wijkkaart.kern.fouten import VeldFout
from wijkkaart.opslag.engine import session_factory
from wijkkaart.opslag.tabellen.aanbod import Aanbod

from .helpers import haarlem_punten
from .test_import_aanbod import haarlem, importeer, schrijf_csv  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("www.buurthuis.nl", "https://www.buurthuis.nl"),
        ("Buurthuis.NL/Agenda", "https://buurthuis.nl/Agenda"),
        ("http://x.nl/a?b=1", "http://x.nl/a?b=1"),
        (" <https://x.nl> ", "https://x.nl"),
        ("", None),
    ],
)
def test_websites_are_written_as_full_addresses(invoer, verwacht):
    assert normaliseer_website(invoer) == verwacht


@pytest.mark.parametrize("invoer", ["info@buurthuis.nl", "javascript:alert(1)", "zie folder", "x", "ftp://x.nl"])
def test_what_is_no_website_is_refused(invoer):
    with pytest.raises(VeldFout):
        normaliseer_website(invoer)


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("0201234567", "020 123 4567"),
        ("020-1234567", "020 123 4567"),
        ("06-12345678", "06 12345678"),
        ("+31 6 12345678", "06 12345678"),
        ("0031 20 123 4567", "020 123 4567"),
        ("tel. 023 512 34 56 (ma-vr)", "023 512 3456"),
        ("0800-1234", "0800 1234"),
        ("+32 9 223 45 67", "+32 9 223 45 67"),
    ],
)
def test_dutch_phone_numbers_are_written_one_way(invoer, verwacht):
    assert normaliseer_telefoon(invoer) == verwacht


def test_email_loses_mailto_and_keeps_its_local_part():
    assert normaliseer_email("mailto:Info@Buurthuis.NL") == "Info@buurthuis.nl"
    for fout in ("inloop@@buurthuis", "geen", "a@b"):
        with pytest.raises(VeldFout):
            normaliseer_email(fout)


def test_import_writes_contact_details_one_way_and_reports_what_it_could_not_use(haarlem, tmp_path):  # noqa: F811
    (p1, p2) = haarlem_punten(haarlem, 2, seed=3)
    kop = ["id", "naam", "soort", "lat", "lon", "website", "telefoon", "email"]
    rijen = [
        [
            "c1",
            "Spreekuur Noord",
            "inloopspreekuur",
            p1[1],
            p1[0],
            "www.noord.example.nl",
            "023-5123456",
            "mailto:a@noord.nl",
        ],
        ["c2", "Taalcafé", "activiteit", p2[1], p2[0], "zie de folder", "bel de wijkagent", "taal@@noord"],
    ]
    samenvatting = importeer(haarlem, schrijf_csv(tmp_path / "contact.csv", rijen, kop=kop), tmp_path)
    assert samenvatting.afgewezen == 0 and samenvatting.geimporteerd == 2
    with session_factory(haarlem)() as s:
        c1 = s.scalars(select(Aanbod).where(Aanbod.extern_id == "c1")).one()
        c2 = s.scalars(select(Aanbod).where(Aanbod.extern_id == "c2")).one()
    assert (c1.website, c1.telefoon, c1.email) == ("https://www.noord.example.nl", "023 512 3456", "a@noord.nl")
    assert (c2.website, c2.telefoon, c2.email) == (None, "bel de wijkagent", None)
    rapport = {(r["rij"], r["veld"]): r for r in lees_rapport(tmp_path / "rapport.csv")}
    assert rapport[("3", "website")]["waarde"] == "zie de folder"
    assert "niet overgenomen" in rapport[("3", "website")]["reden"]
    assert "als geschreven bewaard" in rapport[("3", "telefoon")]["reden"]
    assert rapport[("3", "email")]["waarde"] == "taal@@noord"
    assert not any(r[0] == "2" for r in rapport), rapport
