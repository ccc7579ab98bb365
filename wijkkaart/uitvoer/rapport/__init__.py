"""Reports on a gemeente, wijk or buurt: what they say (:mod:`.inhoud`), their map (:mod:`.kaart`), HTML and PDF (:mod:`.opmaak`).

This package's own module is light: matplotlib and WeasyPrint each take most of
a second to import, so callers import :mod:`.inhoud` and :mod:`.opmaak` when
a report is asked for, not when the app starts.
"""

from __future__ import annotations

FORMATEN = ("pdf", "html")
MEDIATYPES = {"pdf": "application/pdf", "html": "text/html"}
