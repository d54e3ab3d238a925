#!/usr/bin/env bash
# QR Fleet smoke test: builds and starts the whole stack (docker-compose.yml, unchanged) with
# several workers; through the proxy the system tests (the system-tests module's JUnit tests tagged
# smoke: HTTP contract, jobs with every image decoded, codes by URL) run against it; then it finds
# the jobs DONE in PostgreSQL, nothing secret in the proxy's log, and checks what only a running container
# shows of its hardening (the compose file's own settings are checked statically: .ci/validate.sh,
# .ci/compose-policy.mjs), then tears everything down (including its volumes). Prints "N passed, N failed"
# and exits non-zero on any failure.
#
#   infra/scripts/smoke.sh
#
# Settings (environment):
#   QR_HTTP_PORT        host port of the proxy            [first free of 8080, 18080, 28080]
#   SMOKE_JOBS          jobs to submit                    [300]
#   SMOKE_PARALLEL      jobs in flight at once            [16]
#   SMOKE_WORKERS       worker replicas                   [3]
#   SMOKE_TIMEOUT       seconds to wait for health        [300]
#   SMOKE_KEEP=1        leave the stack running (no `down -v`)
#   SMOKE_NO_BUILD=1    use the images already built
#   COMPOSE_PROJECT_NAME                                  [qrfleet-smoke]: never touches your own stack
#   QR_IMAGE_TAG        tag of the images, built or used  [local, as in docker-compose.yml]
# Needs: docker with Compose v2 or docker-compose 1.29, curl, jq, zbarimg (zbar-tools), python3 and a
# JDK 21+ for ./mvnw (JAVA_HOME).
# shellcheck disable=SC2016  # the single-quoted `bash -c` scripts read their arguments, $0 and $1
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 2
. infra/scripts/lib.sh

JOBS=${SMOKE_JOBS:-300}
PARALLEL=${SMOKE_PARALLEL:-16}
WORKERS=${SMOKE_WORKERS:-3}
TIMEOUT=${SMOKE_TIMEOUT:-300}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-smoke}
# the smoke test submits far more than a person would: lift the per-client limit for it
export QR_SUBMIT_RATE=${QR_SUBMIT_RATE:-200r/s} QR_SUBMIT_BURST=${QR_SUBMIT_BURST:-400}

qr_require docker curl jq zbarimg python3 flock
qr_compose_detect
qr_pick_port 8080 18080 28080
BASE="http://127.0.0.1:${QR_HTTP_PORT}"
WORK=$(mktemp -d)

