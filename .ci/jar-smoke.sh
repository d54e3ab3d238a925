#!/usr/bin/env bash
# Starts the two packaged jars with nothing but DESIGN's environment variables against a real
# RabbitMQ and S3 server, then proves the HTTP contract from outside:
#   - JOBS jobs submitted CONCURRENCY at a time all reach DONE, and every image, decoded by an
#     independent decoder (zbarimg), gives back exactly its content;
#   - every request of the malformed corpus gets a 4xx problem+json and nothing is queued.
# Needs: SPRING_RABBITMQ_*, SPRING_DATASOURCE_* and QR_STORAGE_* exported (see .ci/run), zbarimg, curl, python3.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-200}
concurrency=${CONCURRENCY:-8}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=${SMOKE_PORT:-$(free_port)}
management_port=$(free_port)
work=$(mktemp -d)
java="${JAVA_HOME:?}/bin/java"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

SERVER_PORT=$port MANAGEMENT_SERVER_PORT=$management_port "$java" -jar "$here"/gateway-api/target/gateway-api-*.jar > "$work/gateway.log" 2>&1 &
pids+=($!)
QR_WORKER_HEARTBEAT_FILE="$work/heartbeat" "$java" -jar "$here"/qr-worker/target/qr-worker-*.jar > "$work/worker.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/health")" = 200 ] && break
  sleep 1
done
curl -sf "$base/api/health" > /dev/null || { echo "gateway not healthy"; tail -50 "$work/gateway.log"; exit 1; }

# One job: submit, poll until final, fetch the image, decode it with zbarimg, compare.
run_job() {
  local n=$1 content id status body
  content="https://example.com/smoke/$n?t=$RANDOM$RANDOM"
  body=$(curl -s -X POST "$base/api/v1/jobs" -H 'Content-Type: application/json' \
    -d "{\"content\":\"$content\",\"size\":256,\"errorCorrection\":\"Q\"}")
  id=$(sed -n 's/^{"id":"\([0-9a-f-]*\)".*/\1/p' <<< "$body")
  [ -n "$id" ] || { echo "FAIL $n submit: $body"; return; }
  for _ in $(seq 1 300); do
    status=$(curl -s "$base/api/v1/jobs/$id" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p')
    [ "$status" = DONE ] || [ "$status" = FAILED ] && break
    sleep 0.1
  done
  [ "$status" = DONE ] || { echo "FAIL $n status $status"; return; }
  curl -s -o "$work/$id.png" "$base/api/v1/jobs/$id/image"
  if [ "$(zbarimg --raw -q "$work/$id.png" 2>/dev/null)" = "$content" ]; then echo "OK $n"; else echo "FAIL $n decode"; fi
}
export -f run_job
export base work
start=$(date +%s%N)
seq 1 "$jobs" | xargs -P "$concurrency" -I{} bash -c 'run_job {}' > "$work/jobs.txt"
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
ok=$(grep -c '^OK' "$work/jobs.txt" || true)
grep '^FAIL' "$work/jobs.txt" | head -5 || true
echo "jobs: $ok of $jobs DONE and decoded by zbarimg, $concurrency at a time, in ${elapsed} ms"

# The malformed corpus: each must be a 4xx problem+json, and nothing may be queued: the gateway's
# own count of published jobs (Prometheus, management port) must not move.
queued() { curl -s "http://127.0.0.1:$management_port/actuator/prometheus" | awk '/^qr_jobs_accepted_total/{print $2}'; }
before=$(queued)
corpus_failed=0
python3 "$here/.ci/corpus.py" "$base" "$here/gateway-api/src/test/resources/malformed-requests.jsonl" | tee "$work/corpus.txt" \
  || corpus_failed=1
corpus_ok=$(sed -n 's/^corpus: \([0-9]*\) passed.*/\1/p' "$work/corpus.txt")
after=$(queued)
echo "jobs accepted before the corpus $before, after $after"
[ "$before" = "$after" ] || { echo "FAIL the malformed corpus queued a job"; corpus_failed=$((corpus_failed + 1)); }
echo "jar smoke: $((ok + corpus_ok)) passed, $((jobs - ok + corpus_failed)) failed"
[ "$ok" = "$jobs" ] && [ "$corpus_failed" = 0 ]
