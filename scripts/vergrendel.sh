#!/usr/bin/env bash
# Refreshes requirements.lock: the exact versions, with hashes, of everything wijkkaart and its
# tests install (setup.cfg keeps the ranges). Run after changing a dependency in setup.cfg, then
# commit both files; scripts/install.sh installs from the lock file only.
#   bash scripts/vergrendel.sh             pin what setup.cfg allows, keeping current pins where they fit
#   bash scripts/vergrendel.sh --upgrade   move every pin to the newest version setup.cfg allows
set -euo pipefail
cd "$(dirname "$0")/.."
# Only the virtualenv is needed: a dependency just added to setup.cfg is not in the old lock file yet.
[ -x .venv/bin/python ] || bash scripts/install.sh >/dev/null
.venv/bin/python -m pip install --quiet 'pip-tools>=7.4'
.venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra test \
  --build-deps-for editable --output-file requirements.lock --no-emit-index-url --no-emit-find-links "$@" setup.cfg
echo "requirements.lock bijgewerkt; installeer met: bash scripts/install.sh"
