#!/usr/bin/env bash
# The worker's render path (Java) against libqrencode + libpng (C), side by side on this machine:
# RUNS back-to-back pairs per case, alternating which goes first. Prints the median rate of each,
# the median of the paired Java/C ratios (robust to load drifting on a shared machine) and the PNG
# sizes; exits 1 when a ratio misses its target or a PNG is over 10 % larger than libpng's.
# Needs: the jar (./mvnw -pl qr-contract,bench -am install -DskipTests), make, gcc,
# libqrencode-dev, libpng-dev. Settings: RUNS (5), SECONDS_PER_RUN (3), JAVA (java of JAVA_HOME),
# JAVA_OPTS (none: the JVM's defaults).
set -euo pipefail
cd "$(dirname "$0")"
runs=${RUNS:-5}
seconds=${SECONDS_PER_RUN:-3}
java=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
jar=target/qr-bench.jar
[[ -f $jar ]] || { echo "no $jar: run ./mvnw -pl qr-contract,bench -am install -DskipTests" >&2; exit 2; }
make -s -C c qrbench

field() { sed -n "s/.*\"$1\":\\([0-9.]*\\).*/\\1/p" <<<"$2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

status=0
printf '%-20s %6s %11s %11s %7s %7s %8s %8s %6s\n' case px java_ops/s c_ops/s ratio target java_B c_B size
for spec in "url-65 315 0.8" "text-500 279 0.5"; do
    read -r name px target <<<"$spec"
    args=(render --content-file "payloads/$name.txt" --size "$px" --ecc M --margin 4 --seconds "$seconds")
    java_rates=() c_rates=() ratios=()
    for ((i = 0; i < runs; i++)); do
        if ((i % 2 == 0)); then
            j=$("$java" ${JAVA_OPTS:-} -jar "$jar" "${args[@]}" 2>/dev/null | tail -1)
            c=$(c/qrbench "${args[@]}" 2>/dev/null | tail -1)
        else
            c=$(c/qrbench "${args[@]}" 2>/dev/null | tail -1)
            j=$("$java" ${JAVA_OPTS:-} -jar "$jar" "${args[@]}" 2>/dev/null | tail -1)
        fi
        echo "  $j" >&2
        echo "  $c" >&2
        java_rates+=("$(field ops_per_s "$j")")
        c_rates+=("$(field ops_per_s "$c")")
        ratios+=("$(awk -v a="${java_rates[-1]}" -v b="${c_rates[-1]}" 'BEGIN {print a / b}')")
    done
    java_bytes=$(field bytes "$j")
    c_bytes=$(field bytes "$c")
    ratio=$(median "${ratios[@]}")
    size=$(awk -v a="$java_bytes" -v b="$c_bytes" 'BEGIN {printf "%.2f", a / b}')
    printf '%-20s %6s %11.0f %11.0f %7.2f %7s %8s %8s %6s\n' "$name" "$px" "$(median "${java_rates[@]}")" \
        "$(median "${c_rates[@]}")" "$ratio" "$target" "$java_bytes" "$c_bytes" "$size"
    if awk -v r="$ratio" -v t="$target" -v s="$size" 'BEGIN {exit !(r < t || s > 1.10)}'; then
        echo "MISSED: $name" >&2
        status=1
    fi
done
exit $status
