#!/usr/bin/env python3
"""Stream capacity: how many open `GET /signals/stream` connections one instance holds, its
memory (RSS) at each step, and how long one signal takes to reach every open stream.

Opens streams in steps (default 1,000 / 2,000 / 5,000 / 10,000). At each step it reads the
server's RSS, then publishes one signal on the Redis signal bus, as another instance's candle
clock would, and measures from the PUBLISH to the moment each client has read its
`event: signal` frame (p50, p99, max). Goals: 10,000 streams within 300 MiB RSS; p99 ≤ 1 s.

Streams need paid users, five streams each (the per-user cap): the script signs up
streams/5 users and pays for each with a signed `checkout.session.completed` webhook. It lowers
the argon2 cost and raises the sign-up limit and the per-network connection cap (settings) —
only for this bench — and raises its own descriptor limit to the hard limit.

The clients are one Python asyncio process on the same two cores as the server, so latency
includes the client's own time to read every socket in turn; the per-step figures make the
growth with the number of streams visible.

Usage: bench/stream_capacity.py [--steps 1000,2000,5000,10000] [--binary target/release/signalbox]
Needs Redis on 127.0.0.1:6379 (BENCH_REDIS_URL host:port). Prints JSON lines and a Markdown table.
"""

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import resource
import socket
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from lib.server import PASSWORD, Server  # noqa: E402

REDIS = os.environ.get("BENCH_REDIS_URL", "127.0.0.1:6379")
SECRET = "whsec_bench_stream_capacity_0123456789"
FIXTURE = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "stripe", "checkout.session.completed.json")
STREAMS_PER_USER = 5


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def redis(*parts):
    host, port = REDIS.split(":")
    frame = b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in (x.encode() for x in parts))
    with socket.create_connection((host, int(port))) as s:
        s.sendall(frame)
        return s.recv(1 << 16)


def signed(payload):
    stamp = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={mac}"


def with_retries(call, *args):
    """Seeding many users at once can meet a busy SQLite pool (503): wait and ask again."""
    for attempt in range(20):
        try:
            return call(*args)
        except RuntimeError as err:
            if "got 503" not in str(err) or attempt == 19:
                raise
            time.sleep(0.2)


async def paid_token(server, n):
    """Signs up user `n`, logs in and pays with a signed webhook; returns the access token."""
    email = f"capacity-{n}-{uuid.uuid4().hex[:6]}@example.com"
    token = await asyncio.to_thread(with_retries, server.user, email)
    _, me = await asyncio.to_thread(server.call, "GET", "/auth/me", None, token)
    with open(FIXTURE) as f:
        event = json.load(f)
    suffix = uuid.uuid4().hex[:12]
    event["id"] = f"evt_capacity_{suffix}"
    event["created"] = int(time.time())
    event["data"]["object"].update(client_reference_id=me["id"], customer=f"cus_{suffix}", subscription=f"sub_{suffix}")
    payload = json.dumps(event).encode()
    import urllib.request

    req = urllib.request.Request(server.base + "/billing/webhook", data=payload, method="POST")
    req.add_header("Content-Type", "application/json")
    req.add_header("Stripe-Signature", signed(payload))
    await asyncio.to_thread(lambda: urllib.request.urlopen(req, timeout=30).read())
    return token


