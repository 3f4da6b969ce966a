#!/usr/bin/env python3
"""Call reads: `GET /signals/calls?symbol=NIFTY&limit=50` and `GET /signals/track-record?symbol=NIFTY`
for a paid user, with wrk at 64 connections, next to `GET /health` from the same run, on PostgreSQL +
Redis (a fresh schema and Redis database 14, as `bench.py` uses them). The market clock starts at
14:00 IST on a trading day, so the first `/signals` records the session's calls so far. Goal: each
read at least 0.5x /health.

Usage: bench/call_reads.py [--seconds 5] [--binary target/release/signalbox]
Prints a Markdown table.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from bench import PostgresRedis  # noqa: E402
from history_reads import wrk  # noqa: E402
from stream_fanout import call, free_port, paid_token  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "signalbox"))
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    args = parser.parse_args()
    backing = PostgresRedis(args.pg_url, args.redis_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(tempfile.mkdtemp(), "server.log"), "w")
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), PUBLIC_URL=base, RUST_LOG="warn",
               MARKET_CLOCK_START="2026-11-27T14:00:00+05:30", **backing.env())
    server = subprocess.Popen([args.binary, "serve"], env=env, stdout=log, stderr=log)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/ready", timeout=1)
                break
            except Exception:
                time.sleep(0.05)
        token = paid_token(base)
        call(base, "GET", "/signals", token=token)  # records the session's calls up to now
        calls = call(base, "GET", "/signals/calls?symbol=NIFTY&limit=50", token=token)["calls"]
        record = call(base, "GET", "/signals/track-record?symbol=NIFTY", token=token)
        health = wrk(base + "/health", None, args.seconds)
        page = wrk(base + "/signals/calls?symbol=NIFTY&limit=50", token, args.seconds)
        track = wrk(base + "/signals/track-record?symbol=NIFTY", token, args.seconds)
        print(f"{len(calls)} NIFTY calls stored, {record['calls']} closed in the track record")
        print("| scenario | req/s | p99 | ratio to /health | non-2xx |")
        print("|---|---:|---:|---:|---:|")
        print(f"| `GET /health` | {health[0]:,.0f} | {health[1]:.1f} ms | — | {health[2]} |")
        for name, run in [("`GET /signals/calls?symbol=NIFTY&limit=50`", page),
                          ("`GET /signals/track-record?symbol=NIFTY`", track)]:
            print(f"| {name}, paid | {run[0]:,.0f} | {run[1]:.1f} ms | {run[0] / health[0]:.2f}× | {run[2]} |")
    finally:
        server.terminate()
        server.wait(timeout=10)
        backing.cleanup()


if __name__ == "__main__":
    main()
