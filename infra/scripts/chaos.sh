#!/usr/bin/env bash
# QR Fleet resilience test: starts the whole stack (docker-compose.yml, unchanged) with two workers
# under a project of its own, drives it through the proxy only and proves, in this order:
#   3. bad input: the malformed corpus and malformed HTTP get only 4xx problem+json, nothing is
#      queued or stored (queues, bucket, job rows); four 4 MB batch bodies at once cost the
#      gateway no restart; path tricks in ids get 4xx; actuator is not reachable through the proxy
#   5a. API keys (QR_API_KEYS, set for the rest of the run): Bearer, X-API-Key, Basic; every spelling
#       of a path × method refused or 401 (target-corpus.py); 401 without
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
#      DONE; then no job row of the whole run is left QUEUED or PROCESSING (SQL)
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
# Needs: docker with Compose v2 or docker-compose 1.29, curl, jq, zbarimg, python3, JDK 21+ (./mvnw).
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

qr_require docker curl jq zbarimg python3 pgrep flock
qr_compose_detect
qr_pick_port 18580 28580 38580
export BASE="http://127.0.0.1:${QR_HTTP_PORT}"
WORK=$(mktemp -d)
export WORK
RUN_ID="$(date +%s)-$$"
export RUN_ID
export AUTH="X-Chaos-Run: $RUN_ID"   # replaced by the API key header once keys are on

teardown() {
    local rc=$?
    [ -n "${SUBMITTER:-}" ] && kill_tree "$SUBMITTER"
    if [ "$rc" -ne 0 ] && [ -d "$WORK" ]; then
        local keep="${TMPDIR:-/tmp}/qrfleet-chaos-$RUN_ID"
        mkdir -p "$keep" && cp -r "$WORK"/*.submits "$WORK"/*.codes "$WORK"/*.verify "$WORK"/*.log "$WORK"/*.checks \
            "$WORK"/*-reports "$keep"/ 2>/dev/null
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
depth() { queues | awk -v q="$1" '$1 == q {print $2 + $3}'; } # QUEUE: ready + unacked messages
# objects in the bucket (the files under MinIO's data directory, its metadata excluded)
objects() { docker exec "$(cid minio)" sh -c 'find /data -type f -not -path "*/.minio.sys/*" | wc -l' 2>/dev/null; }
# SQL in the postgres container (psql over its socket), unaligned: one row per line, columns split by |
sql() { compose exec -T postgres psql -U "$DB_USER" -d qrfleet -Atc "$1" 2>/dev/null; }
rows() { sql "select (select count(*) from jobs) || ' jobs, ' || (select count(*) from batch_items) || ' batch items'"; }
job_states() { sql "select status || '×' || count(*) from jobs group by status order by status" | paste -sd' ' -; }
unfinished() { sql "select count(*) from (select status from jobs union all select status from batch_items) r where status in ('QUEUED', 'PROCESSING')"; }

# ---- the client: submit, then verify ----------------------------------------------------------
# submit_job TAG N RETRY: POSTs job N (its own content); with RETRY=1 a 429/503 is retried after its
# Retry-After until SUBMIT_UNTIL. Every answer's code goes to $WORK/TAG.codes (a 429/503 without
# Retry-After or not application/problem+json is marked as such). Prints
# "N CODE ID|- ATTEMPTS EPOCH".
submit_job() {
    local tag=$1 n=$2 retry=$3 code id ra ct tries=0 hdr="$WORK/h.$1.$2"
    local body="{\"content\":\"https://qr-fleet.example/chaos/$RUN_ID/$tag/$n\",\"size\":256}"
    [ "${PACE:-0}" = 0 ] || sleep "$PACE"
    while :; do
        tries=$((tries + 1))
        code=$(curl -s -m 60 -o /dev/null -D "$hdr" -w '%{http_code}' -H 'Content-Type: application/json' \
            -H "$AUTH" --data "$body" "$BASE/api/v1/jobs")
        ra=$(saved_header retry-after "$hdr")
        ct=$(saved_header content-type "$hdr")
        case $code in
            429|503)
                [ -n "$ra" ] || code="$code-without-Retry-After"
                [[ $ct == application/problem+json* ]] || code="$code-not-problem+json" ;;
        esac
        echo "$code" >>"$WORK/$tag.codes"
        if [ "$retry" = 1 ] && { [ "$code" = 429 ] || [ "$code" = 503 ]; } && [ "$EPOCHSECONDS" -lt "$SUBMIT_UNTIL" ]; then
            [[ $ra =~ ^[0-9]+$ ]] || ra=1
            [ "$ra" -le 10 ] || ra=10
            sleep "$ra"
            continue
        fi
        break
    done
    id=$(saved_header location "$hdr")
    id=${id##*/}
    rm -f "$hdr"
    echo "$n $code ${id:--} $tries $EPOCHSECONDS"
}
# verify_job TAG N ID: polls the job until DONE/FAILED or VERIFY_UNTIL, fetches the image and decodes
# it. Prints "DONE N", "FAILED N ID error", "TIMEOUT N ID status", "IMAGE N ID answer" or
# "DECODE N ID decoded".
verify_job() {
    local tag=$1 n=$2 id=$3 rec st code decoded img="$WORK/img.$1.$2"
    local content="https://qr-fleet.example/chaos/$RUN_ID/$tag/$n"
    while :; do
        # the long poll answers when the job finishes; a refusal (429, 503) is waited out
        rec=$(curl -s -m 40 "$BASE/api/v1/jobs/$id?waitSeconds=25")
        st=$(grep -o '"status":"[A-Z]*"' <<<"$rec" | head -n1 | cut -d'"' -f4)
        case $st in
            DONE) break ;;
            FAILED) echo "FAILED $n $id $(jq -c .error <<<"$rec" 2>/dev/null)"; return ;;
            QUEUED|PROCESSING) ;;
            *) sleep 1 ;;
        esac
        [ "$EPOCHSECONDS" -lt "$VERIFY_UNTIL" ] || { echo "TIMEOUT $n $id ${st:-no-answer}"; return; }
    done
    code=$(curl -s -m 30 -o "$img" -w '%{http_code} %{content_type}' "$BASE/api/v1/jobs/$id/image")
    [[ $code == "200 image/png"* ]] || { echo "IMAGE $n $id $code"; return; }
    decoded=$(zbarimg --raw -q "$img" 2>/dev/null)
    rm -f "$img"
    [ "$decoded" = "$content" ] || { echo "DECODE $n $id ${decoded:0:80}"; return; }
    echo "DONE $n"
}
export -f submit_job verify_job saved_header