class Stream:
    """One open stream: waits for `event: signal` frames and notes when each arrived."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer
        self.arrived = asyncio.get_running_loop().create_future()

    async def run(self):
        buffer = b""
        while b"event: signal" not in buffer:
            chunk = await self.reader.read(4096)
            if not chunk:
                return
            buffer = buffer[-64:] + chunk
        self.arrived.set_result(time.perf_counter())


async def open_stream(port, token, n):
    # Spread over loopback addresses, as many clients are.
    source = f"127.{10 + n // 60000}.{(n // 250) % 240}.{n % 250 + 2}"
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    writer.write(
        f"GET /signals/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n")[0]:
        raise RuntimeError(head[:200])
    return Stream(reader, writer)


async def fan_out(streams, prefix, n):
    for stream in streams:
        stream.arrived = asyncio.get_running_loop().create_future()
    readers = [asyncio.create_task(s.run()) for s in streams]
    await asyncio.sleep(0.5)
    signal = {
        "symbol": "NIFTY", "action": "BUY", "price": 26012.35, "confidence": 0.7,
        # A new candle each step (the streams drop anything not newer than what they sent).
        "timestamp": f"2099-01-01T04:{n:02d}:00Z", "reason": "bench", "fast_ma": None, "slow_ma": None, "rsi": None,
    }
    started = time.perf_counter()
    redis("PUBLISH", prefix + "bus:signals", json.dumps(signal))
    await asyncio.wait_for(asyncio.gather(*readers), timeout=60)
    latencies = sorted((s.arrived.result() - started) * 1000 for s in streams if s.arrived.done())
    return latencies


def percentile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


async def run(args):
    fd_limit = raise_fd_limit()
    steps = [int(x) for x in args.steps.split(",")]
    prefix = f"signalbox-capacity-{uuid.uuid4().hex[:8]}:"
    workdir = tempfile.mkdtemp()
    server = Server(args.binary, {
        "DATABASE_URL": f"sqlite://{workdir}/capacity.db",
        "REDIS_URL": f"redis://{REDIS}",
        "REDIS_KEY_PREFIX": prefix,
        "STRIPE_WEBHOOK_SECRET": SECRET,
        "AUTH_RATE_LIMIT_PER_MINUTE": "1000000",
        "CONNECTIONS_PER_NETWORK": "100000",
        "ARGON2_MEMORY_KIB": "64",
        "ARGON2_ITERATIONS": "1",
        "SIGNAL_CLOCK": "off",
        "RUST_LOG": "warn",
    }, os.path.join(workdir, "server.log"))
    server.start()
    rows = []
    try:
        idle = server.rss_mib()
        users_needed = (max(steps) + STREAMS_PER_USER - 1) // STREAMS_PER_USER
        tokens = []
        for batch in range(0, users_needed, 20):
            tokens += await asyncio.gather(*(paid_token(server, n) for n in range(batch, min(users_needed, batch + 20))))
        seeded = server.rss_mib()
        print(json.dumps({"fd_limit": fd_limit, "users": len(tokens), "rss_idle_mib": round(idle, 1),
                          "rss_after_seeding_mib": round(seeded, 1)}), flush=True)
        streams = []
        for n, target in enumerate(steps):
            while len(streams) < target:
                batch = range(len(streams), min(target, len(streams) + 500))
                streams += await asyncio.gather(*(open_stream(server.port, tokens[i // STREAMS_PER_USER], i) for i in batch))
            await asyncio.sleep(1)
            rss = server.rss_mib()
            latencies = await fan_out(streams, prefix, n)
            row = {
                "streams": target, "rss_mib": round(rss, 1),
                "rss_per_stream_kib": round((rss - seeded) * 1024 / target, 1),
                "delivered": len(latencies), "p50_ms": round(percentile(latencies, 0.5), 1),
                "p99_ms": round(percentile(latencies, 0.99), 1), "max_ms": round(latencies[-1], 1) if latencies else None,
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
        print("\n| open streams | RSS MiB | RSS per stream KiB (above seeded) | delivered | p50 ms | p99 ms | max ms |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['streams']} | {r['rss_mib']} | {r['rss_per_stream_kib']} | {r['delivered']} | "
                  f"{r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} |")
        last = rows[-1]
        met = last["streams"] >= 10_000 and last["rss_mib"] <= 300 and last["p99_ms"] <= 1000
        return 0 if met and last["delivered"] == last["streams"] else 1
    finally:
        server.stop()
        redis("DEL", prefix + "bus:signals")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="1000,2000,5000,10000")
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "signalbox"))
    raise SystemExit(asyncio.run(run(parser.parse_args())))
