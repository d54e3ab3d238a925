#!/usr/bin/env python3
"""The client of infra/cluster/chaos.sh: submits jobs as a careful client does, then checks them.

    jobs.py submit BASE STOP PARALLEL PACE RUN_ID CODES > SUBMITS   # one line per job: "N CODE ID TRIES"
    jobs.py verify BASE RUN_ID SUBMITS TIMEOUT > VERIFY    # one line per accepted job: "DONE N" or why not

submit: job n carries its own content and Idempotency-Key. A 429, 503 or 409 (the same key still in
flight) is retried after its Retry-After, with the same key, for up to 15 minutes; any other answer
is final. Each thread waits PACE seconds before a job and submits until the file STOP exists (the
script creates it once its last fault is over), so every fault falls among the submissions.
Every answer is appended to SUBMITS.codes ("CODE", or "CODE-without-Retry-After" / "-not-problem"
when a refusal lacks them).
verify: long-polls every accepted job until DONE or FAILED, downloads its image and decodes it with
zbarimg; prints "DONE n" when it holds exactly the job's content.
"""
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

RETRIED = (409, 429, 503)


def content(run_id, n):
    return f"https://qr-fleet.example/cluster/{run_id}/{n}"


def call(request, timeout=60):
    """(status, headers, body); status is a string for a connection that failed."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except OSError as error:
        return f"no-answer({type(error).__name__})", {}, b""


def submit(base, stop, parallel, pace, run_id, codes_path):
    lock = threading.Lock()
    numbers = itertools.count(1)
    codes = open(codes_path, "a")
    deadline = time.time() + 900

    def one(n):
        time.sleep(pace)
        body = json.dumps({"content": content(run_id, n), "size": 256}).encode()
        tries = 0
        while True:
            tries += 1
            request = urllib.request.Request(f"{base}/api/v1/jobs", data=body, method="POST", headers={
                "Content-Type": "application/json", "Idempotency-Key": f"{run_id}-{n}"})
            code, headers, _ = call(request)
            label = str(code)
            if code in RETRIED:
                if not headers.get("Retry-After"):
                    label += "-without-Retry-After"
                if not (headers.get("Content-Type") or "").startswith("application/problem+json"):
                    label += "-not-problem"
            with lock:
                codes.write(label + "\n")
                codes.flush()
            if (code in RETRIED or isinstance(code, str)) and time.time() < deadline:
                wait = headers.get("Retry-After", "1")
                time.sleep(min(int(wait) if wait.isdigit() else 1, 10))
                continue
            job_id = (headers.get("Location") or "-").rsplit("/", 1)[-1]
            with lock:
                print(n, label, job_id, tries, flush=True)
            return

    def client():
        while not os.path.exists(stop):
            with lock:
                n = next(numbers)
            one(n)

    with ThreadPoolExecutor(parallel) as pool:
        for thread in [pool.submit(client) for _ in range(parallel)]:
            thread.result()


def verify(base, run_id, submits, timeout):
    deadline = time.time() + timeout
    accepted = [line.split() for line in open(submits) if line.split()[1] == "202"]

    def one(record):
        n, job_id = record[0], record[2]
        while True:
            code, _, body = call(urllib.request.Request(f"{base}/api/v1/jobs/{job_id}?waitSeconds=25"), timeout=40)
            status = json.loads(body).get("status") if code == 200 else None
            if status == "DONE":
                break
            if status == "FAILED":
                return f"FAILED {n} {job_id} {json.loads(body).get('error')}"
            if time.time() > deadline:
                return f"TIMEOUT {n} {job_id} {status or code}"
            if status is None:  # refused (429, 503): wait a moment; a long poll that ran out asks again at once
                time.sleep(1)
        code, headers, image = call(urllib.request.Request(f"{base}/api/v1/jobs/{job_id}/image"), timeout=30)
        if code != 200:
            return f"IMAGE {n} {job_id} {code}"
        with tempfile.NamedTemporaryFile(suffix=".png") as file:
            file.write(image)
            file.flush()
            decoded = subprocess.run(["zbarimg", "--raw", "-q", file.name], capture_output=True).stdout
        if decoded.decode().strip() != content(run_id, n):
            return f"DECODE {n} {job_id} {decoded[:80]!r}"
        return f"DONE {n}"

    with ThreadPoolExecutor(6) as pool:
        for line in pool.map(one, accepted):
            print(line, flush=True)


if __name__ == "__main__":
    command, base = sys.argv[1], sys.argv[2]
    if command == "submit":
        parallel, pace, run_id = int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
        submit(base, sys.argv[3], parallel, pace, run_id, sys.argv[7])
    else:
        verify(base, sys.argv[3], sys.argv[4], int(sys.argv[5]))
