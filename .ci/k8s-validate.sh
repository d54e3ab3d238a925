#!/usr/bin/env bash
# Validates the Kubernetes manifests offline: renders every overlay in infra/k8s/overlays/ with
# `kubectl kustomize` and checks the render with .ci/k8s-check.mjs (strict schemas vendored in
# infra/k8s/schemas/ plus the policy table in .ci/k8s-policy.mjs), then runs the policy's
# self-test on the prod render (each rule broken once must be caught). Needs kubectl (kustomize
# v5) and node/npm; no cluster. Prints "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

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
    npm ci --prefix .ci --no-audit --no-fund --loglevel=error >/dev/null || { echo "k8s-validate: npm ci failed" >&2; exit 1; }
fi
command -v kubectl >/dev/null || { echo "k8s-validate: kubectl not found (it renders the overlays)" >&2; exit 1; }

echo "== Kubernetes overlays (kubectl kustomize, then .ci/k8s-check.mjs)"
root=${K8S_OVERLAYS:-infra/k8s/overlays} # another tree can be given, e.g. to try the checker
overlays=("$root"/*/)
[ -d "${overlays[0]}" ] || { echo "k8s-validate: no overlay in $root/" >&2; exit 1; }
for dir in "${overlays[@]}"; do
    name=$(basename "$dir")
    check "kubectl kustomize $dir" bash -c 'kubectl kustomize "$0" >"$1"' "$dir" "$renders/$name.yaml"
    if [ -s "$renders/$name.yaml" ]; then
        check "schemas and policy: overlay $name" node .ci/k8s-check.mjs --overlay "$name" "$renders/$name.yaml"
    fi
done

echo "== policy self-test (each rule broken once on the prod render)"
if [ -s "$renders/prod.yaml" ]; then
    check "k8s-policy-selftest on overlay prod" node .ci/k8s-policy-selftest.mjs "$renders/prod.yaml"
else
    check "overlay prod renders (the self-test needs it)" false
fi

printf '\n%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
