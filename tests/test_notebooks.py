"""Every notebook in notebooks/ runs from top to bottom (its own asserts compare hand calculations with the core)."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from wijkkaart.kern.settings import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook():
    assert [n.name for n in NOTEBOOKS] == ["gatenanalyse_haarlem.ipynb"]


@pytest.mark.parametrize("pad", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(pad, shared_data, monkeypatch):
    monkeypatch.setenv("WIJKKAART_DATA_DIR", str(shared_data))
    nb = nbformat.read(pad, as_version=4)
    # Stored without outputs, so a reader sees the steps and the test sees the truth.
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(pad.parent)}}).execute()
    uitvoer = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "handberekening en wijkkaart geven hetzelfde voor 111 buurten" in uitvoer
    fouten = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert not fouten
