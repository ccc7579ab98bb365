"""The secret key that signs sessions and CSRF tokens when none is configured: made once, kept in a private file.

A key picked at random per process would make every worker of a server sign
with its own key, so a login made by one worker is refused by the next (and
every restart logs everyone out). ``WIJKKAART_SECRET_KEY`` is the way to set
it; without it, the first process makes a key and writes it to
``instance/secret_key`` (``WIJKKAART_INSTANCE_DIR``) with permissions 0600,
and every later process on the machine reads the same key. Servers on more
than one machine share a key through ``WIJKKAART_SECRET_KEY``.

Making the file is safe when several workers start at once: the key is
written to a temporary file and linked into place, which fails for all but
the first; the others read what the first wrote.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from .fouten import WijkkaartFout

#: 64 hex digits: 256 bits, as Flask's docs advise.
LENGTE = 64


def _lees(pad: Path) -> str:
    modus = stat.S_IMODE(pad.stat().st_mode)
    if modus & 0o077:
        raise WijkkaartFout(
            f"{pad} is leesbaar voor anderen (rechten {modus:o}); "
            f"maak hem privé met chmod 600 {pad}, of zet WIJKKAART_SECRET_KEY"
        )
    sleutel = pad.read_text(encoding="ascii").strip()
    if len(sleutel) < 32:
        raise WijkkaartFout(f"{pad} bevat geen bruikbare sleutel; verwijder het bestand of zet WIJKKAART_SECRET_KEY")
    return sleutel


def lees_of_maak(pad: str | Path) -> str:
    """The key in ``pad``; made (0600) when the file does not exist yet.

    Raises
    ------
    WijkkaartFout
        When the file can be read by others than its owner, or holds no key.
    """
    pad = Path(pad)
    if pad.exists():
        return _lees(pad)
    pad.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tijdelijk = pad.with_name(f".{pad.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as uit:
            uit.write(secrets.token_hex(LENGTE // 2) + "\n")
            uit.flush()
            os.fsync(uit.fileno())
        # Atomic and exclusive: of several processes starting together, one key wins.
        with contextlib.suppress(FileExistsError):
            os.link(tijdelijk, pad)
    finally:
        tijdelijk.unlink(missing_ok=True)
    return _lees(pad)
