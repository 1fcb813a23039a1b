#!/usr/bin/env bash
# Provisions a Python venv holding the official Alibaba Cloud OSS Python SDK v2
# (`alibabacloud-oss-v2`, pinned below) for the server conformance tests, and prints the
# venv's python path.
#   bash scripts/ensure-python.sh            # create/repair the venv if needed, print its python
#   bash scripts/ensure-python.sh --locate   # print the python only if the venv is ready (exit 0),
#                                            # else print nothing and exit 1; never installs
set -euo pipefail
SDK_PIN="alibabacloud-oss-v2==1.4.1"
cache="${PULUMI_OSS_SYMLINK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-oss-symlink}"
venv="$cache/pyenv"
py="$venv/bin/python"
# A stamp names the pinned SDK, so changing the pin re-installs instead of reusing a stale venv.
stamp="$venv/.oss-sdk-pin"

ready() {
  [ -x "$py" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$SDK_PIN" ] \
    && "$py" -c 'import alibabacloud_oss_v2' >/dev/null 2>&1
}

if [ "${1:-}" = "--locate" ]; then
  if ready; then echo "$py"; exit 0; fi
  exit 1
fi

if ! ready; then
  base=""
  for cand in python3 python; do
    if command -v "$cand" >/dev/null 2>&1 \
      && "$cand" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 8) else 1)' >/dev/null 2>&1; then
      base="$cand"; break
    fi
  done
  if [ -z "$base" ]; then
    echo "ensure-python.sh: need python3 >= 3.8 with the venv module (e.g. apt-get install python3-venv)" >&2
    exit 1
  fi
  mkdir -p "$cache"
  [ -x "$py" ] || "$base" -m venv "$venv" >&2
  "$py" -m pip install --disable-pip-version-check --no-input --quiet "$SDK_PIN" >&2
  echo "$SDK_PIN" > "$stamp"
  "$py" -c 'import alibabacloud_oss_v2' >&2
fi
echo "$py"
