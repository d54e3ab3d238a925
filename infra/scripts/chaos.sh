#!/usr/bin/env bash
# QR Fleet resilience test: starts the whole stack (docker-compose.yml, unchanged) with two workers
# under a project of its own, drives it through the proxy only and proves, in this order:
#   3. bad input (system-tests: BadInputSystemTest, MalformedRequestsSystemTest): the malformed
#      corpus and malformed HTTP get only 4xx problem+json, nothing is queued or stored (queues,
#      bucket, job rows: the script's checks); four 4 MB batch bodies at once cost the gateway no
#      restart; path tricks in ids get 4xx; actuator is not reachable through the proxy
#   5a. API keys (QR_API_KEYS, set for the rest of the run): the proxy answers 503 while the gateway
#       is re-created; then (ApiKeysSystemTest) Bearer, X-API-Key, Basic; every spelling of a path
#       × method refused or 401; 401 without
#   1–2 are JUnit tests (ResilienceSystemTest) that lay the faults themselves:
#   1. nothing lost: retrying clients submit until the faults are over (a worker
#      SIGKILLed, another's JVM crashed, RabbitMQ stopped, MinIO stopped for 10 s); health is 503
#      naming the broker or the storage while it is away, 200 after; every 202 ends DONE and
#      decodes to its content
#   1b. PostgreSQL stopped for 15 s under load: health 503 naming the database, 200 after;
#       submissions and job reads get 503 + Retry-After
#       (problem+json) meanwhile, the gateway recovers by itself, every 202 (before, during, after)
#       ends DONE: results of jobs in flight wait in the broker until the database is back
#   1c. a RabbitMQ disk alarm: the jobs queued before it are held (not failed) during it and done
#       after it, submissions get 503;
#       a client holding 72 long polls gets 429 beyond 64
#   2. overload: a burst of 1,500 submissions 64 at a time gets only 202/429/503, every 202 ends
#      DONE; then no job row of the whole run is left QUEUED or PROCESSING (SQL); codes by URL: hits
#      come from the cache, misses meet 429
#   5b. no secret (API key, database and broker passwords, storage secret) in any log or image
#   6. the janitor (profile maintenance, gateway image, 64 MiB heap) runs once, exits 0, logs what it
#      did and changes no job of this run (SQL)
# then tears everything down (`down -v`). Prints "N passed, N failed"; exits non-zero on failure.
#
#   infra/scripts/chaos.sh
#
# Settings (environment):
#   QR_HTTP_PORT          host port of the proxy          [first free of 18580, 28580, 38580]
#   CHAOS_PARALLEL        client loops of the fault run   [8]
#   CHAOS_PACE            seconds each loop waits before a submission [2]; the loops run until
#                         the last fault is over, so every fault falls among submissions
#   CHAOS_PG_OUTAGE       seconds PostgreSQL stays stopped [15]
#   CHAOS_BURST           submissions of the burst        [1500]
#   CHAOS_BURST_PARALLEL  burst submissions in flight     [64]
#   CHAOS_DONE_TIMEOUT    seconds for accepted jobs to end [600]
#   CHAOS_TIMEOUT         seconds to wait for health      [300]
#   CHAOS_NO_BUILD=1      use images already built (tag QR_IMAGE_TAG, default local); otherwise
#                         builds them under the tag QR_IMAGE_TAG [chaos], leaving others' tags alone
#   CHAOS_KEEP=1          leave the stack running (no `down -v`)
#   QR_MINIO_IMAGE        another MinIO build to run it all on (docker-compose.yml's otherwise)
#   COMPOSE_PROJECT_NAME                                  [qrfleet-chaos]
# Needs: docker with Compose v2 or docker-compose 1.29, curl, zbarimg, python3, JDK 21+ (./mvnw).
# shellcheck disable=SC2016  # the single-quoted `bash -c` scripts read their arguments, $0 and $1
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 2
. infra/scripts/lib.sh

