#!/usr/bin/env bash
# Prints the directory holding the `pulumi` CLI (>= 3.181) and, next to it, the
# `pulumi-resource-pulumi-nodejs` plugin script that runs dynamic providers and the Node language
# host `pulumi-language-nodejs` that runs a Pulumi.yaml project (`pulumi preview` in a folder).
#
#   bash scripts/ensure-pulumi.sh            # find or build the CLI and the language host; print the bin dir
#   bash scripts/ensure-pulumi.sh --locate   # print the dir only if the CLI is ready (exit 0); else print
#                                            # nothing and exit 1; never builds
#
# Why a build: the Pulumi CLI's release archives cannot be downloaded on the project's machines,
# but its Go modules are served by the Go module proxy. `go install .../cmd/pulumi@v3.x` refuses
# (pkg/go.mod has `replace` directives), so we build it through a small wrapper module that
# copies the one non-relative replace (the clipboard fork). The language host is built the same
# way from the last sdk/v3 release that still contains it, v3.68.0. See docs/engine.md.
#
# Lookup order for the CLI:
#   1. a `pulumi` on PATH whose version is >= 3.181, with the plugin script beside it and a
#      `pulumi-language-nodejs` beside it or on PATH (an official install has both);
#   2. the per-machine cache  $CACHE/pulumi-v<version>/bin  when it holds a working CLI;
#   3. otherwise build into that cache (a temp dir renamed into place, so a half-built cache is
#      never taken as ready).
# Then, when that bin dir has no `pulumi-language-nodejs`, it is copied there from
# $CACHE/pulumi-language-nodejs-v3.68.0/bin (built first if absent, the same way). If the host
# cannot be had, the script prints why and exits 1; `--locate` still finds the CLI alone (the
# Automation API tests need no host), and the CLI tests fail saying the host is missing.
# Only the directory goes to stdout; progress and timings go to stderr. One builder at a time per
# machine: a flock on $CACHE/.pulumi-build.lock.
set -euo pipefail

PINNED_VERSION="3.259.0"
MIN_MINOR=181
# The Node language host: the last sdk/v3 release that still contains its package (from v3.69.0
# it is a module of its own with no tags, whose pseudo-versions the proxy refuses). That go.mod
# pins golang.org/x/text with a replace, which a module depending on it must repeat.
LANGHOST_VERSION="3.68.0"
LANGHOST_PACKAGE="github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
LANGHOST_REPLACE="golang.org/x/text => golang.org/x/text v0.3.6"
CLIPBOARD_REPLACE="github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${PULUMI_OSS_SYMLINK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-oss-symlink}"
plugin_script="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

log() { echo "ensure-pulumi: $*" >&2; }

# version_ok "v3.259.0" -> true when the version is 3.x with x >= MIN_MINOR (or a later major).
version_ok() {
  local v="${1#v}" major minor
  major="${v%%.*}"
  minor="${v#*.}"; minor="${minor%%.*}"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  (( major > 3 || (major == 3 && minor >= MIN_MINOR) ))
}

cli_version() {
  PULUMI_SKIP_UPDATE_CHECK=true "$1/pulumi" version 2>/dev/null | head -n 1 | tr -d '[:space:]'
}

# ready DIR: DIR holds a runnable pulumi of a supported version and the plugin script.
ready() {
  local dir="$1"
  [ -x "$dir/pulumi" ] && [ -x "$dir/pulumi-resource-pulumi-nodejs" ] && version_ok "$(cli_version "$dir")"
}

cache_dir_for() { echo "$cache/pulumi-v$1/bin"; }

# Ready cache dirs, pinned version first, then any other cached version, newest first.
locate_cached() {
  local d
  if ready "$(cache_dir_for "$PINNED_VERSION")"; then cache_dir_for "$PINNED_VERSION"; return 0; fi
  while IFS= read -r d; do
    if ready "$d"; then echo "$d"; return 0; fi
  done < <(ls -d "$cache"/pulumi-v*/bin 2>/dev/null | sort -V -r)
  return 1
}

