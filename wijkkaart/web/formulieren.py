"""The forms (WTForms via Flask-WTF, so each carries its CSRF token): accounts, aanbod, locaties, submissions.

Fields carry their Dutch label (translated per request); the checks that
are the same for a form and an import (OSM opening hours, KvK number) call
the core, so a value the form accepts also imports.
"""

from __future__ import annotations

import contextlib

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..diensten.bewerken import AANBOD_VELDEN, Pin
from ..kern import uren_tekst
from ..kern.contact import normaliseer_email, normaliseer_telefoon, normaliseer_website
from ..kern.fouten import VeldFout
from ..kern.rechten import ROLLEN
from ..kern.taal import gettext as _
from ..kern.tekst import LENGTES, normaliseer_postcode
from ..kern.vocabulaire import SOORTEN_AANBOD, SOORTEN_LOCATIE, STATUSSEN
from ..kern.woorden import LIJSTEN, label

POSTCODE = r"^\s*\d{4}\s?[A-Za-z]{2}\s*$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _keuzes(woorden: dict) -> list[tuple[str, str]]:
    return [(k, _(v)) for k, v in woorden.items()]


def geldige_openingstijden(_formulier, veld) -> None:
    """The value must be readable as hours: OSM (the widget writes it) or plain Dutch typed by a person."""
    if veld.data and veld.data.strip() and uren_tekst.lees_invoer(veld.data)[0] is None:
        raise ValidationError(
            _("Niet te lezen als openingstijden; schrijf bijvoorbeeld ‘di en do 9-12 uur’ of Mo,We 09:00-12:00")
        )


def _genormaliseerd(normaliseer, melding):
    """A validator that writes the value one way (as the import does), or refuses it with ``melding``."""

    def valideer(_formulier, veld) -> None:
        try:
            veld.data = normaliseer(veld.data)
        except VeldFout:
            raise ValidationError(melding) from None

    return valideer


def _telefoon(_formulier, veld) -> None:
    """A phone number written one way when it can be read; otherwise kept as typed (as the import keeps it)."""
    # "bel 020… of 06…" is still useful to a resident; the import keeps such text too.
    with contextlib.suppress(VeldFout):
        veld.data = normaliseer_telefoon(veld.data)


#: www.buurthuis.nl and buurthuis.nl/agenda become https:// addresses instead of being refused.
WEBSITE = _genormaliseerd(normaliseer_website, _l("Dit is geen webadres; schrijf bijvoorbeeld www.buurthuis.nl."))
EMAILADRES = _genormaliseerd(normaliseer_email, _l("Dit is geen e-mailadres."))


class Vinkjes(SelectMultipleField):
    """Several choices as a list of checkboxes; choices are set per request (the thema's in use)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """Accept any choice: the choices are the words in use, and new ones come from the text field."""
        pass  # new words come from the "andere" field; known ones are whatever is in the database


class AdresVelden(FlaskForm):
    """Address, with the pin the editor may drag; ``handmatig`` is set when they did."""

    straat = StringField(_l("Straat"), validators=[Optional(), Length(max=LENGTES["straat"])])
    huisnummer = StringField(_l("Huisnummer"), validators=[Optional(), Length(max=LENGTES["huisnummer"])])
    postcode = StringField(
        _l("Postcode"),
        validators=[
            Optional(),
            Regexp(POSTCODE, message=_l("Een postcode is vier cijfers en twee letters, zoals 2011 AB.")),
        ],
    )
    plaats = StringField(_l("Plaats"), validators=[Optional(), Length(max=LENGTES["plaats"])])
    adres_verbergen = BooleanField(_l("Toon het adres alleen als buurt (bijvoorbeeld een woonkamer)"))
    lat = HiddenField()
    lon = HiddenField()
    handmatig = HiddenField()

    def pin(self) -> Pin | None:
        """The pin the editor dragged (``handmatig``), or None: then the address decides the point."""
        return Pin(self.lon.data, self.lat.data) if self.handmatig.data == "1" else None

    def plek(self, prefix: str = "") -> dict:
        """The place's fields as the use-cases take them (``prefix`` ``locatie_`` on the new-aanbod form)."""
        waarden = {v: getattr(self, v).data for v in ("straat", "huisnummer", "plaats", "adres_verbergen")}
        waarden["postcode"] = normaliseer_postcode(self.postcode.data)
        waarden["naam"] = getattr(self, prefix + "naam").data
        waarden["soort"] = getattr(self, prefix + "soort").data
        if not prefix:
            waarden["openingstijden"] = self.openingstijden.data
        return waarden


