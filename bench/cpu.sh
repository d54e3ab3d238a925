#!/usr/bin/env bash
# CPU cost per job: the compose stack with 2 workers under `load` (32 clients, --wait-s 10), and the
# CPU time each service's containers spent meanwhile, read from their cgroups (cpuacct.usage)
# before and after the run. Reports jobs/s, jobs done and CPU ms per job for gateway, worker (both
# summed), rabbitmq, minio, proxy, postgres (if the stack has one) and gateway+worker. Records
# /proc/loadavg before and after and the core count: other processes may share the CPU. Prints one
# JSON line per run and a table; appends both to bench/results/cpu-<UTC time>.txt.
#
#   bench/cpu.sh
#
# Settings (environment):
#   CPU_JOBS         jobs per run                                [2000]
#   CPU_REPEATS      runs                                        [2]
#   CPU_WARMUP       warm-up jobs (32 clients, not measured)     [2000]; after only 200 the first run
#                    cost the gateway and storage 1.8x their CPU per job of the next runs (JIT)
#   CPU_NO_BUILD=1   use images already built (tag QR_IMAGE_TAG [local])
#   COMPOSE_PROJECT_NAME                                         [qrfleet-cpu]
# The proxy's per-client submission limit is raised for the run (QR_SUBMIT_RATE=10000r/s). Needs
# docker (or the lab) on this machine (it reads /sys/fs/cgroup/cpuacct), docker-compose, curl, jq,
# the bench jar (./mvnw -pl qr-contract,bench -am package -DskipTests) and JAVA_HOME (21+).
set -euo pipefail
cd "$(dirname "$0")/.."
. infra/scripts/lib.sh

JOBS=${CPU_JOBS:-2000}
REPEATS=${CPU_REPEATS:-2}
WARMUP=${CPU_WARMUP:-2000}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-cpu}
export QR_IMAGE_TAG=${QR_IMAGE_TAG:-local} QR_SUBMIT_RATE=10000r/s QR_SUBMIT_BURST=10000
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CGROOT=/sys/fs/cgroup/cpuacct

qr_require docker curl jq
qr_bench_start cpu 18780 28780

SERVICES="gateway worker rabbitmq minio proxy"
compose config --services | grep -qx postgres && SERVICES="$SERVICES postgres"

# cpu_usage: "id service nanoseconds restarts" for every container of the project
cpu_usage() {
    local id f
    for id in $(compose ps -q); do
        f="$CGROOT/libpod_parent/libpod-$id/cpuacct.usage"
        if [ ! -f "$f" ]; then
            f=$(find "$CGROOT" -maxdepth 3 -name "*$id*" ! -name '*conmon*' -type d | head -n 1)/cpuacct.usage
            echo "cpu: no $CGROOT/libpod_parent/libpod-$id, using $f" >&2
        fi
        echo "$id $(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{.RestartCount}}' "$id" \
            | awk -v ns="$(cat "$f")" '{print $1, ns, $2}')"
    done
}

load() { # clients jobs
    "$JAVA" -jar "$BENCH" load --base "$BASE" --jobs "$2" --concurrency "$1" --wait-s 10 --timeout-s 120 | tail -n 1
}

log "stack ($COMPOSE_PROJECT_NAME, images :$QR_IMAGE_TAG) with 2 workers on $BASE; services: $SERVICES"
[ "${CPU_NO_BUILD:-}" = 1 ] || compose build
compose up -d --scale worker=2 >/dev/null
qr_wait_http "$BASE/api/health" 200 300 || { compose logs --tail=50; exit 1; }
deadline=$((SECONDS + 300))
until [ "$(compose ps worker | grep -c '(healthy)')" -ge 2 ]; do
    [ $SECONDS -lt "$deadline" ] || { compose ps; exit 1; }
    sleep 2
done
log "warm-up: $WARMUP jobs"
load 32 "$WARMUP" >/dev/null

cores=$(nproc)
for run in $(seq "$REPEATS"); do
    log "run $run of $REPEATS: $JOBS jobs, 32 clients"
    la_before=$(cut -d' ' -f1-3 /proc/loadavg)
    before=$(cpu_usage)
    result=$(load 32 "$JOBS")
    after=$(cpu_usage)
    la_after=$(cut -d' ' -f1-3 /proc/loadavg)
    # per service: CPU ns spent during the run (containers matched by id), restarts during it
    record "$(jq -cn --argjson run "$run" --argjson cores "$cores" --arg la0 "$la_before" --arg la1 "$la_after" \
        --arg before "$before" --arg after "$after" --arg services "$SERVICES" --argjson load "$result" '
        def rows($s): $s | split("\n") | map(select(. != "") | split(" ")
            | {key: .[0], value: {service: .[1], ns: (.[2] | tonumber), restarts: (.[3] | tonumber)}}) | from_entries;
        rows($before) as $b | rows($after) as $a
        | [$a | to_entries[] | select($b[.key]) | .value + {dns: (.value.ns - $b[.key].ns), drestarts: (.value.restarts - $b[.key].restarts)}] as $c
        | ($services | split(" ")) as $names
        | ($names | map(. as $n | {key: $n, value: ([$c[] | select(.service == $n) | .dns] | add // 0)}) | from_entries) as $ns
        | {mode: "cpu", run: $run, cores: $cores, loadavg_before: $la0, loadavg_after: $la1,
           jobs: $load.jobs, done: $load.done, failed: $load.failed, lost: $load.lost, jobs_per_s: $load.jobs_per_s,
           cpu_ms_per_job: (($ns + {"gateway+worker": ($ns.gateway + $ns.worker)})
               | map_values(if $load.done > 0 then (. / 1e6 / $load.done * 100 | round / 100) else null end)),
           cpu_s: ($ns | map_values(. / 1e7 | round / 100)),
           containers: ($c | map(.service) | group_by(.) | map({key: .[0], value: length}) | from_entries),
           restarts: ([$c[] | .drestarts] | add), load: $load}')"
done

log "summary: CPU ms per job (cpuacct, all containers of a service summed) on $cores cores"
{
    cols="$SERVICES gateway+worker"
    jq -rn --arg cols "$cols" '(["run", "jobs/s", "done"] + ($cols | split(" ")) + ["load avg before -> after"])
        | "| " + join(" | ") + " |", "|" + (map("---|") | add)'
    grep '"mode":"cpu"' "$OUT" | jq -r --arg cols "$cols" '
        [.run, .jobs_per_s, .done] + [.cpu_ms_per_job[($cols | split(" "))[]]] + [.loadavg_before + " -> " + .loadavg_after]
        | "| " + (map(tostring) | join(" | ")) + " |"'
} | tee -a "$OUT"
