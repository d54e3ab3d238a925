#!/usr/bin/env python3
"""The heaviest allowed jobs through the proxy: 2048 px, ECC H, ~1,000 characters, each unique (no cache hits).

Usage: heavy-jobs.py BASE_URL JOBS CLIENTS   -> one JSON line: done/failed/lost/errors, jobs/s, p50/p99 ms.
(bench/qr-bench.jar load has no size or ECC options; this is the worker-memory load of docs/compose.md.)"""
import json, random, string, sys, threading, time, urllib.request, urllib.error
base, jobs, conc = sys.argv[1].rstrip('/'), int(sys.argv[2]), int(sys.argv[3])
lock = threading.Lock(); counts = {'done': 0, 'failed': 0, 'lost': 0, 'errors': 0}; lat = []; nxt = [0]
def req(method, path, body=None):
    r = urllib.request.Request(base + path, method=method, data=body, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(r, timeout=30) as resp:
        return resp.status, resp.read()
def one(n):
    content = ''.join(random.choices(string.ascii_letters + string.digits, k=990)) + '%010d' % n
    body = json.dumps({'content': content, 'size': 2048, 'errorCorrection': 'H'}).encode()
    t0 = time.time()
    for _ in range(20):
        try:
            _, out = req('POST', '/api/v1/jobs', body); break
        except urllib.error.HTTPError as e:
            if e.code in (429, 503): time.sleep(1); continue
            raise
    jid = json.loads(out)['id']
    while time.time() - t0 < 300:
        status = json.loads(req('GET', '/api/v1/jobs/' + jid)[1])['status']
        if status in ('DONE', 'FAILED'):
            if status == 'DONE': req('GET', '/api/v1/jobs/%s/image' % jid)
            return status.lower(), time.time() - t0
        time.sleep(0.05)
    return 'lost', time.time() - t0
def loop():
    while True:
        with lock:
            if nxt[0] >= jobs: return
            nxt[0] += 1; n = nxt[0]
        try: kind, t = one(n)
        except Exception as e: kind, t = 'errors', 0; print('error', e, file=sys.stderr)
        with lock:
            counts[kind] += 1
            if kind == 'done': lat.append(t)
start = time.time()
threads = [threading.Thread(target=loop) for _ in range(conc)]
[t.start() for t in threads]; [t.join() for t in threads]
lat.sort(); p = lambda q: round(lat[int(q * (len(lat) - 1))] * 1000) if lat else None
print(json.dumps({**counts, 'jobs': jobs, 'concurrency': conc, 'seconds': round(time.time() - start, 1),
                  'jobs_per_s': round(jobs / (time.time() - start), 1), 'p50_ms': p(.5), 'p99_ms': p(.99)}))
