"""Three instances on one PostgreSQL and Redis behind HAProxy, restarted one by one with
SIGTERM while clients keep using the service. Passes when no request failed, every webhook
event was applied exactly once, and every live-stream client received every signal exactly
once. Run by `scripts/cluster-test.sh` (`make test-cluster`).

Usage: python3 -m scripts.cluster --binary target/debug/signalbox
"""

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
import uuid

from . import checks, webhooks
from .backing import Backing
from .balancer import Balancer
from .http import request, signup_and_login, user_id
from .instances import GRACEFUL_EXIT_SECONDS, Instance
from .load import Failures, Load
from .streams import StreamClient

STREAM_USERS = 3
STREAMS_PER_USER = 2
SETTLE_SECONDS = 3
CATCH_UP_SECONDS = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def instance_env(backing, public_url):
    return {
        "HOST": "127.0.0.1",
        "PUBLIC_URL": public_url,
        "DATABASE_URL": backing.database_url,
        "DATABASE_MAX_CONNECTIONS": "5",
        "REDIS_URL": backing.redis_url,
        "REDIS_KEY_PREFIX": backing.key_prefix,
        "REDIS_POOL_SIZE": "8",
        "STRIPE_WEBHOOK_SECRET": webhooks.SECRET,
        "SECRET_KEY": "cluster-test-secret-key-0123456789abcdef",
        # HAProxy (connecting from 127.0.0.1) is the one proxy: only its X-Forwarded-For
        # entry is believed, and clients on other loopback addresses are told apart.
        "TRUST_PROXY_HEADERS": "true",
        "TRUSTED_PROXIES": "127.0.0.1",
        "STATIC_DIR": "/nonexistent-cluster-static",
        "LOG_FORMAT": "json",
        "RUST_LOG": "info,sqlx=warn",
    }


def paid_user(port, n):
    token = signup_and_login(port, f"cluster-paid-{n}-{uuid.uuid4().hex[:8]}@example.com", f"127.0.5.{n + 2}")
    user = user_id(port, token)
    event_id, payload = webhooks.checkout_completed(user, uuid.uuid4().hex[:12])
    reply = webhooks.deliver(port, payload)
    if reply.status != 200 or reply.json().get("status") != "processed":
        raise RuntimeError(f"seeding a paid user: {reply.status} {reply.text}")
    if not request(port, "GET", "/auth/me", token=token).json()["is_paid"]:
        raise RuntimeError("a seeded user is not paid")
    return token, event_id, user


def run(args):
    work_dir = tempfile.mkdtemp(prefix="signalbox-cluster-")
    backing = Backing(args.database_url, args.redis_url).create()
    lb_port = free_port()
    env = instance_env(backing, f"http://127.0.0.1:{lb_port}")
    started_real = time.time()
    instances = [Instance(name, os.path.abspath(args.binary), free_port(), env, work_dir, started_real) for name in ("a", "b", "c")]
    balancer = Balancer(lb_port, instances, work_dir)
    failures = Failures()
    streams, load = [], None
    try:
        instances[0].start()  # migrations once, then the others together
        starting = [threading.Thread(target=i.start) for i in instances[1:]]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join()
        balancer.start()
        print(f"three instances up behind HAProxy on :{lb_port}; logs in {work_dir}", flush=True)

        seeded = [paid_user(lb_port, n) for n in range(STREAM_USERS)]
        tokens = [token for token, _, _ in seeded]
        for n, token in enumerate(tokens):
            for k in range(STREAMS_PER_USER):
                client = StreamClient(f"stream-{n}-{k}", lb_port, token, f"127.0.6.{n * 10 + k + 2}", failures)
                client.start()
                streams.append(client)
        load = Load(lb_port, tokens, "", failures)
        load.login_email = request(lb_port, "GET", "/auth/me", token=tokens[0]).json()["email"]
        load.start()

        time.sleep(args.before)
        exits = {}
        for instance in instances:
            exits[instance.name] = instance.terminate()
            print(f"{instance.name} stopped in {exits[instance.name]:.1f} s after SIGTERM", flush=True)
            instance.start()
            balancer.wait_up(len(instances))
            time.sleep(SETTLE_SECONDS)
        time.sleep(args.after)
        load.stop()

        # The newest stored signal must reach every client (the bus is a few ms behind).
        newest = checks.stored_signal_ids(backing)[-1]
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while time.monotonic() < deadline:
            if all(c.ids and checks.sort_key(c.ids[-1]) >= checks.sort_key(newest) for c in streams):
                break
            time.sleep(0.2)
        for client in streams:
            client.stop()
        stored = [i for i in checks.stored_signal_ids(backing) if checks.sort_key(i) <= checks.sort_key(newest)]

        problems = list(failures.items)
        problems += [f"{name} took {took:.1f} s to stop (limit {GRACEFUL_EXIT_SECONDS})"
                     for name, took in exits.items() if took > GRACEFUL_EXIT_SECONDS]
        problems += checks.webhook_problems(backing, {**load.events, **{e: u for _, e, u in seeded}})
        for client in streams:
            problems += checks.stream_problems(client, stored)
        report(failures, load, streams, exits)
        if problems:
            print(f"\nFAILED: {len(problems)} problem(s):", *problems[:60], sep="\n  ")
            return 1
        print("\ncluster test passed: no failed request, every webhook once, every signal once on every stream")
        return 0
    finally:
        for client in streams:
            client.stopping.set()
        if load:
            load.stopping.set()
        for instance in instances:
            instance.kill()
        balancer.stop()
        backing.drop()


def report(failures, load, streams, exits):
    print("requests answered:", dict(sorted(failures.counts.items())))
    print(f"webhook events: {len(load.events)} distinct, each delivered 3 times")
    for client in streams:
        print(f"{client.name}: {len(client.ids)} signals ({client.ids[0] if client.ids else '-'} .. "
              f"{client.ids[-1] if client.ids else '-'}), {client.connects} connections, ends {client.ends}, "
              f"{client.drops} drops")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "debug", "signalbox"))
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis-url", default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379"))
    parser.add_argument("--before", type=float, default=8, help="seconds of load before the first restart")
    parser.add_argument("--after", type=float, default=8, help="seconds of load after the last restart")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
