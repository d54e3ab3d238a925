# shellcheck shell=bash
# Shared helpers of the stack test scripts (smoke.sh, chaos.sh). Source it; it sets no options and
# runs nothing but definitions.
#
#   . "$(dirname "$0")/lib.sh"
#   qr_require docker curl jq      # exits 2 when a tool is missing
#   qr_compose_detect              # defines compose(): `docker compose` (v2) or docker-compose 1.29
#   qr_pick_port 8080 18080        # sets QR_HTTP_PORT to the first free one unless already set
#   check "what" cmd args...       # runs cmd: pass or fail; the counters are $passed and $failed
#   qr_summary                     # prints "N passed, N failed"; returns 1 on any failure
#   ... | histogram                # "a×3, b×1": its input lines counted, most frequent first
#   abort "what"                   # fail "what", show the stack's state, qr_summary, exit 1
#   cid SERVICE                    # the id of the service's first container
#   qr_bench_start cpu 18780 28780 # a bench of the stack (bench/*.sh): BASE, BENCH, OUT, record()
#   system_tests NAME -Dgroups=…   # the system-tests module's JUnit tests against $BASE: one check each

passed=${passed:-0} failed=${failed:-0}
pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
note() { printf '  note  %s\n' "$*"; }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
log() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
qr_summary() { echo; echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
abort() { fail "$*"; compose ps; compose logs --tail=60; qr_summary; exit 1; }
# lines on stdin -> "a×3, b×1", most frequent first
histogram() { sort | uniq -c | sort -rn | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "} END {print ""}'; }

qr_require() { # tools...
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "${0##*/}: $tool is required" >&2; exit 2; }
    done
}

qr_compose_detect() {
    # shellcheck disable=SC2317  # compose() is called by the scripts
    if docker compose version >/dev/null 2>&1; then
        compose() { docker compose "$@"; }
    elif command -v docker-compose >/dev/null; then
        compose() { docker-compose "$@"; }
    else
        echo "${0##*/}: neither 'docker compose' nor 'docker-compose' found" >&2; exit 2
    fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
qr_pick_port() { # candidate ports...; keeps an exported QR_HTTP_PORT
    local p
    if [ -z "${QR_HTTP_PORT:-}" ]; then
        for p in "$@"; do port_free "$p" && { QR_HTTP_PORT=$p; break; }; done
    fi
    export QR_HTTP_PORT=${QR_HTTP_PORT:?no free port found; set QR_HTTP_PORT}
}

# A benchmark of the compose stack: the port it publishes (BASE), the bench jar (BENCH), its results
# file bench/results/NAME-<UTC time>.txt (OUT, appended to by record), the stack taken down on exit.
# shellcheck disable=SC2034  # BASE, BENCH and OUT are for the script that calls it
qr_bench_start() { # name candidate-ports...
    local name=$1; shift
    qr_compose_detect
    qr_pick_port "$@"
    BASE="http://127.0.0.1:$QR_HTTP_PORT"
    BENCH=bench/target/qr-bench.jar
    [ -f "$BENCH" ] || { echo "$name: build $BENCH first (./mvnw -pl qr-contract,bench -am package -DskipTests)" >&2; exit 2; }
    mkdir -p bench/results
    OUT="bench/results/$name-$(date -u +%Y%m%dT%H%MZ).txt"
    trap 'compose down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
}
record() { echo "$*" | tee -a "$OUT"; }

# the first container of a compose service
cid() { compose ps -q "$1" 2>/dev/null | head -n1; }

# HTTP through the proxy
status() { curl -s -o /dev/null -w '%{http_code}' -m 10 "$@"; }
header() { curl -s -D - -o /dev/null -m 10 "${@:2}" | tr -d '\r' | grep -i "^$1:" | head -n1 | cut -d' ' -f2-; }
# saved_header NAME FILE: a header's value from headers curl saved with -D FILE
saved_header() { tr -d '\r' <"$2" 2>/dev/null | awk -F': ' -v name="$1" 'tolower($1) == name {print $2}'; }

# qr_wait_http URL CODE SECONDS: polls until URL answers CODE; returns 1 on timeout
qr_wait_http() {
    local url=$1 want=$2 deadline=$((SECONDS + $3))
    until [ "$(status "$url")" = "$want" ]; do
        [ $SECONDS -lt "$deadline" ] || return 1
        sleep 1
    done
}

# system_tests NAME MAVEN_ARGS...: runs the system-tests module's JUnit tests against the stack at
# $BASE (JDK 21+ for ./mvnw); each test becomes a check; Maven's output in $WORK/NAME.log. The module
# is compiled under a lock, then only Failsafe runs: two runs at once (the chaos tests in .ci/run)
# must not rewrite the classes the other one is running.
system_tests() {
    local name=$1 reports="$WORK/$1-reports" outcome text rc=0 failures=0; shift
    flock system-tests/pom.xml ./mvnw -B -ntp -pl system-tests test-compile >"$WORK/$name.log" 2>&1 \
        && ./mvnw -B -ntp -pl system-tests failsafe:integration-test failsafe:verify -Dqr.base-url="$BASE" \
            -Dqr.reports="$reports" "$@" >>"$WORK/$name.log" 2>&1 || rc=$?
    grep -h '^  note  ' "$WORK/$name.log"
    if compgen -G "$reports/TEST-*.xml" >/dev/null; then
        while IFS=$'\t' read -r outcome text; do
            if [ "$outcome" = ok ]; then pass "$text"; else fail "$text"; failures=$((failures + 1)); fi
        done < <(python3 infra/scripts/junit-checks.py "$reports")
    fi
    if [ "$rc" != 0 ] && [ "$failures" = 0 ]; then
        fail "./mvnw -pl system-tests ran its tests (exit $rc; the end of its log follows)"
        tail -n 30 "$WORK/$name.log" | sed 's/^/        /'
    fi
}
