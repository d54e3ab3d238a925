#!/usr/bin/env bash
# Builds the worker image variants of docs/compose.md's memory table from the shipped worker image
# (qr-fleet/qr-worker:QR_IMAGE_TAG [local]), each re-trained with other options:
#   :cds    a dynamic CDS archive (-XX:ArchiveClassesAtExit) from a start-up-only training run
#   :aot    the AOT cache from a start-up-only training run (spring.context.exit=onRefresh)
#   :aotch  the same with compact object headers (-XX:+UseCompactObjectHeaders)
# then: MEM_JOBS=300 MEM_VARIANTS="local cds aot aotch" bench/worker-memory.sh
set -euo pipefail
base=qr-fleet/qr-worker:${QR_IMAGE_TAG:-local}
opts=$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$base" | sed -n 's/^JAVA_TOOL_OPTIONS=//p')
build() { # TAG JAVA_TOOL_OPTIONS TRAINING ENTRYPOINT
    printf 'FROM %s\nUSER root\nENV JAVA_TOOL_OPTIONS="%s"\nRUN rm /app/app.aot && %s\nUSER 10001:10001\nENTRYPOINT %s\n' \
        "$base" "$2" "$3" "$4" | docker build -q -t "qr-fleet/qr-worker:$1" - >/dev/null
    echo "built qr-fleet/qr-worker:$1"
}
onrefresh='-Dspring.context.exit=onRefresh -jar /app/app.jar >/dev/null'
build cds "$opts" "java -XX:ArchiveClassesAtExit=/app/app.jsa $onrefresh" \
    '["java", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/app.jar"]'
build aot "$opts" "java -XX:-AOTAdapterCaching -XX:AOTCacheOutput=/app/app.aot $onrefresh" \
    '["java", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]'
build aotch "$opts -XX:+UseCompactObjectHeaders" "java -XX:-AOTAdapterCaching -XX:AOTCacheOutput=/app/app.aot $onrefresh" \
    '["java", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]'
