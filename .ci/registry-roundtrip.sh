#!/usr/bin/env bash
# Registry round trip in the container lab: starts the compose `registry` profile, publishes the
# images with infra/registry/publish.sh, checks what the registry holds, pulls the gateway, worker
# and proxy images back by digest, checks that the compose override resolves to them, tears down.
# Builds only the images that are missing. Prints "N passed, N failed"; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

export COMPOSE_PROJECT_NAME=qrfleet-registry-rt QR_REGISTRY_PORT=5000
REGISTRY=localhost:5000
API=http://127.0.0.1:5000/v2
ACCEPT="application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json"
TAG=${QR_IMAGE_TAG:-local}
IMAGES=(gateway-api qr-worker proxy)
declare -A DIGEST_VAR=([gateway-api]=QR_GATEWAY_DIGEST [qr-worker]=QR_WORKER_DIGEST [proxy]=QR_PROXY_DIGEST)
work=$(mktemp -d)

passed=0 failed=0
pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }
check() { local what=$1; shift; if "$@" >>"$work/log" 2>&1; then pass "$what"; else fail "$what"; fi; }
finish() { printf '\n%d passed, %d failed\n' "$passed" "$failed"; [ "$failed" -eq 0 ]; exit $?; }

if ! docker info >/dev/null 2>&1; then
    lab=../shared/container-lab/lab
    "$lab" up >/dev/null && eval "$("$lab" env)"
fi
if docker compose version >/dev/null 2>&1; then compose() { docker compose "$@"; }; else compose() { docker-compose "$@"; }; fi
digest_of() { sed -n "s/^${DIGEST_VAR[$1]}=@//p" "$work/digests.env" 2>/dev/null; }
# Only the registry tags publish.sh added are removed, by name: `rmi repo@digest` would delete the
# image itself under podman, local tag and all.
teardown() {
    local ref
    for ref in $(sed -n 's|^pushed \([^:]*\):{\([^,]*\),\([^}]*\)}.*|\1:\2 \1:\3|p' "$work/publish.out" 2>/dev/null); do
        docker rmi "$ref" >/dev/null 2>&1
    done
    compose --profile registry down -v >/dev/null 2>&1
    rm -rf "$work"
}
trap teardown EXIT

echo "== images (qr-fleet/*:$TAG)"
missing=()
for pair in gateway:gateway-api worker:qr-worker proxy:proxy; do
    docker image inspect "qr-fleet/${pair#*:}:$TAG" >/dev/null 2>&1 || missing+=("${pair%%:*}")
done
if [ ${#missing[@]} -gt 0 ]; then
    check "build ${missing[*]}" compose build "${missing[@]}"
fi

echo "== registry"
if (exec 3<>/dev/tcp/127.0.0.1/5000) 2>/dev/null; then
    fail "port 5000 is free (something else listens there)"; finish
fi
check "compose --profile registry up -d registry" compose --profile registry up -d registry
up() { for _ in $(seq 1 30); do curl -fsS "$API/" >/dev/null 2>&1 && return 0; sleep 1; done; return 1; }
check "registry answers on $API/" up

echo "== publish"
if REGISTRY=$REGISTRY DIGEST_FILE="$work/digests.env" infra/registry/publish.sh >"$work/publish.out" 2>>"$work/log"; then
    pass "REGISTRY=$REGISTRY infra/registry/publish.sh"
else
    fail "REGISTRY=$REGISTRY infra/registry/publish.sh"; cat "$work/publish.out" "$work/log"; finish
fi
cat "$work/publish.out"

echo "== pull back by digest"
catalog=$(curl -fsS "$API/_catalog")
for image in "${IMAGES[@]}"; do
    repo="$REGISTRY/qr-fleet/$image"
    digest=$(digest_of "$image")
    tags=$(sed -n "s|^pushed $repo:{\([^,]*\),\([^}]*\)}.*|\1 \2|p" "$work/publish.out")
    check "$image: digest and tags reported ($digest; $tags)" test -n "$digest" -a -n "$tags"
    check "$image: in the registry catalog" grep -q "\"qr-fleet/$image\"" <<<"$catalog"
    listed=$(curl -fsS "$API/qr-fleet/$image/tags/list")
    for tag in $tags; do check "$image: tag $tag listed" grep -q "\"$tag\"" <<<"$listed"; done
    config=$(curl -fsS -H "Accept: $ACCEPT" "$API/qr-fleet/$image/manifests/$digest" | jq -r .config.digest)
    local_id=$(docker image inspect --format '{{.Id}}' "qr-fleet/$image:$TAG")
    check "$image: manifest $digest holds the local image ($local_id)" test "$config" = "$local_id"
    for tag in $tags; do docker rmi "$repo:$tag" >/dev/null 2>&1; done
    check "$image: docker pull $repo@$digest" docker pull "$repo@$digest"
    check "$image: pulled image is the local one" \
        test "$(docker image inspect --format '{{.Id}}' "$repo@$digest" 2>/dev/null)" = "$local_id"
    for label in title source version revision created; do
        value=$(docker image inspect --format "{{index .Config.Labels \"org.opencontainers.image.$label\"}}" "$repo@$digest" 2>/dev/null)
        check "$image: OCI label $label (${value:-none})" test -n "$value"
    done
done

echo "== compose from the registry's images"
set -a; . "$work/digests.env"; set +a
QR_IMAGE_TAG=$(sed -n 's|^pushed [^{]*{\([^,]*\),.*|\1|p' "$work/publish.out" | head -n 1)
export QR_REGISTRY=$REGISTRY QR_IMAGE_TAG
overlay=(-f docker-compose.yml -f infra/registry/compose.registry.yml)
compose "${overlay[@]}" config >"$work/config.yml" 2>>"$work/log"
for image in "${IMAGES[@]}"; do
    check "override pins $image to its digest" grep -q "image: $REGISTRY/qr-fleet/$image:$QR_IMAGE_TAG@sha256:" "$work/config.yml"
done
check "compose pull proxy gateway worker (by digest)" compose "${overlay[@]}" pull proxy gateway worker

[ "$failed" -eq 0 ] || { echo "--- log"; tail -n 40 "$work/log"; }
finish
