#!/usr/bin/env bash
# Packs the package, installs the tarball into a throw-away consumer, and uses it through both import and require,
# as a user would. Needs a build first (npm run build).
set -euo pipefail
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$work/$tarball"
cp "$root"/scripts/smoke/* .
node smoke.mjs
node smoke.cjs
