"""Logging in and out: Flask-Login sessions, the login rate limit, cookie flags and session expiry.

Anyone who is not logged in is a visitor with the rights of ``publiek``.
Routes that need more answer 403 (with a link to log in) rather than
redirecting, so a refused request is never mistaken for a page.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import AnonymousUserMixin, LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from ..diensten import accounts as diensten
from ..kern.rechten import is_beheerder, is_bewerker, is_planner
from ..kern.taal import N_
from ..kern.taal import gettext as _
from .context import engine, utc_nu

accounts = Blueprint("accounts", __name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

#: A login never lasts longer than this, however active; the idle limit is WIJKKAART_SESSIE_MINUTEN.
MAXIMALE_SESSIE = dt.timedelta(hours=12)


class Bezoeker(AnonymousUserMixin):
    """A visitor without an account: reads and suggests, like ``publiek``."""

    rol = "publiek"
    actief = False
    naam = None
    codes: frozenset[str] = frozenset()


class Sessies(SecureCookieSessionInterface):
    """Session cookies marked ``Secure`` on every https request (or always, with WIJKKAART_HTTPS=ja)."""

    def get_cookie_secure(self, app) -> bool:
        """True when the cookie must be ``Secure``: always with WIJKKAART_HTTPS, else on https."""
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def should_set_cookie(self, app, session) -> bool:
        """Send the cookie when the session changed, and refresh its lifetime on pages only.

        Why: the API and static files are fetched in the background. A background answer that
        still carries the cookie from before a form was posted would overwrite the newer one (and
        with it the "saved" message, or a fresh login) when it arrives after the post's redirect.
        """
        if session.modified:
            return True
        bijzaak = request.blueprint == "api" or request.endpoint == "static"
        return super().should_set_cookie(app, session) and not bijzaak


def init_accounts(app) -> None:
    """Sessions, Flask-Login and the rate limiter on ``app``."""
    app.session_interface = Sessies()
    login_manager.init_app(app)
    login_manager.anonymous_user = Bezoeker
    login_manager.session_protection = "basic"
    limiter.init_app(app)

    @app.before_request
    def _verlopen():
        # The signed cookie expires after the idle limit by itself; this adds the absolute limit.
        # It reads the session only, so a request for a static file does not load the account.
        sinds = session.get("ingelogd_sinds")
        if sinds is not None and _nu() - dt.datetime.fromisoformat(sinds) > MAXIMALE_SESSIE:
            logout_user()
            session.clear()

    @app.context_processor
    def _rechten():
        return {"is_bewerker": is_bewerker(current_user), "is_beheerder": is_beheerder(current_user)}


def _nu() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@login_manager.user_loader
def _laad(sessie_id: str):
    return diensten.gebruiker_voor_sessie(engine(), sessie_id)


@login_manager.unauthorized_handler
def _niet_ingelogd():
    abort(403, _("Log in om dit te doen."))


def _vereist(toets, geweigerd: str):
    """A view decorator: 403 unless ``toets(current_user)``; a visitor is asked to log in, anyone else told why."""

    def decorator(view):
        @wraps(view)
        def binnen(*args, **kwargs):
            if not toets(current_user):
                abort(403, _(geweigerd) if current_user.is_authenticated else _("Log in om dit te doen."))
            return view(*args, **kwargs)

        return binnen

    return decorator


#: Only an active beheerder or opbouwwerker; everyone else gets 403.
bewerker_vereist = _vereist(is_bewerker, N_("Alleen opbouwwerkers en beheerders mogen dit."))
#: Only an active planner or beheerder (what-if scenarios); everyone else gets 403.
planner_vereist = _vereist(is_planner, N_("Alleen planners en beheerders mogen dit."))
#: Only an active beheerder; everyone else gets 403.
beheerder_vereist = _vereist(is_beheerder, N_("Alleen beheerders mogen dit."))


class InlogFormulier(FlaskForm):
    """E-mail address and password."""

    email = EmailField(_l("E-mailadres"), validators=[DataRequired()])
    wachtwoord = PasswordField(_l("Wachtwoord"), validators=[DataRequired()])


def wachttijd_limiet() -> int:
    """Seconds until the rate limit that refused this request lets the next one through (at least 1)."""
    limiet = limiter.current_limit
    if limiet is None:
        return 60
    return max(1, math.ceil(limiet.reset_at - time.time()))


def _inloglimiet() -> str:
    return current_app.config["INLOG_LIMIET"]


def _mislukt(response) -> bool:
    return response.status_code != 303


@accounts.route("/inloggen", methods=["GET", "POST"])
# Per client address, failed attempts only: colleagues behind one office address can all log in.
# Per account there is a growing delay instead (bewerken/accounts.py), which never locks the owner out.
@limiter.limit(_inloglimiet, methods=["POST"], deduct_when=_mislukt)
def inloggen():
    """Log in with e-mail address and password; the same message for an unknown address and a wrong password."""
    formulier = InlogFormulier()
    fout = None
    if formulier.validate_on_submit():
        uitkomst = diensten.log_in(
            engine(), formulier.email.data, formulier.wachtwoord.data, utc_nu(), request.remote_addr
        )
        if uitkomst.wacht:
            fout = _(
                "Te veel mislukte pogingen voor dit e-mailadres. Probeer het over %(seconden)s seconden opnieuw.",
                seconden=uitkomst.wacht,
            )
            antwoord = make_response(render_template("inloggen.html", formulier=formulier, fout=fout), 429)
            antwoord.headers["Retry-After"] = str(uitkomst.wacht)
            return antwoord
        gebruiker = uitkomst.gebruiker
        if gebruiker is not None:
            session.clear()  # a fresh session: no fixation of one made before logging in
            login_user(gebruiker)
            session.permanent = True
            session["ingelogd_sinds"] = _nu().isoformat()
            flash(_("Ingelogd als %(naam)s.", naam=gebruiker.naam))
            return redirect(
                url_for("bewerken.overzicht") if is_bewerker(gebruiker) else url_for("pages.index"), code=303
            )
        fout = _("E-mailadres of wachtwoord klopt niet.")
    status = 401 if fout else 200
    return render_template("inloggen.html", formulier=formulier, fout=fout), status


@accounts.post("/uitloggen")
def uitloggen():
    """Log out, ending the account's sessions on the server too, and go to the start page.

    Clearing the cookie alone is not enough: a copy of it taken before (a shared
    computer, a proxy log) would still log in. The account's session key changes,
    so every session of it ends, on other devices too.
    """
    if current_user.is_authenticated:
        diensten.log_uit(engine(), current_user.id)
    logout_user()
    session.clear()
    return redirect(url_for("pages.index"), code=303)
