#!/usr/bin/env bash
# Prints the directory holding the `pulumi` CLI (>= 3.181) and, next to it, the
# `pulumi-resource-pulumi-nodejs` plugin script that runs dynamic providers.
#
#   bash scripts/ensure-pulumi.sh            # find or build the CLI, print its bin dir
#   bash scripts/ensure-pulumi.sh --locate   # print the dir only if ready (exit 0); else print
#                                            # nothing and exit 1; never builds
#
# Why a build: the Pulumi CLI's release archives cannot be downloaded on the project's machines,
# but its Go modules are served by the Go module proxy. `go install .../cmd/pulumi@v3.x` refuses
# (pkg/go.mod has `replace` directives), so we build it through a small wrapper module that
# copies the one non-relative replace (the clipboard fork). See docs/engine.md.
#
# Lookup order:
#   1. a `pulumi` on PATH whose version is >= 3.181 and that has the plugin script beside it;
#   2. the per-machine cache  $CACHE/pulumi-v<version>/bin  when it holds a working CLI;
#   3. otherwise build into that cache (a temp dir renamed into place, so a half-built cache is
#      never taken as ready), then try to build the Node language host `pulumi-language-nodejs`
#      beside it. A language-host failure only warns; its outcome is kept in
#      <bin>/language-host.status.
# Only the directory goes to stdout; progress and timings go to stderr.
set -euo pipefail

PINNED_VERSION="3.259.0"
MIN_MINOR=181
# Pseudo-versions of the language host module at the v3.259.0 release commits (it has no tags).
LANGHOST_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
LANGHOST_PSEUDO_VERSIONS=(v3.0.0-20260820084410-a05d88f24d05 v3.0.0-20260819165155-0ac56e876614)
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

locate_on_path() {
  local p dir
  p="$(command -v pulumi 2>/dev/null)" || return 1
  dir="$(dirname "$(readlink -f "$p")")"
  if ready "$dir"; then echo "$dir"; return 0; fi
  if version_ok "$(cli_version "$dir")"; then
    log "ignoring $p: no pulumi-resource-pulumi-nodejs beside it"
  fi
  return 1
}

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return 0; fi
  if [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go; return 0; fi
  return 1
}

# write_wrapper DIR VERSION TOOL [EXTRA_REQUIRE]: a throwaway main module that depends on the
# released pkg/sdk modules and names the command to build with the Go >= 1.24 `tool` directive
# (a `package main` cannot be blank-imported from a tools.go).
write_wrapper() {
  local dir="$1" version="$2" tool="$3" extra="${4:-}"
  mkdir -p "$dir"
  {
    echo "module local.build/pulumi-oss-symlink-wrapper"
    echo
    echo "go 1.25.11"
    echo
    echo "require ("
    echo "	github.com/pulumi/pulumi/pkg/v3 v$version"
    echo "	github.com/pulumi/pulumi/sdk/v3 v$version"
    [ -n "$extra" ] && echo "	$extra"
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

# build_language_host BIN VERSION: best effort; records the outcome in BIN/language-host.status.
build_language_host() {
  local bin="$1" version="$2" status="$1/language-host.status" work pseudo start t
  if [ "$version" != "$PINNED_VERSION" ]; then
    echo "not built: no known language-host pseudo-version for pulumi v$version" > "$status"
    log "WARNING: pulumi-language-nodejs not built (no known pseudo-version for v$version)"
    return 0
  fi
  work="$(mktemp -d "$cache/.build-langhost.XXXXXX")"
  start=$SECONDS
  for pseudo in "${LANGHOST_PSEUDO_VERSIONS[@]}"; do
    rm -rf "$work/src"
    write_wrapper "$work/src" "$version" "$LANGHOST_MODULE" "$LANGHOST_MODULE $pseudo"
    log "building pulumi-language-nodejs $pseudo"
    if (cd "$work/src" && GOFLAGS="${GOFLAGS:-} -mod=mod" "$GO" mod tidy) >"$work/log" 2>&1 \
        && go_build "$work/src" "$version" "$work/pulumi-language-nodejs" "$LANGHOST_MODULE" >>"$work/log" 2>&1; then
      t=$((SECONDS - start))
      mv -f "$work/pulumi-language-nodejs" "$bin/pulumi-language-nodejs"
      echo "ok: $LANGHOST_MODULE@$pseudo built in ${t}s" > "$status"
      log "built pulumi-language-nodejs in ${t}s"
      rm -rf "$work"
      return 0
    fi
    log "  failed: $(first_error "$work/log")"
  done
  {
    echo "failed: pulumi-language-nodejs could not be built from Go modules after $((SECONDS - start))s"
    echo "tried: ${LANGHOST_PSEUDO_VERSIONS[*]}"
    echo "last error: $(first_error "$work/log")"
  } > "$status"
  rm -rf "$work"
  log "WARNING: pulumi-language-nodejs was not built (see $status)."
  log "WARNING: Automation API inline programs work without it; 'pulumi preview' on a Pulumi.yaml project does not."
  return 0
}

if [ "${1:-}" = "--locate" ]; then
  locate_on_path || locate_cached || exit 1
  exit 0
fi

if locate_on_path; then exit 0; fi

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

if [ ! -f "$dir/language-host.status" ]; then
  GO="${GO:-$(find_go || true)}"
  if [ -n "$GO" ]; then
    build_language_host "$dir" "$(cli_version "$dir" | sed 's/^v//')"
  else
    echo "not built: no Go toolchain" > "$dir/language-host.status"
  fi
fi
echo "$dir"
