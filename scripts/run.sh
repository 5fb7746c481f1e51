#!/usr/bin/env bash
# make run: set up, migrate, build the demo data once, then serve on 127.0.0.1:8000 with the
# huey worker beside it. Safe to run again: data in var/ is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DJANGO_SETTINGS_MODULE=config.settings.base
S=.venv/bin/sehati
$S migrate --noinput -v0
$S createcachetable
$S demo
$S worker_heartbeat

$S run_huey >var/huey.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Pekerja latar (huey) berjalan (pid $worker, log var/huey.log)."
echo "SEHATI melayani di http://127.0.0.1:8000 — hentikan dengan Ctrl+C."
.venv/bin/gunicorn config.wsgi:application --bind "${BIND:-127.0.0.1:8000}" \
  --workers "${WEB_WORKERS:-2}" --threads 4 --access-logfile - --log-level warning
