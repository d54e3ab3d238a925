#!/usr/bin/env bash
# QR Fleet smoke test: builds and starts the whole stack (docker-compose.yml, unchanged) with
# several workers, drives it through the proxy only, checks the HTTP contract, submits jobs,
# decodes every image and finds the jobs DONE in PostgreSQL, checks what only a running container
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
# Needs: docker with Compose v2 or docker-compose 1.29, curl, jq, zbarimg (zbar-tools).
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

qr_require docker curl jq zbarimg
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

log "HTTP contract through the proxy"
check "GET / is 200 text/html" test "$(status "$BASE/")-$(header content-type "$BASE/" | cut -d';' -f1)" = "200-text/html"
check "GET / sends CSP default-src 'self'" bash -c "[[ \"\$(curl -s -D - -o /dev/null '$BASE/')\" == *\"default-src 'self'\"* ]]"
check "GET / sends nosniff" test "$(header x-content-type-options "$BASE/")" = nosniff
check "GET /api/docs is 200" test "$(status -L "$BASE/api/docs")" = 200
check "API documentation's server URL is this host (/), whatever Host is sent" \
    bash -c 'curl -fsS -m 10 -H "Host: evil.example" "$0/api/openapi.json" | jq -e ".servers[0].url == \"/\"" >/dev/null' "$BASE"
check "GET /api/actuator/health is 404" test "$(status "$BASE/api/actuator/health")" = 404
check "GET /api/actuator/prometheus is 404" test "$(status "$BASE/api/actuator/prometheus")" = 404
check "GET unknown job is 404" test "$(status "$BASE/api/v1/jobs/00000000-0000-4000-8000-000000000000")" = 404
check "GET malformed job id is 404" test "$(status "$BASE/api/v1/jobs/not-a-job")" = 404
post() { curl -s -o /dev/null -w '%{http_code}' -m 10 -H 'Content-Type: application/json' "$@" "$BASE/api/v1/jobs"; }
check "POST malformed JSON is 400" test "$(post --data '{"content":')" = 400
check "POST unknown field is 400" test "$(post --data '{"content":"x","colour":"red"}')" = 400
check "POST size out of range is 4xx" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data '{\"content\":\"x\",\"size\":4096}' '$BASE/api/v1/jobs') == 4?? ]]"
check "POST text/plain is 415" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' --data hello "$BASE/api/v1/jobs")" = 415
head -c 100000 /dev/zero | tr '\0' 'a' | sed 's/^/{"content":"/; s/$/"}/' >"$WORK/big.json"
check "POST 100 kB body is 413 (from the proxy)" test "$(post --data-binary "@$WORK/big.json")" = 413

log "submit $JOBS jobs, $PARALLEL at a time, and decode every image"
run_job() { # $1: job number. Prints "ok N" or "FAIL N reason"
    local n=$1 size ecc fmt content body code loc id rec st tries=0 deadline
    case $((n % 5)) in
        0) size=2048 ecc=H ;; 1) size=512 ecc=M ;; 2) size=1024 ecc=Q ;; 3) size=256 ecc=L ;; 4) size=768 ecc=H ;;
    esac
    fmt=png; [ $((n % 25)) -eq 7 ] && fmt=svg
    content="https://qr-fleet.example/smoke/$RUN_ID/$n?size=$size&ecc=$ecc"
    body=$(jq -cn --arg c "$content" --arg f "$fmt" --argjson s "$size" --arg e "$ecc" \
        '{content:$c, format:$f, size:$s, errorCorrection:$e}')
    while :; do
        code=$(curl -s -m 30 -o /dev/null -D "$WORK/h.$n" -w '%{http_code}' \
            -H 'Content-Type: application/json' --data "$body" "$BASE/api/v1/jobs")
        if [ "$code" = 429 ] || [ "$code" = 503 ]; then
            tries=$((tries + 1)); [ $tries -le 20 ] || { echo "FAIL $n submit kept answering $code"; return; }
            sleep "$(saved_header retry-after "$WORK/h.$n" | grep -E '^[0-9]+$' || echo 1)"
            continue
        fi
        break
    done
    [ "$code" = 202 ] || { echo "FAIL $n submit answered $code"; return; }
    loc=$(saved_header location "$WORK/h.$n")
    id=${loc##*/}
    [ -n "$id" ] || { echo "FAIL $n no Location header"; return; }
    deadline=$((SECONDS + 120))
    while :; do
        rec=$(curl -s -m 10 "$BASE/api/v1/jobs/$id")
        st=$(jq -r '.status // empty' <<<"$rec" 2>/dev/null)
        case $st in
            DONE) break ;;
            FAILED) echo "FAIL $n job $id FAILED: $(jq -c .error <<<"$rec")"; return ;;
        esac
        [ $SECONDS -lt $deadline ] || { echo "FAIL $n job $id still ${st:-unknown} after 120s"; return; }
        sleep 0.3
    done
    code=$(curl -s -m 30 -o "$WORK/img.$n" -w '%{http_code} %{content_type}' "$BASE/api/v1/jobs/$id/image")
    if [ "$fmt" = svg ]; then
        # shellcheck disable=SC2015  # either test failing is the failure
        [[ $code == "200 image/svg+xml"* ]] && grep -q '<svg' "$WORK/img.$n" \
            || { echo "FAIL $n svg image answered $code"; return; }
    else
        [[ $code == "200 image/png"* ]] || { echo "FAIL $n image answered $code"; return; }
        local decoded
        decoded=$(zbarimg -q --raw "$WORK/img.$n" 2>/dev/null)
        [ "$decoded" = "$content" ] || { echo "FAIL $n image of $id decodes to '${decoded:0:80}'"; return; }
    fi
    rm -f "$WORK/img.$n" "$WORK/h.$n"
    echo "ok $n"
}
RUN_ID=$(date +%s)-$$
export -f run_job saved_header
export BASE WORK RUN_ID
start=$SECONDS
seq 1 "$JOBS" | xargs -P "$PARALLEL" -I{} bash -c 'run_job {}' >"$WORK/results.txt"
elapsed=$((SECONDS - start))
ok=$(grep -c '^ok ' "$WORK/results.txt")
grep '^FAIL' "$WORK/results.txt" | head -n 10 | sed 's/^/        /'
check "$ok/$JOBS jobs done, images decode to their content (${elapsed}s)" test "$ok" -eq "$JOBS"
# the system of record agrees: every job row DONE (rows of an earlier SMOKE_KEEP=1 run included)
states=$(compose exec -T postgres psql -U "${SPRING_DATASOURCE_USERNAME:-qrfleet}" -d qrfleet -Atc \
    "select status, count(*) from jobs group by status order by status" 2>&1 | paste -sd' ' -)
