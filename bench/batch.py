#!/usr/bin/env python3
"""A large CSV batch through a running stack, checked end to end.

Writes a CSV of --rows rows (awkward text, typed Wi-Fi rows, per-row error correction, path-like
filenames), POSTs it to /api/v1/batches, polls the status until DONE, downloads the ZIP, decodes
every image with zbarimg and checks it against its manifest line and its input row. Prints one JSON
line; exits 1 on any mismatch.

    python3 bench/batch.py --base http://localhost --rows 10000 [--size 256] [--api-key KEY]
"""
import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

AWKWARD = '«Grüße», "quoted", semi;colon\\ 東京'
WIFI_SPECIALS = '\\;,:"'


def rows(count):
    """Yields (csv row, expected content) pairs."""
    for n in range(1, count + 1):
        ecc = "LMQH"[n % 4]
        if n % 100 == 0:
            ssid, password = f"Café;{n}", f'p:w,"{n}"\\'
            data = json.dumps({"ssid": ssid, "password": password, "encryption": "WPA"}, ensure_ascii=False)
            esc = lambda s: "".join("\\" + c if c in WIFI_SPECIALS else c for c in s)
            yield ({"content": "", "type": "wifi", "data": data, "errorCorrection": ecc, "filename": f"wifi/{n}"},
                   f"WIFI:T:WPA;S:{esc(ssid)};P:{esc(password)};;")
        else:
            content = f"https://qr-fleet.example/ticket/{n}?k={n * 7919 % 100003}" if n % 3 else f"{AWKWARD} #{n}"
            yield ({"content": content, "type": "", "data": "", "errorCorrection": ecc,
                    "filename": f"../tickets/ticket-{n}"}, content)


def request(url, api_key, data=None, content_type=None):
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if content_type:
        req.add_header("Content-Type", content_type)
    if api_key:
        req.add_header("X-API-Key", api_key)
    return urllib.request.urlopen(req, timeout=120)


def decode(path):
    """zbarimg's text for one image, or None (its XML mode mangles non-ASCII text)."""
    out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, check=False).stdout
    return out.decode("utf-8").removesuffix("\n") if out else None


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--base", required=True)
    args.add_argument("--rows", type=int, default=10000)
    args.add_argument("--size", type=int, default=256)
    args.add_argument("--api-key")
    args.add_argument("--timeout-s", type=int, default=1800)
    opts = args.parse_args()

    expected = []
    body = io.StringIO()
    writer = csv.DictWriter(body, fieldnames=["content", "type", "data", "errorCorrection", "filename"])
    writer.writeheader()
    for row, content in rows(opts.rows):
        writer.writerow(row)
        expected.append(content)
    payload = body.getvalue().encode()

    start = time.monotonic()
    with request(f"{opts.base}/api/v1/batches?size={opts.size}", opts.api_key, payload, "text/csv") as answer:
        location = answer.headers["Location"]
    accepted_s = time.monotonic() - start
    while True:
        with request(opts.base + location, opts.api_key) as answer:
            status = json.load(answer)
        if status["status"] == "DONE":
            break
        if time.monotonic() - start > opts.timeout_s:
            sys.exit(f"batch not done after {opts.timeout_s} s: {status['counts']}")
        time.sleep(2)
    done_s = time.monotonic() - start

    with tempfile.TemporaryDirectory() as work:
        archive = Path(work, "batch.zip")
        with request(opts.base + location + "/archive", opts.api_key) as answer, open(archive, "wb") as out:
            while chunk := answer.read(1 << 16):
                out.write(chunk)
        archive_s = time.monotonic() - start - done_s
        archive_bytes = archive.stat().st_size
        with zipfile.ZipFile(archive) as zip_file:
            manifest = list(csv.DictReader(io.TextIOWrapper(zip_file.open("manifest.csv"), "utf-8", newline="")))
            zip_file.extractall(Path(work, "x"))
        images = [Path(work, "x", line["filename"]) for line in manifest]
        with ThreadPoolExecutor(4) as pool:
            decoded = dict(zip(map(str, images), pool.map(decode, images)))
        bad = []
        for line, image in zip(manifest, images):
            row = int(line["row"])
            want = expected[row - 1]
            if line["status"] != "DONE" or line["content"] != want or decoded.get(str(image)) != want:
                bad.append({"row": row, "status": line["status"], "manifest": line["content"],
                            "decoded": decoded.get(str(image)), "expected": want})
    report = {"mode": "batch", "rows": opts.rows, "csv_bytes": len(payload), "accepted_s": round(accepted_s, 1),
              "done_s": round(done_s, 1), "archive_s": round(archive_s, 1), "archive_bytes": archive_bytes, "manifest_rows": len(manifest),
              "decoded_ok": len(manifest) - len(bad), "bad": len(bad), "first_bad": bad[:3]}
    print(json.dumps(report, ensure_ascii=False))
    sys.exit(0 if not bad and len(manifest) == opts.rows else 1)


if __name__ == "__main__":
    main()
