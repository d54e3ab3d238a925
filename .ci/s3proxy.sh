#!/usr/bin/env bash
# Starts s3proxy (filesystem provider, V4 auth) as a stand-in S3 server for tests and local runs.
# Usage: .ci/s3proxy.sh PORT DATA_DIR   -> prints the PID; credentials minioadmin/minioadmin
set -euo pipefail
port=${1:-9000}
data=${2:-$(mktemp -d)}
version=4.1.0
jar="$HOME/.m2/repository/org/gaul/s3proxy/$version/s3proxy-$version-jar-with-dependencies.jar"
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$jar" ]; then
  "$here/mvnw" -q dependency:get -Dartifact="org.gaul:s3proxy:$version:jar:jar-with-dependencies" -Dtransitive=false >&2
fi
mkdir -p "$data"
conf="$data/../s3proxy-$port.conf"
cat > "$conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=minioadmin
s3proxy.credential=minioadmin
jclouds.provider=filesystem
jclouds.filesystem.basedir=$data
CONF
"${JAVA_HOME:-/usr}/bin/java" -Xmx256m -jar "$jar" --properties "$conf" > "$data/../s3proxy-$port.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "$pid"; exit 0; fi
  sleep 0.5
done
echo "s3proxy did not start on port $port" >&2
exit 1
