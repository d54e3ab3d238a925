#!/usr/bin/env python3
"""Every third-party image the repository names, one per line: the compose files' `image:` (the
default of `${VAR:-default}`), the Dockerfiles' `ARG *_IMAGE=` defaults and literal `FROM`s, the
Testcontainers pins (`*_IMAGE = "…"` in Java), the workflows' `*_IMAGE:` settings, the scripts'
`${*_IMAGE:-…}` defaults and the Kubernetes manifests' `image:`. The project's own images (qr-fleet/…, a registry variable) are
left out. Used by .github/workflows/images.yml (pull each one) and .ci/run (the container lab).

Usage: .ci/image-refs.py [ROOT]"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
default = re.compile(r'\$\{\w+:-([^}]+)\}')
patterns = {
    '*.yml': re.compile(r'^\s*(?:image|\w+_IMAGE):\s*["\']?([^"\'\s#]+)', re.M),
    '*.yaml': re.compile(r'^\s*(?:-\s+)?image:\s*["\']?([^"\'\s#]+)', re.M),
    'Dockerfile*': re.compile(r'^(?:ARG\s+\w+_IMAGE=|FROM\s+(?:--platform=\S+\s+)?)(\S+)', re.M),
    '*.java': re.compile(r'\w+_IMAGE\s*=\s*"([^"]+)"'),
    '*.sh': re.compile(r'\w+_IMAGE:-([^}\s]+)\}'),
}
skip = ('node_modules', 'target', '.git')
refs = set()
for glob, pattern in patterns.items():
    for path in root.rglob(glob):
        if any(part in skip for part in path.parts):
            continue
        text = path.read_text(encoding='utf-8', errors='replace')
        stages = set(re.findall(r'^FROM\s+\S+\s+AS\s+(\S+)', text, re.M | re.I))
        for ref in pattern.findall(text):
            ref = default.sub(r'\1', ref)
            if '$' in ref or ref in stages or ref.startswith('qr-fleet/') or ':' not in ref.split('/')[-1] and '@' not in ref:
                continue  # a variable, a build stage, our own image, or no tag (not a pin)
            refs.add(ref)
print('\n'.join(sorted(refs)))
