#!/usr/bin/env bash
# make bench: every benchmark under bench/ (not part of make test); each prints its figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.test
for script in bench/*.py; do
  [ -f "$script" ] || continue
  echo "=== $script"
  .venv/bin/python "$script"
done
