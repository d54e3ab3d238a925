#!/bin/sh
# Writes /tmp/nginx/runtime.conf (included by nginx.conf) at container start:
#  - resolver: the container network's DNS server, taken from /etc/resolv.conf, so the gateway's
#    name is re-resolved (re-created or scaled gateways are found without restarting nginx);
#  - upstream "gateway" with keep-alive connections: every address the name has (gateway=N), each
#    left out for 5 s after a connection to it failed (a gateway that went away);
#  - the per-client rate limit of POST /api/v1/jobs (QR_SUBMIT_RATE, QR_SUBMIT_BURST);
#  - the cache of codes by URL (QR_PROXY_CACHE_SIZE, on /tmp).
set -eu

dir=/tmp/nginx
mkdir -p "$dir"

gateway=${QR_GATEWAY_ADDRESS:-gateway:8080}
rate=${QR_SUBMIT_RATE:-20r/s}
burst=${QR_SUBMIT_BURST:-40}
keepalive=${QR_GATEWAY_KEEPALIVE:-32}
cache=${QR_PROXY_CACHE_SIZE:-32m}

resolvers=$(awk '/^nameserver/ { a = $2; if (a ~ /:/) a = "[" a "]"; printf "%s ", a }' /etc/resolv.conf)
[ -n "$resolvers" ] || resolvers=127.0.0.11

write() { # $1: "resolve" to let nginx (>= 1.27.3) re-resolve the upstream name at run time
    cat >"$dir/runtime.conf" <<CONF
resolver $resolvers valid=10s ipv6=off;
resolver_timeout 5s;

upstream gateway {
    zone gateway 64k;
    server $gateway max_fails=1 fail_timeout=5s $1;
    keepalive $keepalive;
    keepalive_timeout 60s;
}

# A client, for every per-client limit: its IPv4 address, or its IPv6 /64 (one subscriber's
# network: a host picks any address in it at will). \$remote_addr is in RFC 5952's compressed form,
# so the first four groups are read by how many groups stand on each side of "::".
map \$remote_addr \$client_key {
    "~^[0-9.]+\$"                                         \$remote_addr;
    "~^::ffff:[0-9.]+\$"                                  \$remote_addr;
    "~^(?<v6a>[0-9a-f]+):(?<v6b>[0-9a-f]+):(?<v6c>[0-9a-f]+):(?<v6d>[0-9a-f]+):" "\$v6a:\$v6b:\$v6c:\$v6d::/64";
    "~^::([0-9a-f]+(:[0-9a-f]+){0,3})?\$"                  "0:0:0:0::/64";
    "~^(?<v6a>[0-9a-f]+)::([0-9a-f]+(:[0-9a-f]+){0,3})?\$" "\$v6a:0:0:0::/64";
    "~^(?<v6a>[0-9a-f]+):(?<v6b>[0-9a-f]+)::([0-9a-f]+(:[0-9a-f]+){0,3})?\$" "\$v6a:\$v6b:0:0::/64";
    "~^(?<v6a>[0-9a-f]+):(?<v6b>[0-9a-f]+):(?<v6c>[0-9a-f]+)::([0-9a-f]+(:[0-9a-f]+){0,3})?\$" "\$v6a:\$v6b:\$v6c:0::/64";
    "~^::(?<v6d>[0-9a-f]+)(:[0-9a-f]+){4}\$"                                  "0:0:0:\$v6d::/64";
    "~^::(?<v6c>[0-9a-f]+):(?<v6d>[0-9a-f]+)(:[0-9a-f]+){4}\$"                "0:0:\$v6c:\$v6d::/64";
    "~^::(?<v6b>[0-9a-f]+):(?<v6c>[0-9a-f]+):(?<v6d>[0-9a-f]+)(:[0-9a-f]+){4}\$" "0:\$v6b:\$v6c:\$v6d::/64";
    "~^(?<v6a>[0-9a-f]+)::(?<v6d>[0-9a-f]+)(:[0-9a-f]+){4}\$"                 "\$v6a:0:0:\$v6d::/64";
    "~^(?<v6a>[0-9a-f]+)::(?<v6c>[0-9a-f]+):(?<v6d>[0-9a-f]+)(:[0-9a-f]+){4}\$" "\$v6a:0:\$v6c:\$v6d::/64";
    "~^(?<v6a>[0-9a-f]+):(?<v6b>[0-9a-f]+)::(?<v6d>[0-9a-f]+)(:[0-9a-f]+){4}\$" "\$v6a:\$v6b:0:\$v6d::/64";
    default                                                \$remote_addr;
}

# Every request but a read is limited per client; reads have an empty key (no limit).
# On the hop a code by URL takes when the cache misses (port 8079, conf.d/default.conf) every
# request is limited: a code that has to be rendered spends the client's submit rate.
map "\$server_port \$request_method" \$submit_limit_key {
    "~^8079 "       \$client_key;
    "~ (GET|HEAD)\$" "";
    default         \$client_key;
}
limit_req_zone \$submit_limit_key zone=submit:10m rate=$rate;
limit_req_log_level warn;
# connections a client may hold open on long polls and archive downloads (conf.d/default.conf)
limit_conn_zone \$client_key zone=polls:10m;
limit_conn_zone \$client_key zone=archives:10m;
limit_conn_zone \$client_key zone=renders:10m;

# codes by URL that the gateway marks public (a year, immutable): a hit never reaches it
proxy_cache_path /tmp/nginx/codes levels=1:2 keys_zone=codes:4m max_size=$cache inactive=7d use_temp_path=off;
limit_conn_status 429;
limit_conn_log_level warn;
CONF
    printf 'limit_req zone=submit burst=%s nodelay;\n' "$burst" >"$dir/submit-limit.conf"
}

write resolve
if ! nginx -t -q 2>/dev/null; then
    # nginx before 1.27.3 cannot re-resolve upstream servers: resolve once at start-up
    write ""
    echo "40-qr-fleet.sh: upstream $gateway resolved at start-up only (nginx < 1.27.3)" >&2
fi
nginx -t -q
