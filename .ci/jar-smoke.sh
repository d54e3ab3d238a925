#!/usr/bin/env bash
# Starts the two packaged jars with nothing but DESIGN's environment variables against a real
# RabbitMQ and S3 server, then proves the HTTP contract from outside:
#   - JOBS jobs submitted CONCURRENCY at a time all reach DONE, and every image, decoded by an
#     independent decoder (zbarimg), gives back exactly its content (system-tests' JobsSystemTest);
#   - every request of the malformed corpus gets a 4xx problem+json (MalformedRequestsSystemTest)
#     and nothing is queued.
# Needs: SPRING_RABBITMQ_*, SPRING_DATASOURCE_* and QR_STORAGE_* exported (see .ci/run), zbarimg, curl, python3.
# The jars and the system tests are built (./mvnw verify).
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

# JOBS jobs, CONCURRENCY at a time, through the system tests' client (system-tests: JobsSystemTest;
# long polls, each image decoded by zbarimg); each job's failure is named in its report
reports="$work/jobs-reports"
start=$(date +%s%N)
jobs_ok=0
"$here/mvnw" -B -q -ntp -f "$here/pom.xml" -pl system-tests verify -Dqr.base-url="$base" -Dqr.reports="$reports" \
  -Dit.test='JobsSystemTest#everyJobIsDoneAndItsImageDecodesToItsContent' -Dqr.smoke.jobs="$jobs" \
  -Dqr.smoke.parallel="$concurrency" > "$work/jobs.log" 2>&1 && jobs_ok=1
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$jobs_ok" = 1 ] || { python3 "$here/infra/scripts/junit-checks.py" "$reports"; tail -30 "$work/jobs.log"; }
echo "jobs: $([ "$jobs_ok" = 1 ] && echo "all $jobs" || echo "NOT all of $jobs") DONE and decoded by zbarimg, $concurrency at a time, in ${elapsed} ms (Maven's start included)"

# The malformed corpus (system-tests: MalformedRequestsSystemTest): each must be a 4xx problem+json,
# and nothing may be queued: the gateway's own count of published jobs (Prometheus, management
# port) must not move.
queued() { curl -s "http://127.0.0.1:$management_port/actuator/prometheus" | awk '/^qr_jobs_accepted_total/{print $2}'; }
before=$(queued)
corpus_ok=0
"$here/mvnw" -B -q -ntp -f "$here/pom.xml" -pl system-tests failsafe:integration-test failsafe:verify -Dqr.base-url="$base" \
  -Dqr.reports="$work/corpus-reports" -Dit.test=MalformedRequestsSystemTest > "$work/corpus.log" 2>&1 && corpus_ok=1
[ "$corpus_ok" = 1 ] || { python3 "$here/infra/scripts/junit-checks.py" "$work/corpus-reports"; tail -30 "$work/corpus.log"; }
echo "malformed corpus: $([ "$corpus_ok" = 1 ] && echo "every case" || echo "NOT every case") 4xx problem+json"
after=$(queued)
echo "jobs accepted before the corpus $before, after $after"
unqueued=0
[ "$before" = "$after" ] && unqueued=1 || echo "FAIL the malformed corpus queued a job"
echo "jar smoke: $((jobs_ok + corpus_ok + unqueued)) passed, $((3 - jobs_ok - corpus_ok - unqueued)) failed"
[ "$jobs_ok" = 1 ] && [ "$corpus_ok" = 1 ] && [ "$unqueued" = 1 ]
