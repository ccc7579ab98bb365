"""wijkkaart: a map of the collective offer in Dutch neighbourhoods.

The layers, from the bottom up (``docs/architectuur.md``): :mod:`.kern`
(shared domain), :mod:`.opslag` (storage), :mod:`.invoer`, :mod:`.gaten` and
:mod:`.bewerken` (import, analysis, editing), :mod:`.uitvoer` (output),
:mod:`.diensten` (use-cases), and :mod:`.web` and :mod:`.cli` on top. The
package root stays free of Flask so the core can be used from notebooks and the
CLI; :func:`create_app` imports the web layer only when called.
"""

from .kern.uitgave import VERSIE as __version__

__all__ = ["__version__", "create_app"]


def create_app(test_config=None):
    """Return the Flask application (see :func:`wijkkaart.web.create_app`)."""
    # Imported here, not at the top: importing the core must not load Flask.
    from .web import create_app as _create_app  # noqa: PLC0415

    return _create_app(test_config)
