"""``python -m wijkkaart.cli``: the same as the ``wijkkaart`` command."""

from .groep import main

main()
