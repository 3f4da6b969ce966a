"""Load + fault: webhooks and signals under load while Redis is killed and restarted empty.

A private `redis-server` on a free loopback port (so no other user of the machine's Redis is
disturbed) is killed with SIGKILL mid-run and started again with no data, as after a crash
without persistence. Afterwards:
- every webhook event is recorded exactly once (events whose deliveries all failed are
  redelivered once, as Stripe would retry them),
- no 5xx other than the documented 503 of the free-plan quota path,
- the service recovers by itself: `/ready` and a free user's `/signals` answer normally again.
"""

import os
import subprocess
import time
import uuid

from .load import socket_errors, write_events, wrk_background
from .server import Server, free_port

WEBHOOK_SECRET = "whsec_signalbox_dev_only"


def _redis(port, workdir):
    return subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", workdir],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_redis(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run(["redis-cli", "-p", str(port), "PING"], capture_output=True, text=True).stdout.strip() \
                == "PONG":
            return
        time.sleep(0.05)
    raise RuntimeError("private redis-server did not start")


def redis_restart_under_load(binary, profile_factory, common_env, workdir, seconds):
    port = free_port()
    redis = _redis(port, workdir)
    _wait_for_redis(port)
    profile = profile_factory(f"redis://127.0.0.1:{port}")
    server = Server(binary, {**common_env, **profile.env()}, os.path.join(workdir, "fault.log")).start()
    try:
        paid = server.paid_user("fault-paid-0@example.com")
        for i in range(1, 4):
            server.paid_user(f"fault-paid-{i}@example.com")
        free = server.user("fault-free@example.com")
        subscriptions = [tuple(row) for row in profile.query(
            "SELECT customer_id, id FROM subscriptions ORDER BY customer_id")]
        prefix = f"evt_fault{uuid.uuid4().hex[:8]}x"
        events = os.path.join(workdir, "fault-events.tsv")
        distinct = 3000
        write_events(events, prefix, subscriptions, distinct, 3, WEBHOOK_SECRET)
        offset = server.log_offset()

        duration = seconds * 2
        hooks = wrk_background(server.base, "/billing/webhook", 8, duration, events=events)
        signals = wrk_background(server.base, "/signals", 8, duration, token=paid)
        time.sleep(1)
        redis.kill()
        redis.wait()
        outage_started = time.monotonic()
        down = server.call("GET", "/signals", token=free)[0]
        time.sleep(2)
        redis = _redis(port, workdir)
        _wait_for_redis(port)
        restarted_after = time.monotonic() - outage_started
        # Probed while the load is still running.
        recovered_after = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if server.call("GET", "/ready")[0] == 200 and server.call("GET", "/signals", token=free)[0] in (200, 403):
                recovered_after = time.monotonic() - outage_started
                break
            time.sleep(0.05)
        hooks_result, signals_result = hooks.result(), signals.result()

        # Stripe retries what was not acknowledged: redeliver events with no row, once each.
        recorded = {row[0] for row in profile.query(f"SELECT id FROM webhook_events WHERE id LIKE '{prefix}%'")}
        retried, decided_on_retry = 0, 0
        with open(events) as f:
            bodies = {line.split("\t", 1)[1] for line in f.read().splitlines()}
        for body in bodies:
            event_id = body.split('"id":"', 1)[1].split('"', 1)[0]
            if event_id not in recorded:
                retried += 1
                answer = _redeliver(server, body)
                decided_on_retry += '"status":"processed"' in answer or '"status":"ignored"' in answer
        rows = int(profile.query(f"SELECT count(*) FROM webhook_events WHERE id LIKE '{prefix}%'")[0][0])
        statuses = {path: server.statuses(offset, path) for path in ("/billing/webhook", "/signals")}
        server_errors = {path: {c: n for c, n in counts.items() if c >= 500} for path, counts in statuses.items()}
        undocumented = sum(n for path, errs in server_errors.items() for c, n in errs.items()
                           if not (path == "/signals" and c == 503))
        c = hooks_result["counts"]
        return {
            "distinct_events": distinct, "deliveries": distinct * 3,
            "webhook_answers": {"processed": c["processed"], "ignored": c["ignored"], "already_processed": c["already"],
                                "409": c["409"], "5xx": c["5xx"], "socket_errors": socket_errors(hooks_result)},
            "redelivered": retried, "rows": rows,
            # One row per event id (the primary key) and one decision per event: `processed`, or
            # `ignored` when a newer payment of its subscription landed first (concurrent
            # deliveries reorder them). An event applied twice would have been decided twice.
            "exactly_once": rows == distinct and c["processed"] + c["ignored"] + decided_on_retry == distinct,
            "signals_requests": signals_result["requests"], "signals_p99_ms": signals_result["p99_us"] / 1e3,
            "signals_socket_errors": socket_errors(signals_result),
            "free_signals_during_outage": down, "server_errors": server_errors,
            "undocumented_5xx": undocumented,
            "redis_back_after_s": restarted_after, "recovered_after_s": recovered_after,
        }
    finally:
        server.stop()
        try:
            profile.cleanup()
        finally:
            redis.kill()
            redis.wait()


def _redeliver(server, body):
    import hashlib
    import hmac
    import urllib.request

    now = int(time.time())
    mac = hmac.new(WEBHOOK_SECRET.encode(), f"{now}.{body}".encode(), hashlib.sha256).hexdigest()
    req = urllib.request.Request(server.base + "/billing/webhook", data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Stripe-Signature": f"t={now},v1={mac}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.read().decode()
    except OSError as err:
        return str(err)
