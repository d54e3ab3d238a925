#!/usr/bin/env bash
# A batch of BATCH_ROWS [10000] rows (CSV, each its own URL, PNG 256 px) through the proxy of the
# compose stack with BATCH_WORKERS [3] workers: the seconds from the submission to the batch DONE,
# then its ZIP downloaded and every image in it decoded by zbarimg (a decoder other than zxing) and
# compared with its row. Appends the result line to bench/results/batch-<UTC time>.txt.
#
#   bench/batch.sh            # BATCH_NO_BUILD=1: use images already built (tag QR_IMAGE_TAG [local])
set -euo pipefail
cd "$(dirname "$0")/.."
. infra/scripts/lib.sh

ROWS=${BATCH_ROWS:-10000}
WORKERS=${BATCH_WORKERS:-3}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-batch} QR_IMAGE_TAG=${QR_IMAGE_TAG:-local}
qr_require docker curl jq zbarimg unzip python3
qr_compose_detect
qr_pick_port 18880 28880
BASE="http://127.0.0.1:$QR_HTTP_PORT"
WORK=$(mktemp -d)
mkdir -p bench/results
OUT="bench/results/batch-$(date -u +%Y%m%dT%H%MZ).txt"
trap 'compose down -v --remove-orphans >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

[ "${BATCH_NO_BUILD:-}" = 1 ] || compose build
compose up -d --scale "worker=$WORKERS" >/dev/null
qr_wait_http "$BASE/api/health" 200 300 || { compose logs --tail=50; exit 1; }
until [ "$(compose ps worker | grep -c '(healthy)')" -ge "$WORKERS" ]; do sleep 2; done
run="https://qr-fleet.example/batch/$(date +%s)"
{ echo "content"; seq 1 "$ROWS" | sed "s#^#$run/#"; } >"$WORK/rows.csv"

start=$EPOCHREALTIME
id=$(curl -fsS -H 'Content-Type: text/csv' --data-binary "@$WORK/rows.csv" "$BASE/api/v1/batches" | jq -r .id)
# the batch's record answers at once; asked every 250 ms (a measurement, not a wait for a condition)
until [ "$(curl -fsS "$BASE/api/v1/batches/$id" | jq -r .status)" = DONE ]; do sleep 0.25; done
seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')
view=$(curl -fsS "$BASE/api/v1/batches/$id")
curl -fsS -o "$WORK/batch.zip" "$BASE/api/v1/batches/$id/archive"
unzip -q -d "$WORK/zip" "$WORK/batch.zip"
# every PNG decoded: each row's content must come out of one of them
images=$(find "$WORK/zip" -name '*.png' | wc -l)
find "$WORK/zip" -name '*.png' -print0 | xargs -0 -n 500 zbarimg -q --raw >"$WORK/decoded.txt" 2>/dev/null || true
matched=$(seq 1 "$ROWS" | sed "s#^#$run/#" | sort -u | comm -12 - <(sort -u "$WORK/decoded.txt") | wc -l)
record() { echo "$*" | tee -a "$OUT"; }
record "$(jq -cn --argjson rows "$ROWS" --argjson workers "$WORKERS" --argjson seconds "$seconds" \
    --argjson counts "$(jq .counts <<<"$view")" --argjson images "$images" --argjson matched "$matched" \
    '{mode: "batch", rows: $rows, workers: $workers, seconds_to_done: $seconds, counts: $counts,
      images: $images, rows_decoded_by_zbarimg: $matched}')"
[ "$matched" = "$ROWS" ]
