#!/usr/bin/env bash
# Pins the prod overlay's images to a release: for every NAME=REF given (REF being what
# `docker pull` takes, e.g. qr-fleet/gateway-api=ghcr.io/acme/qr-fleet/gateway-api:1.2.3), resolves
# its digest in the registry and writes it, with REF's name and tag, into kustomization.yaml's
# images: entry NAME.
#   infra/k8s/overlays/prod/pin-images.sh qr-fleet/proxy=ghcr.io/acme/qr-fleet/proxy:1.2.3 \
#       rabbitmq=docker.io/library/rabbitmq:4.1.4-management ghcr.io/cloudnative-pg/postgresql=ghcr.io/cloudnative-pg/postgresql:17.6
# Needs docker buildx (for `imagetools inspect`); verify our images' signatures first, as the
# deploy workflow does (cosign verify).
set -euo pipefail
file="$(dirname "$0")/kustomization.yaml"
for pair in "$@"; do
    name=${pair%%=*} ref=${pair#*=}
    digest=$(docker buildx imagetools inspect "$ref" --format '{{.Manifest.Digest}}')
    [[ $digest =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "pin-images: no digest for $ref" >&2; exit 1; }
    python3 - "$file" "$name" "${ref%:*}" "${ref##*:}" "$digest" <<'PY'
import re, sys
path, name, new_name, tag, digest = sys.argv[1:]
text = open(path).read()
entry = re.compile(r"(  - name: %s\n    newName: )\S+(\n(?:    #.*\n)*    newTag: )\S+(\n    digest: )\S+" % re.escape(name))
text, count = entry.subn(lambda m: m.group(1) + new_name + m.group(2) + '"%s"' % tag + m.group(3) + digest, text)
if count != 1:
    sys.exit("pin-images: no images: entry named " + name)
open(path, "w").write(text)
PY
    echo "$name -> $ref@$digest"
done
