#!/usr/bin/env python3
"""`/health` latency for one client while another attacks: p50/p99 of 2,000 `/health`
requests from 127.0.0.2 (a new connection each, as a monitor makes them), first with nothing
else running (the control), then while 127.0.0.1 holds hundreds of connections trickling
headers, leaves large answers unread on more, and keeps opening new ones (a flood).
Goal: p99 ≤ 50 ms under attack.

Usage: bench/health_under_attack.py [--binary target/release/signalbox] [--requests 2000]
Needs nothing but the binary (a fresh SQLite file). Prints JSON lines and a Markdown table.
"""

import argparse
import asyncio
import json
import os
import resource
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from lib.server import Server  # noqa: E402


async def health_latencies(port, count):
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.2", 0))
        writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = await reader.read()
        latencies.append((time.perf_counter() - started) * 1000)
        writer.close()
        if not answer.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(answer[:200])
    return sorted(latencies)


async def slow_headers(port, held):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /health HTTP/1.1\r\nX-Slow: ")
    held.append(writer)
    while True:
        await asyncio.sleep(1)
        writer.write(b"a")


async def unread_answer(port, held):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
    held.append(writer)
    await asyncio.sleep(3600)


async def flood(port, stop):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
        except OSError:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0)


def row(name, lat):
    p = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))], 2)
    return {"scenario": name, "requests": len(lat), "p50_ms": p(0.5), "p99_ms": p(0.99), "max_ms": round(lat[-1], 2)}


async def run(args):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    workdir = tempfile.mkdtemp()
    server = Server(args.binary, {"DATABASE_URL": f"sqlite://{workdir}/health.db", "SIGNAL_CLOCK": "off",
                                  "RUST_LOG": "warn"}, os.path.join(workdir, "server.log")).start()
    rows = []
    try:
        rows.append(row("quiet (control)", await health_latencies(server.port, args.requests)))
        held, stop = [], asyncio.Event()
        attacks = [asyncio.create_task(slow_headers(server.port, held)) for _ in range(300)]
        attacks += [asyncio.create_task(unread_answer(server.port, held)) for _ in range(300)]
        attacks += [asyncio.create_task(flood(server.port, stop)) for _ in range(4)]
        await asyncio.sleep(1)
        rows.append(row("one network: 300 slow headers + 300 unread answers + a connection flood",
                        await health_latencies(server.port, args.requests)))
        stop.set()
        for task in attacks:
            task.cancel()
    finally:
        server.stop()
    for r in rows:
        print(json.dumps(r))
    print("\n| /health from another client | requests | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['scenario']} | {r['requests']} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} |")
    return 0 if rows[-1]["p99_ms"] <= 50 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "signalbox"))
    parser.add_argument("--requests", type=int, default=2000)
    raise SystemExit(asyncio.run(run(parser.parse_args())))