# verify_all TAG SUBMITS_FILE: verifies every accepted job of a submit run; prints a summary line
verify_all() {
    local tag=$1 file=$2 start=$SECONDS
    export VERIFY_UNTIL=$((EPOCHSECONDS + DONE_TIMEOUT))
    awk '$2 == 202 && $3 != "-" {print $1, $3}' "$file" \
        | xargs -P 6 -L 1 bash -c 'verify_job '"$tag"' "$0" "$1"' >"$WORK/$tag.verify"
    VERIFIED_DONE=$(grep -c '^DONE ' "$WORK/$tag.verify")
    VERIFY_SECONDS=$((SECONDS - start))
    grep -v '^DONE ' "$WORK/$tag.verify" | head -n 10 | sed 's/^/        /'
    echo "        outcomes: $(cut -d' ' -f1 "$WORK/$tag.verify" | histogram) (${VERIFY_SECONDS}s)"
}

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
proxy_429_before=$(compose logs --no-color proxy 2>/dev/null | grep -c '"status":429')
# .ci/corpus.py sends the corpus as fast as it can; in slices of 15 a second it stays below the
# proxy's rate limit, so every answer is the gateway's (or the proxy's 413), never a 429
CORPUS=gateway-api/src/test/resources/malformed-requests.jsonl
split -l 15 "$CORPUS" "$WORK/corpus."
corpus_ok=0 corpus_failed=0
for slice in "$WORK"/corpus.*; do
    out=$(python3 .ci/corpus.py "$BASE" "$slice")
    grep '^FAIL' <<<"$out" | sed 's/^/        /'
    read -r p f < <(sed -n 's/^corpus: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' <<<"$out")
    corpus_ok=$((corpus_ok + ${p:-0})) corpus_failed=$((corpus_failed + ${f:-1}))
    sleep 1
done
check "malformed corpus: $corpus_ok of $(wc -l <"$CORPUS") cases 4xx problem+json ($corpus_failed failed)" \
    test "$corpus_failed" -eq 0 -a "$corpus_ok" -eq "$(wc -l <"$CORPUS")"
head -c 100000 /dev/zero | tr '\0' 'a' | sed 's/^/{"content":"/; s/$/"}/' >"$WORK/big.json"
answer=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' -m 10 -H 'Content-Type: application/json' \
    --data-binary "@$WORK/big.json" "$BASE/api/v1/jobs")
