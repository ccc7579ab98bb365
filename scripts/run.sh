#!/usr/bin/env bash
# Quick start: install everything, load the demo gemeenten into the embedded
# SpatiaLite database (when ../shared/data is there) and start the map server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if .venv/bin/wijkkaart demo; then
  :
else
  echo "(geen demodata geladen; zie data/README.md om CBS-gegevens te importeren)"
fi
exec .venv/bin/wijkkaart serve --host "${WIJKKAART_HOST:-127.0.0.1}" --port "${WIJKKAART_PORT:-5000}"
