"""The ``wijkkaart`` command: thin click commands that parse options, call one use-case and print.

Every use-case lives in :mod:`wijkkaart.diensten`; errors a user can act on
are :class:`~wijkkaart.kern.fouten.WijkkaartFout` and end as one line
``fout: …`` with their exit code (2), without a traceback. The group is in
:mod:`.groep`; each command in a module of this package named after its
concern, imported only when that command runs.
"""

from __future__ import annotations

from .groep import cli, main

__all__ = ["cli", "main"]
