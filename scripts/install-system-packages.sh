#!/usr/bin/env bash
# Debian packages Sammen needs beyond Python and Node: gettext (translations); the libraries WeasyPrint loads to
# draw the status report as PDF (Pango, its FreeType back end, HarfBuzz and HarfBuzz-subset to embed only the
# glyphs used, fontconfig: see weasyprint/text/ffi.py); and, for the tests (--browser),
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
# The PDF is part of the product (a staff download, also in `make demo`), so its libraries are always wanted.
# /sbin is not on a user's PATH on Debian; read the list once (grep -q on a pipe would fail it under pipefail).
libraries=$(/sbin/ldconfig -p)
has_library() { grep -q "$1" <<<"$libraries"; }
has_library 'libpango-1\.0\.so\.0' || want+=(libpango-1.0-0)
has_library 'libpangoft2-1\.0\.so\.0' || want+=(libpangoft2-1.0-0)
has_library 'libharfbuzz\.so\.0' || want+=(libharfbuzz0b)
has_library 'libharfbuzz-subset\.so\.0' || want+=(libharfbuzz-subset0)
has_library 'libfontconfig\.so\.1' || want+=(libfontconfig1)
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
