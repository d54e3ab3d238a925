#!/usr/bin/env bash
# Runs on the deployment host (copied there by .github/workflows/deploy.yml):
#   remote.sh DIR REGISTRY TAG [REGISTRY_USER [GATEWAY_DIGEST WORKER_DIGEST PROXY_DIGEST]]
# (a registry token, if REGISTRY_USER is given, on stdin). Pulls the stack's images for TAG,
# pinned to the digests when given, and (re)starts the stack; the host's own .env in DIR holds
# the passwords and QR_HTTP_PORT. Needs Docker with Compose v2.20 or newer.
set -euo pipefail
cd "$1"
export QR_REGISTRY=$2 QR_IMAGE_TAG=$3
if [ $# -ge 7 ]; then
    for digest in "$5" "$6" "$7"; do [[ $digest =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "bad digest $digest" >&2; exit 2; }; done
    export QR_GATEWAY_DIGEST="@$5" QR_WORKER_DIGEST="@$6" QR_PROXY_DIGEST="@$7"
fi
if [ -n "${4:-}" ]; then
    IFS= read -r token
    printf '%s\n' "$token" | docker login "${QR_REGISTRY%%/*}" -u "$4" --password-stdin >/dev/null
    trap 'docker logout "${QR_REGISTRY%%/*}" >/dev/null' EXIT
fi
compose=(docker compose -f docker-compose.yml -f infra/registry/compose.registry.yml)
"${compose[@]}" pull
"${compose[@]}" up -d --no-build --remove-orphans --wait --wait-timeout 300
"${compose[@]}" ps
