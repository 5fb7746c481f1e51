#!/usr/bin/env bash
# Install the Debian/Ubuntu packages SEHATI needs when they are missing.
#   system-deps.sh            runtime: python3-venv, Pango + HarfBuzz subset (PDF rendering)
#   system-deps.sh --dev      + Chromium (browser tests)
#   system-deps.sh --postgres + PostgreSQL server (CI without one running)
set -euo pipefail
want=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  ver=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  want+=("python${ver}-venv")
fi
for p in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do have_pkg "$p" || want+=("$p"); done
for arg in "$@"; do
  case "$arg" in
    --dev) [ -x /usr/bin/chromium ] || want+=(chromium) ;;
    --postgres) command -v pg_ctlcluster >/dev/null 2>&1 || want+=(postgresql) ;;
  esac
done
[ ${#want[@]} -eq 0 ] && exit 0

echo "SEHATI: memasang paket sistem yang belum ada: ${want[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Perlu hak root untuk memasang: ${want[*]} (apt-get install ${want[*]})" >&2; exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get tidak ada: pasang sendiri paket berikut: ${want[*]}" >&2; exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
