#!/usr/bin/env bash
# Debian packages Sammen needs beyond Python and Node: gettext (translations) and, for the tests (--browser),
# Chromium and redis-server (the Redis outage test starts and stops one of its own); for operations (--ops, used by
# `make lint` and `make test`), systemd-analyze (checks deploy/systemd) and the PostgreSQL client (pg_dump and
# pg_restore for `sammen backup`/`restore`). Options combine. Installs only what is missing; needs root (or sudo) the
# first time.
set -euo pipefail
browser=false ops=false
for option in "$@"; do
  case "$option" in
    --browser) browser=true ;;
    --ops) ops=true ;;
    *) echo "unknown option: $option" >&2; exit 2 ;;
  esac
done
want=()
command -v msgfmt >/dev/null 2>&1 || want+=(gettext)
if $browser && [ ! -x /usr/bin/chromium ]; then
  want+=(chromium fonts-dejavu-core)
fi
if $browser && ! command -v redis-server >/dev/null 2>&1; then
  want+=(redis-server)
fi
if $ops && ! command -v systemd-analyze >/dev/null 2>&1; then
  want+=(systemd)
fi
if $ops && ! { command -v pg_dump && command -v pg_restore; } >/dev/null 2>&1; then
  want+=(postgresql-client)
fi
[ ${#want[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${want[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}"
