#!/usr/bin/env bash
# The stack on another MinIO build: starts the compose stack (images already built, e.g. by
# smoke.sh) with QR_MINIO_IMAGE [pgsty/minio:RELEASE.2026-08-04T00-00-00Z], waits until every
# container and /api/health are healthy, submits one code through the proxy and decodes the
# image it gets back, then `down -v`. Prints "N passed, N failed".
#
#   infra/scripts/storage-image.sh            # project qrfleet-storage, images of QR_IMAGE_TAG [local]
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. infra/scripts/lib.sh

export QR_MINIO_IMAGE=${QR_MINIO_IMAGE:-pgsty/minio:RELEASE.2026-08-04T00-00-00Z}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-storage}
qr_require docker curl jq zbarimg
qr_compose_detect
qr_pick_port 18580 28580
BASE="http://127.0.0.1:$QR_HTTP_PORT"
WORK=$(mktemp -d)
trap 'compose down -v --remove-orphans >/dev/null 2>&1; rm -rf "$WORK"' EXIT

log "stack with $QR_MINIO_IMAGE"
compose up -d --no-build >/dev/null 2>&1 || abort "docker compose up"
qr_wait_http "$BASE/api/health" 200 300 || abort "GET /api/health is UP within 300s"
pass "GET /api/health is UP"
minio=$(compose ps -q minio)
# podman names Docker Hub images in full (docker.io/…)
check "minio runs $QR_MINIO_IMAGE" bash -c '[[ ${0#docker.io/} == "${1#docker.io/}" ]]' \
    "$(docker inspect -f '{{.Config.Image}}' "$minio")" "$QR_MINIO_IMAGE"
check "minio is healthy by its own check (mc ready local)" \
    test "$(docker inspect -f '{{.State.Health.Status}}' "$minio")" = healthy

content="storage image $QR_MINIO_IMAGE $RANDOM"
job=$(curl -s -m 10 -H 'Content-Type: application/json' -d "$(jq -nc --arg c "$content" '{content: $c}')" \
    "$BASE/api/v1/jobs" | jq -r '.id // empty')
check "a job is accepted" test -n "$job"
check "the job is DONE within 30 s" bash -c \
    '[ "$(curl -s -m 40 "$0/api/v1/jobs/$1?waitSeconds=30" | jq -r .status)" = DONE ]' "$BASE" "$job"
curl -s -m 10 -o "$WORK/code.png" "$BASE/api/v1/jobs/$job/image"
check "its image, read back from storage, decodes to the content" \
    test "$(zbarimg -q --raw "$WORK/code.png" 2>/dev/null)" = "$content"
qr_summary
