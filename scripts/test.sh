#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs pytest. The tests
# start their own PostgreSQL + PostGIS server and headless Chromium; a backend
# that cannot be started fails the run, it is never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/python -m pytest "$@"
