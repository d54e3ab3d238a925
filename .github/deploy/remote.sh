#!/usr/bin/env bash
# Runs on the deployment host (copied there by .github/workflows/deploy.yml):
#   remote.sh DIR REGISTRY TAG [REGISTRY_USER]   (a registry token, if any, on stdin)
# Pulls the stack's images for TAG and (re)starts it; the host's own .env in DIR holds the
# passwords and QR_HTTP_PORT. Needs Docker with Compose v2.20 or newer.
set -euo pipefail
cd "$1"
export QR_REGISTRY=$2 QR_IMAGE_TAG=$3
if [ -n "${4:-}" ]; then
    IFS= read -r token
    printf '%s\n' "$token" | docker login "${QR_REGISTRY%%/*}" -u "$4" --password-stdin >/dev/null
    trap 'docker logout "${QR_REGISTRY%%/*}" >/dev/null' EXIT
fi
compose=(docker compose -f docker-compose.yml -f infra/registry/compose.registry.yml)
"${compose[@]}" pull
"${compose[@]}" up -d --no-build --remove-orphans --wait --wait-timeout 300
"${compose[@]}" ps
