#!/usr/bin/env python3
"""Stream fan-out: 1,000 paid subscribers on `GET /signals/stream`, one new signal,
how long until each subscriber has it.

The signal is published on the Redis signal bus exactly as another instance's candle clock
would publish it (so this measures the cross-instance path: Redis pub/sub → the instance's
one listener → its in-process broadcast → 1,000 SSE responses). Latency is measured from the
PUBLISH to the moment each client has read the `event: signal` frame.

Usage: bench/stream_fanout.py [--subscribers 1000] [--binary target/release/signalbox]
Needs Redis on 127.0.0.1:6379 (override with BENCH_REDIS_URL host:port); the database is a
fresh SQLite file. Prints a JSON line and a Markdown row; the goal is p99 ≤ 100 ms.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid

REDIS = os.environ.get("BENCH_REDIS_URL", "127.0.0.1:6379")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def call(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as resp:
        raw = resp.read()
        return json.loads(raw) if raw else None


def paid_token(base):
    email, password = f"fanout-{uuid.uuid4().hex[:8]}@example.com", "fan-out bench passphrase 2026"
    call(base, "POST", "/auth/signup", {"email": email, "password": password})
    token = call(base, "POST", "/auth/login", {"email": email, "password": password})["access_token"]
    checkout = call(base, "POST", "/billing/create-checkout", token=token)
    path = checkout["checkout_url"][len(base):]
    req = urllib.request.Request(base + path + "/pay", data=b"", method="POST")
    try:
        urllib.request.urlopen(req, timeout=30)
    except urllib.error.HTTPError:
        pass  # the redirect to the dashboard
    return token


def redis_publish(channel, message):
    host, port = REDIS.split(":")
    parts = [b"PUBLISH", channel.encode(), message.encode()]
    frame = b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)
    with socket.create_connection((host, int(port))) as s:
        s.sendall(frame)
        return s.recv(64)


async def subscriber(port, token, ready, received, started):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /signals/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0], head
    ready.append(1)
    buffer = b""
    while b"event: signal" not in buffer:
        chunk = await reader.read(4096)
        if not chunk:
            return
        buffer += chunk
    received.append(time.perf_counter() - started[0])
    writer.close()


async def run(args):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    prefix = f"signalbox-fanout-{uuid.uuid4().hex[:8]}:"
    workdir = tempfile.mkdtemp()
    env = dict(
        os.environ,
        HOST="127.0.0.1",
        PORT=str(port),
        PUBLIC_URL=base,
        DATABASE_URL=f"sqlite://{workdir}/fanout.db",
        REDIS_URL=f"redis://{REDIS}",
        REDIS_KEY_PREFIX=prefix,
        AUTH_RATE_LIMIT_PER_MINUTE="100000",
        RUST_LOG="warn",
    )
    server = subprocess.Popen([args.binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/ready", timeout=1)
                break
            except Exception:
                time.sleep(0.05)
        token = paid_token(base)
        ready, received, started = [], [], [0.0]
        tasks = [asyncio.create_task(subscriber(port, token, ready, received, started)) for _ in range(args.subscribers)]
        while len(ready) < args.subscribers:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # every stream subscribed on the bus
        signal = {
            "symbol": "NIFTY",
            "action": "BUY",
            "price": 26012.35,
            "confidence": 0.7,
            "timestamp": "2099-01-01T04:00:00Z",
            "reason": "bench",
            "fast_ma": None,
            "slow_ma": None,
            "rsi": None,
        }
        started[0] = time.perf_counter()
        redis_publish(prefix + "bus:signals", json.dumps(signal))
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
        lat = sorted(x * 1000 for x in received)
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
        result = {
            "subscribers": args.subscribers,
            "delivered": len(lat),
            "p50_ms": round(p(0.50), 1),
            "p99_ms": round(p(0.99), 1),
            "max_ms": round(lat[-1], 1),
            "mean_ms": round(statistics.mean(lat), 1),
        }
        print(json.dumps(result))
        print(
            f"| {args.subscribers} subscribers, one signal | delivered {len(lat)}/{args.subscribers} | "
            f"p50 {result['p50_ms']} ms | p99 {result['p99_ms']} ms | max {result['max_ms']} ms |"
        )
        return 0 if len(lat) == args.subscribers and result["p99_ms"] <= 100 else 1
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "signalbox"))
    raise SystemExit(asyncio.run(run(parser.parse_args())))
