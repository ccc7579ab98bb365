"""The architecture holds: layers point down, no import cycles, imports at the top, functions a reader can hold.

``scripts/test.sh`` runs ruff and import-linter before the suite; these tests
add what neither checks, and show that the contracts catch a real violation.
"""

from __future__ import annotations

import ast
import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

from wijkkaart.kern.settings import PROJECT_ROOT

PAKKET = PROJECT_ROOT / "wijkkaart"
#: A function body longer than this is split into steps a reader can hold in mind.
MAX_REGELS = 60
#: Functions that are data, not logic: the frozen table definitions of the baseline migration.
LANG_MAG = {("wijkkaart/opslag/migraties/versions/0001_basis.py", "_tabellen")}


def _modules():
    for pad in sorted(PAKKET.rglob("*.py")):
        yield pad.relative_to(PROJECT_ROOT).as_posix(), ast.parse(pad.read_text("utf-8"))


def _importlinter_config(doel: Path) -> Path:
    """The project's import-linter contracts, as a file of their own (``lint-imports --config``)."""
    parser = configparser.ConfigParser()
    parser.read(PROJECT_ROOT / "setup.cfg", encoding="utf-8")
    uit = configparser.ConfigParser()
    for sectie in parser.sections():
        if sectie.startswith("importlinter"):
            uit[sectie] = dict(parser[sectie])
    pad = doel / ".importlinter"
    with pad.open("w", encoding="utf-8") as bestand:
        uit.write(bestand)
    return pad


def _lint_imports(werkmap: Path, config: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(config), "--no-cache"],
        cwd=werkmap,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(werkmap), "PATH": str(lint.parent)},
    )


def test_the_contracts_hold_for_the_package(tmp_path):
    uit = _lint_imports(PROJECT_ROOT, _importlinter_config(tmp_path))
    assert uit.returncode == 0, uit.stdout[-2000:]
    assert "0 broken" in uit.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    """A copy of the package with the shared domain importing storage: import-linter must refuse it."""
    shutil.copytree(PAKKET, tmp_path / "wijkkaart", ignore=shutil.ignore_patterns("__pycache__", "translations"))
    (tmp_path / "wijkkaart" / "kern" / "omhoog.py").write_text(
        '"""Wrong on purpose."""\n\nfrom ..opslag.engine import make_engine  # noqa: F401\n'
    )
    uit = _lint_imports(tmp_path, _importlinter_config(tmp_path))
    assert uit.returncode == 1, uit.stdout[-2000:]
    assert "wijkkaart.kern.omhoog -> wijkkaart.opslag.engine" in uit.stdout


def test_no_module_takes_part_in_an_import_cycle():
    graaf = grimp.build_graph("wijkkaart")
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    cycli: list[list[str]] = []

    def verbind(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = laag[v] = len(index)
        stapel.append(v)
        op_stapel.add(v)
        for w in graaf.find_modules_directly_imported_by(v):
            if w not in index:
                verbind(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op_stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            groep = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                groep.append(w)
                if w == v:
                    break
            if len(groep) > 1:
                cycli.append(sorted(groep))

    for module in sorted(graaf.modules):
        if module not in index:
            verbind(module)
    assert cycli == []


def test_imports_inside_functions_say_why():
    """An import inside a function is only for a heavy or optional dependency, with a comment saying so.

    Ruff (PLC0415) asks for a ``noqa``; this asks for the reason too, in a comment
    on one of the two lines above it.
    """
    zonder_reden = []
    for naam, boom in _modules():
        regels = (PROJECT_ROOT / naam).read_text("utf-8").splitlines()
        for functie in (n for n in ast.walk(boom) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            for knoop in ast.walk(functie):
                if isinstance(knoop, ast.Import | ast.ImportFrom):
                    boven = [r.strip() for r in regels[max(0, knoop.lineno - 3) : knoop.lineno - 1]]
                    if not any(r.startswith("#") and "noqa" not in r for r in boven):
                        zonder_reden.append(f"{naam}:{knoop.lineno} in {functie.name}")
    assert zonder_reden == []


def test_functions_stay_short_enough_to_read():
    te_lang = []
    for naam, boom in _modules():
        for functie in (n for n in ast.walk(boom) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            lichaam = functie.body
            if isinstance(lichaam[0], ast.Expr) and isinstance(lichaam[0].value, ast.Constant) and len(lichaam) > 1:
                lichaam = lichaam[1:]  # the docstring does not count
            regels = functie.end_lineno - lichaam[0].lineno + 1
            if regels > MAX_REGELS and (naam, functie.name) not in LANG_MAG:
                te_lang.append(f"{naam}:{functie.lineno} {functie.name} ({regels} regels)")
    assert te_lang == []


def test_the_core_loads_without_flask_or_the_tables():
    """The analysis imports neither Flask nor a table module: it takes and returns GeoDataFrames."""
    code = (
        "import sys, wijkkaart.gaten.analyse, wijkkaart.kern.filters; "
        "geladen = [m for m in sys.modules if m.startswith(('flask', 'wijkkaart.opslag', 'sqlalchemy'))]; "
        "print(geladen)"
    )
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert uit.returncode == 0, uit.stderr[-500:]
    assert uit.stdout.strip() == "[]"
