#!/usr/bin/env bash
# Production mode: gunicorn with several workers on PostGIS, Redis for the shared cache and rate
# limits. Reads instance/productie.env (made by scripts/install.sh --production); settings already
# in the environment win. Refuses to start, naming the setting, when something is missing.
#   WIJKKAART_WORKERS (default: 2 x cores + 1), WIJKKAART_HOST (127.0.0.1), WIJKKAART_PORT (8000)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f instance/productie.env ]; then
  while IFS='=' read -r naam waarde; do
    case "$naam" in ''|\#*) continue ;; esac
    if [ -z "${!naam:-}" ]; then export "$naam=$waarde"; fi
  done < instance/productie.env
fi
args=(serve --production --host "${WIJKKAART_HOST:-127.0.0.1}" --port "${WIJKKAART_PORT:-8000}")
if [ -n "${WIJKKAART_WORKERS:-}" ]; then args+=(--workers "$WIJKKAART_WORKERS"); fi
exec .venv/bin/wijkkaart "${args[@]}"
