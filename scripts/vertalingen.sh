#!/usr/bin/env bash
# Keeps the message catalogues in step with the code: extract every marked text into
# wijkkaart/translations/messages.pot, merge it into each language's .po (new texts arrive
# empty, changed ones fuzzy), and compile the .mo files the app reads.
#   bash scripts/vertalingen.sh            extract, update and compile
#   bash scripts/vertalingen.sh compile    compile only
# tests/test_vertalingen.py fails while any text lacks a translation or a .mo is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
MAP=wijkkaart/translations
if [ "${1:-}" != "compile" ]; then
  # _l: Flask-Babel's lazy_gettext; _k:2: the Dutch label argument of kerncijfers._k().
  "$PYBABEL" extract -F babel.cfg -k _l -k _k:2 --no-location --sort-output \
    --project wijkkaart --copyright-holder "wijkkaart" -o "$MAP/messages.pot" .
  for po in "$MAP"/*/LC_MESSAGES/messages.po; do
    taal="$(basename "$(dirname "$(dirname "$po")")")"
    "$PYBABEL" update -i "$MAP/messages.pot" -d "$MAP" -l "$taal" --no-wrap --ignore-obsolete
  done
fi
"$PYBABEL" compile -d "$MAP" --statistics
