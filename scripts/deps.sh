#!/usr/bin/env bash
# Installs what omnihub needs from Debian's packages. Idempotent and quiet when all is there.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache make pkg-config python3
  libboost1.74-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libsimdjson-dev libfmt-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev libssl-dev zlib1g-dev curl
  libphonenumber-dev libgoogle-perftools-dev
  haproxy
)
# `make fuzz` builds the fuzz targets with clang's libFuzzer and sanitizers.
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# The SDK tests run the official Node clients. Any Node.js >= 18 with npm will do; Debian's own
# packages only when the machine has none (a NodeSource nodejs would conflict with them).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The server binaries are used by tests, the multi-node mode and its benchmark (HAProxy in front
# of several nodes); their system services are not.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if command -v systemctl >/dev/null; then
  for service in postgresql haproxy; do
    if [[ " ${missing[*]} " == *" ${service}"* ]]; then
      $sudo systemctl disable --now "$service" >/dev/null 2>&1 || true
    fi
  done
fi
