#!/usr/bin/env bash
# bench/batch.py on a compose stack of its own: BATCH_ROWS [10000] rows with BATCH_WORKERS [3]
# workers, from submission to done, every image decoded by zbarimg against its row. Appends
# batch.py's result line to bench/results/batch-<UTC time>.txt.
#
#   bench/batch.sh            # BATCH_NO_BUILD=1: use images already built (tag QR_IMAGE_TAG [local])
set -euo pipefail
cd "$(dirname "$0")/.."
. infra/scripts/lib.sh

export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-batch} QR_IMAGE_TAG=${QR_IMAGE_TAG:-local}
WORKERS=${BATCH_WORKERS:-3}
qr_require docker curl python3 zbarimg
qr_bench_start batch 18880 28880
[ "${BATCH_NO_BUILD:-}" = 1 ] || compose build
compose up -d --scale "worker=$WORKERS" >/dev/null
qr_wait_http "$BASE/api/health" 200 300 || { compose logs --tail=50; exit 1; }
until [ "$(compose ps worker | grep -c '(healthy)')" -ge "$WORKERS" ]; do sleep 2; done
record "$(python3 bench/batch.py --base "$BASE" --rows "${BATCH_ROWS:-10000}")"
