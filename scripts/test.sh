#!/usr/bin/env bash
# The whole test suite: installs what is missing, checks lint, formatting and the
# architecture contracts (fast, first), then runs pytest spread over the machine's
# cores. The tests start their own PostgreSQL + PostGIS server and headless
# Chromium; a backend that cannot be started fails the run, it is never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
echo "==> ruff (lint en opmaak)"
.venv/bin/ruff check wijkkaart tests benchmarks
.venv/bin/ruff format --check wijkkaart tests benchmarks
echo "==> import-linter (lagen en cycli)"
.venv/bin/lint-imports --no-cache
echo "==> pytest"
exec .venv/bin/python -m pytest -n "${WIJKKAART_TEST_PROCESSEN:-auto}" --dist worksteal "$@"
