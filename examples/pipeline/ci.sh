#!/usr/bin/env bash
# The one script every CI job calls, so the pipeline does in CI exactly what you can run by hand:
#
#   ./ci.sh preview   # pull requests: the planned changes, also written to the job summary
#   ./ci.sh up        # main branch: refresh, then deploy
#   ./ci.sh drift     # schedule: fails (non-zero) when the live links differ from the program
#
# Environment:
#   PULUMI_STACK               the stack to deploy (required), e.g. prod
#   PULUMI_BACKEND_URL         optional: log in to this backend (file://, s3://, https://api.pulumi.com);
#                              unset = the CLI's current login (PULUMI_ACCESS_TOKEN for Pulumi Cloud)
#   PULUMI_CONFIG_PASSPHRASE   for a passphrase-encrypted stack
#   GITHUB_STEP_SUMMARY        set by GitHub Actions; CI_SUMMARY_FILE elsewhere (GitLab): where the
#                              preview and drift reports are appended as Markdown
#   Alibaba Cloud credentials  from the environment, e.g. ALIBABA_CLOUD_ACCESS_KEY_ID /
#                              ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALIBABA_CLOUD_SECURITY_TOKEN as
#                              aliyun/configure-aliyun-credentials-action exports them (OIDC, no
#                              stored keys). The region is the stack's alicloud:region.
#
# Exit code: pulumi's own. preview fails on a bad input; drift fails when a refresh finds changes,
# with exit code 7 (the CLI's "no changes were expected" code), so a scheduled job can tell drift
# from a run that broke (1 generic error, 3 authentication, ...).
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-}"
case "$mode" in preview|up|drift) ;; *) echo "usage: $0 preview|up|drift" >&2; exit 2 ;; esac
stack="${PULUMI_STACK:?set PULUMI_STACK to the stack to deploy, e.g. prod}"
summary="${GITHUB_STEP_SUMMARY:-${CI_SUMMARY_FILE:-}}"

if [ -n "${PULUMI_BACKEND_URL:-}" ]; then pulumi login "$PULUMI_BACKEND_URL" >/dev/null; fi
pulumi stack select --create "$stack" >/dev/null

# run TITLE CMD...: runs CMD, shows its output, appends it to the summary, returns its exit code.
run() {
  local title="$1" out rc
  shift
  out="$(mktemp)"
  set +e
  "$@" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  if [ -n "$summary" ]; then
    {
      echo "### $title: \`$stack\` ($( [ "$rc" -eq 0 ] && echo passed || echo "failed, exit $rc" ))"
      echo
      echo '```diff'
      cat "$out"
      echo '```'
    } >> "$summary"
  fi
  rm -f "$out"
  return "$rc"
}

case "$mode" in
  preview) run "pulumi preview" pulumi preview --diff --non-interactive --color never ;;
  up) run "pulumi up" pulumi up --yes --refresh --non-interactive --color never ;;
  drift) run "drift check" pulumi preview --refresh --expect-no-changes --diff --non-interactive --color never ;;
esac
