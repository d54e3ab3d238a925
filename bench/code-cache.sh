#!/usr/bin/env bash
# Codes by URL, measured through the proxy of the compose stack (2 workers):
#  - first request of a new code at one client (a miss: queued, rendered, stored, streamed):
#    CODE_FIRST sequential requests, each for new data; p50/p90/max of curl's time_total;
#  - a cached code against a static file of the same bytes served by the same nginx: wrk at 64
#    connections (CODE_SECONDS each, alternated CODE_REPEATS times): requests/s, p50/p99, and the
#    proxy's CPU per request from its cgroup (cpuacct.usage), the gateway's CPU meanwhile (a hit
#    must not reach it) and any non-2xx answers (a hit must not spend the client's rate limit).
# Appends everything to bench/results/code-cache-<UTC time>.txt.
#
#   bench/code-cache.sh
#
# Settings: CODE_FIRST [50], CODE_SECONDS [15], CODE_REPEATS [2], CODE_NO_BUILD=1 (images built),
# COMPOSE_PROJECT_NAME [qrfleet-code-cache]. Needs docker (or the lab) on this machine for the
# cgroups, docker-compose, curl, jq, wrk. wrk shares the machine's cores with the stack, for both.
set -euo pipefail
cd "$(dirname "$0")/.."
. infra/scripts/lib.sh

FIRST=${CODE_FIRST:-50}
DURATION=${CODE_SECONDS:-15}
REPEATS=${CODE_REPEATS:-2}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-code-cache}
export QR_IMAGE_TAG=${QR_IMAGE_TAG:-local}
export BENCH_STATIC_DIR; BENCH_STATIC_DIR=$(mktemp -d)
chmod 755 "$BENCH_STATIC_DIR"
export COMPOSE_FILE=docker-compose.yml:bench/code-cache.compose.yml
CGROOT=/sys/fs/cgroup/cpuacct/libpod_parent

qr_require docker curl jq wrk
qr_pick_port 18790 28790
qr_compose_detect
BASE="http://127.0.0.1:$QR_HTTP_PORT"
mkdir -p bench/results
OUT="bench/results/code-cache-$(date -u +%Y%m%dT%H%MZ).txt"
trap 'compose down -v --remove-orphans >/dev/null 2>&1 || true; rm -rf "$BENCH_STATIC_DIR"' EXIT

cpu_ns() { cat "$CGROOT/libpod-$(cid "$1")/cpuacct.usage"; }
percentile() { sort -n | awk -v p="$1" '{v[NR]=$1} END {i=int((NR-1)*p/100)+1; printf "%.1f", v[i]*1000}'; }

log "stack ($COMPOSE_PROJECT_NAME, images :$QR_IMAGE_TAG) with 2 workers on $BASE"
[ "${CODE_NO_BUILD:-}" = 1 ] || compose build
compose up -d --scale worker=2 >/dev/null
qr_wait_http "$BASE/api/health" 200 300 || { compose logs --tail=50; exit 1; }
record "commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# warm-up: JIT of the miss path (not measured)
for i in $(seq 20); do curl -s -o /dev/null "$BASE/api/v1/qr?data=warm-$$-$i"; done

log "first request of a new code, one client, $FIRST codes"
times=$(for i in $(seq "$FIRST"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE/api/v1/qr?data=https://qr-fleet.example/first/$$/$i"
done)
record "first request: statuses $(cut -d' ' -f1 <<<"$times" | histogram); ms p50 $(cut -d' ' -f2 <<<"$times" | percentile 50)" \
    "p90 $(cut -d' ' -f2 <<<"$times" | percentile 90) max $(cut -d' ' -f2 <<<"$times" | percentile 100)"

code="$BASE/api/v1/qr?data=https://qr-fleet.example/bench&size=256"
curl -s -o "$BENCH_STATIC_DIR/code.png" "$code"
chmod 644 "$BENCH_STATIC_DIR/code.png"
static="$BASE/bench/code.png"
record "cache: $(header x-cache-status "$code") after the first request; static $(status "$static"), $(curl -s "$static" | wc -c) bytes" \
    "= code $(curl -s "$code" | wc -c) bytes: $(cmp -s <(curl -s "$static") <(curl -s "$code") && echo same || echo DIFFERENT)"

run() { # name url
    local proxy0 gateway0 out
    proxy0=$(cpu_ns proxy); gateway0=$(cpu_ns gateway)
    out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "$2")
    local proxy=$(( $(cpu_ns proxy) - proxy0 )) gateway=$(( $(cpu_ns gateway) - gateway0 ))
    local requests rps p50 p99 non2xx
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    record "$(printf '%-7s %9s req/s  p50 %8s  p99 %8s  proxy %6.1f µs CPU/req  gateway CPU %6.1f ms  non-2xx %s  (%s requests)' \
        "$1" "$rps" "$p50" "$p99" "$(awk -v n="$proxy" -v r="$requests" 'BEGIN {print n / r / 1000}')" \
        "$(awk -v n="$gateway" 'BEGIN {print n / 1e6}')" "${non2xx:-0}" "$requests")"
}

log "wrk -t2 -c64 -d${DURATION}s: static file vs cached code, same nginx, $REPEATS rounds"
wrk -t2 -c64 -d3s "$static" >/dev/null; wrk -t2 -c64 -d3s "$code" >/dev/null
for _ in $(seq "$REPEATS"); do
    run static "$static"
    run cached "$code"
done
record "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
