#!/usr/bin/env bash
# Checks the systemd units in deploy/systemd (`make lint` runs it). The units name their programs under the install
# prefix /opt/sammen, and `systemd-analyze verify` wants every ExecStart program to exist, so it checks copies in
# which /opt/sammen is this checkout (whose .venv has gunicorn, celery and sammen). It fails on any message, not
# only on errors: an unknown or misspelt setting is only a warning to systemd, and would be silently ignored.
# Then `systemd-analyze security --offline` must rate each service's exposure at most 2.0 (of 10), so the hardening
# cannot quietly get lost; the sysusers.d file must parse; and the settings that restart relies on are there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh --ops
for program in gunicorn celery sammen; do
  [ -x ".venv/bin/$program" ] || { echo ".venv/bin/$program is missing: make install" >&2; exit 1; }
done
copies="$(mktemp -d)"
trap 'rm -rf "$copies"' EXIT
for unit in deploy/systemd/*.service deploy/systemd/*.target deploy/systemd/*.timer; do
  sed "s#/opt/sammen#$PWD#g" "$unit" > "$copies/$(basename "$unit")"
done
if ! output="$(cd "$copies" && systemd-analyze verify --man=no ./*.service ./*.target ./*.timer 2>&1)" || [ -n "$output" ]; then
  echo "systemd-analyze verify found problems in deploy/systemd:" >&2
  echo "$output" >&2
  exit 1
fi
for service in "$copies"/*.service; do
  if ! systemd-analyze security --offline=yes --threshold=20 "$service" >/dev/null 2>&1; then
    systemd-analyze security --offline=yes "$service" | tail -n 25 >&2 || true
    echo "$(basename "$service"): exposure above 2.0; keep the hardening settings" >&2
    exit 1
  fi
done
mkdir -p "$copies/root/etc"
if ! output="$(systemd-sysusers --root="$copies/root" --dry-run "$PWD/deploy/systemd/sammen-sysusers.conf" 2>&1)"; then
  echo "$output" >&2
  exit 1
fi
# What finding 4 of issue 8 is about: the long-running services restart after a crash, and systemd kills whatever
# a dead main process leaves behind before it starts a new one.
for service in sammen-web sammen-worker sammen-beat; do
  for setting in KillMode=mixed Restart=on-failure User=sammen EnvironmentFile=/etc/sammen/sammen.env; do
    grep -qx "$setting" "deploy/systemd/$service.service" || { echo "$service.service: $setting is missing" >&2; exit 1; }
  done
done
grep -qx 'ExecReload=/bin/kill -s HUP $MAINPID' deploy/systemd/sammen-web.service \
  || { echo "sammen-web.service: ExecReload must send HUP to gunicorn's master" >&2; exit 1; }
echo "deploy/systemd: $(ls deploy/systemd | wc -l) files checked (systemd-analyze verify and security, sysusers)"
