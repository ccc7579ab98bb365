"""Benchmark: a gemeente report as PDF against the same report as HTML, and the server-drawn map on its own.

A planner clicks "Rapport (PDF)" and waits. What that costs, measured in one
process on one database, the rounds interleaved (the machine is shared):

- **html** (the baseline): the whole report without layout: the gap
  analysis (kept per data version, as the web keeps it), the map drawn to
  SVG by matplotlib, the tables, the method; rendered by Jinja;
- **pdf**: the same, then laid out to A4 by WeasyPrint (what the button sends);
- **kaart**: only the map image of the gemeente (PNG, ``/gemeente/…/kaart.png``);
- **bewaard**: the PDF asked again at the same data version (what every click after the first gets).

The gap analysis is kept between rounds as the web keeps it; the reports
themselves are not (except for ``bewaard``), so html and pdf are made each time.

Printed: min/median/max seconds of each, the PDF/HTML ratio per round, pages
and size of the PDF, and the peak RSS of the process. The data is the demo
(``wijkkaart demo``: Haarlem, 111 buurten; Amsterdam, 479 buurten and 309
aanbod) loaded into a temporary SpatiaLite file.

Usage::

    .venv/bin/python benchmarks/rapport.py [--rondes 5] [--gemeente GM0363]
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cachelib import SimpleCache

from wijkkaart.diensten import kaartbeeld, rapport
from wijkkaart.kern.filters import GatenFilter
from wijkkaart.opslag.engine import make_engine

WIJKKAART = str(Path(sys.executable).with_name("wijkkaart"))


def _tijd(functie) -> tuple[float, object]:
    begin = time.perf_counter()
    uit = functie()
    return time.perf_counter() - begin, uit


def _samenvatting(naam: str, tijden: list[float]) -> str:
    return f"{naam:<6} {min(tijden):6.2f} / {statistics.median(tijden):6.2f} / {max(tijden):6.2f} s"


class AlleenAnalyses(SimpleCache):
    """The web's result cache, but keeping no report: so each round makes its report anew."""

    def set(self, key, value, timeout=None):
        """Keep everything but a report."""
        return False if key.startswith("wijkkaart:rapport:") else super().set(key, value, timeout)


def main() -> None:
    """Load the demo, then time html, pdf and kaart in turn, round after round."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rondes", type=int, default=5)
    args.add_argument("--gemeente", default="GM0363")
    opties = args.parse_args()
    with tempfile.TemporaryDirectory() as map_:
        url = f"sqlite:///{Path(map_) / 'demo.sqlite'}"
        subprocess.run([WIJKKAART, "--database", url, "demo"], check=True, capture_output=True)
        engine = make_engine(url)
        cache = AlleenAnalyses(threshold=50)
        bewaar = SimpleCache(threshold=50)
        filter_ = GatenFilter()
        # One untimed run: imports (matplotlib, WeasyPrint) and the cached analysis, as a running server has them.
        rapport.rapport(engine, opties.gemeente, filter_, "pdf", cache=cache)
        metingen: dict[str, list[float]] = {"html": [], "pdf": [], "kaart": [], "bewaard": []}
        rapport.rapport(engine, opties.gemeente, filter_, "pdf", cache=bewaar)
        verhoudingen = []
        pdf = b""
        for ronde in range(opties.rondes):
            volgorde = ["html", "pdf", "kaart", "bewaard"] if ronde % 2 == 0 else ["bewaard", "kaart", "pdf", "html"]
            for soort in volgorde:
                if soort == "bewaard":
                    t, _ = _tijd(lambda: rapport.rapport(engine, opties.gemeente, filter_, "pdf", cache=bewaar))
                elif soort == "kaart":
                    t, _ = _tijd(
                        lambda: kaartbeeld.kaartbeeld(
                            engine, opties.gemeente, None, "gatscore", filter_, None, "png", cache=cache
                        )
                    )
                else:
                    t, bestand = _tijd(
                        lambda s=soort: rapport.rapport(engine, opties.gemeente, filter_, s, cache=cache)
                    )
                    if soort == "pdf":
                        pdf = bestand.inhoud
                metingen[soort].append(t)
            verhoudingen.append(metingen["pdf"][-1] / metingen["html"][-1])
        pad = Path(map_) / "r.pdf"
        pad.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(pad)], capture_output=True, text=True).stdout
        paginas = re.search(r"^Pages:\s+(\d+)", info, re.M)
        engine.dispose()
    print(f"rapport {opties.gemeente}, {opties.rondes} rondes (min / median / max):")
    for soort, tijden in metingen.items():
        print("  " + _samenvatting(soort, tijden))
    print(f"  pdf/html {min(verhoudingen):.2f} / {statistics.median(verhoudingen):.2f} / {max(verhoudingen):.2f}")
    print(f"  pdf: {paginas.group(1) if paginas else '?'} pagina's, {len(pdf) // 1024} kB")
    print(f"  piek RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
