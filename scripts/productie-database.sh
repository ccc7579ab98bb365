#!/usr/bin/env bash
# Production set-up (called by scripts/install.sh --production): start PostgreSQL and Redis,
# create the role and the PostGIS database, write instance/productie.env (mode 0600) with a
# fresh secret key and a random database password, and bring the schema up to date.
# Safe to run again: an existing productie.env is kept, so the key and password stay the same.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
DB="${WIJKKAART_PG_DATABASE:-wijkkaart}"
ROL="${WIJKKAART_PG_ROL:-wijkkaart}"
ENV_BESTAND=instance/productie.env

# Services: systemd where it runs, otherwise (containers) the Debian helpers directly.
start_dienst() {
  if [ -d /run/systemd/system ]; then
    $SUDO systemctl enable --now "$1"
  else
    $SUDO service "$1" start || true
  fi
}
echo "==> PostgreSQL en Redis starten"
start_dienst postgresql
start_dienst redis-server
als_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
if ! als_postgres pg_isready -q; then
  echo "PostgreSQL draait niet; start het (pg_ctlcluster 15 main start) en probeer opnieuw" >&2
  exit 1
fi
redis-cli ping >/dev/null || { echo "Redis antwoordt niet; start redis-server en probeer opnieuw" >&2; exit 1; }

mkdir -p instance
if [ ! -f "$ENV_BESTAND" ]; then
  echo "==> $ENV_BESTAND maken (geheime sleutel en databasewachtwoord)"
  WACHTWOORD="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))')"
  SLEUTEL="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
  umask 077
  cat > "$ENV_BESTAND" <<EOT
# wijkkaart in productie (scripts/serve-production.sh leest dit bestand). Niet in git.
WIJKKAART_DATABASE_URL=postgresql+psycopg://$ROL:$WACHTWOORD@127.0.0.1:5432/$DB
WIJKKAART_SECRET_KEY=$SLEUTEL
WIJKKAART_LIMIET_OPSLAG=redis://127.0.0.1:6379/1
WIJKKAART_CACHE_OPSLAG=redis://127.0.0.1:6379/2
EOT
  umask 022
fi
WACHTWOORD="$(sed -n 's|^WIJKKAART_DATABASE_URL=postgresql+psycopg://[^:]*:\([^@]*\)@.*|\1|p' "$ENV_BESTAND")"

echo "==> rol $ROL en database $DB"
# Names come from the environment of whoever installs; the password goes in as a bound psql variable.
als_postgres psql -v ON_ERROR_STOP=1 -q -v rol="$ROL" -v wachtwoord="$WACHTWOORD" <<'EOSQL'
SELECT format('CREATE ROLE %I LOGIN', :'rol') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'rol')\gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'rol', :'wachtwoord')\gexec
EOSQL
als_postgres psql -v ON_ERROR_STOP=1 -q -v db="$DB" -v rol="$ROL" <<'EOSQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'rol') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')\gexec
EOSQL
PGOPTIONS="--client-min-messages=warning" als_postgres psql -v ON_ERROR_STOP=1 -q -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS postgis"

echo "==> schema bijwerken"
set -a; . "./$ENV_BESTAND"; set +a
.venv/bin/wijkkaart db upgrade
echo "==> productie klaar: start met bash scripts/serve-production.sh"
