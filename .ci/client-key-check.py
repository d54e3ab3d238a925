#!/usr/bin/env python3
"""The proxy's $client_key map (infra/nginx/40-qr-fleet.sh) gives every IPv6 address its /64 and
every IPv4 address itself: checked here on 20,000 random addresses in RFC 5952's compressed form
(what nginx's $remote_addr holds), against Python's own address arithmetic."""
import ipaddress
import random
import re
import sys

source = open("infra/nginx/40-qr-fleet.sh", encoding="utf-8").read()
block = source[source.index("map \\$remote_addr \\$client_key {"):]
block = block[:block.index("}\n")]
rules = []
for line in block.splitlines()[1:]:
    match = re.match(r'\s*"~(.*?)"\s+(.*);$', line)
    if match:  # PCRE named groups in Python's spelling
        rules.append((re.compile(match.group(1).replace("\\$", "$").replace("(?<", "(?P<")),
                      match.group(2).strip('"').replace("\\$", "$")))


def client_key(address):
    for pattern, value in rules:
        found = pattern.search(address)
        if found:
            return address if value == "$remote_addr" else re.sub(r"\$(v6[a-d])", lambda g: found.group(g.group(1)), value)
    return address


random.seed(23)
wrong = []
for _ in range(20_000):
    groups = [random.choice([0, 0, 0, random.randrange(1, 65536)]) for _ in range(8)]
    address = ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups)).compressed
    expected = ":".join(f"{g:x}" for g in groups[:4]) + "::/64"
    got = client_key(address)
    got = ":".join(f"{int(g, 16):x}" for g in got[:-5].split(":")) + "::/64" if got.endswith("::/64") else got
    if got != expected:
        wrong.append(f"{address}: {got}, not {expected}")
for ipv4 in ("192.0.2.7", "::ffff:192.0.2.7"):
    if client_key(ipv4) != ipv4:
        wrong.append(f"{ipv4}: {client_key(ipv4)}")
print("\n".join(wrong[:10]) or f"{len(rules)} rules: every address in its /64")
sys.exit(1 if wrong else 0)