check "100 kB body: 413 problem+json from the proxy (got $answer)" test "$answer" = "413 application/problem+json"
# four batch bodies of 4 MB of empty rows at once (1.3 million rows each): refused at the row limit
# while being read, the gateway neither restarts nor nears its memory limit
python3 -c 'import sys; sys.stdout.write("{\"items\":[" + ",".join(["{}"] * 1_300_000) + "]}")' >"$WORK/rows.json"
gw=$(cid gateway)
seq 1 4 | xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' -m 60 -H 'Content-Type: application/json' \
    --data-binary "@$WORK/rows.json" "$BASE/api/v1/batches" >"$WORK/rows.codes"
gw_peak=$(docker exec "$gw" cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || echo 0)
check "4 concurrent 4 MB batches of empty rows: 422 each ($(histogram <"$WORK/rows.codes")), gateway peak $((gw_peak / 1048576)) MiB of 512, no restart" \
    bash -c '! grep -qvx 422 "$0" && [ "$1" -lt $((480 * 1048576)) ] && [ "$(docker inspect -f "{{.RestartCount}}" "$2")" = 0 ]' \
    "$WORK/rows.codes" "$gw_peak" "$gw"
out=$(python3 infra/scripts/protocol-corpus.py "$BASE")
grep 'FAIL' <<<"$out" | sed 's/^/      /'
read -r p f < <(sed -n 's/^protocol corpus: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' <<<"$out")
check "malformed HTTP (infra/scripts/protocol-corpus.py): ${p:-0} cases 4xx problem+json (${f:-?} failed)" \
    test "${f:-1}" -eq 0 -a "${p:-0}" -gt 0