PARALLEL=${CHAOS_PARALLEL:-8}
PACE=${CHAOS_PACE:-2}
PG_OUTAGE=${CHAOS_PG_OUTAGE:-15}
BURST=${CHAOS_BURST:-1500}
BURST_PARALLEL=${CHAOS_BURST_PARALLEL:-64}
DONE_TIMEOUT=${CHAOS_DONE_TIMEOUT:-600}
TIMEOUT=${CHAOS_TIMEOUT:-300}
WORKERS=2
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-chaos}
if [ "${CHAOS_NO_BUILD:-0}" = 1 ]; then
    export QR_IMAGE_TAG=${QR_IMAGE_TAG:-local}
else
    export QR_IMAGE_TAG=${QR_IMAGE_TAG:-chaos}
fi
# the proxy's rate limit stays at the defaults of docker-compose.yml: the 429s are part of the test
unset QR_SUBMIT_RATE QR_SUBMIT_BURST
# secrets of this run only: none of them may show up in a log line or an image
random() { tr -dc 'A-Za-z0-9' </dev/urandom 2>/dev/null | head -c "$1"; }
SPRING_RABBITMQ_PASSWORD="rmq-$(random 24)" QR_STORAGE_SECRET_KEY="s3-$(random 24)"
SPRING_DATASOURCE_PASSWORD="pg-$(random 24)"
export SPRING_RABBITMQ_PASSWORD QR_STORAGE_SECRET_KEY SPRING_DATASOURCE_PASSWORD
DB_USER=${SPRING_DATASOURCE_USERNAME:-qrfleet}
API_KEY="key-$(random 32)" WRONG_KEY="bad-$(random 32)"
export QR_API_KEYS=   # phases 3 and 4 run open; the keys are switched on before the load phases

qr_require docker curl zbarimg python3 flock
qr_compose_detect
qr_pick_port 18580 28580 38580
BASE="http://127.0.0.1:${QR_HTTP_PORT}"
WORK=$(mktemp -d)
RUN_ID="$(date +%s)-$$"

