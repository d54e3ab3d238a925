#!/usr/bin/env bash
# Which layer catches a broken build, and when: in a scratch worktree of HEAD, breaks one guarded
# UPDATE, one filter and one listener (one at a time), runs the README's `./mvnw verify` until it
# fails and prints the seconds it took and the tests that failed. Needs what `./mvnw verify` needs
# (README, "Tests"); not part of .ci/run (three builds).
#
#   .ci/broken-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# break N TREE: applies break N to the worktree; prints its name
break_it() {
    python3 - "$@" <<'PY'
import sys
breaks = [
    ("guarded UPDATE: a FAILED result overwrites a finished job",
     "gateway-api/src/main/java/io/qrfleet/gateway/job/JobRepository.java",
     "error = :error, updated_at = :now WHERE id = :id AND \"\n                                + UNFINISHED)",
     "error = :error, updated_at = :now WHERE id = :id\")"),
    ("filter: the API key filter lets any method through without a credential",
     "gateway-api/src/main/java/io/qrfleet/gateway/auth/ApiKeyFilter.java",
     "(noCredential && READS.contains(request.getMethod()))", "noCredential"),
    ("listener: a DONE result without an image is applied",
     "gateway-api/src/main/java/io/qrfleet/gateway/job/ResultListener.java",
     "|| (result.status() == JobStatus.DONE && result.imageKey() == null)", ""),
]
name, path, before, after = breaks[int(sys.argv[1])]
path = sys.argv[2] + "/" + path
text = open(path).read()
assert text.count(before) == 1, f"{path}: the code to break is not there once"
open(path, "w").write(text.replace(before, after))
print(name)
PY
}

for n in 0 1 2; do
    git worktree remove --force "$work/tree" >/dev/null 2>&1 || true
    git worktree add -q --detach "$work/tree" HEAD
    name=$(break_it "$n" "$work/tree")
    start=$SECONDS
    # the layout check is skipped: a break need not be formatted, and would be caught there first
    if (cd "$work/tree" && ./mvnw -B -ntp verify -Dspotless.check.skip >"$work/build.log" 2>&1); then
        echo "NOT CAUGHT  $name (the build passed in $((SECONDS - start)) s)"
        exit 1
    fi
    caught=$(grep -hE '^\[ERROR\]   [A-Za-z0-9]+(Test|IT)\.[A-Za-z0-9_]+' "$work/build.log" \
        | sed -E 's/^\[ERROR\]   ([A-Za-z0-9]+\.[A-Za-z0-9_]+).*/\1/' | sort -u | paste -sd' ' - || true)
    plugin=$(grep -oE 'maven-(surefire|failsafe)-plugin' "$work/build.log" | tail -n1)
    echo "caught  $name: the build failed after $((SECONDS - start)) s in ${plugin:-?}, by ${caught:-?}"
done
