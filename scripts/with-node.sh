#!/usr/bin/env bash
# Runs a command with a Node >= 22 first on PATH (installing Node 24 into the per-machine cache
# when the `node` on PATH is older; see ensure-node.sh). `npm test` and `npm run bench` go
# through it, so they work the same on a machine whose default Node is 20.
set -euo pipefail
node_dir="$(bash "$(dirname "$0")/ensure-node.sh")"
export PATH="$node_dir:$PATH"
exec "$@"