long=$(head -c 5000 /dev/zero | tr '\0' 'f')
for path in "/api/v1/jobs/..%2F..%2Fetc" "/api/v1/jobs/..%2F..%2Fetc%2Fpasswd/image" "/api/v1/jobs/%00" \
    "/api/v1/jobs/%2e%2e" "/api/v1/jobs/$long" "/api/v1/jobs/${long:0:300}/image" \
    "/api/v1/jobs/00000000-0000-4000-8000-000000000000%00" "/api/v1/jobs/%20" "/api/v1/jobs/;jsessionid=x"; do
    answer=$(curl -s --path-as-is -o "$WORK/body" -w '%{http_code}' -m 10 "$BASE$path")
    check "GET ${path:0:60}$([ ${#path} -gt 60 ] && echo "…(${#path})") is 4xx (got $answer)" \
        bash -c '[[ $0 == 4?? ]]' "$answer"
done
for path in /actuator /actuator/health /actuator/prometheus /api/actuator /api/actuator/health \
    /api/actuator/prometheus /api/actuator/env /api//actuator/health /api/%61ctuator/health \
    /api/v1/../actuator/health /api/./actuator/env /api/v1/jobs/../../actuator/health; do
    answer=$(curl -s --path-as-is -o "$WORK/body" -w '%{http_code}' -m 10 "$BASE$path")
    # actuator's own answers: "status":"UP", property sources, Prometheus text (a problem
    # document's "status" is a number)
    check "GET $path is not reachable (got $answer)" bash -c '[[ $0 == 4?? ]] && ! grep -qE "\"status\":\"|\"propertySources\"|^# HELP" "$1"' "$answer" "$WORK/body"
done
sleep 2
queues_after=$(queues) objects_after=$(objects) rows_after=$(rows)
check "nothing queued by bad input (queues: $(tr '\n\t' '; ' <<<"$queues_after"))" test "$queues_before" = "$queues_after"
check "nothing stored by bad input ($objects_before objects before, $objects_after after)" test "$objects_before" = "$objects_after"
check "no job row written by bad input (SQL: ${rows_before:-?} before, ${rows_after:-?} after)" \
    test -n "$rows_before" -a "$rows_before" = "$rows_after"
proxy_429_after=$(compose logs --no-color proxy 2>/dev/null | grep -c '"status":429')
check "no 429 during the corpus (answers came from the gateway)" test "$proxy_429_before" = "$proxy_429_after"

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
sub() { curl -s -o /dev/null -D "$WORK/auth.h" -w '%{http_code}' -m 15 -H 'Content-Type: application/json' \
    --data "{\"content\":\"https://qr-fleet.example/chaos/$RUN_ID/auth\"}" "$@" "$BASE/api/v1/jobs"; }
answer=$(sub)
check "no key: 401 with WWW-Authenticate (got $answer)" bash -c '[ "$0" = 401 ] && grep -qi "^www-authenticate:" "$1"' "$answer" "$WORK/auth.h"
check "wrong key: 401" test "$(sub -H "X-API-Key: $WRONG_KEY")" = 401
check "wrong Bearer: 401" test "$(sub -H "Authorization: Bearer $WRONG_KEY")" = 401
check "Authorization: Bearer: 202" test "$(sub -H "Authorization: Bearer $API_KEY")" = 202
check "X-API-Key: 202" test "$(sub -H "X-API-Key: $API_KEY")" = 202
check "Basic with the key as password: 202" test "$(sub -u "client:$API_KEY")" = 202
export AUTH="X-API-Key: $API_KEY"
out=$(python3 infra/scripts/target-corpus.py "$BASE" "$API_KEY")
grep 'FAIL' <<<"$out" | head -n 10 | sed 's/^/      /'
read -r p f < <(sed -n 's/^target corpus: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' <<<"$out")
check "every spelling of a path × method (infra/scripts/target-corpus.py): ${p:-0} cases 4xx problem+json, none accepted, rate limited (${f:-?} failed)" \
    test "${f:-1}" -eq 0 -a "${p:-0}" -gt 0
sleep 3   # the corpus's burst emptied this address's submit allowance

# ---- 1. nothing lost under faults ------------------------------------------------------------------
# The clients submit until the last fault is over: every fault falls among submissions however
# long it takes, and no time goes on pacing beyond them.
log "1. $PARALLEL retrying clients submit while a worker is SIGKILLed, another crashes, RabbitMQ and MinIO are stopped"
export SUBMIT_UNTIL=$((EPOCHSECONDS + 900))
start=$SECONDS
# load TAG PARALLEL PACE MIN_JOBS: the system tests' clients (system-tests: LoadSystemTest) submit
# until $WORK/TAG.over exists, each job's final answer in $WORK/TAG.submits the moment it comes, then
# check every job; run in the background, their checks land in $WORK/TAG.checks (replay_checks)
load() {
    touch "$WORK/$1.submits"
    system_tests "$1-load" -Dgroups=load -Dqr.stop-file="$WORK/$1.over" -Dqr.submits-file="$WORK/$1.submits" \
        -Dqr.content-prefix="https://qr-fleet.example/chaos/$RUN_ID/$1" -Dqr.api-key="$API_KEY" \
        -Dqr.parallel="$2" -Dqr.pace="$3" -Dqr.min-jobs="$4" -Dqr.done-timeout="$DONE_TIMEOUT" >"$WORK/$1.checks"
}
load chaos "$PARALLEL" "$PACE" 100 &
SUBMITTER=$!
accepted() { awk '$2 == 202' "${1:-$WORK/chaos.submits}" | wc -l; } # [SUBMITS_FILE]
wait_accepted() { # N [SUBMITS_FILE]: until N jobs were accepted or the client is done (at most 300 s)
    local deadline=$((SECONDS + 300))
    until [ "$(accepted "${2:-}")" -ge "$1" ] || ! kill -0 "$SUBMITTER" 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 0.5; done
}
more_accepted() { wait_accepted $(($(accepted "${2:-}") + $1)) "${2:-}"; } # N [SUBMITS_FILE]: N more than now

# restarted() ID STARTED_BEFORE SECONDS: waits until the container runs again, started anew
restarted() {
    local deadline=$((SECONDS + $3))
    until { [ "$(docker inspect -f '{{.State.Running}}' "$1")" = true ] \
        && [ "$(docker inspect -f '{{.State.StartedAt}}' "$1")" != "$2" ]; }; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 1
    done
}
# stopped_health SERVICE COMPONENT: the service is stopped; /api/health turns 503 naming COMPONENT
# DOWN. The code and body of one answer are judged, the code shown: two requests apart once
# disagreed (the body named the broker DOWN, the next request's code, unrecorded, was not 503)
stopped_health() {
    local t0=$SECONDS code
    qr_wait_http "$BASE/api/health" 503 60
    code=$(curl -s -o "$WORK/health.json" -w '%{http_code}' -m 30 "$BASE/api/health")
    check "$1 stopped: /api/health $code after $((SECONDS - t0))s, $2 DOWN ($(jq -c '[.components // {} | to_entries[] | select(.value.status != "UP") | .key]' "$WORK/health.json" 2>/dev/null))" \
        bash -c '[ "$0" = 503 ] && jq -e ".components.$1.status == \"DOWN\"" "$2" >/dev/null' "$code" "$2" "$WORK/health.json"
}
mapfile -t workers < <(compose ps -q worker)

# (a) `docker kill -s KILL`: the engine records an explicit kill; whether the restart policy
# (unless-stopped) brings the container back depends on the engine (podman: never)
more_accepted 16
# a quick burst of 40 (the proxy's burst) right before each kill fills the workers' prefetch, so
# the killed worker holds unacknowledged messages: they must be redelivered and done once
prekill() { seq 1 40 | xargs -P 8 -I{} bash -c "submit_job $1 {} 1" >"$WORK/$1.submits" & sleep 1.5; }
victim=${workers[0]}
prekill kill1; PREKILL1=$!
started_before=$(docker inspect -f '{{.State.StartedAt}}' "$victim")
docker kill -s KILL "$victim" >/dev/null
t_kill=$EPOCHSECONDS
note "$(accepted) accepted: worker ${victim:0:12} killed with docker kill -s KILL during a burst of 40"
if restarted "$victim" "$started_before" 10; then
    pass "the engine restarted the docker-killed worker by itself (after $((EPOCHSECONDS - t_kill))s)"
else
    note "the engine did not restart a container stopped by docker kill within 10s (exit $(docker inspect -f '{{.State.ExitCode}}' "$victim")): an explicit kill counts as a stop for restart: unless-stopped; started by hand"
    docker start "$victim" >/dev/null
fi

# (a') a crash: the worker's JVM SIGKILLed from the host, as the kernel's OOM killer does
more_accepted 16
victim=${workers[1]}
pid=$(docker inspect -f '{{.State.Pid}}' "$victim")
started_before=$(docker inspect -f '{{.State.StartedAt}}' "$victim")
if [ "${pid:-0}" -gt 0 ] && kill -0 "$pid" 2>/dev/null; then
    prekill kill2; PREKILL2=$!
    kill -KILL "$pid"
    t_crash=$EPOCHSECONDS
    note "$(accepted) accepted: worker ${victim:0:12} crashed (its JVM, host pid $pid, SIGKILLed) during a burst of 40"
    if restarted "$victim" "$started_before" 120; then
        pass "restart policy brought the crashed worker back (after $((EPOCHSECONDS - t_crash))s, restarts $(docker inspect -f '{{.RestartCount}}' "$victim"))"
    else
        fail "restart policy brought the crashed worker back within 120s (state $(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$victim"))"
        docker start "$victim" >/dev/null
    fi
