#!/usr/bin/env bash
# Validates the pipeline's own files: every GitHub workflow against the workflow schema
# (action-validator) and the pipeline policy (.ci/workflow-policy.mjs), dependabot.yml
# (.ci/dependabot-check.mjs), the compose files with compose itself (`config`), a compose
# linter (dclint, rules in .ci/dclint.json) and the hardening policy (.ci/compose-policy.mjs), the
# Kubernetes overlays (rendered with `kubectl kustomize`, checked by .ci/k8s-check.mjs against the schemas vendored in infra/k8s/schemas/ and
# the policy of .ci/k8s-policy.mjs, whose self-test breaks each rule once on the prod render),
# the committed API description (gateway-api/openapi.json, Redocly CLI, redocly.yaml), the
# scripts (shellcheck) and the proxy's per-client key (.ci/client-key-check.py). The npm tools are
# pinned in .ci/package.json and installed into .ci/node_modules. Needs node/npm, shellcheck,
# kubectl (kustomize v5) and docker-compose 1.29 or Compose v2; no container engine, no cluster.
# Prints "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

passed=0 failed=0
out=$(mktemp) renders=$(mktemp -d)
trap 'rm -rf "$out" "$renders"' EXIT
check() {
    local what=$1; shift
    if "$@" >"$out" 2>&1; then
        passed=$((passed + 1)); printf '  ok    %s\n' "$what"
    else
        failed=$((failed + 1)); printf '  FAIL  %s\n' "$what"; sed 's/^/        /' "$out" | head -n 40
    fi
}

if [ ! -f .ci/node_modules/.package-lock.json ] || [ .ci/package-lock.json -nt .ci/node_modules/.package-lock.json ]; then
    npm ci --prefix .ci --no-audit --no-fund --loglevel=error >/dev/null || { echo "validate: npm ci failed" >&2; exit 1; }
fi
bin=.ci/node_modules/.bin

echo "== GitHub workflows and dependabot"
for wf in .github/workflows/*.yml; do
    check "action-validator $wf" "$bin/action-validator" "$wf"
done
check "workflow policy (permissions, concurrency, pinned actions, stages)" node .ci/workflow-policy.mjs
check "dependabot.yml (ecosystems, directories, schedules)" node .ci/dependabot-check.mjs
check "API description gateway-api/openapi.json: Redocly's recommended rules, no error (redocly.yaml)" \
    "$bin/redocly" lint gateway-api/openapi.json --config redocly.yaml --format=summary

echo "== image references (.ci/image-refs.py, pulled weekly by images.yml)"
refs=$(.ci/image-refs.py)
check "the compose file's and Dockerfiles' base images are listed" \
    bash -c 'for want in quay.io/minio/minio: rabbitmq: eclipse-temurin:25 maven: nginx; do grep -q "$want" <<<"$0" || { echo "missing $want"; exit 1; }; done' "$refs"
check "no image a real machine can no longer pull (Docker Hub minio/minio, minio/mc, bitnami)" \
    bash -c '! grep -E "^(docker\.io/)?(minio/(minio|mc)|bitnami/)" <<<"$0"' "$refs"

echo "== compose"
if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
check "${compose[*]} config" "${compose[@]}" -f docker-compose.yml config -q
check "${compose[*]} --profile registry config" "${compose[@]}" -f docker-compose.yml --profile registry config -q
check "${compose[*]} config with infra/registry/compose.registry.yml" env QR_IMAGE_TAG=validate \
    "${compose[@]}" -f docker-compose.yml -f infra/registry/compose.registry.yml config -q
check "${compose[*]} config with infra/cluster/docker-compose.cluster.yml" \
    "${compose[@]}" -f docker-compose.yml -f infra/cluster/docker-compose.cluster.yml config -q
# the policy reads the file's defaults (.ci/run exports a bare QR_HTTP_PORT for its own stacks)
env -u QR_HTTP_PORT -u QR_IMAGE_TAG "${compose[@]}" -f docker-compose.yml config >"$renders/compose.yml" 2>/dev/null
check "hardening of every service, from the config (.ci/compose-policy.mjs)" node .ci/compose-policy.mjs "$renders/compose.yml"
check "compose policy self-test: each rule broken once is caught" node .ci/compose-policy.mjs "$renders/compose.yml" --selftest
check "dclint docker-compose.yml infra/registry/compose.registry.yml infra/cluster/docker-compose.cluster.yml" \
    "$bin/dclint" --color false -c .ci/dclint.json --max-warnings 0 docker-compose.yml infra/registry/compose.registry.yml \
    infra/cluster/docker-compose.cluster.yml

echo "== Kubernetes overlays (kubectl kustomize, then .ci/k8s-check.mjs)"
# kustomize v5 (kubectl 1.27+): Debian 12's kubernetes-client (kubectl 1.20) carries kustomize
# 2.0.3, which reads neither a directory under resources: nor patches: with a path
check "kubectl with kustomize v5 or later ($(kubectl version --client 2>/dev/null | grep -o 'Kustomize Version: v[0-9.]*' || echo none))" \
    bash -c 'kubectl version --client 2>/dev/null | grep -Eq "Kustomize Version: v([5-9]|[1-9][0-9])\."'
root=${K8S_OVERLAYS:-infra/k8s/overlays} # another tree can be given, e.g. to try the checker
for dir in "$root"/*/; do
    name=$(basename "$dir")
    check "kubectl kustomize $dir" bash -c 'kubectl kustomize "$0" >"$1"' "$dir" "$renders/$name.yaml"
    [ -s "$renders/$name.yaml" ] && check "schemas and policy: overlay $name" \
        node .ci/k8s-check.mjs --overlay "$name" "$renders/$name.yaml"
done
check "policy self-test: each rule broken once on the prod render is caught" \
    node .ci/k8s-policy-selftest.mjs "$renders/prod.yaml"

echo "== scripts"
check "shellcheck, warnings and errors, of every shell script ($(git ls-files '*.sh' .ci/run | wc -l))" \
    bash -c 'git ls-files "*.sh" .ci/run | xargs shellcheck -S warning -x'

echo "== proxy"
check "per-client limits key an IPv6 client on its /64 (.ci/client-key-check.py)" python3 .ci/client-key-check.py

printf '\n%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
