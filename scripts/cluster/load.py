"""Steady load through the load balancer while instances restart: health checks, paid
`/signals` and `/signals/calls`, logins and sign-ups from many client networks, and webhook
deliveries with duplicates. Every answer is checked; anything unexpected is a failure.

Logins and sign-ups come from many loopback addresses, a few a minute each, while the whole
run sends far more than `AUTH_RATE_LIMIT_PER_MINUTE` (10): were the instances not reading the
client's address from HAProxy's `X-Forwarded-For`, they would all count against HAProxy's own
address and be refused with `429`, failing the run."""

import concurrent.futures
import itertools
import threading
import time
import uuid

from . import webhooks
from .http import PASSWORD, request, user_id


class Failures:
    def __init__(self):
        self.lock = threading.Lock()
        self.items = []
        self.counts = {}

    def note(self, what):
        with self.lock:
            self.items.append(f"{time.strftime('%H:%M:%S')} {what}")

    def count(self, kind):
        with self.lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1


class Load:
    def __init__(self, port, paid_tokens, login_email, failures):
        self.port = port
        self.paid_tokens = paid_tokens
        self.login_email = login_email
        self.failures = failures
        self.stopping = threading.Event()
        self.threads = []
        self.events = {}  # event id -> user id it pays for
        self.events_lock = threading.Lock()
        # 127.0.1.x .. 127.0.3.x: every sign-up and login from its own network, as real users.
        self.sources = itertools.cycle(f"127.0.{a}.{b}" for a in (1, 2, 3) for b in range(2, 250))
        self.sources_lock = threading.Lock()

    def source(self):
        with self.sources_lock:
            return next(self.sources)

    def start(self):
        workers = [self.health, self.signals, self.signals, self.calls, self.logins, self.signups_paying]
        for worker in workers:
            thread = threading.Thread(target=self.loop, args=(worker,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def loop(self, worker):
        while not self.stopping.is_set():
            try:
                worker()
            except Exception as err:  # a refused or dropped connection is a failed request
                self.failures.note(f"{worker.__name__}: {err!r}")

    def expect(self, kind, reply, status):
        self.failures.count(kind)
        if reply.status != status:
            self.failures.note(f"{kind}: expected {status}, got {reply.status}: {reply.text[:200]}")

    def health(self):
        self.expect("health", request(self.port, "GET", "/health"), 200)
        time.sleep(0.01)

    def signals(self):
        for token in self.paid_tokens:
            self.expect("signals", request(self.port, "GET", "/signals", token=token), 200)
        time.sleep(0.01)

    def calls(self):
        self.expect("calls", request(self.port, "GET", "/signals/calls?symbol=NIFTY", token=self.paid_tokens[0]), 200)
        time.sleep(0.05)

    def logins(self):
        body = {"email": self.login_email, "password": PASSWORD}
        self.expect("login", request(self.port, "POST", "/auth/login", body, source=self.source()), 200)
        time.sleep(0.2)

    def signups_paying(self):
        """A new user signs up, and Stripe reports their checkout: three copies of the event,
        two at the same moment on different connections and one a moment later."""
        email = f"cluster-{uuid.uuid4().hex[:10]}@example.com"
        reply = request(self.port, "POST", "/auth/signup", {"email": email, "password": PASSWORD}, source=self.source())
        self.expect("signup", reply, 201)
        if reply.status != 201:
            return
        reply = request(self.port, "POST", "/auth/login", {"email": email, "password": PASSWORD}, source=self.source())
        self.expect("login", reply, 200)
        if reply.status != 200:
            return
        user = user_id(self.port, reply.json()["access_token"])
        event_id, payload = webhooks.checkout_completed(user, uuid.uuid4().hex[:12])
        with self.events_lock:
            self.events[event_id] = user
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            copies = list(pool.map(lambda _: webhooks.deliver(self.port, payload), range(2)))
        time.sleep(0.3)
        copies.append(webhooks.deliver(self.port, payload))
        for reply in copies:
            self.failures.count("webhook")
            if reply.status != 200:
                self.failures.note(f"webhook {event_id}: {reply.status} {reply.text[:200]}")
        decided = [r.json().get("status") for r in copies if r.status == 200]
        if decided.count("processed") > 1:
            self.failures.note(f"webhook {event_id} was processed {decided.count('processed')} times: {decided}")
