#!/usr/bin/env bash
# Pipeline benchmark: the compose stack through its proxy with 1, 2 and 3 workers, against the
# original design's cost per job (a fresh container running Python `qrcode`, bench/baseline),
# measured in the same run. Prints one JSON line per run and a summary table; writes both to
# bench/results/pipeline-<UTC time>.txt.
#
#   bench/pipeline.sh
#
# Settings (environment):
#   PIPE_WORKERS     worker counts                        ["1 2 3"]
#   PIPE_REPEATS     runs per worker count and load       [2]
#   PIPE_LOADS       client loops:jobs of each load level  ["1:150 4:300 32:800"]
#   PIPE_WAIT_S      long-poll seconds of the client (GET …?waitSeconds=), 0 = poll every 10 ms [10]
#   BASELINE_RUNS    baseline containers, one after another [15]
#   PIPE_NO_BUILD=1  use images already built (tag QR_IMAGE_TAG [local])
#   COMPOSE_PROJECT_NAME                                   [qrfleet-bench]
# The proxy's per-client submission limit is raised for the run (QR_SUBMIT_RATE=10000r/s): one
# benchmark client is not the abuse the limit is for. Needs docker (or the lab), docker-compose,
# curl, jq, zbarimg, the bench jar (./mvnw -pl bench -am package -DskipTests) and JAVA_HOME (21+).
set -euo pipefail
cd "$(dirname "$0")/.."
. infra/scripts/lib.sh

WORKER_COUNTS=${PIPE_WORKERS:-1 2 3}
REPEATS=${PIPE_REPEATS:-2}
LOADS=${PIPE_LOADS:-1:150 4:300 32:800}
WAIT_S=${PIPE_WAIT_S:-10}
BASELINE_RUNS=${BASELINE_RUNS:-15}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-bench}
export QR_IMAGE_TAG=${QR_IMAGE_TAG:-local} QR_SUBMIT_RATE=10000r/s QR_SUBMIT_BURST=10000
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

qr_require docker curl jq zbarimg
qr_bench_start pipeline 18680 28680

log "baseline: one container per job (qr-fleet/baseline:local, Python qrcode), $BASELINE_RUNS in a row"
docker build -q -t qr-fleet/baseline:local bench/baseline >/dev/null
docker run --rm qr-fleet/baseline:local "warm-up" >/dev/null 2>&1
times=()
for i in $(seq "$BASELINE_RUNS"); do
    content="https://qr-fleet.example/baseline/$RANDOM/$i"
    start=$(date +%s%N)
    docker run --rm qr-fleet/baseline:local "$content" >"/tmp/pipeline-baseline.png" 2>/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
    [ "$(zbarimg -q --raw /tmp/pipeline-baseline.png)" = "$content" ] || { echo "baseline image $i does not decode" >&2; exit 1; }
done
baseline_p50=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
record "{\"mode\":\"baseline\",\"runs\":$BASELINE_RUNS,\"p50_ms\":$baseline_p50,\"all_ms\":[$(IFS=,; echo "${times[*]}")]}"

load() { # workers clients jobs
    "$JAVA" -jar "$BENCH" load --base "$BASE" --jobs "$3" --concurrency "$2" --poll-ms 10 --wait-s "$WAIT_S" --timeout-s 120 \
        | tail -n 1 | jq -c --argjson w "$1" '{workers: $w} + .'
}

for workers in $WORKER_COUNTS; do
    log "stack with $workers worker(s) on $BASE"
    compose up -d --scale "worker=$workers" >/dev/null
    qr_wait_http "$BASE/api/health" 200 300 || { compose logs --tail=50; exit 1; }
    until [ "$(compose ps worker | grep -c '(healthy)')" -ge "$workers" ]; do sleep 2; done
    load "$workers" 8 300 >/dev/null   # warm-up: JIT, connections, page cache
    for _ in $(seq "$REPEATS"); do
        for level in $LOADS; do record "$(load "$workers" "${level%%:*}" "${level##*:}")"; done
    done
    # what the load did to the containers: restarts (an OOM kill shows here) and peak memory
    for id in $(compose ps -q gateway worker); do
        record "$(jq -cn --argjson w "$workers" --arg name "$(docker inspect -f '{{.Name}}' "$id")" \
            --argjson restarts "$(docker inspect -f '{{.RestartCount}}' "$id")" \
            --argjson peak "$(docker exec "$id" cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || echo null)" \
            '{mode: "container", workers: $w, name: $name, restarts: $restarts, peak_mib: (if $peak then $peak / 1048576 | floor else null end)}')"
    done
done

log "summary (median of $REPEATS runs, the lower for two; latency is submit -> DONE as the client sees it)"
{
    printf '| workers | clients | jobs/s | p50 ms | p95 ms | p99 ms | lost+failed | baseline p50 / p50 |\n|---|---|---|---|---|---|---|---|\n'
    grep '"mode":"load"' "$OUT" | jq -rs --argjson b "$baseline_p50" '
        def median: sort | .[(length - 1) / 2 | floor];
        group_by([.workers, .concurrency])[]
        | [.[0].workers, .[0].concurrency, (map(.jobs_per_s) | median), (map(.latency_ms.p50) | median),
           (map(.latency_ms.p95) | median), (map(.latency_ms.p99) | median), (map(.lost + .failed) | add),
           (($b / (map(.latency_ms.p50) | median)) * 10 | round / 10 | tostring + "x")]
        | "| " + (map(tostring) | join(" | ")) + " |"'
    echo "baseline (container per job): p50 ${baseline_p50} ms over $BASELINE_RUNS runs"
} | tee -a "$OUT"
