#!/usr/bin/env bash
# Installs everything wijkkaart needs on Debian 12: system packages (SpatiaLite,
# PostgreSQL + PostGIS, Redis, Chromium, Node.js), a Python virtualenv with the
# project, and the front-end assets from npm. Safe to run again: each step
# skips what is already there. Runs apt through sudo when not root.
#
#   bash scripts/install.sh                 everything for the embedded default and the tests
#   bash scripts/install.sh --production    and then a PostGIS database, a role, Redis running,
#                                           a secret key and instance/productie.env (docs/productie.md)
set -euo pipefail
cd "$(dirname "$0")/.."
PRODUCTIE=0
for arg in "$@"; do
  case "$arg" in
    --production) PRODUCTIE=1 ;;
    *) echo "onbekende optie: $arg (bedoeld: --production)" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  python3 python3-venv python3-dev build-essential
  libsqlite3-mod-spatialite
  postgresql postgresql-15-postgis-3
  # production mode shares cache and rate limits through Redis; the tests start their own server
  redis-server
  # the load benchmark (benchmarks/belasting.py) and the import benchmark's baseline (ogr2ogr)
  wrk gdal-bin
  chromium fonts-dejavu-core
  # reports: WeasyPrint renders with Pango; the tests turn PDF pages into PNG and text (pdftoppm, pdftotext)
  libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
)
# Machines that bring their own Node.js (nodesource) must not get Debian's npm on top.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  APT_PACKAGES+=(nodejs npm)
fi
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> systeempakketten installeren: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

PYTHON="${WIJKKAART_PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  echo "==> virtualenv maken met $PYTHON"
  "$PYTHON" -m venv .venv
fi
# Exact versions with their hashes from requirements.lock (scripts/vergrendel.sh makes it from the
# ranges in setup.cfg); then the project itself, which brings no dependency of its own.
stamp=.venv/.wijkkaart-installed
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ setup.cfg -nt "$stamp" ]; then
  echo "==> Python-pakketten installeren (requirements.lock)"
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  .venv/bin/python -m pip check
  touch "$stamp"
fi

if [ ! -f static/vendor/markercluster/leaflet.markercluster.js ] || [ ! -f node_modules/axe-core/axe.min.js ] \
   || [ package-lock.json -nt static/vendor/leaflet/leaflet.js ] || [ ! -f static/vendor/redoc/redoc.standalone.js ]; then
  echo "==> front-end pakketten installeren (npm)"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "$PRODUCTIE" -eq 1 ]; then
  bash scripts/productie-database.sh
fi
echo "==> installatie compleet"