class LocatieFormulier(AdresVelden):
    """A place: its name and soort, address and pin, and its own opening hours."""

    # Optional: a place an import made from an aanbod row often has only an address, and must still save.
    naam = StringField(_l("Naam van de plek"), validators=[Optional(), Length(max=LENGTES["naam"])])
    soort = SelectField(_l("Soort plek"))
    openingstijden = StringField(
        _l("Openingstijden (gewone tekst of OSM-notatie)"),
        validators=[Optional(), Length(max=LENGTES["openingstijden"]), geldige_openingstijden],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty first choice: a place without a soort keeps none when saved (it used to become "buurthuis").
        self.soort.choices = [("", _("(geen soort)")), *_keuzes(SOORTEN_LOCATIE)]


class AanbodFormulier(FlaskForm):
    """An aanbod's fields, with thema's and doelgroepen as check boxes of the words in use."""

    naam = StringField(_l("Naam"), validators=[DataRequired(), Length(max=LENGTES["naam"])])
    soort = SelectField(_l("Soort aanbod"))
    beschrijving = TextAreaField(_l("Beschrijving"), validators=[Optional(), Length(max=LENGTES["beschrijving"])])
    collectief = BooleanField(_l("Collectief: voor een groep, niet één op één"))
    themas = Vinkjes(_l("Thema's"))
    andere_themas = StringField(
        _l("Andere thema's (gescheiden door komma's)"), validators=[Optional(), Length(max=300)]
    )
    doelgroepen = Vinkjes(_l("Doelgroepen"))
    trefwoorden = StringField(
        _l("Andere trefwoorden (vrije tekst, staan niet in de lijst van thema's)"),
        validators=[Optional(), Length(max=LENGTES["trefwoorden"])],
    )
    andere_doelgroepen = StringField(
        _l("Andere doelgroepen (gescheiden door komma's)"), validators=[Optional(), Length(max=300)]
    )
    doelgroep_omschrijving = TextAreaField(
        _l("Voor wie (vrije tekst)"), validators=[Optional(), Length(max=LENGTES["doelgroep_omschrijving"])]
    )
    toegang = StringField(
        _l("Hoe doe je mee (inloop, op afspraak, …)"), validators=[Optional(), Length(max=LENGTES["toegang"])]
    )
    kosten = StringField(_l("Kosten"), validators=[Optional(), Length(max=LENGTES["kosten"])])
    status = SelectField(_l("Status"))
    openingstijden = StringField(
        _l("Openingstijden (gewone tekst of OSM-notatie)"),
        validators=[Optional(), Length(max=LENGTES["openingstijden"]), geldige_openingstijden],
    )
    organisatie = StringField(
        _l("Organisatie of bewonersgroep"), validators=[Optional(), Length(max=LENGTES["organisatie"])]
    )
    organisatie_kvk = StringField(
        _l("KvK-nummer (niet nodig voor een bewonersinitiatief)"),
        validators=[
            Optional(),
            Regexp(r"^\d{8}$", message=_l("Een KvK-nummer heeft 8 cijfers; laat het leeg als er geen is.")),
        ],
    )
    website = StringField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=LENGTES["website"]),
            WEBSITE,
        ],
    )
    telefoon = StringField(_l("Telefoon"), validators=[Optional(), Length(max=LENGTES["telefoon"]), _telefoon])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=LENGTES["email"]), EMAILADRES])
    contact_openbaar = BooleanField(_l("Het initiatief geeft toestemming om telefoon en e-mail openbaar te tonen"))
    #: What the form showed when it was opened: a save applies only what the editor changed.
    basis = HiddenField()

    def __init__(self, *args, themas=(), doelgroepen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.soort.choices = _keuzes(SOORTEN_AANBOD)
        self.status.choices = _keuzes(STATUSSEN)
        # The controlled list, with labels in the reader's language, and any older word still in use.
        for veld, in_gebruik in ((self.themas, themas), (self.doelgroepen, doelgroepen)):
            lijst = LIJSTEN[veld.name]
            veld.choices = [(c, label(veld.name, c)) for c in lijst] + [
                (c, label(veld.name, c)) for c in in_gebruik if c not in lijst
            ]

    def waarden(self) -> dict:
        """The fields as the editing use-cases take them."""
        waarden = {v: getattr(self, v).data for v in AANBOD_VELDEN if v not in ("themas", "doelgroepen")}
        waarden["themas"] = list(self.themas.data or []) + (self.andere_themas.data or "").split(",")
        waarden["doelgroepen"] = list(self.doelgroepen.data or []) + (self.andere_doelgroepen.data or "").split(",")
        return waarden


class NieuwAanbodFormulier(AanbodFormulier, AdresVelden):
    """A new aanbod: at a locatie that exists, or at a new address (which makes a locatie)."""

    locatie = SelectField(_l("Waar"), validators=[Optional()])
    locatie_naam = StringField(
        _l("Naam van de plek (bij een nieuw adres)"), validators=[Optional(), Length(max=LENGTES["locatie_naam"])]
    )
    locatie_soort = SelectField(_l("Soort plek (bij een nieuw adres)"))

    def __init__(self, *args, locaties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.locatie.choices = [("", _("Een nieuw adres (hieronder)"))] + [(str(i), n) for i, n in locaties]
        self.locatie_soort.choices = _keuzes(SOORTEN_LOCATIE)


class GebruikerFormulier(FlaskForm):
    """A new account."""

    email = StringField(
        _l("E-mailadres"), validators=[DataRequired(), Regexp(EMAIL, message=_l("Dit is geen e-mailadres."))]
    )
    naam = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    rol = SelectField(_l("Rol"))
    gebieden = StringField(
        _l("Gemeenten en wijken (codes, gescheiden door komma's)"), validators=[Optional(), Length(max=2000)]
    )
    wachtwoord = PasswordField(_l("Wachtwoord (minstens 12 tekens)"), validators=[DataRequired(), Length(min=12)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rol.choices = _keuzes(ROLLEN)


class RolFormulier(FlaskForm):
    """Role, gebieden, access and (optionally) a new password of an account."""

    rol = SelectField(_l("Rol"))
    gebieden = StringField(_l("Gemeenten en wijken"), validators=[Optional(), Length(max=2000)])
    actief = BooleanField(_l("Mag inloggen"))
    wachtwoord = PasswordField(
        _l("Nieuw wachtwoord (leeg laten om het te houden)"), validators=[Optional(), Length(min=12)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rol.choices = _keuzes(ROLLEN)


class Honingpot:
    """A field people never see (hidden with CSS, skipped by the keyboard); a bot that fills it is spam."""

    website_2 = StringField(_l("Laat dit veld leeg"))


class InitiatiefFormulier(FlaskForm, Honingpot):
    """A resident tells about an initiative that is not on the map."""

    naam = StringField(_l("Naam van het initiatief"), validators=[DataRequired(), Length(max=LENGTES["naam"])])
    beschrijving = TextAreaField(
        _l("Wat doen jullie, en voor wie?"), validators=[DataRequired(), Length(max=LENGTES["beschrijving"])]
    )
    wanneer = StringField(
        _l("Wanneer (bijvoorbeeld: elke dinsdag 10–12 uur)"), validators=[Optional(), Length(max=LENGTES["wanneer"])]
    )
    straat = StringField(_l("Straat"), validators=[Optional(), Length(max=LENGTES["straat"])])
    huisnummer = StringField(_l("Huisnummer"), validators=[Optional(), Length(max=LENGTES["huisnummer"])])
    postcode = StringField(
        _l("Postcode"),
        validators=[
            DataRequired(),
            Regexp(POSTCODE, message=_l("Een postcode is vier cijfers en twee letters, zoals 2011 AB.")),
        ],
    )
    plaats = StringField(_l("Plaats"), validators=[Optional(), Length(max=LENGTES["plaats"])])
    website = StringField(
        _l("Website (als die er is)"),
        validators=[
            Optional(),
            Length(max=LENGTES["website"]),
            WEBSITE,
        ],
    )
    contact_naam = StringField(_l("Uw naam"), validators=[Optional(), Length(max=200)])
    contact_email = StringField(
        _l("Uw e-mailadres"),
        validators=[Optional(), Regexp(EMAIL, message=_l("Dit is geen e-mailadres.")), Length(max=200)],
    )
    contact_telefoon = StringField(_l("Uw telefoonnummer"), validators=[Optional(), Length(max=40)])
    toestemming_publicatie = BooleanField(_l("Mijn telefoon en e-mail mogen bij het initiatief op de kaart staan"))


class CorrectieFormulier(FlaskForm, Honingpot):
    """A resident says what is wrong about something on the map."""

    opmerking = TextAreaField(_l("Wat klopt er niet?"), validators=[DataRequired(), Length(max=LENGTES["opmerking"])])
    contact_email = StringField(
        _l("Uw e-mailadres (als we iets mogen terugvragen)"),
        validators=[Optional(), Regexp(EMAIL, message=_l("Dit is geen e-mailadres.")), Length(max=200)],
    )


class AfhandelFormulier(FlaskForm):
    """Closing a submission, with a note for its history."""

    toelichting = TextAreaField(_l("Toelichting (voor de geschiedenis)"), validators=[Optional(), Length(max=2000)])


class ScenarioFormulier(FlaskForm):
    """A new what-if scenario: its name and what it is about."""

    naam = StringField(_l("Naam van het scenario"), validators=[DataRequired(), Length(max=200)])
    omschrijving = TextAreaField(_l("Waar gaat het over? (niet verplicht)"), validators=[Optional(), Length(max=2000)])


class ScenarioAanbodFormulier(FlaskForm):
    """Hypothetical aanbod: name, soort, hours and the point clicked on the map (or typed in degrees)."""

    naam = StringField(_l("Naam"), validators=[DataRequired(), Length(max=300)])
    soort = SelectField(_l("Soort aanbod"))
    openingstijden = StringField(
        _l("Openingstijden (gewone tekst of OSM-notatie)"),
        validators=[Optional(), Length(max=LENGTES["openingstijden"]), geldige_openingstijden],
    )
    lat = StringField(_l("Breedtegraad (klik op de kaart)"), validators=[DataRequired()])
    lon = StringField(_l("Lengtegraad"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.soort.choices = _keuzes(SOORTEN_AANBOD)


class SluitFormulier(FlaskForm):
    """Switch a real locatie off in the scenario; the choices are the gemeente's locaties."""

    locatie = SelectField(_l("Locatie die sluit"), coerce=int)
