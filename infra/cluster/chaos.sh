#!/usr/bin/env bash
# Chaos against the cluster (docker-compose.yml + infra/cluster/docker-compose.cluster.yml, two
# gateways, three workers, RabbitMQ on three nodes). The JUnit test ClusterChaosSystemTest lays the
# faults while its clients submit jobs (until the last fault is over):
#   1. the RabbitMQ node that leads the interactive queue is SIGKILLed (and started again 20 s later);
#   2. another node is restarted;
#   3. one gateway is SIGKILLed.
# Then: every accepted job ends DONE exactly once (one row per job, DONE, nothing dead-lettered)
# and its image decodes to its content; clients saw only 202, 429 or 503 with Retry-After (and
# 409 with Retry-After: a retried Idempotency-Key whose first attempt is still in flight) and retried
# what was refused. Prints "N passed, N failed"; exits non-zero on failure.
#
#   infra/cluster/chaos.sh
#
# Settings (environment): CLUSTER_PARALLEL client threads [8], CLUSTER_PACE seconds each thread
# waits per job [2]: about 4 jobs/s, CLUSTER_DONE_TIMEOUT [600], QR_HTTP_PORT [first free of
# 18680, 28680], CHAOS_NO_BUILD=1 (use images already built under QR_IMAGE_TAG [local]),
# CHAOS_KEEP=1 (leave the stack up), COMPOSE_PROJECT_NAME [qrfleet-cluster].
# Needs: docker with Compose v2 or docker-compose 1.29, curl, zbarimg, python3, JDK 21+ (./mvnw).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. infra/scripts/lib.sh

PARALLEL=${CLUSTER_PARALLEL:-8}
PACE=${CLUSTER_PACE:-2}
DONE_TIMEOUT=${CLUSTER_DONE_TIMEOUT:-600}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-cluster}
export QR_IMAGE_TAG=${QR_IMAGE_TAG:-local}
DB_USER=${SPRING_DATASOURCE_USERNAME:-qrfleet}
qr_require docker curl zbarimg python3 flock
qr_compose_detect
qr_pick_port 18680 28680
BASE="http://127.0.0.1:$QR_HTTP_PORT"
WORK=$(mktemp -d)
RUN_ID="$(date +%s)-$$"
# both files for every compose command, lib.sh's abort included (Compose v2 and 1.29 read it)
export COMPOSE_FILE=docker-compose.yml:infra/cluster/docker-compose.cluster.yml

teardown() {
    local rc=$?
    if [ "$rc" -ne 0 ]; then
        local keep="${TMPDIR:-/tmp}/qrfleet-cluster-$RUN_ID"
        mkdir -p "$keep" && cp -r "$WORK"/* "$keep"/ 2>/dev/null
        compose logs --no-color --timestamps >"$keep/compose.log" 2>&1
        echo "cluster chaos: client records and service logs kept in $keep"
    fi
    [ "${CHAOS_KEEP:-0}" = 1 ] || compose down -v --remove-orphans >/dev/null 2>&1
    rm -rf "$WORK"
    exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

log "start: project $COMPOSE_PROJECT_NAME, images :$QR_IMAGE_TAG, proxy on $BASE"
up=(up -d --scale gateway=2 --scale worker=3)
[ "${CHAOS_NO_BUILD:-0}" = 1 ] || up+=(--build)
t0=$SECONDS
compose "${up[@]}" >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; abort "the cluster stack started"; }
qr_wait_http "$BASE/api/health" 200 300 || abort "/api/health 200 through the proxy"
pass "cluster stack up in $((SECONDS - t0))s: $(compose ps -q gateway | wc -l) gateways, $(compose ps -q worker | wc -l) workers"

log "$PARALLEL client threads submit while the faults are laid (system-tests: ClusterChaosSystemTest)"
system_tests cluster -Dgroups=cluster -Dqr.compose-project="$COMPOSE_PROJECT_NAME" -Dqr.db-user="$DB_USER" \
    -Dqr.parallel="$PARALLEL" -Dqr.pace="$PACE" -Dqr.done-timeout="$DONE_TIMEOUT"

# What autoscaling waits for once it has decided: a new worker container until it consumes (the
# listener containers start before Spring logs "Started"). On Kubernetes add KEDA's polling
# interval, the HPA's sync period, scheduling and the image pull.
log "scale-up: a fourth worker"
mapfile -t before < <(compose ps -q worker)
t_up=$EPOCHREALTIME
compose up -d --no-recreate --scale gateway=2 --scale worker=4 >/dev/null 2>&1
new=$(compose ps -q worker | grep -vxF "${before[@]/#/-e}" | head -n1)
started=""
for _ in $(seq 1 120); do
    started=$(docker logs --timestamps "$new" 2>&1 | grep -m1 'Started .* in ') && break
    sleep 1
done
if [ -n "$started" ]; then
    at=$(date -d "$(cut -d' ' -f1 <<<"$started")" +%s.%N)
    jvm=$(grep -o 'process running for [0-9.]*' <<<"$started" | grep -o '[0-9.]*$')
    pass "a new worker consumes $(awk -v a="$at" -v b="$t_up" 'BEGIN {printf "%.1f", a - b}')s after \`up --scale worker=4\` (its JVM: ${jvm}s to started)"
else
    fail "a new worker started within 120 s"
fi
qr_summary
