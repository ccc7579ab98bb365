"""Dutch by default, English on request: catalogues complete, switch, numbers, dates, hours and gap sentences."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from wijkkaart.gaten import Instellingen, analyseer
from wijkkaart.kern import taal
from wijkkaart.kern.getallen import formatteer
from wijkkaart.kern.openingstijden import leesbaar
from wijkkaart.kern.settings import PROJECT_ROOT
from wijkkaart.uitvoer.vinder import status

from .helpers import haarlem_app
from .test_gaten import ALLEEN_65, PEIL, aanbod, buurten
from .test_toegankelijkheid import ROUTES
from .test_vinder import MAANDAG_OCHTEND, TWEEDE_DINSDAG

PO = taal.CATALOGI / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
# The same keywords as scripts/vertalingen.sh.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_l": None, "lazy_gettext": None, "_k": (2,)}


def catalogus():
    with PO.open("rb") as f:
        return read_po(f)


def gemarkeerde_teksten() -> set[str]:
    """Every text marked for translation in the code and templates now (not as last extracted)."""
    with (PROJECT_ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    ids = set()
    for _bestand, _regel, bericht, _commentaar, _context in extract_from_dir(
        str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        ids.add(bericht if isinstance(bericht, str) else bericht[0])
    return ids


def test_every_marked_text_has_an_english_translation():
    cat = catalogus()
    ontbreekt = sorted(t for t in gemarkeerde_teksten() if not cat.get(t) or not cat.get(t).string)
    assert not ontbreekt, f"zonder Engelse vertaling (draai scripts/vertalingen.sh en vul aan): {ontbreekt}"
    vaag = sorted(m.id for m in cat if m.id and m.fuzzy)
    assert not vaag, f"vertalingen nog als fuzzy gemarkeerd: {vaag}"


def test_placeholders_agree_between_dutch_and_english():
    fouten = [(m.id, [str(e) for e in errs]) for m, errs in catalogus().check()]
    assert not fouten
    for m in catalogus():
        if m.id:
            # A plural message has a tuple of Dutch forms and one English string per form.
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
            namen = {n for tekst in ids for n in re.findall(r"%\((\w+)\)", tekst)}
            for tekst in strings:
                assert set(re.findall(r"%\((\w+)\)", tekst)) == namen, m.id


def test_compiled_catalogue_is_up_to_date():
    """The .mo the app reads holds exactly what the .po says (run scripts/vertalingen.sh compile)."""
    vers = io.BytesIO()
    write_mo(vers, catalogus())
    vers.seek(0)
    with MO.open("rb") as f:
        opgeslagen = _als_dict(read_mo(f))
    assert opgeslagen == _als_dict(read_mo(vers))


def _als_dict(cat) -> dict:
    """id → string of a catalogue; a plural message's forms as tuples, so they can be keys and compared."""

    def vast(w):
        return tuple(w) if isinstance(w, (list, tuple)) else w

    return {vast(m.id): vast(m.string) for m in cat if m.id}


def test_numbers_follow_the_language():
    assert formatteer(12345.0) == "12.345" and formatteer(2.5) == "2,5" and formatteer(None) == "onbekend"
    with taal.in_taal("en"):
        assert formatteer(12345.0) == "12,345" and formatteer(2.5) == "2.5" and formatteer(None) == "unknown"
        assert formatteer(7.5, "per 1.000") == "7.5 per 1,000"
    assert formatteer(7.5, "per 1.000") == "7,5 per 1.000"


def test_opening_hours_read_in_either_language():
    osm = "Mo,We 09:00-12:00; Tu[2] 19:00-21:00; Sa[-1] 10:00-13:00; PH off"
    assert (
        leesbaar(osm) == "ma en wo 9:00–12:00; elke 2e di 19:00–21:00; elke laatste za 10:00–13:00; feestdagen gesloten"
    )
    with taal.in_taal("en"):
        assert (
            leesbaar(osm)
            == "Mon and Wed 9:00–12:00; every 2nd Tue 19:00–21:00; every last Sat 10:00–13:00; public holidays closed"
        )
        assert leesbaar("Mo-Fr 10:00-16:00") == "Mon–Fri 10:00–16:00"
        assert leesbaar("24/7") == "always open"
        assert status("Mo-Fr 09:00-12:00", MAANDAG_OCHTEND) == ("open", "open now, until 12:00")
        assert status("Tu[2] 19:00-21:00", TWEEDE_DINSDAG) == ("later", "opens today at 19:00")
    assert status("Mo-Fr 09:00-12:00", MAANDAG_OCHTEND) == ("open", "nu open, tot 12:00")


def test_gap_sentence_in_english_carries_the_same_figures():
    b = buurten(
        [
            ("BU99990001", 0, 1000, 10.0, "WK999900"),
            ("BU99990002", 1, 1000, 20.0, "WK999900"),
            ("BU99990003", 2, 1000, 30.0, "WK999901"),
        ]
    )
    a = aanbod([(1, 500, 500, "ontmoetingsplek", ["ontmoeten"], "Mo-Fr 09:00-12:00")])
    nl = analyseer(b, a, Instellingen(peildatum=PEIL, gewichten=ALLEEN_65)).buurten.set_index("code")["uitleg"]
    with taal.in_taal("en"):
        en = analyseer(b, a, Instellingen(peildatum=PEIL, gewichten=ALLEEN_65)).buurten.set_index("code")["uitleg"]
    assert nl["BU99990003"].startswith("1.000 inwoners, 30% 65+")
    assert en["BU99990003"].startswith("1,000 residents, 30% 65+")
    assert "nearest collective offer 2 km away on average" in en["BU99990003"]
    assert "25% live within 800 m of collective offer" in en["BU99990002"]
    assert en["BU99990001"].endswith("; no offer in reach on weekday afternoons, weekday evenings, and at weekends")
    assert nl["BU99990001"].endswith("; geen aanbod in bereik op werkdagmiddagen, werkdagavonden en in het weekend")


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_data):
    return haarlem_app(tmp_path_factory.mktemp("taal"), shared_data, WTF_CSRF_ENABLED=True, BASEMAP="geen")


