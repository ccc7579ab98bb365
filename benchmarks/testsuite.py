"""Benchmark: wall time of the test suite, this checkout against an older one, interleaved.

The test suite is what every change waits for. This runs, in turn and for
``--rondes`` rounds, the older checkout's suite the way it was run (the
baseline, named by its commit) and this checkout's, so a busy spell on a
shared machine hits both alike. Each command runs in its own checkout with its
own ``.venv``; PostGIS and Chromium are started by the suites themselves.

Prints per variant the wall time (min/median/max), the largest resident set of
one process in the run (``wait4``: pytest, a worker or a server it waited for)
and the ratio of each median against the baseline's median, plus how many
tests passed in each run, so a faster run that tested less is seen.

Usage::

    .venv/bin/python benchmarks/testsuite.py --basis /tmp/baseline [--rondes 2]
        [--variant nieuw="-n 2 --dist worksteal"] [--variant serieel="-p no:xdist"]

``--basis`` is a checkout of the older commit with its own ``.venv``
(``git worktree add /tmp/baseline <commit>`` and ``bash scripts/install.sh`` in it).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HIER = Path(__file__).resolve().parents[1]
GESLAAGD = re.compile(r"(\d+) passed")
GEFAALD = re.compile(r"(\d+) (failed|error)")


@dataclass
class Variant:
    """One way of running a suite: its checkout, its pytest arguments and what it measured."""

    naam: str
    map: Path
    argumenten: list[str]
    tijden: list[float] = field(default_factory=list)
    geheugen: list[int] = field(default_factory=list)
    geslaagd: list[int] = field(default_factory=list)

    def draai(self) -> None:
        """Run the suite once; a failing run stops the benchmark (its time would mean nothing)."""
        opdracht = [str(self.map / ".venv/bin/python"), "-m", "pytest", "-q", *self.argumenten]
        start = time.perf_counter()
        with (
            open(os.devnull, "wb") as stil,
            subprocess.Popen(opdracht, cwd=self.map, stdout=subprocess.PIPE, stderr=stil) as proces,
        ):
            uitvoer = proces.stdout.read().decode(errors="replace")
            _, status, gebruik = os.wait4(proces.pid, 0)
            proces.returncode = os.waitstatus_to_exitcode(status)
        duur = time.perf_counter() - start
        slot = uitvoer.strip().splitlines()[-1] if uitvoer.strip() else "(geen uitvoer)"
        if proces.returncode != 0 or GEFAALD.search(slot):
            sys.exit(f"{self.naam}: pytest eindigde met {proces.returncode}: {slot}")
        self.tijden.append(duur)
        self.geheugen.append(gebruik.ru_maxrss // 1024)
        self.geslaagd.append(int(GESLAAGD.search(slot).group(1)))
        print(f"  {self.naam:<10} {duur:7.1f} s  {slot}", flush=True)


def commit(map_: Path) -> str:
    """The short commit of a checkout, to name the baseline."""
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=map_, capture_output=True, text=True, check=True
    ).stdout.strip()


def main() -> None:
    """Parse the arguments, run the variants interleaved and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basis", type=Path, required=True, help="checkout of the older commit, with .venv")
    parser.add_argument("--basis-argumenten", default="", help="pytest arguments for the baseline")
    parser.add_argument("--variant", action="append", default=[], help='naam="pytest arguments" for this checkout')
    parser.add_argument("--rondes", type=int, default=2)
    args = parser.parse_args()
    basis = Variant(f"basis {commit(args.basis)}", args.basis.resolve(), shlex.split(args.basis_argumenten))
    varianten = [basis]
    for tekst in args.variant or ["nieuw=-n 2 --dist worksteal"]:
        naam, _, argumenten = tekst.partition("=")
        varianten.append(Variant(f"{naam} {commit(HIER)}", HIER, shlex.split(argumenten)))
    for ronde in range(1, args.rondes + 1):
        print(f"ronde {ronde}/{args.rondes}", flush=True)
        for variant in varianten:
            variant.draai()
    mediaan_basis = statistics.median(basis.tijden)
    print(f"\n{'variant':<22}{'min':>8}{'mediaan':>9}{'max':>8}  {'max RSS':>9}  {'x basis':>8}  tests")
    for v in varianten:
        print(
            f"{v.naam:<22}{min(v.tijden):7.1f}s{statistics.median(v.tijden):8.1f}s{max(v.tijden):7.1f}s"
            f"  {max(v.geheugen):6d} MiB  {statistics.median(v.tijden) / mediaan_basis:7.2f}x"
            f"  {'/'.join(map(str, sorted(set(v.geslaagd))))}"
        )


if __name__ == "__main__":
    main()
