#!/usr/bin/env bash
# Start-up time of the gateway and worker containers: each is re-created STARTUP_RUNS times on a
# running stack, with its image's AOT cache (as shipped) and without it (the JDK's default CDS
# only), and the time Spring reports ("Started … (process running for N)") is taken, plus the time
# from `up` to that log line. Prints the medians. STARTUP_BEFORE_TAG=before also measures images
# of that tag as they start themselves, e.g. ones built from an older commit:
#   git worktree add /tmp/before 2c48f40 && (cd /tmp/before && for m in gateway-api qr-worker; do
#     docker build -f $m/Dockerfile -t qr-fleet/$m:before .; done)
#
#   bench/startup.sh                 # STARTUP_RUNS [5]; images of tag QR_IMAGE_TAG [local]
set -euo pipefail
cd "$(dirname "$0")/.."
. infra/scripts/lib.sh

RUNS=${STARTUP_RUNS:-5}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-startup} QR_IMAGE_TAG=${QR_IMAGE_TAG:-local}
qr_require docker jq
qr_compose_detect
qr_pick_port 18780 28780
trap 'compose down -v --remove-orphans >/dev/null 2>&1 || true' EXIT
compose up -d >/dev/null
qr_wait_http "http://127.0.0.1:$QR_HTTP_PORT/api/health" 200 300

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# measure SERVICE LABEL [compose files...]: prints "SERVICE LABEL jvm_s wall_s" (medians)
measure() {
    local service=$1 label=$2 jvm=() wall=() start line id; shift 2
    for _ in $(seq "$RUNS"); do
        start=$(date +%s%N)
        compose "$@" up -d --no-deps --force-recreate "$service" >/dev/null 2>&1
        id=$(compose ps -q "$service")
        # docker logs, not compose logs: a docker-compose 1.29 process per look costs a core for 0.5 s
        until line=$(docker logs "$id" 2>&1 | grep -o 'process running for [0-9.]*' | tail -n1) \
                && [ -n "$line" ]; do sleep 0.2; done
        wall+=("$(( ($(date +%s%N) - start) / 1000000 ))")
        jvm+=("${line##* }")
    done
    printf '%s %s: Spring ready after %s s of JVM time, %s ms from `up` (medians of %s)\n' "$service" "$label" \
        "$(printf '%s\n' "${jvm[@]}" | median)" "$(printf '%s\n' "${wall[@]}" | median)" "$RUNS"
}

noaot=$(mktemp --suffix=.yml) before=$(mktemp --suffix=.yml)
cat >"$noaot" <<'EOF'
services:
  gateway:
    entrypoint: ["java", "-jar", "/app/app.jar"]
  worker:
    entrypoint: ["java", "-jar", "/app/app.jar"]
EOF
cat >"$before" <<EOF
services:
  gateway:
    image: qr-fleet/gateway-api:${STARTUP_BEFORE_TAG:-}
  worker:
    image: qr-fleet/qr-worker:${STARTUP_BEFORE_TAG:-}
EOF
for service in gateway worker; do
    measure "$service" "with the AOT cache"
    measure "$service" "without it (JDK CDS only)" -f docker-compose.yml -f "$noaot"
    if [ -n "${STARTUP_BEFORE_TAG:-}" ]; then
        measure "$service" "images :$STARTUP_BEFORE_TAG" -f docker-compose.yml -f "$before"
    fi
done
rm -f "$noaot" "$before"
