#!/usr/bin/env bash
# Chaos against the cluster (docker-compose.yml + infra/cluster/docker-compose.cluster.yml, two
# gateways, three workers, RabbitMQ on three nodes). While clients submit jobs (until the last fault is over):
#   1. the RabbitMQ node that leads the interactive queue is SIGKILLed (and started again 20 s later);
#   2. another node is restarted;
#   3. one gateway is SIGKILLed.
# Then: every accepted job ends DONE exactly once (one row per job, DONE, nothing dead-lettered)
# and its image decodes to its content; clients saw only 202, 429 or 503 with Retry-After (and
# 409 with Retry-After: a retried Idempotency-Key whose first attempt is still in flight) and retried
# what was refused. Prints "N passed, N failed"; exits non-zero on failure.
#
#   infra/cluster/chaos.sh
#
# Settings (environment): CLUSTER_PARALLEL client threads [8], CLUSTER_PACE seconds each thread
# waits per job [2]: about 4 jobs/s, CLUSTER_DONE_TIMEOUT [600], QR_HTTP_PORT [first free of
# 18680, 28680], CHAOS_NO_BUILD=1 (use images already built under QR_IMAGE_TAG [local]),
# CHAOS_KEEP=1 (leave the stack up), COMPOSE_PROJECT_NAME [qrfleet-cluster].
# Needs: docker with Compose v2 or docker-compose 1.29, curl, jq, zbarimg, python3, JDK 21+ (./mvnw).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. infra/scripts/lib.sh

PARALLEL=${CLUSTER_PARALLEL:-8}
PACE=${CLUSTER_PACE:-2}
DONE_TIMEOUT=${CLUSTER_DONE_TIMEOUT:-600}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-qrfleet-cluster}
export QR_IMAGE_TAG=${QR_IMAGE_TAG:-local}
DB_USER=${SPRING_DATASOURCE_USERNAME:-qrfleet}
qr_require docker curl jq zbarimg python3 pgrep flock
qr_compose_detect
qr_pick_port 18680 28680
BASE="http://127.0.0.1:$QR_HTTP_PORT"
WORK=$(mktemp -d)
RUN_ID="$(date +%s)-$$"
# both files for every compose command, lib.sh's abort included (Compose v2 and 1.29 read it)
export COMPOSE_FILE=docker-compose.yml:infra/cluster/docker-compose.cluster.yml

