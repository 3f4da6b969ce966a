"""The forged-signature flood: `POST /billing/webhook` with a 64 KiB body and a
`Stripe-Signature` no one signed. Before the bounded parser, a header of 60,000 empty `v1=`
entries cost one HMAC of the whole body per entry (4.95 s per request) and stalled every
endpoint. What matters is the server's CPU time per forged request, read from /proc around
each run, and how `/health` answers while the flood runs."""

import os
import threading
import time

from .load import wrk
from .raw_load import post_flood
from .server import Server

BODY_BYTES = 64 * 1024
CONNS = 8


def _cpu_seconds(pid):
    """User + system CPU time of the process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cases(now):
    forged = "ab" * 32
    return [
        ("60,000 empty `v1=` (240 KB header)", f"t={now}" + ",v1=" * 60_000),
        ("8 forged 64-hex `v1` (the most accepted), fresh `t`", f"t={now}" + f",v1={forged}" * 8),
    ]


def signature_flood(binary, env, workdir, seconds):
    body = ('{"id":"evt_flood","type":"plan.created","pad":"' + "x" * (BODY_BYTES - 49) + '"}').encode()
    server = Server(binary, env, os.path.join(workdir, "flood.log")).start()
    try:
        rows = []
        for name, header in _cases(int(time.time())):
            offset = server.log_offset()
            cpu_before = _cpu_seconds(server.proc.pid)
            holder = {}
            headers = {"Content-Type": "application/json", "Stripe-Signature": header}
            flood = threading.Thread(target=lambda: holder.update(
                r=post_flood(server.port, "/billing/webhook", headers, body, CONNS, seconds)))
            flood.start()
            time.sleep(1)
            health = wrk(server.base, "/health", 4, max(1, seconds - 2))
            flood.join()
            result = holder["r"]
            cpu = _cpu_seconds(server.proc.pid) - cpu_before
            statuses = server.statuses(offset, "/billing/webhook")
            row = {
                "name": name, "requests": result["requests"], "rps": result["rps"],
                "p99_ms": result["p99_us"] / 1e3, "statuses": statuses,
                "errors": result["socket_errors"] + sum(n for code, n in statuses.items() if code != 400),
                # CPU of the whole server over the run, /health requests included (they are ~µs each).
                "cpu_us_per_request": cpu * 1e6 / max(1, result["requests"]),
                "health_p99_ms": health["p99_us"] / 1e3,
            }
            rows.append(row)
            print(f"  flood {name}: {row['rps']:.0f} req/s, {row['cpu_us_per_request']:.0f} µs CPU each, "
                  f"p99 {row['p99_ms']:.2f} ms, statuses {statuses}, /health p99 {row['health_p99_ms']:.2f} ms",
                  flush=True)
        return {"conns": CONNS, "body_bytes": BODY_BYTES, "cases": rows}
    finally:
        server.stop()