teardown() {
    local rc=$?
    if [ "${SMOKE_KEEP:-0}" = 1 ]; then
        echo "smoke: stack left running (project $COMPOSE_PROJECT_NAME, $BASE)"
    else
        compose down -v --remove-orphans >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

log "start: project $COMPOSE_PROJECT_NAME, $WORKERS workers, proxy on $BASE"
[ "${SMOKE_NO_BUILD:-0}" = 1 ] || compose build || abort "docker compose build"
# The page cache of an image's files (JDK, AOT cache, jar) is charged to the cgroup of the first
# container that reads them: up to the whole 128 MiB for a worker on a cold cache, reclaimed, never
# an OOM kill. One throwaway run of the image's training command (start-up, then a few jobs read,
# rendered and verified, as the AOT cache was trained) reads them first, so each worker's peak
# below is its own.
timeout 120 docker run --rm --network none "qr-fleet/qr-worker:${QR_IMAGE_TAG:-local}" training >/dev/null 2>&1 \
    || note "the worker's warm-up start failed: the first worker's peak includes the page cache"
compose up -d --no-build --scale "worker=$WORKERS" || abort "docker compose up"

log "health through the proxy"
deadline=$((SECONDS + TIMEOUT))
qr_wait_http "$BASE/api/health" 200 "$TIMEOUT" || abort "GET /api/health is UP within ${TIMEOUT}s"
check "GET /api/health is UP (after ${SECONDS}s)" bash -c 'curl -fsS -m 10 "$0" | jq -e ".status == \"UP\"" >/dev/null' "$BASE/api/health"
check "GET /api/health lists the database UP" \
    bash -c 'curl -fsS -m 10 "$0" | jq -e ".components.database.status == \"UP\"" >/dev/null' "$BASE/api/health"
check "postgres healthy" grep -q '(healthy)' <<<"$(compose ps postgres)"
# workers report healthy once their heartbeat runs
until [ "$(compose ps worker 2>/dev/null | grep -c '(healthy)')" -ge "$WORKERS" ] || [ $SECONDS -ge $deadline ]; do sleep 3; done
check "$WORKERS workers healthy" test "$(compose ps worker | grep -c '(healthy)')" -ge "$WORKERS"

log "through the proxy, the system tests (system-tests, JUnit): HTTP contract, $JOBS jobs decoded, codes by URL"
system_tests smoke -Dgroups=smoke -Dqr.smoke.jobs="$JOBS" -Dqr.smoke.parallel="$PARALLEL"
# the system of record agrees: every job row DONE (rows of an earlier SMOKE_KEEP=1 run included)
states=$(compose exec -T postgres psql -U "${SPRING_DATASOURCE_USERNAME:-qrfleet}" -d qrfleet -Atc \
    "select status, count(*) from jobs group by status order by status" 2>&1 | paste -sd' ' -)
check "jobs table: all rows DONE, at least $JOBS (SQL: $states)" \
    bash -c '[[ $0 =~ ^DONE\|([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge "$1" ]' "$states" "$JOBS"
compose logs proxy >"$WORK/proxy.log" 2>&1 # a file: the log outgrows what one argument may hold
check "the proxy's log holds no code's content (the codes by URL carry these markers)" \
    bash -c '! grep -q -e "smoke-secret-" -e "by-url-" "$0"' "$WORK/proxy.log"

log "containers: what only a running container shows (the rest is static: .ci/compose-policy.mjs in validate.sh)"
ids=$(compose ps -q)
for id in $ids; do
    info=$(docker inspect "$id")
    name=$(jq -r '.[0].Name | ltrimstr("/")' <<<"$info")
    service=$(jq -r '.[0].Config.Labels["com.docker.compose.service"] // ""' <<<"$info")
    eff=$(docker exec "$id" sh -c 'grep CapEff /proc/1/status' 2>/dev/null | awk '{print $2}')
    check "$name: no effective capabilities (CapEff ${eff:-?})" test "${eff:-x}" = 0000000000000000
    case $service in
        proxy|gateway|worker|postgres)
            uid=$(docker exec "$id" id -u 2>/dev/null)
            check "$name: runs as non-root (uid $uid)" bash -c '[ -n "$0" ] && [ "$0" != 0 ]' "$uid"
            check "$name: root filesystem really is read-only" bash -c '! docker exec "$0" sh -c "touch /smoke-write-test" 2>/dev/null' "$id"
            ;;
    esac
done
workers=$(compose ps -q worker)
check "$WORKERS worker containers" test "$(wc -w <<<"$workers")" -eq "$WORKERS"
for id in $workers; do
    info=$(docker inspect "$id")
    name=$(jq -r '.[0].Name | ltrimstr("/")' <<<"$info")
    check "$name: no restarts, no OOM kill" test "$(jq '.[0].RestartCount' <<<"$info")" = 0
    peak=$(docker exec "$id" sh -c 'cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak 2>/dev/null' || true)
    if [ -n "$peak" ]; then
        check "$name: peak memory $((peak / 1048576)) MiB (cgroup max_usage) below the 128 MiB limit" test "$peak" -lt $((128 * 1048576))
    fi
done

log "graceful stop of one worker"
one=$(head -n1 <<<"$workers")
docker stop -t 30 "$one" >/dev/null
check "stopped worker exited with 0" test "$(docker inspect -f '{{.State.ExitCode}}' "$one")" = 0

qr_summary