# has_host DIR: a language host beside the CLI in DIR, or anywhere on PATH (both places the CLI searches).
has_host() {
  [ -x "$1/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null 2>&1
}

# A user's CLI on PATH is taken only with its language host, so that it serves both the
# Automation API tests and `pulumi preview` in a project folder.
locate_on_path() {
  local p dir
  p="$(command -v pulumi 2>/dev/null)" || return 1
  dir="$(dirname "$(readlink -f "$p")")"
  if ready "$dir" && has_host "$dir"; then echo "$dir"; return 0; fi
  if version_ok "$(cli_version "$dir")"; then
    log "ignoring $p: no pulumi-resource-pulumi-nodejs or pulumi-language-nodejs beside it"
  fi
  return 1
}

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return 0; fi
  if [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go; return 0; fi
  return 1
}

# write_wrapper DIR VERSION TOOL: a throwaway main module that depends on the
# released pkg/sdk modules and names the command to build with the Go >= 1.24 `tool` directive
# (a `package main` cannot be blank-imported from a tools.go).
write_wrapper() {
  local dir="$1" version="$2" tool="$3"
  mkdir -p "$dir"
  {
    echo "module local.build/pulumi-oss-symlink-wrapper"
    echo
    echo "go 1.25.11"
    echo
    echo "require ("
    echo "	github.com/pulumi/pulumi/pkg/v3 v$version"
    echo "	github.com/pulumi/pulumi/sdk/v3 v$version"
    echo ")"
    echo
    echo "replace $CLIPBOARD_REPLACE"
    echo
    echo "tool $tool"
  } > "$dir/go.mod"
}

go_build() { # go_build WRAPPER_DIR VERSION OUTPUT PACKAGE
  (cd "$1" && GOFLAGS="${GOFLAGS:-} -mod=mod" "$GO" build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$2" -o "$3" "$4")
}

# build_cli VERSION: builds into a temp dir and renames it to $cache/pulumi-v<VERSION>.
build_cli() {
  local version="$1" final="$cache/pulumi-v$1" tmp start t_tidy t_build
  tmp="$(mktemp -d "$cache/.build-pulumi-v$version.XXXXXX")"
  chmod 0755 "$tmp"
  # shellcheck disable=SC2064  # expand $tmp now: it is local to this function
  trap "rm -rf '$tmp'; trap - RETURN" RETURN
  write_wrapper "$tmp/src/cli" "$version" "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
  log "building pulumi v$version from Go modules in $tmp (this takes minutes on a cold cache)"
  start=$SECONDS
  if ! (cd "$tmp/src/cli" && GOFLAGS="${GOFLAGS:-} -mod=mod" "$GO" mod tidy) >"$tmp/tidy.log" 2>&1; then
    log "go mod tidy failed for v$version:"; tail -n 5 "$tmp/tidy.log" >&2; return 1
  fi
  t_tidy=$((SECONDS - start))
  if ! go_build "$tmp/src/cli" "$version" "$tmp/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
      >"$tmp/build.log" 2>&1; then
    log "go build failed for v$version:"; tail -n 20 "$tmp/build.log" >&2; return 1
  fi
  t_build=$((SECONDS - start - t_tidy))
  install -m 0755 "$plugin_script" "$tmp/bin/pulumi-resource-pulumi-nodejs"
  if ! ready "$tmp/bin"; then
    log "the built binary does not report a usable version: '$(cli_version "$tmp/bin")'"; return 1
  fi
  printf 'pulumi v%s: go mod tidy %ss, go build %ss\n' "$version" "$t_tidy" "$t_build" > "$tmp/build-time.txt"
  log "built pulumi v$version: go mod tidy ${t_tidy}s, go build ${t_build}s"
  # A leftover non-ready dir (interrupted by hand, wrong script) would block the rename.
  [ -e "$final" ] && rm -rf "$final"
  mv -T "$tmp" "$final"
}

# Newest-first released pkg/v3 versions >= 3.181 other than the pinned one, when the proxy lists them.
fallback_versions() {
  local list
  list="$(cd "$cache" && "$GO" list -m -versions github.com/pulumi/pulumi/pkg/v3 2>/dev/null)" || return 0
  for v in $list; do
    case "$v" in v3.*.*) ;; *) continue ;; esac
    [[ "$v" == *-* ]] && continue
    if version_ok "$v" && [ "${v#v}" != "$PINNED_VERSION" ]; then echo "${v#v}"; fi
  done | sort -V -r
  return 0
}