else
    note "the container's processes are not visible from here (remote engine): crash by host pid skipped"
fi

more_accepted 16
note "$(accepted) accepted: RabbitMQ stopped"
t0=$SECONDS
docker stop -t 10 "$(cid rabbitmq)" >/dev/null
t_rmq=$EPOCHSECONDS
stopped_health RabbitMQ broker
docker start "$(cid rabbitmq)" >/dev/null
wait_up 240
check "RabbitMQ started: /api/health 200 again after $((SECONDS - t0))s from the stop (gateway reconnected by itself)" test "$(health_code)" = 200

more_accepted 16
note "$(accepted) accepted: MinIO stopped for 10 s"
t0=$SECONDS
docker stop -t 5 "$(cid minio)" >/dev/null
stopped_health MinIO storage
sleep $((t0 + 10 > SECONDS ? t0 + 10 - SECONDS : 0))
docker start "$(cid minio)" >/dev/null
t_minio=$EPOCHSECONDS
wait_up 180
check "MinIO back: /api/health 200 after $((SECONDS - t0))s from the stop" test "$(health_code)" = 200

more_accepted 16
touch "$WORK/chaos.over"
submit_seconds=$((SECONDS - start))
wait "$SUBMITTER"; SUBMITTER=
n_sub=$(wc -l <"$WORK/chaos.submits")
echo "        submissions: $(awk '{print $2}' "$WORK/chaos.submits" | histogram) of $n_sub jobs (final answers, ${submit_seconds}s)"
grep -h '^every answer:' "$WORK/chaos-load.log" | sed 's/^/        /'
echo "        accepted after the kill / RabbitMQ's stop / MinIO's return: $(awk -v t=$t_kill '$2==202 && $5>t' "$WORK/chaos.submits" | wc -l) / $(awk -v t=$t_rmq '$2==202 && $5>t' "$WORK/chaos.submits" | wc -l) / $(awk -v t=$t_minio '$2==202 && $5>t' "$WORK/chaos.submits" | wc -l)"
# every submission accepted in the end (at least 100), refusals only 409/429/503 with Retry-After,
# every job DONE and decoded: the client's checks
replay_checks "$WORK/chaos.checks"
cat "$WORK"/kill?.codes >"$WORK/bursts.codes" 2>/dev/null
check "the bursts at the kills: answers only 202, 429 or 503 with Retry-After ($(histogram <"$WORK/bursts.codes"))" \
    bash -c '[ -s "$0" ] && ! grep -qvE "^(202|429|503)$" "$0"' "$WORK/bursts.codes"
