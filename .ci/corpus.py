#!/usr/bin/env python3
"""Sends every request of a malformed-request corpus (JSON Lines) to BASE/api/v1/jobs and checks
that each gets a 4xx application/problem+json answer. Prints one line per failure and a summary."""
import base64
import json
import sys
import urllib.error
import urllib.request

base, corpus = sys.argv[1], sys.argv[2]
ok = failed = 0
for line in open(corpus, encoding="utf-8"):
    case = json.loads(line)
    body = base64.b64decode(case["bodyBase64"]) if "bodyBase64" in case else case["body"].encode("utf-8", "surrogatepass")
    request = urllib.request.Request(base + "/api/v1/jobs", data=body, method="POST",
                                     headers={"Content-Type": case["contentType"]})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, ctype = response.status, response.headers.get("Content-Type")
    except urllib.error.HTTPError as error:
        status, ctype = error.code, error.headers.get("Content-Type")
    if 400 <= status < 500 and ctype == "application/problem+json":
        ok += 1
    else:
        failed += 1
        print(f"FAIL corpus '{case['name']}': {status} {ctype}")
print(f"corpus: {ok} passed, {failed} failed")
sys.exit(1 if failed else 0)
