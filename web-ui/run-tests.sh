#!/usr/bin/env bash
# Runs the web UI's unit tests and its browser tests (headless Chromium) against the running
# stack at QR_BASE_URL (default http://localhost). Ends with "N passed, N failed"; non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")" || exit 1
export QR_BASE_URL="${QR_BASE_URL:-http://localhost}"
log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT

for tool in node npm zbarimg "${CHROMIUM_PATH:-/usr/bin/chromium}"; do
  command -v "$tool" >/dev/null || { echo "web-ui tests need $tool (apt-get install -y nodejs npm zbar-tools chromium)"; exit 1; }
done
npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; exit 1; }

passed=0
failed=0
# run NAME ARGS...: one node --test run; adds its counts (a run that crashed counts as one failure).
run() {
  local name="$1"; shift
  echo "== $name"
  node --test --test-reporter=tap --test-concurrency=1 "$@" 2>&1 | tee "$log_dir/$name.tap"
  local status=${PIPESTATUS[0]}
  local p f
  p=$(awk '/^# pass /{print $3}' "$log_dir/$name.tap")
  f=$(awk '/^# fail /{print $3}' "$log_dir/$name.tap")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
}

run unit tests/unit/

echo "== waiting for $QR_BASE_URL/"
for _ in $(seq 60); do
  curl -fsS -o /dev/null "$QR_BASE_URL/" && break
  sleep 1
done
run browser tests/browser/*.spec.mjs

echo "web-ui: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