for tag in kill1 kill2; do
    [ -s "$WORK/$tag.submits" ] || continue
    wait "${PREKILL1:-}" "${PREKILL2:-}" 2>/dev/null
    k_acc=$(awk '$2 == 202' "$WORK/$tag.submits" | wc -l)
    verify_all "$tag" "$WORK/$tag.submits"
    check "$tag: $VERIFIED_DONE of $k_acc jobs submitted around the kill DONE, images decode" test "$VERIFIED_DONE" -eq "$k_acc" -a "$k_acc" -gt 0
done
# after all the faults, without a restart of anything: the gateway takes jobs and the workers do them
seq 1 20 | xargs -P 4 -I{} bash -c 'submit_job after {} 1' >"$WORK/after.submits"
verify_all after "$WORK/after.submits"
check "after the faults: $VERIFIED_DONE of 20 new jobs accepted and DONE (gateway and workers reconnected by themselves)" test "$VERIFIED_DONE" -eq 20
running=$(compose ps worker | grep -c '(healthy)')
check "$WORKERS workers running and healthy after the faults ($running)" test "$running" -ge $WORKERS
dead=$(depth qr.jobs.dead)
check "dead-letter queue empty (${dead:-?} messages)" test "${dead:-x}" = 0

# ---- 1b. PostgreSQL restarted mid-run -----------------------------------------------------------------
# Only the gateway uses the database. While it is away a submission gets 503 + Retry-After and a job
# read 503; the workers go on with the jobs accepted before, and their results wait in the broker
# until the gateway can apply them. A retrying client (as in 1) gets every job accepted in the end.
log "1b. PostgreSQL stopped for ${PG_OUTAGE}s while 4 retrying clients submit"
export SUBMIT_UNTIL=$((EPOCHSECONDS + 600))
gw=$(cid gateway)
gw_restarts=$(docker inspect -f '{{.RestartCount}}' "$gw")
load pg 4 1 1 &
SUBMITTER=$!
more_accepted 16 "$WORK/pg.submits"
pg=$(cid postgres)
note "$(accepted "$WORK/pg.submits") accepted: PostgreSQL stopped"
docker stop -t 10 "$pg" >/dev/null
t_stop=$EPOCHSECONDS
qr_wait_http "$BASE/api/health" 503 60
body=$(curl -s -m 10 "$BASE/api/health")
check "PostgreSQL stopped: /api/health 503 after $((EPOCHSECONDS - t_stop))s, database DOWN" \
    bash -c '[ "$0" = 503 ] && jq -e ".components.database.status == \"DOWN\"" <<<"$1" >/dev/null' "$(health_code)" "$body"
# a few submissions and a job read while it is away: the gateway's own 503 (not the proxy's
# fallback for an unreachable or timed-out gateway), problem+json, Retry-After
for i in 1 2 3; do
    answer=$(curl -s -m 60 -o "$WORK/pg.body" -D "$WORK/pg.h" -w '%{http_code} %{content_type} %{time_total}' \
        -H 'Content-Type: application/json' -H "$AUTH" \
        --data "{\"content\":\"https://qr-fleet.example/chaos/$RUN_ID/pg-outage/$i\"}" "$BASE/api/v1/jobs")
    ra=$(saved_header retry-after "$WORK/pg.h")
    check "database down: submission $i gets 503 problem+json with Retry-After from the gateway (got ${answer% *}, Retry-After ${ra:-none}, ${answer##* }s)" \
        bash -c '[[ $0 == "503 application/problem+json"* && -n $1 ]] && ! grep -q "API is not reachable" "$2"' "$answer" "$ra" "$WORK/pg.body"
    sleep 1
