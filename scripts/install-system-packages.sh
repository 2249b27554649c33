#!/usr/bin/env bash
# Debian packages Sammen needs beyond Python and Node: gettext (translations) and, for the tests (--browser),
# Chromium and redis-server (the Redis outage test starts and stops one of its own). Installs only what is missing;
# needs root (or sudo) the first time.
set -euo pipefail
want=()
command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  want+=(chromium fonts-dejavu-core)
fi
if [ "${1:-}" = "--browser" ] && ! command -v redis-server >/dev/null 2>&1; then
  want+=(redis-server)
fi
[ ${#want[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${want[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}"