# The first line of a go log that says why it failed (not the "go: downloading" chatter).
first_error() {
  local line
  line="$(grep -v 'go: downloading' "$1" | grep -m 1 -E '40[0-9] |error|cannot|go: ' || true)"
  echo "${line:-$(tail -n 1 "$1")}"
}

# build_language_host: builds pulumi-language-nodejs v$LANGHOST_VERSION in a temp dir and renames
# it to $cache/pulumi-language-nodejs-v$LANGHOST_VERSION.
build_language_host() {
  local final="$cache/pulumi-language-nodejs-v$LANGHOST_VERSION" tmp start t_tidy t_build
  tmp="$(mktemp -d "$cache/.build-langhost-v$LANGHOST_VERSION.XXXXXX")"
  chmod 0755 "$tmp"
  # shellcheck disable=SC2064  # expand $tmp now: it is local to this function
  trap "rm -rf '$tmp'; trap - RETURN" RETURN
  mkdir -p "$tmp/src"
  {
    echo "module local.build/pulumi-language-nodejs-wrapper"
    echo
    echo "go 1.25.11"
    echo
    echo "require github.com/pulumi/pulumi/sdk/v3 v$LANGHOST_VERSION"
    echo
    echo "replace $LANGHOST_REPLACE"
    echo
    echo "tool $LANGHOST_PACKAGE"
  } > "$tmp/src/go.mod"
  log "building pulumi-language-nodejs v$LANGHOST_VERSION from Go modules in $tmp (about 2 minutes on a cold cache)"
  start=$SECONDS
  if ! (cd "$tmp/src" && GOFLAGS="${GOFLAGS:-} -mod=mod" "$GO" mod tidy) >"$tmp/tidy.log" 2>&1; then
    log "go mod tidy failed for the language host: $(first_error "$tmp/tidy.log")"; return 1
  fi
  t_tidy=$((SECONDS - start))
  if ! go_build "$tmp/src" "$LANGHOST_VERSION" "$tmp/bin/pulumi-language-nodejs" "$LANGHOST_PACKAGE" >"$tmp/build.log" 2>&1; then
    log "go build failed for the language host:"; tail -n 20 "$tmp/build.log" >&2; return 1
  fi
  t_build=$((SECONDS - start - t_tidy))
  if ! "$tmp/bin/pulumi-language-nodejs" --help >/dev/null 2>&1; then
    log "the built pulumi-language-nodejs does not run"; return 1
  fi
  printf 'pulumi-language-nodejs v%s: go mod tidy %ss, go build %ss\n' "$LANGHOST_VERSION" "$t_tidy" "$t_build" > "$tmp/build-time.txt"
  log "built pulumi-language-nodejs v$LANGHOST_VERSION: go mod tidy ${t_tidy}s, go build ${t_build}s"
  [ -e "$final" ] && rm -rf "$final"
  mv -T "$tmp" "$final"
}

