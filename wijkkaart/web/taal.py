"""Language of the pages: Flask-Babel set-up, the language switch, and the texts the scripts show.

Dutch unless the visitor chose otherwise with the switch in the page header. The choice is a
cookie set by a POST (with CSRF token, like every state change), so links and bookmarks stay
the same in both languages. Browser language is deliberately not consulted: a Dutch public
service speaks Dutch by default.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, g, redirect, request
from flask_babel import Babel, get_locale
from flask_babel import lazy_gettext as _l

from ..kern import taal
from ..kern.tekst import STUURTEKENS_EEN_REGEL

COOKIE = "taal"
#: A year: the choice is a preference, not a session.
COOKIE_LEEFTIJD = 365 * 24 * 3600

taalkeuze = Blueprint("taal", __name__)
babel = Babel()


def kies_taal() -> str:
    """Flask-Babel's locale selector: the cookie when it names a known language, else Dutch.

    An embedded map (``/embed/…``) sets no cookie; the site that frames it says the language with ``?taal=``.
    """
    if request.path.startswith("/embed/") and request.args.get("taal") in taal.TALEN:
        return request.args["taal"]
    gekozen = request.cookies.get(COOKIE)
    return gekozen if gekozen in taal.TALEN else taal.STANDAARD


def init_taal(app: Flask) -> None:
    """Configure Flask-Babel on the project's catalogues and mirror its choice into the core."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", taal.STANDAARD)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(taal.CATALOGI))
    babel.init_app(app, locale_selector=kies_taal)

    @app.before_request
    def _zet_taal():
        g.taal_token = taal.gebruik(str(get_locale()))

    @app.teardown_request
    def _herstel_taal(_exc):
        token = g.pop("taal_token", None)
        if token is not None:
            taal.herstel(token)

    @app.context_processor
    def _taal_in_templates():
        # Flask-Babel's choice, the one the templates are translated with, even when a hook
        # that runs before ours (CSRF) ended the request before the core was told.
        huidig = str(get_locale())
        return {
            "taal": huidig,
            "andere_talen": [(code, naam) for code, naam in taal.TALEN.items() if code != huidig],
            "js_teksten": _js_teksten(huidig),
        }


@cache
def _js_teksten(code: str) -> dict[str, str]:
    """The script texts in language ``code`` (the active one when called), made once per language, not per page."""
    return {sleutel: str(tekst) for sleutel, tekst in JS_TEKSTEN.items()}


def veilige_terugweg(doel: str | None) -> str:
    """Return ``doel`` when it is a path on this site, else the start page (no open redirect).

    Checked as a browser reads it: browsers drop tabs and line breaks from a URL
    and read a backslash as a slash, so ``/<TAB>/evil.example`` would be
    ``//evil.example``, another site. Any control character or backslash, and
    anything that parses with a scheme or a host, is refused; so is a target
    whose compatibility form (NFKC: a fullwidth ``／`` is a slash to an IDNA
    host parser) starts with two slashes.
    """
    if not doel or STUURTEKENS_EEN_REGEL.search(doel):
        return "/"
    gewoon = unicodedata.normalize("NFKC", doel)
    if not doel.startswith("/") or gewoon.startswith("//") or "\\" in gewoon:
        return "/"
    try:
        delen = urlsplit(doel)
    except ValueError:  # urllib refuses a host that changes under NFKC
        return "/"
    if delen.scheme or delen.netloc:
        return "/"
    return doel


@taalkeuze.post("/taal")
def kies():
    """Store the chosen language in a cookie and go back to the page the visitor was on."""
    gekozen = request.form.get("taal")
    if gekozen not in taal.TALEN:
        abort(400, _l("Onbekende taal."))
    antwoord = redirect(veilige_terugweg(request.form.get("terug")), code=303)
    antwoord.set_cookie(
        COOKIE, gekozen, max_age=COOKIE_LEEFTIJD, samesite="Lax", httponly=True, secure=request.is_secure
    )
    return antwoord


#: Texts the browser scripts build into popups, tooltips, lists and messages; handed to
#: ``static/js/taal.js`` as JSON in every page, so the scripts hold no language of their own.
JS_TEKSTEN = {
    "onbekend": _l("onbekend"),
    "te_weinig_inwoners": _l("te weinig inwoners"),
    "nu_open": _l("Nu open"),
    "nu_gesloten": _l("Nu gesloten"),
    "voorbeeld": _l("voorbeeld"),
    "voorbeeld_lang": _l("Voorbeeld: geen echte gegevens"),
    "locatie": _l("Locatie"),
    "adres": _l("Adres"),
    "buurt": _l("Buurt"),
    "adres_niet_openbaar": _l("adres niet openbaar"),
    "themas": _l("Thema's"),
    "voor": _l("Voor"),
    "tijden": _l("Tijden"),
    "tijden_opgegeven": _l("Tijden (zoals opgegeven)"),
    "osm_notatie": _l("OSM-notatie"),
    "afgeleid_uit": _l("afgeleid uit"),
    "meer": _l("meer"),
    "minder": _l("minder"),
    "kosten": _l("Kosten"),
    "goed_om_te_weten": _l("Goed om te weten"),
    "aanbod_hier": _l("Aanbod hier"),
    "website": _l("Website"),
    "bron": _l("Bron"),
    "gecontroleerd": _l("gecontroleerd"),
    "bij_benadering": _l("ligging bij benadering"),
    "laag_locaties": _l("locatie"),
    "laag_aanbod": _l("aanbod"),
    "laag_inloopspreekuren": _l("inloopspreekuur"),
    "laag_mislukt": _l("De laag %(laag)s kon niet worden geladen (%(fout)s)."),
    "gebieden_mislukt": _l("De gebieden konden niet worden geladen (%(fout)s). Probeer het later opnieuw."),
    "gezochte_plek": _l("Gezochte plek"),
    "zoom_in": _l("Inzoomen"),
    "zoom_uit": _l("Uitzoomen"),
    "lagen": _l("Kaartlagen"),
    "gemeenten_van": _l("%(zichtbaar)s van %(totaal)s gemeenten"),
    "gemeenten_meer": _l("de eerste %(getoond)s staan hier; Zoeken toont ze allemaal, per pagina"),
    "telefoon": _l("Telefoon"),
    "email": _l("E-mail"),
    "klopt_niet": _l("Klopt dit niet?"),
    "meer_over": _l("Meer over dit aanbod"),
    "zet_in_agenda": _l("Zet in mijn agenda"),
    "adres_zoeken": _l("Adres zoeken…"),
    "adres_gevonden": _l("Gevonden in buurt %(buurt)s (precisie: %(precisie)s). Staat de speld goed?"),
    "adres_fout": _l("Het adres kon niet worden opgezocht (%(fout)s)."),
    "speld_handmatig": _l("Speld met de hand geplaatst: precisie ‘handmatig’."),
    "speld": _l("Plek van het adres; sleep om te verbeteren"),
    "tijden_dagen": _l("Dagen"),
    "tijden_week": _l("Welke week"),
    "tijden_elke": _l("elke week"),
    "tijden_ne": _l("%(n)se week van de maand"),
    "tijden_laatste": _l("laatste week van de maand"),
    "tijden_van": _l("van"),
    "tijden_tot": _l("tot"),
    "tijden_weg": _l("Weg"),
    "tijden_ongeldig": _l("Nog niet goed: %(fout)s"),
    "tijden_leeg": _l("Geen tijden ingevuld."),
}
