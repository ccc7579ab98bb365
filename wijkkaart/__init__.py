"""wijkkaart: a map of the collective offer in Dutch neighbourhoods.

The package root stays free of Flask so the core can be used from notebooks
and the CLI; :func:`create_app` imports the web layer only when called.
"""

__version__ = "0.1.0"


def create_app(test_config=None):
    """Return the Flask application (see :func:`wijkkaart.web.create_app`)."""
    from .web import create_app as _create_app

    return _create_app(test_config)
