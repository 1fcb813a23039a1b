#!/usr/bin/env bash
# `npm run demo [-- --keep --verbose --state-dir DIR]`: provides Node >= 22 and the Pulumi CLI,
# then runs scripts/demo/index.js from the repository root (see docs/demo.md).
# package.json runs `npm run build` first: the demo loads the library from dist/ by package name.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

node_dir="$(bash "$repo/scripts/ensure-node.sh")"
if ! pulumi_dir="$(bash "$repo/scripts/ensure-pulumi.sh" --locate)"; then
  echo "demo: no Pulumi CLI >= 3.181 found; building it from Go modules once for this machine" >&2
  echo "demo: (the first build takes about 5 minutes; later runs reuse the cache)" >&2
  pulumi_dir="$(bash "$repo/scripts/ensure-pulumi.sh")"
fi

export PATH="$pulumi_dir:$node_dir:$PATH"
export PULUMI_OSS_SYMLINK_PULUMI_DIR="$pulumi_dir"
# The provider plugin runs in the program's directory (the Automation API default: our cwd) and
# resolves @pulumi/pulumi and pulumi-oss-symlink from there.
cd "$repo"
exec node scripts/demo/index.js "$@"