done
read_id=$(awk '$2 == 202 {print $3; exit}' "$WORK/pg.submits")
answer=$(curl -s -m 60 -o /dev/null -D "$WORK/pg.h" -w '%{http_code} %{content_type}' "$BASE/api/v1/jobs/$read_id")
ra=$(saved_header retry-after "$WORK/pg.h")
check "database down: GET of an accepted job gets 503 (got $answer, Retry-After ${ra:-none})" bash -c '[[ $0 == 503* ]]' "$answer"
# a batch and a new code by URL each begin a transaction (all rows, or a client's share): the same 503
answer=$(curl -s -m 60 -o "$WORK/pg.body" -D "$WORK/pg.h" -w '%{http_code} %{content_type}' -H 'Content-Type: text/csv' \
    -H "$AUTH" --data-binary $'content\nhttps://qr-fleet.example/chaos/'"$RUN_ID/pg-outage/batch" "$BASE/api/v1/batches")
ra=$(saved_header retry-after "$WORK/pg.h")
check "database down: a batch gets the gateway's 503 problem+json with Retry-After (got $answer, Retry-After ${ra:-none})" \
    bash -c '[[ $0 == "503 application/problem+json"* && -n $1 ]] && grep -q "database is unavailable" "$2"' "$answer" "$ra" "$WORK/pg.body"
answer=$(curl -s -m 60 -o "$WORK/pg.body" -D "$WORK/pg.h" -w '%{http_code} %{content_type}' \
    "$BASE/api/v1/qr?data=chaos-$RUN_ID-pg-outage")
ra=$(saved_header retry-after "$WORK/pg.h")
check "database down: a new code by URL gets the gateway's 503 problem+json with Retry-After (got $answer, Retry-After ${ra:-none})" \
    bash -c '[[ $0 == "503 application/problem+json"* && -n $1 ]] && grep -q "database is unavailable" "$2"' "$answer" "$ra" "$WORK/pg.body"
sleep $((t_stop + PG_OUTAGE > EPOCHSECONDS ? t_stop + PG_OUTAGE - EPOCHSECONDS : 0))
docker start "$pg" >/dev/null
t_start=$EPOCHSECONDS
note "$(accepted "$WORK/pg.submits") accepted: PostgreSQL started after $((t_start - t_stop))s"
wait_up 180
body=$(curl -s -m 10 "$BASE/api/health")
check "PostgreSQL back: /api/health 200 with database UP after $((EPOCHSECONDS - t_start))s, gateway not restarted (it reconnected by itself)" \
    bash -c '[ "$0" = 200 ] && jq -e ".components.database.status == \"UP\"" <<<"$1" >/dev/null && [ "$(docker inspect -f "{{.RestartCount}}" "$2")" = "$3" ]' \
    "$(health_code)" "$body" "$gw" "$gw_restarts"
more_accepted 16 "$WORK/pg.submits"
touch "$WORK/pg.over"
wait "$SUBMITTER"; SUBMITTER=
echo "        accepted before the stop / during the outage / after the start: $(awk -v t=$t_stop '$2==202 && $5<=t' "$WORK/pg.submits" | wc -l) / $(awk -v a=$t_stop -v b=$t_start '$2==202 && $5>a && $5<b' "$WORK/pg.submits" | wc -l) / $(awk -v t=$t_start '$2==202 && $5>=t' "$WORK/pg.submits" | wc -l)"
grep -h '^every answer:' "$WORK/pg-load.log" | sed 's/^/        /'
# every submission accepted in the end, refusals only 409/429/503 with Retry-After and
# problem+json, every job accepted around the outage DONE and decoded: the client's checks
replay_checks "$WORK/pg.checks"

# ---- 1c. a broker resource alarm -----------------------------------------------------------------------
# RabbitMQ blocks every connection that publishes while an alarm lasts. A worker reports each job's
# result with a confirm before it acknowledges the job, so during the alarm it renders and then
# holds its jobs (neither failed nor dead-lettered), and they are done once the alarm ends; the
# gateway answers new submissions 503 + Retry-After meanwhile.
log "1c. RabbitMQ disk alarm: queued jobs are held, then done; submissions get 503"
compose stop worker >/dev/null 2>&1
seq 1 40 | xargs -P 4 -I{} bash -c 'submit_job alarm {} 0' >"$WORK/alarm.submits"
a_acc=$(awk '$2 == 202' "$WORK/alarm.submits" | wc -l)
docker exec "$(cid rabbitmq)" rabbitmqctl -q set_disk_free_limit 1000GB >/dev/null
sleep 3
during=$(submit_job alarm-during 1 0 | cut -d' ' -f2)
check "alarm on: a submission gets 503 with Retry-After ($during)" test "$during" = 503
# with the workers stopped a long poll is held: one client gets at most 64 at once from the proxy
held=$(awk '$2 == 202 {print $3; exit}' "$WORK/alarm.submits")
seq 1 72 | xargs -P 72 -I{} curl -s -o /dev/null -w '%{http_code}\n' -m 30 "$BASE/api/v1/jobs/$held?waitSeconds=10" \
    >"$WORK/held.codes"
