#!/usr/bin/env bash
# Prepares a Debian 12 machine for Podyard, as root: host packages, cgroups, npm
# dependencies, build. Safe to run again (it skips what is already done).
#   build/setup-host.sh            everything
#   SKIP_APT=1 build/setup-host.sh skip the package installation
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[podyard setup]\033[0m %s\n' "$*"; }
die() { printf '[podyard setup] error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run this as root (it installs packages and prepares cgroups): sudo $0"

# Node.js 20 or newer is a prerequisite (Debian 12 ships 18).
command -v node >/dev/null || die "Node.js 20 or newer is required: install it first (https://nodejs.org or your distribution's nodejs 20 packages)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: Podyard needs 20 or newer"

packages=(
  crun runc conmon catatonit   # the OCI runtimes, the monitor, the init for infra containers and --init
  busybox-static file           # the test image
  uidmap                        # newuidmap/newgidmap for rootless containers
  build-essential python3       # better-sqlite3 compiles from source
  tar util-linux mount procps iproute2
  chromium                      # the browser UI and its end-to-end tests
  xdg-utils                     # opening the browser UI from npm start
)
if [ "${SKIP_APT:-}" != 1 ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "host packages present"
  fi
fi

# cgroups: on a v1 hybrid host crun refuses to run while the unified hierarchy holds
# the hugetlb controller ("cgroups in hybrid mode not supported"). Mounting hugetlb as
# a v1 hierarchy moves it off the unified one.
unified=/sys/fs/cgroup/unified/cgroup.controllers
if [ -f "$unified" ] && grep -qw hugetlb "$unified"; then
  say "moving the hugetlb cgroup controller off the unified hierarchy"
  mkdir -p /run/podyard-hugetlb
  mountpoint -q /run/podyard-hugetlb || mount -t cgroup -o hugetlb cgroup /run/podyard-hugetlb
fi

# npm dependencies. The Electron binary cannot always be downloaded: the app falls
# back to the browser mode without it. better-sqlite3 compiles for a minute or more,
# so an up-to-date install is kept.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
stamp=node_modules/.podyard-installed
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && node -e "require('better-sqlite3')(':memory:').close()" 2>/dev/null; then
  say "npm dependencies up to date"
else
  say "installing npm dependencies (better-sqlite3 compiles from source; this takes a minute or two)"
  npm ci --no-audit --no-fund --loglevel=error
  node -e "require('better-sqlite3')(':memory:').close()" || die "better-sqlite3 did not build: see the npm output above"
  touch "$stamp"
fi

say "building"
npm run --silent build
say "ready: podyard $(node bin/podyard.js version | sed 's/Version: //')"