def token(client, pad="/"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(pad).text).group(1)


def test_dutch_by_default_whatever_the_browser_asks(app):
    pagina = app.test_client().get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert '<html lang="nl">' in pagina and "<h1>Gemeenten</h1>" in pagina
    assert 'value="en" lang="en">English</button>' in pagina


def test_switch_sets_a_cookie_and_returns_to_the_same_page(app):
    c = app.test_client()
    antwoord = c.post(
        "/taal", data={"taal": "en", "terug": "/gemeente/GM0392/gaten?soort=inloopspreekuur", "csrf_token": token(c)}
    )
    assert antwoord.status_code == 303
    assert antwoord.headers["Location"] == "/gemeente/GM0392/gaten?soort=inloopspreekuur"
    cookie = antwoord.headers["Set-Cookie"]
    assert cookie.startswith("taal=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    pagina = c.get("/gemeente/GM0392/gaten?soort=inloopspreekuur").text
    assert '<html lang="en">' in pagina and "Gaps in the collective offer: Haarlem" in pagina
    assert 'value="nl" lang="nl">Nederlands</button>' in pagina
    c.post("/taal", data={"taal": "nl", "terug": "/", "csrf_token": token(c)})
    assert "<h1>Gemeenten</h1>" in c.get("/").text


def test_switch_refuses_without_csrf_token_unknown_language_and_foreign_targets(app):
    c = app.test_client()
    zonder = c.post("/taal", data={"taal": "en", "terug": "/"})
    assert zonder.status_code == 400 and "taal=" not in zonder.headers.get("Set-Cookie", "")
    assert c.post("/taal", data={"taal": "fy", "csrf_token": token(c)}).status_code == 400
    for buiten in ("https://kwaad.example/", "//kwaad.example/", "/\\kwaad.example", "javascript:alert(1)"):
        antwoord = c.post("/taal", data={"taal": "en", "terug": buiten, "csrf_token": token(c)})
        assert antwoord.headers["Location"] == "/", buiten


def test_a_refused_switch_answers_in_the_visitors_language_and_leaves_dutch_pages_dutch(app):
    c = app.test_client()
    c.set_cookie("taal", "en")
    fout = c.post("/taal", data={"taal": "nl"})  # no CSRF token
    assert fout.status_code == 400
    assert '<html lang="en">' in fout.text and "<h1>Invalid request</h1>" in fout.text
    assert '"nu_open": "Open now"' in fout.text
    nl = app.test_client().get("/").text
    assert '<html lang="nl">' in nl and '"nu_open": "Nu open"' in nl


def test_english_pages_show_no_dutch_interface_text(app):
    """Render every page in English: no translated Dutch interface text may remain in what is shown."""
    cat = catalogus()
    # Texts that read the same in both languages, and short words that also occur in place names or data.
    nederlands = [m.id for m in cat if m.id and m.string != m.id and len(m.id) >= 12 and "%" not in m.id]
    c = app.test_client()
    c.set_cookie("taal", "en")
    for route in ROUTES:
        pagina = c.get(route).text
        assert '<html lang="en">' in pagina, route
        zichtbaar = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", pagina, flags=re.S)
        zichtbaar = re.sub(r"<[^>]+>", " ", zichtbaar)
        resten = [t for t in nederlands if t in zichtbaar]
        assert not resten, (route, resten)


def test_dates_and_numbers_on_pages(app):
    app.config["KLOK"] = lambda: dt.datetime(2026, 11, 22, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    try:
        c = app.test_client()
        assert "Gezocht op zondag 22 november 2026, 14:05." in c.get("/zoek?q=2011").text
        assert re.search(r">16[0-9]\.[0-9]{3}<", c.get("/").text)  # Haarlem's inwoners, Dutch grouping
        c.set_cookie("taal", "en")
        assert "Searched on Sunday 22 November 2026, 14:05." in c.get("/zoek?q=2011").text
        assert re.search(r">16[0-9],[0-9]{3}<", c.get("/").text)
    finally:
        app.config["KLOK"] = None


def test_api_labels_follow_the_language_but_codes_do_not(app):
    c = app.test_client()
    nl = c.get("/api/v1/aanbod?gemeente=GM0392").get_json()["features"]
    c.set_cookie("taal", "en")
    en = c.get("/api/v1/aanbod?gemeente=GM0392").get_json()["features"]
    assert [f["properties"]["soort"] for f in nl] == [f["properties"]["soort"] for f in en]
    paren = {(f["properties"]["soort_label"], g["properties"]["soort_label"]) for f, g in zip(nl, en, strict=True)}
    assert ("inloopspreekuur", "walk-in hours") in paren and ("activiteit", "activity") in paren
