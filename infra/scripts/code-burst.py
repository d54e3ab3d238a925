#!/usr/bin/env python3
"""Codes by URL at the proxy's default limits (chaos.sh): HITS requests for one cached code, P at
a time, must all be 200 from the cache (a hit spends no rate limit); then MISSES requests for new
codes, P at a time, must meet 429 (the submit rate or the client's share), every 429 and 503 with
Retry-After, a problem document and each security header once, and nothing else but 200.

    code-burst.py BASE HITS MISSES P RUN_ID

Prints one line for the hits and one for the misses ("200×N, 429×N") and exits 1 if a rule fails."""
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

base, hits, misses, parallel, run_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
SECURITY_HEADERS = ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy",
                    "Cross-Origin-Opener-Policy", "Content-Security-Policy")


def get(data):
    url = f"{base}/api/v1/qr?data={urllib.parse.quote(data, safe='')}&size=128"
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            answer.read()
            return str(answer.status), answer.headers.get("X-Cache-Status")
    except urllib.error.HTTPError as error:
        problem = error.headers.get("Content-Type") == "application/problem+json"
        retry = error.headers.get("Retry-After") is not None or error.code not in (429, 503)
        if any(len(error.headers.get_all(name) or []) != 1 for name in SECURITY_HEADERS):
            return f"{error.code}-without-each-security-header-once", None
        return f"{error.code}" + ("" if problem and retry else "-without-problem-or-Retry-After"), None


def burst(datas):
    with ThreadPoolExecutor(parallel) as pool:
        return list(pool.map(get, datas))


def histogram(answers):
    return ", ".join(f"{code}×{n}" for code, n in Counter(code for code, _ in answers).most_common())


cached = f"https://qr-fleet.example/code-burst/{run_id}/cached"
get(cached)
hit_answers = burst([cached] * hits)
miss_answers = burst([f"https://qr-fleet.example/code-burst/{run_id}/{n}" for n in range(misses)])
print(f"{hits} hits: {histogram(hit_answers)}; from the cache: {sum(1 for _, c in hit_answers if c == 'HIT')}")
print(f"{misses} misses: {histogram(miss_answers)}")
ok = (all(code == "200" and cache == "HIT" for code, cache in hit_answers)
      and any(code == "429" for code, _ in miss_answers)
      and all(code in ("200", "429", "503") for code, _ in miss_answers))
sys.exit(0 if ok else 1)
