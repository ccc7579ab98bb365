"""One module per table concern; each imports only :mod:`..basis`. :func:`registreer` loads them all.

Tables refer to each other by name (``ForeignKey("gebruiker.id")``,
``relationship("Toewijzing")``), so no table module imports another and
there is no import cycle. Whatever needs the complete metadata (creating or
migrating a database, the mappers' first use) calls :func:`registreer` once,
the way Indico's ``import_all_models`` does.
"""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData
from sqlalchemy.orm import configure_mappers

from ..basis import Base

#: Every table module, in no particular order: foreign keys are resolved by name.
MODULES = ("gebied", "aanbod", "audit", "inzending", "gebruiker", "versie", "scenario", "netwerk")


def registreer() -> MetaData:
    """Import every table module, configure the mappers and return the complete metadata."""
    for naam in MODULES:
        importlib.import_module(f"{__name__}.{naam}")
    configure_mappers()
    return Base.metadata
