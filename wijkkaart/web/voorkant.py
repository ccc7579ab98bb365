"""The page's script: one entry module, with its imports announced up front so none waits for another.

Templates write ``{{ entree("pagina/gemeente.js") }}``; the helper reads the
``import … from "…"`` lines of the static modules (once per process) and emits a
``<link rel="modulepreload">`` for every module the entry needs, then the entry
itself. Without the hints the browser would find each import only after the
previous file arrived, and a visitor could click before the page's script ran.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path

from flask import Flask, url_for
from markupsafe import Markup, escape

IMPORT = re.compile(r"""^import\s[^;]*?from\s+["']([^"']+)["']""", re.M)


@cache
def afhankelijkheden(js_map: str, entree: str) -> tuple[str, ...]:
    """Every module ``entree`` imports, directly or not, as paths under ``js_map``, in a stable order."""
    gezien: list[str] = []
    te_doen = [entree]
    while te_doen:
        pad = te_doen.pop(0)
        tekst = (Path(js_map) / pad).read_text("utf-8")
        for doel in IMPORT.findall(tekst):
            module = posixpath.normpath(posixpath.join(posixpath.dirname(pad), doel))
            if module not in gezien:
                gezien.append(module)
                te_doen.append(module)
    return tuple(gezien)


def init_voorkant(app: Flask) -> None:
    """Make ``entree()`` available to the templates."""
    js_map = str(Path(app.static_folder) / "js")

    def entree(pad: str) -> Markup:
        regels = [
            f'<link rel="modulepreload" href="{escape(url_for("static", filename="js/" + module))}">'
            for module in afhankelijkheden(js_map, pad)
        ]
        regels.append(f'<script type="module" src="{escape(url_for("static", filename="js/" + pad))}"></script>')
        return Markup("\n".join(regels))

    app.jinja_env.globals["entree"] = entree