check "jobs table: all rows DONE, at least $JOBS (SQL: $states)" \
    bash -c '[[ $0 =~ ^DONE\|([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge "$1" ]' "$states" "$JOBS"
rec=$(curl -s -m 10 "$BASE/api/v1/jobs/$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    --data '{"content":"https://qr-fleet.example/record"}' "$BASE/api/v1/jobs" | tr -d '\r' | awk -F'/' 'tolower($0) ~ /^location:/ {print $NF}')")
check "job record has id, status, createdAt, request" bash -c 'jq -e ".id and .status and .createdAt and .request" <<<"$0" >/dev/null' "$rec"

log "codes by URL (GET /api/v1/qr, goQR's /v1/create-qr-code/)"
code_data="https://qr-fleet.example/by-url?run=$$-$RANDOM"
code_url="$BASE/api/v1/qr?data=$(jq -rn --arg d "$code_data" '$d|@uri')&size=256"
curl -s -D "$WORK/code.h" -o "$WORK/code.png" -m 30 "$code_url"
code_header() { tr -d '\r' <"$WORK/code.h" | grep -i "^$1:" | head -n1 | cut -d' ' -f2-; }
check "new code by URL: 200 image/png, a cache MISS" \
    test "$(head -n1 "$WORK/code.h" | cut -d' ' -f2) $(code_header content-type) $(code_header x-cache-status)" = "200 image/png MISS"
check "new code by URL decodes (zbarimg) to its data" test "$(zbarimg --raw -q "$WORK/code.png" 2>/dev/null)" = "$code_data"
check "it may be kept by any cache for a year" test "$(code_header cache-control)" = "max-age=31536000, public, immutable"
etag=$(code_header etag)
check "its ETag is the content key" bash -c '[[ $0 =~ ^\"[0-9a-f]{64}\"$ ]]' "$etag"
check "the same URL again is a cache HIT" test "$(header x-cache-status "$code_url")" = HIT
check "If-None-Match with that ETag is 304" test "$(status -H "If-None-Match: $etag" "$code_url")" = 304
check "a data URL written unencoded (as a browser sends it) is accepted" \
    test "$(status "$BASE/api/v1/qr?data=https://qr-fleet.example/raw/$$?a=1")" = 200
wifi="$BASE/api/v1/qr?data=$(jq -rn --arg d "WIFI:T:WPA;S:smoke;P:smoke-secret-$$;;" '$d|@uri')"
status "$wifi" >/dev/null
check "a Wi-Fi code (it holds a password) is private and never kept by the proxy" \
    test "$(header cache-control "$wifi") $(header x-cache-status "$wifi")" = "max-age=31536000, private, immutable MISS"
compose logs proxy >"$WORK/proxy.log" 2>&1 # a file: the log outgrows what one argument may hold
check "the proxy's log holds no code's content" bash -c '! grep -q -e "smoke-secret-$1" -e "by-url?run=" "$0"' "$WORK/proxy.log" "$$"
goqr="$BASE/v1/create-qr-code/?data=goQR-$$-$RANDOM&size=200x200&color=255-0-0&bgcolor=ffffcc&qzone=2&format=svg"
svg=$(curl -s -m 30 "$goqr")
check "goQR-style URL: a 200x200 SVG" bash -c '[[ $0 == *"<svg "*"width=\"200\" height=\"200\""* ]]' "$svg"
check "goQR-style URL: in its colours (#FF0000 on #FFFFCC)" \
    bash -c '[[ $0 == *"fill=\"#FFFFCC\""* && $0 == *"fill=\"#FF0000\""* ]]' "$svg"
problem() { # $1 expected status, $2 path and query, $3 the parameter the problem must name
    curl -s -D "$WORK/problem.h" -o "$WORK/problem.json" -m 10 "$BASE$2"
    [ "$(head -n1 "$WORK/problem.h" | cut -d' ' -f2)" = "$1" ] \
        && grep -qi '^content-type: application/problem+json' "$WORK/problem.h" \
        && jq -e --arg p "$3" '.errors[0].field == $p' "$WORK/problem.json" >/dev/null
}
check "size=10 is 422 problem+json naming size" problem 422 "/api/v1/qr?data=x&size=10" size
check "unknown parameter is 400 problem+json naming it" problem 400 "/api/v1/qr?data=x&colour=red" colour
check "goQR format=gif is 422 problem+json naming format" problem 422 "/v1/create-qr-code/?data=x&format=gif" format
check "goQR size=200x100 is 400 problem+json naming size" problem 400 "/v1/create-qr-code/?data=x&size=200x100" size

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
