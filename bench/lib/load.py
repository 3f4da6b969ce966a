"""The load generator: wrk over loopback with bench/wrk/bench.lua, and signed Stripe events
for the webhook scenarios."""

import hashlib
import hmac
import json
import os
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "wrk", "bench.lua")


def wrk(base, path, conns, seconds, threads=1, method="GET", body=None, token=None, events=None, count=False,
        accept_encoding=None):
    """Runs wrk once; returns the JSON its done() hook printed, plus req/s."""
    env = {
        **os.environ,
        "BENCH_METHOD": method,
        "BENCH_BODY": json.dumps(body) if body is not None else "",
        "BENCH_AUTH": token or "",
        "BENCH_THREADS": str(threads),
        "BENCH_COUNT": "1" if count else "0",
        "BENCH_ACCEPT_ENCODING": accept_encoding or "",
    }
    if events:
        env["BENCH_EVENTS"] = events
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s", "-s", SCRIPT, base + path]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    seconds_run = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds_run

    return result


def wrk_background(base, path, conns, seconds, **kwargs):
    """Starts wrk without waiting; `.result()` on the returned object waits and parses."""
    import threading

    holder = {}
    thread = threading.Thread(target=lambda: holder.update(r=wrk(base, path, conns, seconds, **kwargs)))
    thread.start()

    class Pending:
        @staticmethod
        def result():
            thread.join()
            return holder["r"]

    return Pending()


def socket_errors(result):
    return result["connect_errors"] + result["read_errors"] + result["write_errors"] + result["timeouts"]


def sign(payload, secret, timestamp):
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def invoice_paid(event_id, customer, subscription, created, period_end):
    """An `invoice.paid` event like Stripe's: pays the subscription's period up to `period_end`."""
    return {
        "id": event_id,
        "object": "event",
        "type": "invoice.paid",
        "created": created,
        "data": {
            "object": {
                "object": "invoice",
                "customer": customer,
                "subscription": subscription,
                "status": "paid",
                "lines": {"data": [{"period": {"start": created, "end": period_end}}]},
            }
        },
    }


def write_events(path, prefix, subscriptions, distinct, copies, secret, first_serial=0):
    """`distinct` events over `subscriptions` ((customer, subscription) pairs), each line
    repeated `copies` times in a row, so the copies of one event go out on different
    connections at about the same moment. Each event pays one second further than the one
    before it (event number `first_serial + i`), so every event is a new fact with an effect of
    its own: each must take effect exactly once. A later batch passes a `first_serial` above
    every earlier one's, or its payments would repeat known facts and answer `ignored`."""
    now = int(time.time())
    lines = []
    for i in range(distinct):
        customer, subscription = subscriptions[i % len(subscriptions)]
        period_end = now + 30 * 86400 + first_serial + i
        payload = json.dumps(invoice_paid(f"{prefix}{i:07d}", customer, subscription, now, period_end),
                             separators=(",", ":")).encode()
        lines.append(f"{sign(payload, secret, now)}\t{payload.decode()}")
    with open(path, "w") as f:
        for line in lines:
            f.write((line + "\n") * copies)
    return distinct * copies
