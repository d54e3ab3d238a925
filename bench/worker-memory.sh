#!/usr/bin/env bash
# Worker memory under the heaviest jobs (docs/compose.md, "Workers in 128 MiB"): one worker in the
# compose stack, MEM_JOBS [2000] jobs of 2048 px / ECC H / ~1,000 characters through the proxy, 8
# clients (infra/scripts/heavy-jobs.py), at the worker's default concurrency of 2. Before each run
# a throwaway container of the same image runs its training command and so reads the image's
# files: the page cache is charged there and the worker's cgroup max_usage is its own memory (as
# smoke.sh does). Prints, per worker
# image: the start-up and load peaks (memory.max_usage_in_bytes), rss and cache at the end, the
# cgroup's failcnt, restarts and exit code, and the load's own result line.
#
#   bench/worker-memory.sh                        # images of tag QR_IMAGE_TAG [local], built if missing
#   MEM_VARIANTS="mem before" bench/worker-memory.sh   # one run per qr-fleet/qr-worker:<tag>
set -euo pipefail
cd "$(dirname "$0")/.."
. infra/scripts/lib.sh

JOBS=${MEM_JOBS:-2000}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-mem} QR_IMAGE_TAG=${QR_IMAGE_TAG:-local} \
       QR_SUBMIT_RATE=500r/s QR_SUBMIT_BURST=1000
qr_require docker jq python3
qr_compose_detect
qr_pick_port 18491 28491
variant=$(mktemp --suffix=.yml)
trap 'compose down -v --remove-orphans >/dev/null 2>&1 || true; rm -f "$variant"' EXIT
compose up -d --scale worker=1 >/dev/null
qr_wait_http "http://127.0.0.1:$QR_HTTP_PORT/api/health" 200 300
cgroup() { docker exec "$1" cat "/sys/fs/cgroup/memory/memory.$2"; }
mib() { echo "$(( $1 / 1048576 )) MiB ($1 B)"; }

for tag in ${MEM_VARIANTS:-$QR_IMAGE_TAG}; do
    image=qr-fleet/qr-worker:$tag
    # (an image older than the training command just runs, unconnected, until the timeout)
    timeout 60 docker run --rm --network none "$image" training >/dev/null 2>&1 || true
    printf 'services:\n  worker:\n    image: %s\n' "$image" >"$variant"
    compose -f docker-compose.yml -f "$variant" up -d --no-build --no-deps --force-recreate worker >/dev/null 2>&1
    worker=$(compose ps -q worker)
    until docker logs "$worker" 2>&1 | grep -q 'process running for'; do sleep 0.5; done
    started=$(cgroup "$worker" max_usage_in_bytes)
    result=$(python3 infra/scripts/heavy-jobs.py "http://127.0.0.1:$QR_HTTP_PORT" "$JOBS" 8)
    printf '%s: start-up peak %s, peak %s, %s, failcnt %s, restarts/exit %s\n  %s\n' "$image" \
        "$(mib "$started")" "$(mib "$(cgroup "$worker" max_usage_in_bytes)")" \
        "$(docker exec "$worker" grep -E '^total_(rss|cache) ' /sys/fs/cgroup/memory/memory.stat | tr '\n' ' ')" \
        "$(cgroup "$worker" failcnt)" "$(docker inspect -f '{{.RestartCount}}/{{.State.ExitCode}}' "$worker")" "$result"
done
