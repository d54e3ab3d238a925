#!/usr/bin/env bash
# Publishes the images compose built to a registry: tags qr-fleet/<image>:$QR_IMAGE_TAG with the
# commit (sha-<short>) and the project version, pushes both tags and prints each image's digest.
#
#   docker compose build                                   # or: infra/registry/publish.sh --build
#   REGISTRY=localhost:5000 infra/registry/publish.sh
#
# Settings (environment):
#   REGISTRY      registry host[:port][/namespace]             [localhost:5000]
#   IMAGES        images to publish                            [gateway-api qr-worker proxy]
#   QR_IMAGE_TAG  tag of the local images to publish           [local]
#   DIGEST_FILE   also write the digests here as QR_GATEWAY_DIGEST=@sha256:… lines (QR_WORKER_…,
#                 QR_PROXY_…): source it to pin compose.registry.yml to exactly these images
# --build rebuilds the images first (docker compose build) with their OCI labels set from git.
# A tree with uncommitted changes to tracked files gets "-dirty" tags: the commit tag never lies.
# Log in first for a registry that needs it (docker login); localhost:5000 needs none.
set -euo pipefail
cd "$(dirname "$0")/../.."

REGISTRY=${REGISTRY:-localhost:5000}
REGISTRY=${REGISTRY%/}
IMAGES=${IMAGES:-gateway-api qr-worker proxy}
SOURCE_TAG=${QR_IMAGE_TAG:-local}

die() { echo "publish: $*" >&2; exit 1; }

revision=$(git rev-parse HEAD)
dirty=""
git diff --quiet HEAD -- 2>/dev/null || dirty="-dirty"
sha_tag="sha-${revision:0:7}${dirty}"
# the project's own <version> (the first one after the <parent> block of the root pom)
version=$(awk '/<parent>/,/<\/parent>/ {next} match($0, /<version>[^<]+<\/version>/) {
    print substr($0, RSTART + 9, RLENGTH - 19); exit }' pom.xml)
[ -n "$version" ] || die "no <version> in pom.xml"
version_tag="${version}${dirty}"

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
if [ "${1:-}" = "--build" ]; then
    services=()
    for image in $IMAGES; do
        case $image in gateway-api) services+=(gateway) ;; qr-worker) services+=(worker) ;; *) services+=("$image") ;; esac
    done
    QR_IMAGE_TAG=$SOURCE_TAG QR_VERSION=$version QR_REVISION=$revision QR_CREATED=$(date -u +%FT%TZ) \
        "${compose[@]}" build "${services[@]}"
fi

[ -z "${DIGEST_FILE:-}" ] || : >"$DIGEST_FILE"
for image in $IMAGES; do
    local_ref="qr-fleet/$image:$SOURCE_TAG"
    docker image inspect "$local_ref" >/dev/null 2>&1 \
        || die "$local_ref not found: build it first (docker compose build, or $0 --build)"
    label=$(docker image inspect --format '{{index .Config.Labels "org.opencontainers.image.revision"}}' "$local_ref")
    [ "$label" = "$revision" ] || echo "publish: note: $local_ref was built from revision '${label:-?}', HEAD is $revision" >&2

    repo="$REGISTRY/qr-fleet/$image"
    digest=""
    for tag in "$sha_tag" "$version_tag"; do
        docker tag "$local_ref" "$repo:$tag"
        out=$(docker push "$repo:$tag" 2>&1) || { echo "$out" >&2; die "push of $repo:$tag failed"; }
        pushed=$(grep -o 'digest: sha256:[0-9a-f]\{64\}' <<<"$out" | tail -n 1 | cut -d' ' -f2)
        [ -n "$pushed" ] || { echo "$out" >&2; die "no digest in the push output of $repo:$tag"; }
        [ -z "$digest" ] || [ "$digest" = "$pushed" ] || die "$repo: tags $sha_tag and $tag differ ($digest, $pushed)"
        digest=$pushed
    done
    echo "pushed $repo:{$sha_tag,$version_tag} $repo@$digest"
    if [ -n "${DIGEST_FILE:-}" ]; then
        case $image in gateway-api) var=QR_GATEWAY_DIGEST ;; qr-worker) var=QR_WORKER_DIGEST ;; *) var=QR_PROXY_DIGEST ;; esac
        echo "$var=@$digest" >>"$DIGEST_FILE"
    fi
done