teardown() {
    local rc=$?
    if [ "$rc" -ne 0 ] && [ -d "$WORK" ]; then
        local keep="${TMPDIR:-/tmp}/qrfleet-chaos-$RUN_ID"
        mkdir -p "$keep" && cp -r "$WORK"/*.codes "$WORK"/*.log "$WORK"/*-reports "$keep"/ 2>/dev/null
        compose logs --no-color --timestamps >"$keep/compose.log" 2>&1
        echo "chaos: client records and service logs kept in $keep"
    fi
    if [ "${CHAOS_KEEP:-0}" = 1 ]; then
        echo "chaos: stack left running (project $COMPOSE_PROJECT_NAME, $BASE, API key $API_KEY)"
    else
        compose --profile maintenance down -v --remove-orphans >/dev/null 2>&1 \
            || compose down -v --remove-orphans >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

health_code() { status "$BASE/api/health"; }
wait_up() { # SECONDS: /api/health through the proxy is 200
    local deadline=$((SECONDS + $1))
    until [ "$(health_code)" = 200 ]; do [ $SECONDS -lt $deadline ] || return 1; sleep 2; done
}
# messages in the queues, one "name ready unacked" per line (RabbitMQ's own CLI in its container)
queues() { docker exec "$(cid rabbitmq)" rabbitmqctl -q list_queues name messages_ready messages_unacknowledged 2>/dev/null | grep '^qr\.' | sort; }
# objects in the bucket (the files under MinIO's data directory, its metadata excluded)
objects() { docker exec "$(cid minio)" sh -c 'find /data -type f -not -path "*/.minio.sys/*" | wc -l' 2>/dev/null; }
# SQL in the postgres container (psql over its socket), unaligned: one row per line, columns split by |
sql() { compose exec -T postgres psql -U "$DB_USER" -d qrfleet -Atc "$1" 2>/dev/null; }
rows() { sql "select (select count(*) from jobs) || ' jobs, ' || (select count(*) from batch_items) || ' batch items'"; }
job_states() { sql "select status || '×' || count(*) from jobs group by status order by status" | paste -sd' ' -; }

# ---- start ----------------------------------------------------------------------------------------
log "start: project $COMPOSE_PROJECT_NAME, $WORKERS workers, images :$QR_IMAGE_TAG, proxy on $BASE"
up_args=(up -d --scale "worker=$WORKERS")
if [ "${CHAOS_NO_BUILD:-0}" = 1 ]; then up_args+=(--no-build); else up_args+=(--build); fi
compose "${up_args[@]}" || abort "docker compose up"
wait_up "$TIMEOUT" || abort "GET /api/health is 200 within ${TIMEOUT}s"
pass "GET /api/health is 200 (after ${SECONDS}s)"
deadline=$((SECONDS + TIMEOUT))
until [ "$(compose ps worker 2>/dev/null | grep -c '(healthy)')" -ge $WORKERS ] || [ $SECONDS -ge $deadline ]; do sleep 3; done
check "$WORKERS workers healthy" test "$(compose ps worker | grep -c '(healthy)')" -ge $WORKERS
if [ -n "${QR_MINIO_IMAGE:-}" ]; then # the whole test on another MinIO build (.ci/run: pgsty/minio)
    minio=$(cid minio)
    # podman names Docker Hub images in full (docker.io/…)
    check "minio runs $QR_MINIO_IMAGE" bash -c '[[ ${0#docker.io/} == "${1#docker.io/}" ]]' \
        "$(docker inspect -f '{{.Config.Image}}' "$minio")" "$QR_MINIO_IMAGE"
    check "minio is healthy by its own check" test "$(docker inspect -f '{{.State.Health.Status}}' "$minio")" = healthy
fi

# ---- 3. bad input -------------------------------------------------------------------------------
log "3. bad input through the proxy"
queues_before=$(queues) objects_before=$(objects) rows_before=$(rows)
system_tests bad-input -Dgroups=bad-input -Dqr.compose-project="$COMPOSE_PROJECT_NAME"
queues_after=$(queues) objects_after=$(objects) rows_after=$(rows)
check "nothing queued by bad input (queues: $(tr '\n\t' '; ' <<<"$queues_after"))" test "$queues_before" = "$queues_after"
check "nothing stored by bad input ($objects_before objects before, $objects_after after)" test "$objects_before" = "$objects_after"
check "no job row written by bad input (SQL: ${rows_before:-?} before, ${rows_after:-?} after)" \
    test -n "$rows_before" -a "$rows_before" = "$rows_after"

# ---- 5a. API keys on ---------------------------------------------------------------------------------
log "5a. API keys: the gateway re-created with QR_API_KEYS"
export QR_API_KEYS="$API_KEY"
compose up -d --no-deps --no-build gateway || abort "re-create the gateway with QR_API_KEYS"
# while the gateway starts, the proxy should answer 503 + Retry-After (its @unavailable page)
deadline=$((SECONDS + 90))
# a Wi-Fi code by URL meets the upstream error too: nginx would log its request line, password included
secret_code="$BASE/api/v1/qr?data=WIFI%3AS%3Achaos%3BP%3Achaos-secret-$RUN_ID%3B%3B"
gateway_healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$(cid gateway)" 2>/dev/null)" = healthy ]; }
until [ "$(health_code | tee -a "$WORK/gap.codes")" = 200 ] || gateway_healthy || [ $SECONDS -ge $deadline ]; do
    echo >>"$WORK/gap.codes"
    curl -s -o /dev/null -m 5 "$secret_code" || true
    sleep 2
done
echo >>"$WORK/gap.codes"
gap=$(grep -v '^$' "$WORK/gap.codes" | histogram)
check "while the gateway is away the proxy answers 503, not 502/504 (GET /api/health: $gap)" \
    bash -c '! grep -qE "^(502|504|000)$" "$0"' "$WORK/gap.codes"
compose logs proxy >"$WORK/proxy-gap.log" 2>&1
check "the proxy's log holds no code's content after upstream errors" \
    bash -c '! grep -q "chaos-secret-$1" "$0"' "$WORK/proxy-gap.log" "$RUN_ID"
if ! wait_up 10; then
    # the lab's nginx (1.22) resolves the upstream only at start-up; nginx >= 1.27.3 re-resolves it
    note "the proxy did not reach the re-created (healthy) gateway within 10s (health $(health_code)); restarting the proxy"
    docker restart "$(cid proxy)" >/dev/null
    wait_up 120 || abort "GET /api/health is 200 after re-creating the gateway"
fi
pass "gateway re-created with QR_API_KEYS, health 200"
system_tests api-keys -Dgroups=api-keys -Dqr.api-key="$API_KEY" -Dqr.wrong-key="$WRONG_KEY"

# ---- 1, 1b, 1c, 2: faults, a disk alarm, overload ------------------------------------------------
# The faults are laid from the JUnit tests, among their own clients' submissions (ResilienceSystemTest)
log "1, 1b, 1c, 2: faults under load, a disk alarm, overload (system-tests: ResilienceSystemTest)"
system_tests faults -Dgroups=faults -Dqr.compose-project="$COMPOSE_PROJECT_NAME" -Dqr.db-user="$DB_USER" \
    -Dqr.api-key="$API_KEY" -Dqr.parallel="$PARALLEL" -Dqr.pace="$PACE" -Dqr.pg-outage="$PG_OUTAGE" \
    -Dqr.burst="$BURST" -Dqr.burst-parallel="$BURST_PARALLEL" -Dqr.done-timeout="$DONE_TIMEOUT"

# ---- 5b. no secrets in logs or images ------------------------------------------------------------------
log "5b. no secret in any log or image"
compose logs --no-color >"$WORK/all.log" 2>&1
echo "        $(wc -l <"$WORK/all.log") log lines of $(compose ps -q | wc -l) containers"
for name in API_KEY WRONG_KEY SPRING_DATASOURCE_PASSWORD SPRING_RABBITMQ_PASSWORD QR_STORAGE_SECRET_KEY; do
    check "logs never contain $name" bash -c '! grep -qF -- "$1" "$0"' "$WORK/all.log" "${!name}"
done
secrets=("$API_KEY" "$SPRING_DATASOURCE_PASSWORD" "$SPRING_RABBITMQ_PASSWORD" "$QR_STORAGE_SECRET_KEY" qrfleet-local minioadmin)
for service in proxy gateway worker; do
    image=$(docker inspect -f '{{.Image}}' "$(cid "$service")")
    { docker history --no-trunc "$image"; docker image inspect "$image"; } >"$WORK/image.txt" 2>&1
    leaked=$(for s in "${secrets[@]}"; do grep -qF -- "$s" "$WORK/image.txt" && echo "${s:0:6}…"; done)
    check "$service image ${image:7:12}: no password or key in history or config${leaked:+ (found: $leaked)}" test -z "$leaked"
    envs=$(docker image inspect -f '{{join .Config.Env "\n"}}' "$image" | grep -iE '^[^=]*(pass|secret|token|api_?key)[^=]*=.+' | cut -d= -f1 | tr '\n' ' ')
    check "$service image: no secret-looking ENV${envs:+ ($envs)}" test -z "$envs"
done

# ---- 6. janitor ---------------------------------------------------------------------------------------
log "6. janitor (profile maintenance)"
if compose --profile maintenance config --services 2>/dev/null | grep -qx janitor \
    || grep -qE '^  janitor:' docker-compose.yml; then
    states_before=$(job_states)
    t0=$SECONDS
    compose run --rm -T janitor >"$WORK/janitor.log" 2>&1
    rc=$?
    grep -E 'Janitor (finished|interrupted)' "$WORK/janitor.log" | tail -n1 | cut -c1-400 | sed 's/^/        /'
    check "janitor (gateway image, 64 MiB heap) exited 0 in $((SECONDS - t0))s (rc $rc)" test "$rc" = 0
    check "janitor logged \"Janitor finished\" and what it did" grep -q 'Janitor finished' "$WORK/janitor.log"
    check "janitor log holds no secret" bash -c '! grep -qF -e "$1" -e "$2" -e "$3" -e "$4" "$0"' "$WORK/janitor.log" \
        "$API_KEY" "$SPRING_RABBITMQ_PASSWORD" "$QR_STORAGE_SECRET_KEY" "$SPRING_DATASOURCE_PASSWORD"
    # nothing of this run is past QR_RETENTION (30d) or stuck (QR_JANITOR_STUCK_AFTER, 15m)
    states_after=$(job_states)
    check "janitor changed no job of this run (SQL: ${states_before:-?} before, ${states_after:-?} after)" \
        test -n "$states_before" -a "$states_before" = "$states_after"
else
    note "no janitor service under the profile maintenance in docker-compose.yml: skipped"
fi

qr_summary
