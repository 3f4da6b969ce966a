#!/usr/bin/env python3
"""Signalbox benchmarks: the release binary on embedded defaults and on Postgres + Redis,
driven by wrk over loopback. Run through bench/run.sh, which builds the binary first.

Every scenario is bounded (a few seconds); the machine is shared and noisy, so each result is
also given as a ratio to `GET /health` measured in the same run."""

import argparse
import datetime
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.fault import redis_restart_under_load  # noqa: E402
from lib.flood import signature_flood  # noqa: E402
from lib.load import socket_errors, write_events, wrk, wrk_background  # noqa: E402
from lib.report import write_results  # noqa: E402
from lib.server import PASSWORD, Server  # noqa: E402

DEV_WEBHOOK_SECRET = "whsec_signalbox_dev_only"
# The login benchmark measures hashing, not the limiters: one client address and one account
# send every attempt, several at a time.
COMMON_ENV = {"AUTH_RATE_LIMIT_PER_MINUTE": "1000000000", "LOGIN_FAILURES_PER_ACCOUNT": "1000000000"}


class Embedded:
    name = "embedded (SQLite file + in-process memory)"
    key = "embedded"

    def __init__(self, workdir):
        self.db = os.path.join(workdir, "bench.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.db + suffix):
                os.remove(self.db + suffix)

    def env(self):
        return {"DATABASE_URL": f"sqlite://{self.db}"}

    def query(self, sql):
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()

    def forget_cached_signals(self):
        pass  # the cache lives in the server process

    def cleanup(self):
        pass


class PostgresRedis:
    name = "PostgreSQL + Redis"
    key = "postgres"

    def __init__(self, pg_url, redis_url):
        self.pg_url = pg_url
        self.redis_url = redis_url
        self.schema = f"bench_{uuid.uuid4().hex[:10]}"
        subprocess.run(["psql", pg_url, "-qc", f"CREATE SCHEMA {self.schema}"], check=True)
        self.forget_cached_signals()

    def env(self):
        sep = "&" if "?" in self.pg_url else "?"
        return {
            "DATABASE_URL": f"{self.pg_url}{sep}options=-c%20search_path%3D{self.schema}",
            "REDIS_URL": self.redis_url,
        }

    def query(self, sql):
        out = subprocess.run(
            ["psql", self.pg_url, "-qAtc", f"SET search_path TO {self.schema}; {sql}"],
            check=True, capture_output=True, text=True,
        )
        return [tuple(line.split("|")) for line in out.stdout.strip().splitlines() if line]

    def redis(self, *args):
        return subprocess.run(["redis-cli", "-u", self.redis_url, *args], check=True, capture_output=True,
                              text=True).stdout

    def forget_cached_signals(self):
        """The dedicated Redis database is this benchmark's alone: clear what a previous server left."""
        keys = self.redis("--scan", "--pattern", "signalbox:*").split()
        for i in range(0, len(keys), 500):
            self.redis("DEL", *keys[i:i + 500])

    def cleanup(self):
        subprocess.run(["psql", self.pg_url, "-qc", f"DROP SCHEMA {self.schema} CASCADE"], check=False)
        self.forget_cached_signals()


def measure(server, results, name, path, conns, seconds, health_rps=None, expected=(200,), goal="", rate=True,
            **wrk_args):
    """One wrk run. Errors are socket errors plus answers with an unexpected status, counted
    from the server's own access log (wrk alone only knows "not 2xx"). `rate=False` when the run
    ends before wrk's duration (a bounded list of events), so requests/duration means nothing."""
    offset = server.log_offset()
    result = wrk(server.base, path, conns, seconds, **wrk_args)
    statuses = server.statuses(offset, path)
    unexpected = {code: n for code, n in statuses.items() if code not in expected}
    row = {
        "name": name,
        "rps": result["rps"] if rate else None,
        "p50_ms": result["p50_us"] / 1e3,
        "p99_ms": result["p99_us"] / 1e3,
        "errors": socket_errors(result) + sum(unexpected.values()),
        "unexpected_statuses": unexpected,
        "requests": result["requests"],
        "ratio": result["rps"] / health_rps if health_rps and rate else None,
        "goal": goal,
        "wrk": result,
    }
    results["scenarios"].append(row)
    rps = f"{row['rps']:>8.0f}" if rate else f"{'—':>8}"
    print(f"  {name:<52} {rps} req/s  p50 {row['p50_ms']:7.2f} ms  p99 {row['p99_ms']:7.2f} ms"
          f"  errors {row['errors']}" + (f"  ratio {row['ratio']:.2f}" if row["ratio"] else ""), flush=True)
    return row


def run_profile(profile, binary, seconds, workdir):
    results = {"profile": profile.name, "key": profile.key, "scenarios": []}
    server = Server(binary, {**COMMON_ENV, **profile.env()}, os.path.join(workdir, f"{profile.key}.log")).start()
    try:
        results["startup_ms"] = server.startup_ms
        results["rss_idle_mib"] = server.rss_mib()
        print(f"\n== {profile.name}: ready in {server.startup_ms:.0f} ms, RSS {results['rss_idle_mib']:.1f} MiB",
              flush=True)
        paid = server.paid_user("bench-paid-0@example.com")
        for i in range(1, 8):
            server.paid_user(f"bench-paid-{i}@example.com")
        free = server.free_user_over_quota("bench-free@example.com")
        server.call("GET", "/signals", token=paid, expect=200)  # fills the signal cache
        results["rss_seeded_mib"] = server.rss_mib()
        base = server.base

        s = seconds
        h = measure(server, results, "GET /health (baseline), 64 conns", "/health", 64, s)["rps"]
        measure(server, results, "GET /signals, paid, cached, 64 conns", "/signals", 64, s, h, token=paid,
                goal="≥ 0.50× /health, p99 ≤ 5 ms")
        # What Python's `requests` sends by default: the body is compressed once per candle.
        measure(server, results, "GET /signals, paid, cached, gzip, 64 conns", "/signals", 64, s, h, token=paid,
                accept_encoding="gzip, deflate")
        measure(server, results, "GET /auth/me, 64 conns", "/auth/me", 64, s, h, token=paid, goal="≥ 0.50× /health")
        measure(server, results, "GET /signals, free over quota (403), 64 conns", "/signals", 64, s, h, token=free,
                expected=(403,), goal="≥ 0.30× /health")
        creds = {"email": "bench-paid-0@example.com", "password": PASSWORD}
        measure(server, results, "POST /auth/login (argon2id 19 MiB, t=2), 8 conns", "/auth/login", 8, s, h,
                method="POST", body=creds, goal="logins/s")

        results["login_flood"] = login_flood(server, results, paid, creds, s, h)

        subscriptions = [tuple(row) for row in profile.query(
            "SELECT customer_id, id FROM subscriptions ORDER BY customer_id")]
        events = os.path.join(workdir, "events.tsv")
        prefix = f"evt_bench{uuid.uuid4().hex[:8]}d"
        total = write_events(events, prefix, subscriptions, 40_000, 1, DEV_WEBHOOK_SECRET)
        distinct = measure(server, results, "POST /billing/webhook, distinct signed events, 16 conns",
                           "/billing/webhook", 16, s, h, events=events, goal="events/s")
        distinct["exhausted"] = distinct["requests"] >= total

        per_run = max(200, int(distinct["rps"] * s / 10 * 0.6))
        prefix = f"evt_bench{uuid.uuid4().hex[:8]}x"
        write_events(events, prefix, subscriptions, per_run, 10, DEV_WEBHOOK_SECRET, first_serial=total)
        dup = measure(server, results, "POST /billing/webhook, each event 10×, 16 conns", "/billing/webhook", 16,
                      s * 2, h, expected=(200, 409), rate=False, events=events, goal="exactly one effect each")
        c = dup["wrk"]["counts"]
        recorded = int(profile.query(f"SELECT count(*) FROM webhook_events WHERE id LIKE '{prefix}%'")[0][0])
        answered = c["2xx"] + c["409"] + c["4xx"] + c["5xx"]
        results["duplicates"] = {
            "distinct": per_run, "sent": per_run * 10, "answered": answered,
            "processed": c["processed"], "already_processed": c["already"], "ignored": c["ignored"],
            "in_progress_409": c["409"], "server_errors": c["5xx"], "rows_recorded": recorded,
            # One decision per event: `processed`, or `ignored` when a newer payment of the same
            # subscription was applied first (16 connections reorder deliveries); every other
            # copy is `already_processed` or 409. Applying one twice would decide it twice.
            "exactly_once": answered == per_run * 10 and c["processed"] + c["ignored"] == per_run == recorded
            and c["5xx"] == 0,
        }
        print(f"  duplicates: {json.dumps(results['duplicates'])}", flush=True)
        results["rss_after_mib"] = server.rss_mib()
    finally:
        server.stop()

    counted_free_user(profile, binary, results, seconds, workdir, h)
    results["stampede"] = stampede(profile, binary, paid, workdir)
    return results


FLOOD_ROUNDS = 3


def login_flood(server, results, paid, creds, seconds, health_rps):
    """`/signals` p99 quiet, during a login flood, and beside a CPU burner that is not Signalbox,
    in FLOOD_ROUNDS interleaved rounds; each figure is the median of its rounds.

    Why rounds: on this shared two-core machine the p99 of one 5-second window moves between
    0.6 and 2.7 ms with nothing changed, so one quiet window against one flood window measured
    the machine's mood as much as the flood. Why the burner: as many single-threaded busy loops
    as there are hashing threads, at the lowest priority Linux has (`SCHED_IDLE`), in another
    process. It is the floor for "something else uses the other core", which no scheduling
    inside Signalbox can go under; the flood is judged against the quiet p99 (the goal) and
    reported against the burner (how much of the rise is the machine's)."""
    windows = {"quiet": [], "flood": [], "burner": []}
    logins = []
    scratch = {"scenarios": []}  # one row per window would bury the table; medians go in it
    for _ in range(FLOOD_ROUNDS):
        windows["quiet"].append(measure(server, scratch, "GET /signals, paid, 16 conns, quiet", "/signals", 16,
                                        seconds, health_rps, token=paid))
        flood = wrk_background(server.base, "/auth/login", 8, seconds + 2, method="POST", body=creds)
        time.sleep(1)
        windows["flood"].append(measure(server, scratch, "GET /signals, paid, 16 conns, during login flood",
                                        "/signals", 16, seconds, health_rps, token=paid))
        logins.append(flood.result()["rps"])
        burners = [subprocess.Popen(["chrt", "--idle", "0", sys.executable, "-c", "while True: pass"])
                   for _ in range(max(1, (os.cpu_count() or 2) // 2))]
        try:
            time.sleep(0.5)
            windows["burner"].append(measure(server, scratch, "GET /signals, paid, 16 conns, beside a CPU burner",
                                             "/signals", 16, seconds, health_rps, token=paid))
        finally:
            for burner in burners:
                burner.kill()
                burner.wait()
    names = {
        "quiet": "GET /signals, paid, 16 conns, quiet",
        "flood": "GET /signals, paid, 16 conns, during login flood",
        "burner": "GET /signals, paid, 16 conns, beside an idle-priority CPU burner (not Signalbox)",
    }
    goals = {"flood": "p99 ≤ 1.5× the burner's p99"}
    medians = {}
    for key, rows in windows.items():
        row = {
            "name": f"{names[key]} (median of {len(rows)})",
            "rps": statistics.median(r["rps"] for r in rows),
            "p50_ms": statistics.median(r["p50_ms"] for r in rows),
            "p99_ms": statistics.median(r["p99_ms"] for r in rows),
            "errors": sum(r["errors"] for r in rows),
            "ratio": statistics.median(r["ratio"] for r in rows),
            "goal": goals.get(key, ""),
            "p99_windows_ms": [r["p99_ms"] for r in rows],
        }
        results["scenarios"].append(row)
        medians[key] = row["p99_ms"]
    out = {
        "logins_per_s": statistics.median(logins),
        "p99_ratio": medians["flood"] / medians["quiet"],
        "burner_ratio": medians["burner"] / medians["quiet"],
        "flood_to_burner": medians["flood"] / medians["burner"],
        "p99_windows_ms": {key: [r["p99_ms"] for r in rows] for key, rows in windows.items()},
    }
    print(f"  login flood: {json.dumps(out)}", flush=True)
    return out


def counted_free_user(profile, binary, results, seconds, workdir, health_rps):
    """A free user whose every request is counted and allowed: a server with a limit no run
    reaches, so each request makes the quota's one atomic increment (a Redis round trip on
    PostgreSQL + Redis). The over-quota scenario above measures refusals, which this process
    answers from memory once it has refused the user today."""
    env = {**COMMON_ENV, **profile.env(), "FREE_SIGNALS_PER_DAY": "1000000000"}
    server = Server(binary, env, os.path.join(workdir, f"{profile.key}-counted.log")).start()
    try:
        free = server.user("bench-counted@example.com")
        measure(server, results, "GET /signals, free, counted (200), 64 conns", "/signals", 64, seconds, health_rps,
                token=free, goal="≥ 0.30× /health")
    finally:
        server.stop()


# A trading morning, at 100x: a 5-minute candle closes every 3 s of the run.
STAMPEDE_MARKET = {"MARKET_CLOCK_START": "2026-11-27T10:00:00+05:30", "MARKET_CLOCK_SPEED": "100"}


def stampede(profile, binary, paid, workdir):
    """500 connections hammer `/signals` while candles close under them: each close makes
    every cached signal stale at once. The server's market clock runs a trading morning at
    100x and its own candle clock is off, so only requests compute; the log has one line per
    computation. Goal: one computation per symbol per candle, however many requests miss."""
    profile.forget_cached_signals()
    env = {**COMMON_ENV, **profile.env(), **STAMPEDE_MARKET, "SIGNAL_CLOCK": "off"}
    server = Server(binary, env, os.path.join(workdir, f"{profile.key}-stampede.log")).start()
    try:
        _, first = server.call("GET", "/signals", token=paid, expect=200)
        offset = server.log_offset()
        before = server.log_lines("signal computed")
        result = wrk(server.base, "/signals", 500, 7, threads=2, token=paid)
        _, last = server.call("GET", "/signals", token=paid, expect=200)
        computations = server.log_lines("signal computed") - before
        unexpected = sum(n for code, n in server.statuses(offset, "/signals").items() if code != 200)
        closes = candles_between(first["market"]["as_of"], last["market"]["as_of"])
        out = {"connections": 500, "requests": result["requests"], "errors": socket_errors(result) + unexpected,
               "computations": computations, "candle_closes": closes, "symbols": 2,
               "p99_ms": result["p99_us"] / 1e3}
        print(f"  stampede: {json.dumps(out)}", flush=True)
        return out
    finally:
        server.stop()


def candles_between(first_as_of, last_as_of):
    """How many 5-minute candles closed after `first_as_of`, up to and including `last_as_of`."""
    def parse(stamp):
        return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return int((parse(last_as_of) - parse(first_as_of)).total_seconds() // 300)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--profiles", default="embedded,postgres,fault,flood")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--results", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS.md"))
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()

    workdir = args.workdir or tempfile.mkdtemp(prefix="signalbox-bench-")
    os.makedirs(workdir, exist_ok=True)
    print(f"logs and scratch files: {workdir}")
    runs = []
    for key in args.profiles.split(","):
        if key == "fault":
            print("\n== Redis killed and restarted under load (PostgreSQL + a private Redis)", flush=True)
            fault = redis_restart_under_load(args.binary, lambda url: PostgresRedis(args.pg_url, url), COMMON_ENV,
                                             workdir, args.seconds)
            print(f"  {json.dumps(fault)}", flush=True)
            runs.append({"key": "fault", "fault": fault})
            continue
        if key == "flood":
            print("\n== Forged Stripe-Signature flood (embedded defaults)", flush=True)
            flood = signature_flood(args.binary, {**COMMON_ENV, **Embedded(workdir).env()}, workdir, args.seconds)
            runs.append({"key": "flood", "flood": flood})
            continue
        profile = Embedded(workdir) if key == "embedded" else PostgresRedis(args.pg_url, args.redis_url)
        try:
            runs.append(run_profile(profile, args.binary, args.seconds, workdir))
        finally:
            profile.cleanup()
    with open(os.path.join(workdir, "results.json"), "w") as f:
        json.dump(runs, f, indent=2)
    write_results(args.results, runs, args.seconds)
    print(f"\nwrote {args.results}")


if __name__ == "__main__":
    main()
