#!/usr/bin/env bash
# The janitor over a large jobs table, heap capped at 64 MiB: fills a database of its own with
# JANITOR_ROWS job rows by SQL (70 % past retention, 5 % stuck and published too often, 0.5 %
# stuck and due again, the rest recent and DONE) plus JANITOR_IMAGES unused image rows (their
# objects need not exist: an S3 delete of a missing key succeeds), runs one pass (`java -jar gateway-api.jar janitor`), and reports its time, the process's
# peak RSS and the heap after each GC (from -Xlog:gc), so a heap that grows with the rows shows.
#
#   bench/janitor-scale.sh            # JANITOR_ROWS=1000000 JANITOR_IMAGES=2000
#
# Needs: PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres), RabbitMQ at 127.0.0.1:5672
# (guest), an S3 server (QR_STORAGE_ENDPOINT, keys minioadmin; .ci/s3proxy.sh starts one), the
# gateway jar (./mvnw -pl gateway-api -am package -DskipTests), JAVA_HOME (21+), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${JANITOR_ROWS:-1000000}
IMAGES=${JANITOR_IMAGES:-2000}
DB=qr_janitor_bench
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAR=$(find gateway-api/target -maxdepth 1 -name "gateway-api-*.jar" ! -name "*original*" | head -1)
ENDPOINT=${QR_STORAGE_ENDPOINT:?an S3 endpoint, e.g. .ci/s3proxy.sh 19876 /tmp/s3 and http://127.0.0.1:19876}
work=$(mktemp -d)
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
run_janitor() {
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD='' \
    SPRING_RABBITMQ_VIRTUAL_HOST=qr-janitor-bench QR_STORAGE_ENDPOINT="$ENDPOINT" QR_STORAGE_ACCESS_KEY=minioadmin \
    QR_STORAGE_SECRET_KEY=minioadmin QR_STORAGE_BUCKET=qr-janitor-bench \
    /usr/bin/time -f '%e %M' -o "$work/time" \
    "$JAVA" -Xmx64m -XX:+UseSerialGC "-Xlog:gc:file=$work/gc.log" -jar "$JAR" janitor >"$work/janitor.log" 2>&1
}

rabbitmqctl -q add_vhost qr-janitor-bench 2>/dev/null || true
rabbitmqctl -q set_permissions -p qr-janitor-bench guest ".*" ".*" ".*"
psql -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
run_janitor # an empty pass: migrates the schema
psql -d "$DB" <<SQL
INSERT INTO jobs (id, owner, status, request, image_key, verified, publishes, created_at, updated_at, published_at)
SELECT gen_random_uuid(), '', s.status, '{"content":"x","format":"png","size":512,"margin":4,"errorCorrection":"M","foreground":"#000000","background":"#FFFFFF"}',
       'codes/' || md5(i::text) || '.png', s.status = 'DONE', s.publishes, s.created, s.created, s.created
FROM generate_series(1, $ROWS) i,
LATERAL (SELECT CASE WHEN i % 1000 < 700 THEN 'DONE' WHEN i % 1000 < 750 THEN 'QUEUED' WHEN i % 1000 < 755 THEN 'PROCESSING' ELSE 'DONE' END AS status,
                CASE WHEN i % 1000 BETWEEN 700 AND 749 THEN 3 ELSE 1 END AS publishes,
                CASE WHEN i % 1000 < 700 THEN now() - interval '40 days' WHEN i % 1000 < 755 THEN now() - interval '1 hour'
                     ELSE now() - interval '1 day' END AS created) s;
INSERT INTO images (key, size, last_used)
SELECT 'codes/bench-' || i || '.png', 1, now() - interval '40 days' FROM generate_series(1, $IMAGES) i;
ANALYZE;
SQL
before=$(psql -d "$DB" -c "select status || '=' || count(*) from jobs group by status order by 1" | tr '\n' ' ')
run_janitor
read -r seconds rss_kb <"$work/time"
after=$(psql -d "$DB" -c "select status || '=' || count(*) from jobs group by status order by 1" | tr '\n' ' ')
heaps=$(grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" | sed 's/.*->//; s/M//' | tr '\n' ' ')
echo "rows=$ROWS images=$IMAGES seconds=$seconds peak_rss_mib=$((rss_kb / 1024)) gcs=$(grep -c 'Pause' "$work/gc.log")"
echo "heap after each GC (MiB): $heaps"
echo "before: $before"
echo "after:  $after"
grep -o 'Janitor finished: .*' "$work/janitor.log" || { tail -30 "$work/janitor.log"; exit 1; }
psql -d postgres -c "DROP DATABASE $DB WITH (FORCE)"
