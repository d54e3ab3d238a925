#!/usr/bin/env python3
"""The overload client of chaos.sh: N job submissions, P in flight, each sent once (no retry).

    burst.py BASE N P TAG RUN_ID "Header: value" CODES_FILE > SUBMITS_FILE

A shell loop (curl + awk per request) cannot offer much more than the proxy's rate limit on a
loaded 2-core machine; threads can. Job n carries the content verify_job expects. Prints
"N CODE ID 1 EPOCH" per submission and appends each code to CODES_FILE; a 429/503 without
Retry-After is recorded as "CODE-without-Retry-After".
"""
import json
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base, count, parallel, tag, run_id, header, codes_file = sys.argv[1:8]
name, _, value = header.partition(": ")


def submit(n):
    body = json.dumps({"content": f"https://qr-fleet.example/chaos/{run_id}/{tag}/{n}", "size": 256}).encode()
    request = urllib.request.Request(f"{base}/api/v1/jobs", data=body, method="POST",
                                     headers={"Content-Type": "application/json", name: value})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            code, headers = answer.status, answer.headers
    except urllib.error.HTTPError as error:
        code, headers = error.code, error.headers
    except OSError as error:
        return n, f"no-answer({type(error).__name__})", "-"
    job_id = (headers.get("Location") or "-").rsplit("/", 1)[-1]
    if code in (429, 503) and not headers.get("Retry-After"):
        code = f"{code}-without-Retry-After"
    return n, str(code), job_id


with ThreadPoolExecutor(int(parallel)) as pool, open(codes_file, "a") as codes:
    for n, code, job_id in pool.map(submit, range(1, int(count) + 1)):
        codes.write(code + "\n")
        print(n, code, job_id, 1, int(time.time()))
