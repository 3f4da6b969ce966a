#!/usr/bin/env python3
"""History reads: `GET /signals/history?symbol=NIFTY&limit=50` for a paid user, with
wrk at 64 connections, next to `GET /health` from the same run. Never counts against a quota;
one indexed query for the page and one aggregate for the track record (outcomes are settled by
the candle clock and at start, so a read normally settles nothing).

Usage: bench/history_reads.py [--seconds 5] [--binary target/release/signalbox]
Embedded defaults (a fresh SQLite file, in-process cache); prints a Markdown table.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from stream_fanout import call, free_port, paid_token  # noqa: E402


def wrk(url, token, seconds):
    args = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", url]
    if token:
        args[1:1] = ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(p99.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "signalbox"))
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workdir = tempfile.mkdtemp()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), PUBLIC_URL=base,
               DATABASE_URL=f"sqlite://{workdir}/history.db", RUST_LOG="warn")
    server = subprocess.Popen([args.binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/ready", timeout=1)
                break
            except Exception:
                time.sleep(0.05)
        token = paid_token(base)
        for _ in range(100):  # the start-up backfill fills in the last sessions' history
            page = call(base, "GET", "/signals/history?symbol=NIFTY&limit=50", token=token)
            if len(page["signals"]) == 50:
                break
            time.sleep(0.2)
        health = wrk(base + "/health", None, args.seconds)
        history = wrk(base + "/signals/history?symbol=NIFTY&limit=50", token, args.seconds)
        print("| scenario | req/s | p99 | ratio to /health | non-2xx |")
        print("|---|---:|---:|---:|---:|")
        print(f"| `GET /health` | {health[0]:,.0f} | {health[1]:.1f} ms | — | {health[2]} |")
        print(f"| `GET /signals/history?symbol=NIFTY&limit=50`, paid | {history[0]:,.0f} | {history[1]:.1f} ms | "
              f"{history[0] / health[0]:.2f}× | {history[2]} |")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
