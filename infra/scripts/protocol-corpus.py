#!/usr/bin/env python3
"""Malformed HTTP through the proxy: request lines, versions, headers, framing and request targets
that no client library would send. Each must get a 4xx application/problem+json answer, from nginx
or from the gateway, and never reach a worker. Sent over raw sockets, exactly as written.

    infra/scripts/protocol-corpus.py http://127.0.0.1:8080

Prints one line per case and "protocol corpus: N passed, N failed"; exits 1 on any failure."""
import socket
import sys
import time
import urllib.parse

JOB = "5f0c7d2e-3b7a-4c1e-9a57-0d6c1f9e2b11"
POST = "POST /api/v1/jobs HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\n"


def get(target, headers=""):
    return f"GET {target} HTTP/1.1\r\nHost: q\r\n{headers}Connection: close\r\n\r\n".encode("latin-1")


CASES = {
    "request line is garbage": b"GARBAGE\r\n\r\n",
    "HTTP/1.1 without Host": b"GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n",
    "two Host headers": b"GET /api/health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
    "HTTP/2.0 request line": b"GET /api/health HTTP/2.0\r\nHost: q\r\n\r\n",
    "HTTP/9.9 request line": b"GET /api/health HTTP/9.9\r\nHost: q\r\n\r\n",
    "TRACE": b"TRACE /api/v1/jobs HTTP/1.1\r\nHost: q\r\nConnection: close\r\n\r\n",
    "POST to a static page": b"POST /index.html HTTP/1.1\r\nHost: q\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    "Host with a port that is not a number": b"GET /api/health HTTP/1.1\r\nHost: q:abc\r\nConnection: close\r\n\r\n",
    "Host with an underscore": b"GET /api/health HTTP/1.1\r\nHost: a_b\r\nConnection: close\r\n\r\n",
    "header line without colon": get("/api/health", "Broken header\r\n"),
    "NUL in a header": get("/api/health", "X-A: b\x00c\r\n"),
    "header line of 70 KB": get("/api/health", "X-Big: " + "a" * 70000 + "\r\n"),
    "request line of 20 KB": get(f"/api/v1/jobs/{'f' * 20000}"),
    "invalid chunked body": (POST + "Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n").encode(),
    "Content-Length and chunked": (POST + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").encode(),
    "unknown transfer coding": (POST + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n{}").encode(),
    "Content-Length not a number": (POST + "Content-Length: abc\r\n\r\n{}").encode(),
    "negative Content-Length": (POST + "Content-Length: -5\r\n\r\n{}").encode(),
    "path above the root": get("/../../etc/passwd"),
    "bad percent-encoding in path": get("/api/v1/jobs/%zz"),
    "bytes that are not UTF-8 in path": get("/api/v1/jobs/%ff%fe"),
    "encoded slash in id": get("/api/v1/jobs/a%2fb"),
    "encoded backslash in id": get("/api/v1/jobs/a%5cb"),
    "backslash in id": get("/api/v1/jobs/a\\b"),
    "brackets in id": get("/api/v1/jobs/a[b]"),
    "matrix parameter in id": get("/api/v1/jobs/a;b=c/image"),
    "braces in query": get(f"/api/v1/jobs/{JOB}?a={{b}}"),
    "pipe in query": get(f"/api/v1/jobs/{JOB}?a=|"),
    "lone percent in query": get(f"/api/v1/jobs/{JOB}?waitSeconds=%"),
    "waitSeconds not UTF-8": get(f"/api/v1/jobs/{JOB}?waitSeconds=%ff"),
    "waitSeconds NUL": get(f"/api/v1/jobs/{JOB}?waitSeconds=%00"),
    "partial not a boolean": get(f"/api/v1/batches/{JOB}/archive?partial=maybe"),
    "CR LF in a batch id": get("/api/v1/batches/x%0d%0aSet-Cookie:a"),
}


def answer(host, port, request):
    """The status code and Content-Type of the answer, or (None, reason)."""
    with socket.create_connection((host, port), timeout=20) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    if not head[0].startswith("HTTP/"):
        return None, "no answer"
    ctype = next((h.split(":", 1)[1].strip() for h in head[1:] if h.lower().startswith("content-type:")), "")
    return int(head[0].split()[1]), ctype


def main():
    base = urllib.parse.urlsplit(sys.argv[1])
    passed = failed = 0
    for name, request in CASES.items():
        try:
            status, ctype = answer(base.hostname, base.port or 80, request)
        except OSError as e:
            status, ctype = None, str(e)
        ok = status is not None and 400 <= status < 500 and ctype == "application/problem+json"
        passed, failed = passed + ok, failed + (not ok)
        print(f"  {'ok  ' if ok else 'FAIL'}  {name}: {status} {ctype}")
        time.sleep(0.1)  # below the proxy's submission rate limit: every answer is about the request
    print(f"protocol corpus: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
