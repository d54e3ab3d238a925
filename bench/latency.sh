#!/usr/bin/env bash
# One client's submit -> DONE latency through the proxy of the compose stack (2 workers): after
# LAT_WARMUP [2000] jobs from 32 clients, LAT_JOBS [500] jobs one at a time, each awaited by a long
# poll (`qr-bench load --concurrency 1 --wait-s 25`). Appends the bench's result line to
# bench/results/latency-<UTC time>.txt.
#
#   bench/latency.sh          # LAT_NO_BUILD=1: use images already built (tag QR_IMAGE_TAG [local])
set -euo pipefail
cd "$(dirname "$0")/.."
. infra/scripts/lib.sh

# the warm-up submits faster than the proxy lets one client by default
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-latency} QR_IMAGE_TAG=${QR_IMAGE_TAG:-local} \
    QR_SUBMIT_RATE=10000r/s QR_SUBMIT_BURST=10000
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
qr_require docker curl
qr_bench_start latency 18980 28980
[ "${LAT_NO_BUILD:-}" = 1 ] || compose build
compose up -d --scale worker=2 >/dev/null
qr_wait_http "$BASE/api/health" 200 300 || { compose logs --tail=50; exit 1; }
"$JAVA" -jar "$BENCH" load --base "$BASE" --jobs "${LAT_WARMUP:-2000}" --concurrency 32 --wait-s 10 >/dev/null
record "$("$JAVA" -jar "$BENCH" load --base "$BASE" --jobs "${LAT_JOBS:-500}" --concurrency 1 --wait-s 25 | tail -n 1)"
