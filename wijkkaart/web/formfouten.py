"""Use-case errors shown beside a form's fields, so the form keeps what was typed.

A use-case raises :class:`~wijkkaart.kern.fouten.VeldFouten` for fields that
are wrong, or a 400 :class:`~wijkkaart.kern.fouten.WijkkaartFout` for the
form as a whole; :func:`probeer` puts those on the form and returns None. A
database that was busy or away is said on the form too (answered 503 with
``Retry-After``), so nothing typed is lost.
Refusals (403) and things that do not exist (404) go on to the app's error
handler: there is no form to correct then.
"""

from __future__ import annotations

from flask import g

from ..kern.fouten import DienstNietBereikbaar, VeldFouten, WijkkaartFout
from .storing import als_http


def probeer(formulier, veld: str, functie, *args, **kwargs):
    """Return ``functie(*args, **kwargs)``, or None after putting its errors on ``formulier``.

    Parameters
    ----------
    formulier
        The WTForms form; a field named in a :class:`VeldFouten` gets its message,
        a field the form lacks sends its message to ``veld``.
    veld : str
        The field that shows an error about the form as a whole.
    """
    try:
        return functie(*args, **kwargs)
    except DienstNietBereikbaar as exc:
        # The database was busy (an import) or away: nothing was saved, and what was typed stays on the form.
        fout = als_http(exc)
        g.storing = fout
        getattr(formulier, veld).errors = [*getattr(formulier, veld).errors, fout.description]
    except VeldFouten as exc:
        for naam, redenen in exc.fouten.items():
            doel = getattr(formulier, naam, None) or getattr(formulier, veld)
            doel.errors = [*doel.errors, *redenen]
    except WijkkaartFout as exc:
        if exc.http_status != 400:
            raise
        getattr(formulier, veld).errors = [*getattr(formulier, veld).errors, str(exc)]
    return None
