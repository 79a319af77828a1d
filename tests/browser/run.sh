#!/usr/bin/env bash
# Browser end-to-end tests: Debian's headless Chromium, driven by playwright-core
# under Node's test runner, against the real server (`marketdesk serve --demo`,
# one server per test file on a free port with a fresh data dir).
#
#   bash tests/browser/run.sh                            # from the repository root
#   MARKETDESK_SCREENSHOTS=1 bash tests/browser/run.sh   # also writes docs/screenshots/*.png
#
# The server binary is not built here: it must exist already, as `cargo test
# --workspace` (or `cargo build`) leaves it at target/debug/marketdesk. Set
# MARKETDESK_BIN to test another build, e.g. target/release/marketdesk.
# Needs Node >= 20 with npm; installs Chromium and CJK fonts with apt if missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

export MARKETDESK_BIN="${MARKETDESK_BIN:-target/debug/marketdesk}"
case "$MARKETDESK_BIN" in /*) ;; *) MARKETDESK_BIN="$repo/$MARKETDESK_BIN" ;; esac
if [ ! -x "$MARKETDESK_BIN" ]; then
  echo "browser tests: $MARKETDESK_BIN is missing; build it first (cargo test --workspace or cargo build)" >&2
  exit 1
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium chromium-driver)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "browser tests: node and npm (Node >= 20) are needed" >&2
  exit 1
fi

echo "== npm ci (tests/browser)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

echo "== browser tests ($(/usr/bin/chromium --version 2>/dev/null | head -n1), $MARKETDESK_BIN)"
tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
cd "$here"
set +e
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  ./*.test.mjs
status=$?
set -e

passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n1)"
failed="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n1)"
cancelled="$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" | tail -n1)"
passed="${passed:-0}"
# A failing before() hook cancels its tests: they count as failed.
failed=$(( ${failed:-0} + ${cancelled:-0} ))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "browser: $passed passed, $failed failed"
if [ "${MARKETDESK_SCREENSHOTS:-}" = "1" ]; then
  echo "screenshots in $repo/docs/screenshots/"
fi
exit "$status"
