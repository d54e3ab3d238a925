#!/usr/bin/env python3
"""Every spelling of a path, through the proxy of a stack whose gateway has API keys: request
targets (percent-encoding, `;` parameters, dot segments, doubled slashes, case, backslashes,
trailing slashes) × the methods that change things, sent over raw sockets exactly as written.
Without a key every one must get a 4xx application/problem+json; with the key, only the canonical
`POST /api/v1/jobs` may be accepted, so no spelling reaches a handler the canonical path's key
check and rate limit do not cover. Then a burst of keyed PUTs must meet the rate limit (429).

    infra/scripts/target-corpus.py http://127.0.0.1:8080 KEY

Prints one line per failure and "target corpus: N passed, N failed"; exits 1 on any failure."""
import socket
import sys
import urllib.parse

SPELLINGS = [
    "/%61pi/v1/jobs", "/api/v1/%6Aobs", "/api/v1/jobs%2F", "/api/v1/jobs%2f", "/api%2Fv1%2Fjobs", "/api/v1/jobs;x=1",
    "/api;x=1/v1/jobs", "/api/v1;/jobs", "/api//v1/jobs", "//api/v1/jobs", "/api/v1//jobs", "/api/v1/./jobs",
    "/api/./v1/jobs", "/api/v1/x/../jobs", "/api/v1/batches/../jobs", "/api/v1/%2e/jobs", "/api/v1/%2E%2E/v1/jobs",
    "/api/v1/jobs/.", "/api/v1/jobs/..", "/API/v1/jobs", "/api/V1/jobs", "/api/v1/JOBS", "/api/v1/jobs/",
    "/api/v1/jobs%20", "/api/v1/jobs%00", "/api/v1/jobs%3F", "/api\\v1\\jobs", "/api/v1/jobs\\", "/./api/v1/jobs",
    "/api/v1/jobs#x", "/api/v1/batches;a", "/%2561pi/v1/jobs",
]
METHODS = ["POST", "PUT", "PATCH", "DELETE"]
BODY = b'{"content":"target corpus"}'


def send(base, method, target, key=None):
    host, port = base.hostname, base.port or 80
    head = (f"{method} {target} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(BODY)}\r\nConnection: close\r\n" + (f"X-API-Key: {key}\r\n" if key else "") + "\r\n")
    with socket.create_connection((host, port), timeout=15) as s:
        s.sendall(head.encode("latin-1") + BODY)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    headers = rest.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    status = int(status_line.split()[1])
    problem = "content-type: application/problem+json" in headers
    return status, problem


def main():
    base, key = urllib.parse.urlsplit(sys.argv[1]), sys.argv[2]
    passed = failed = 0

    def expect(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("  FAIL ", what)

    for target in SPELLINGS + ["/api/v1/jobs"]:
        for method in METHODS:
            status, problem = send(base, method, target)
            expect(400 <= status < 500 and problem, f"{method} {target} without a key: {status}, problem+json={problem}")
    for target in SPELLINGS:
        for method in METHODS:
            status, problem = send(base, method, target, key)
            expect(400 <= status < 500 and problem, f"{method} {target} with the key: {status}, problem+json={problem}")
    statuses = [send(base, "PUT", "/api/v1/jobs", key)[0] for _ in range(120)]
    expect(429 in statuses and all(400 <= s < 500 for s in statuses),
           f"120 keyed PUTs meet the rate limit: {sorted(set(statuses))}")
    print(f"target corpus: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