teardown() {
    local rc=$?
    [ -n "${CLIENT:-}" ] && kill_tree "$CLIENT"
    if [ "$rc" -ne 0 ]; then
        local keep="${TMPDIR:-/tmp}/qrfleet-cluster-$RUN_ID"
        mkdir -p "$keep" && cp -r "$WORK"/* "$keep"/ 2>/dev/null
        compose logs --no-color --timestamps >"$keep/compose.log" 2>&1
        echo "cluster chaos: client records and service logs kept in $keep"
    fi
    [ "${CHAOS_KEEP:-0}" = 1 ] || compose down -v --remove-orphans >/dev/null 2>&1
    rm -rf "$WORK"
    exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# rabbitmqctl on a node that is up, JSON out. An exec through the lab's engine has been seen to
# outlive its command (output complete, no exit): bounded, and a complete answer is taken anyway.
# NODES (default all three) limits the nodes asked: a killed node may be mid-restart, and a CLI call
# to a booting node can hang until its timeout.
rmq() { local node out; for node in ${NODES:-rabbitmq rabbitmq-2 rabbitmq-3}; do
    out=$(timeout 20 docker exec "$(cid "$node")" rabbitmqctl -q "$@" --formatter json 2>/dev/null)
    jq -e . >/dev/null 2>&1 <<<"$out" && { printf '%s\n' "$out"; return; }
    done; return 1; }
leader() { rmq list_queues --online name leader | jq -r --arg q "$1" '.[] | select(.name == $q) | .leader' | sed 's/^rabbit@//'; }
members() { rmq list_queues --online name members | jq -r --arg q "$1" '.[] | select(.name == $q) | .members | length'; }
running_nodes() { rmq cluster_status | jq '.running_nodes | length'; }
sql() { compose exec -T postgres psql -U "$DB_USER" -d qrfleet -Atc "$1" 2>/dev/null; }
node_up() { # SERVICE SECONDS: the node runs and takes part in the cluster again
    local deadline=$((SECONDS + $2))
    until docker exec "$(cid "$1")" rabbitmq-diagnostics -q check_running >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || return 1; sleep 2; done
}
accepted() { awk '$2 == 202' "$WORK/submits" | wc -l; }
more_accepted() { local deadline=$((SECONDS + 300)) want=$(($(accepted) + $1)) # N: N more than now
    until [ "$(accepted)" -ge "$want" ] || ! kill -0 "$CLIENT" 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 0.5; done; }

log "start: project $COMPOSE_PROJECT_NAME, images :$QR_IMAGE_TAG, proxy on $BASE"
up=(up -d --scale gateway=2 --scale worker=3)
[ "${CHAOS_NO_BUILD:-0}" = 1 ] || up+=(--build)
t0=$SECONDS
compose "${up[@]}" >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; abort "the cluster stack started"; }
qr_wait_http "$BASE/api/health" 200 300 || abort "/api/health 200 through the proxy"
pass "cluster stack up in $((SECONDS - t0))s: $(compose ps -q gateway | wc -l) gateways, $(compose ps -q worker | wc -l) workers"
check "RabbitMQ: 3 running nodes in one cluster" test "$(running_nodes)" = 3
for queue in qr.jobs.interactive qr.jobs.bulk qr.jobs.results; do
    check "quorum queue $queue has a member on each of the 3 nodes" test "$(members "$queue")" = 3
done

log "$PARALLEL client threads submit until the last fault is over (system-tests: LoadSystemTest)"
# the JUnit clients append each job's final answer to $WORK/submits as it comes, and check every
# job once $WORK/faults.over exists
touch "$WORK/submits"
system_tests client -Dgroups=load -Dqr.stop-file="$WORK/faults.over" -Dqr.submits-file="$WORK/submits" \
    -Dqr.content-prefix="https://qr-fleet.example/cluster/$RUN_ID" -Dqr.parallel="$PARALLEL" -Dqr.pace="$PACE" -Dqr.done-timeout="$DONE_TIMEOUT" \
    >"$WORK/client.checks" &
CLIENT=$!

more_accepted 80
victim=$(leader qr.jobs.interactive)
docker kill -s KILL "$(cid "$victim")" >/dev/null
note "$(accepted) accepted: $victim, the interactive queue's leader, SIGKILLed"
# the election takes seconds; on a loaded machine the query itself can fail or find none yet: ask
# the two survivors again until a new leader is named, and say how long it took
t_kill=$SECONDS
new_leader=""
survivors=$(printf '%s\n' rabbitmq rabbitmq-2 rabbitmq-3 | grep -vx "$victim" | xargs)
until [ -n "$new_leader" ] && [ "$new_leader" != "$victim" ] || [ $((SECONDS - t_kill)) -ge 60 ]; do
    sleep 2
    new_leader=$(NODES=$survivors leader qr.jobs.interactive)
done
check "another node leads the interactive queue ($new_leader, named $((SECONDS - t_kill)) s after the kill; limit 60 s)" \
    test -n "$new_leader" -a "$new_leader" != "$victim"
sleep $((t_kill + 20 - SECONDS > 0 ? t_kill + 20 - SECONDS : 0))
docker start "$(cid "$victim")" >/dev/null
node_up "$victim" 120
check "$victim back in the cluster ($(running_nodes) running nodes)" test "$(running_nodes)" = 3

more_accepted 40
other=$(printf '%s\n' rabbitmq rabbitmq-2 rabbitmq-3 | grep -vx "$victim" | head -n1)
note "$(accepted) accepted: $other restarting"
docker restart -t 10 "$(cid "$other")" >/dev/null
node_up "$other" 120
check "$other restarted and back in the cluster ($(running_nodes) running nodes)" test "$(running_nodes)" = 3

more_accepted 40
mapfile -t gateways < <(compose ps -q gateway)
docker kill -s KILL "${gateways[1]}" >/dev/null
note "$(accepted) accepted: gateway ${gateways[1]:0:12} SIGKILLed"
t_kill=$SECONDS
ok=0; for _ in $(seq 1 10); do [ "$(status "$BASE/api/health")" = 200 ] && ok=$((ok + 1)); sleep 0.5; done
check "the proxy serves from the other gateway meanwhile (/api/health 200 ×$ok of 10 in 5 s)" test "$ok" -ge 8
sleep 10
[ "$(docker inspect -f '{{.State.Running}}' "${gateways[1]}")" = true ] || docker start "${gateways[1]}" >/dev/null

more_accepted 40
touch "$WORK/faults.over"
log "every accepted job done and decoded (the client's checks)"
wait "$CLIENT"; CLIENT=
grep -h '^every answer:' "$WORK/client.log" | sed 's/^/        /'
replay_checks "$WORK/client.checks"
n_sub=$(wc -l <"$WORK/submits")
# A submission refused with 503 leaves a FAILED row ("not queued") and frees its key for the retry:
# besides those, one row per job, DONE
rows=$(sql "select count(distinct request->>'content') filter (where status = 'DONE') || ' ' || count(*) filter (where status = 'DONE')
            || ' ' || count(*) filter (where status <> 'DONE' and not (status = 'FAILED' and error like 'not queued:%'))
            || ' ' || count(*) filter (where status = 'FAILED')
            from jobs where request->>'content' like 'https://qr-fleet.example/cluster/$RUN_ID/%'")
read -r done_contents done_rows other_rows refused_rows <<<"$rows"
check "each job DONE exactly once: $done_rows DONE rows for $done_contents contents; besides them only the $refused_rows rows of submissions refused with 503" \
    test "$done_contents $done_rows $other_rows" = "$n_sub $n_sub 0"
dead=$(rmq list_queues --online name messages | jq '[.[] | select(.name == "qr.jobs.dead") | .messages] | add // 0')
check "nothing dead-lettered ($dead)" test "$dead" = 0

# What autoscaling waits for once it has decided: a new worker container until it consumes (the
# listener containers start before Spring logs "Started"). On Kubernetes add KEDA's polling
# interval, the HPA's sync period, scheduling and the image pull.
log "scale-up: a fourth worker"
mapfile -t before < <(compose ps -q worker)
t_up=$EPOCHREALTIME
compose up -d --no-recreate --scale gateway=2 --scale worker=4 >/dev/null 2>&1
new=$(compose ps -q worker | grep -vxF "${before[@]/#/-e}" | head -n1)
started=""
for _ in $(seq 1 120); do
    started=$(docker logs --timestamps "$new" 2>&1 | grep -m1 'Started .* in ') && break
    sleep 1
done
if [ -n "$started" ]; then
    at=$(date -d "$(cut -d' ' -f1 <<<"$started")" +%s.%N)
    jvm=$(grep -o 'process running for [0-9.]*' <<<"$started" | grep -o '[0-9.]*$')
    pass "a new worker consumes $(awk -v a="$at" -v b="$t_up" 'BEGIN {printf "%.1f", a - b}')s after \`up --scale worker=4\` (its JVM: ${jvm}s to started)"
else
    fail "a new worker started within 120 s"
fi
qr_summary
