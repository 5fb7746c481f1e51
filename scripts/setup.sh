#!/usr/bin/env bash
# Create or update .venv and the static/locale build. Re-running is cheap: pip runs only when
# pyproject.toml changed since the last successful install.
set -euo pipefail
cd "$(dirname "$0")/.."
dev=""; [ "${1:-}" = "--dev" ] && dev="--dev"

python3 - <<'PY' || { echo "SEHATI butuh Python >= 3.11" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
bash scripts/system-deps.sh $dev

[ -x .venv/bin/python ] || python3 -m venv .venv
extra=""; [ -n "$dev" ] && extra="[dev]"
stamp=".venv/.sehati-installed${dev:+-dev}"
digest=$(sha256sum pyproject.toml | cut -c1-64)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
  echo "$digest" > "$stamp"
fi
.venv/bin/python scripts/compilemessages.py
DJANGO_SETTINGS_MODULE=config.settings.base .venv/bin/sehati collectstatic --noinput -v0