check "72 long polls at once from one client: the proxy holds 64, the rest get 429 ($(histogram <"$WORK/held.codes"))" \
    bash -c '[ "$(grep -cx 429 "$0")" -ge 8 ] && ! grep -qvE "^(200|429)$" "$0"' "$WORK/held.codes"
dead_before=$(depth qr.jobs.dead)
failed_jobs_before=$(sql "select count(*) from jobs where status = 'FAILED'")
compose start worker >/dev/null 2>&1
# the workers take the queued jobs (unacknowledged: they render them and cannot report) and hold them
deadline=$((SECONDS + 90))
until [ "$(queues | awk '$1 == "qr.jobs.interactive" {print $3}')" -gt 0 ] 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 1; done
sleep 5
dead=$(depth qr.jobs.dead)
failed_jobs=$(sql "select count(*) from jobs where status = 'FAILED'")
check "alarm on: the workers hold the queued jobs, none failed or dead-lettered (dead ${dead_before:-?} -> ${dead:-?}, FAILED ${failed_jobs_before:-?} -> ${failed_jobs:-?})" \
    test "${dead:-x}" = "${dead_before:-y}" -a "${failed_jobs:-x}" = "${failed_jobs_before:-y}"
docker exec "$(cid rabbitmq)" rabbitmqctl -q set_disk_free_limit 256MiB >/dev/null
DONE_TIMEOUT=180 verify_all alarm "$WORK/alarm.submits"
check "alarm over: $VERIFIED_DONE of $a_acc jobs queued before it DONE, images decode" test "$VERIFIED_DONE" -eq "$a_acc" -a "$a_acc" -eq 40
# the broker's queue counts lag behind by a few seconds
deadline=$((SECONDS + 60))
until [ "$(depth qr.jobs.interactive)" = 0 ] || [ $SECONDS -ge $deadline ]; do sleep 2; done
left=$(depth qr.jobs.interactive)
check "alarm over: the interactive queue drained (${left:-?} messages)" test "${left:-x}" = 0

# ---- 2. overload -----------------------------------------------------------------------------------
log "2. burst of $BURST submissions, $BURST_PARALLEL at a time, proxy rate limit at its defaults"
start=$SECONDS
python3 infra/scripts/burst.py "$BASE" "$BURST" "$BURST_PARALLEL" burst "$RUN_ID" "$AUTH" "$WORK/burst.codes" >"$WORK/burst.submits"
burst_seconds=$((SECONDS - start))
echo "        answers: $(histogram <"$WORK/burst.codes") (${burst_seconds}s)"
check "burst: only 202, 429 or 503 with Retry-After" bash -c '! grep -qvE "^(202|429|503)$" "$0"' "$WORK/burst.codes"
check "burst: the proxy refused some (429) and accepted some (202)" bash -c 'grep -qx 429 "$0" && grep -qx 202 "$0"' "$WORK/burst.codes"
b_acc=$(awk '$2 == 202' "$WORK/burst.submits" | wc -l)
verify_all burst "$WORK/burst.submits"
check "burst: $VERIFIED_DONE of $b_acc accepted jobs DONE, images decode" test "$VERIFIED_DONE" -eq "$b_acc"
# the database's view of the whole run so far: every job ended, and a submission answered 503 left
# no row QUEUED for a message that does not exist
deadline=$((SECONDS + 120))
until [ "$(unfinished)" = 0 ] || [ $SECONDS -ge $deadline ]; do sleep 3; done
left=$(unfinished)
check "no job or batch item row left QUEUED or PROCESSING (SQL: ${left:-?}; jobs $(job_states))" test "${left:-x}" = 0

log "2b. codes by URL at the proxy's default limits: hits spend nothing, misses meet 429"
# 32 at a time: more than the 16 renders a client may wait for at once, so misses meet 429 however
# long they take
out=$(python3 infra/scripts/code-burst.py "$BASE" 1000 200 32 "$RUN_ID"); rc=$?
sed 's/^/        /' <<<"$out"
check "codes by URL: 1000 hits all 200 from the cache; 200 misses only 200/429/503, some 429, each with Retry-After" test "$rc" = 0

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