# ensure_language_host BIN: puts pulumi-language-nodejs into BIN, building it into the host cache
# first when needed. The copy is written under a temp name and renamed, so BIN never holds half a binary.
ensure_language_host() {
  local bin="$1" built="$cache/pulumi-language-nodejs-v$LANGHOST_VERSION/bin/pulumi-language-nodejs"
  if [ ! -x "$built" ]; then
    GO="${GO:-$(find_go || true)}"
    if [ -z "$GO" ]; then
      log "Go >= 1.25.11 is needed to build pulumi-language-nodejs (none on PATH or in /usr/local/go)"; return 1
    fi
    build_language_host || return 1
  fi
  install -m 0755 "$built" "$bin/.pulumi-language-nodejs.$$"
  mv -f "$bin/.pulumi-language-nodejs.$$" "$bin/pulumi-language-nodejs"
  # Written by earlier versions of this script, which tried refused pseudo-versions.
  rm -f "$bin/language-host.status"
}

# ensure_policy_launcher BIN: writes BIN/pulumi-policy-launcher, the way this toolchain runs a Node
# policy pack. The CLI hands a pack folder to the language host's RunPlugin, which host v3.68.0
# answers "not supported"; a pack given as an executable file it starts directly, with the engine
# address as the last argument. Run through a symlink inside the pack folder, the launcher starts
# the pack from there, as the official `pulumi-analyzer-policy` script does. See docs/engine.md.
# Not fatal: without it only the policy CLI test fails, saying so.
ensure_policy_launcher() {
  local bin="$1"
  [ -x "$bin/pulumi-policy-launcher" ] && return 0
  { cat >"$bin/.pulumi-policy-launcher.$$" <<'LAUNCHER'
#!/bin/sh
# Written by pulumi-oss-symlink's scripts/ensure-pulumi.sh (see its docs/engine.md).
for arg in "$@"; do engine="$arg"; done
cd "$(dirname "$0")" || exit 1
exec node node_modules/@pulumi/pulumi/cmd/run-policy-pack "$engine" .
LAUNCHER
  } && chmod 0755 "$bin/.pulumi-policy-launcher.$$" && mv -f "$bin/.pulumi-policy-launcher.$$" "$bin/pulumi-policy-launcher" ||
    { log "could not write $bin/pulumi-policy-launcher (policy packs cannot be started with this CLI)"; return 1; }
}

if [ "${1:-}" = "--locate" ]; then
  locate_on_path || locate_cached || exit 1
  exit 0
fi

if locate_on_path; then exit 0; fi
# Fast path, no lock: a cached CLI with its language host.
if dir="$(locate_cached)" && [ -x "$dir/pulumi-language-nodejs" ]; then ensure_policy_launcher "$dir" || true; echo "$dir"; exit 0; fi

mkdir -p "$cache"
# One builder at a time per machine: a second caller waits, then finds the cache ready.
exec 9>"$cache/.pulumi-build.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if ! dir="$(locate_cached)"; then
  if [ ! -f "$plugin_script" ]; then
    log "missing $plugin_script: run 'npm ci' in $repo first"; exit 1
  fi
  GO="$(find_go)" || { log "Go >= 1.25.11 is needed to build the Pulumi CLI (none on PATH or in /usr/local/go)"; exit 1; }
  log "using $("$GO" version)"
  built=""
  if build_cli "$PINNED_VERSION"; then
    built="$PINNED_VERSION"
  else
    log "pulumi v$PINNED_VERSION could not be built; trying other released versions >= 3.$MIN_MINOR, newest first"
    for version in $(fallback_versions); do
      if build_cli "$version"; then built="$version"; break; fi
    done
  fi
  [ -n "$built" ] || { log "no Pulumi CLI version could be built (the module proxy listed no usable fallback)"; exit 1; }
  dir="$(cache_dir_for "$built")"
fi

if [ ! -x "$dir/pulumi-language-nodejs" ] && ! ensure_language_host "$dir"; then
  log "pulumi-language-nodejs is missing beside $dir/pulumi: 'pulumi preview' in a project folder (and the CLI tests) cannot run"
  exit 1
fi
ensure_policy_launcher "$dir" || true
echo "$dir"
