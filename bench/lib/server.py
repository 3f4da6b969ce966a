"""The release binary under test: start on a free loopback port, wait until ready, read its
memory, stop it; plus the few HTTP calls that seed users (standard library only)."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

PASSWORD = "bench-password-123"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, env, log_path):
        self.binary = binary
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "PUBLIC_URL": self.base,
            "STATIC_DIR": "/nonexistent-bench-static",
            "LOG_FORMAT": "json",
            **env,
        }
        self.log_path = log_path
        self.proc = None
        self.startup_ms = None

    def start(self, timeout=30):
        log = open(self.log_path, "w")
        started = time.monotonic()
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=log, stderr=log)
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base}/ready", timeout=1) as resp:
                    if resp.status == 200:
                        self.startup_ms = (time.monotonic() - started) * 1e3
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.005)
        self.stop()
        raise RuntimeError(f"server not ready within {timeout}s; see {self.log_path}")

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_offset(self):
        return os.path.getsize(self.log_path)

    def statuses(self, offset, path):
        """Responses to `path` by status code, from the access-log lines written after `offset`
        (other requests may run at the same time, like the login flood)."""
        counts = {}
        path_field = f'"path":"{path}"'.encode()
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            for line in f:
                if b'"message":"response"' not in line or path_field not in line:
                    continue
                at = line.find(b'"status":')
                if at >= 0:
                    status = int(line[at + 9:at + 12])
                    counts[status] = counts.get(status, 0) + 1
        return counts

    def log_lines(self, message):
        """How many log lines carry `message` (JSON logs: the `fields.message`)."""
        count = 0
        with open(self.log_path) as f:
            for line in f:
                if message in line:
                    try:
                        if json.loads(line).get("fields", {}).get("message") == message:
                            count += 1
                    except json.JSONDecodeError:
                        pass
        return count

    # --- HTTP -------------------------------------------------------------------------------

    def call(self, method, path, body=None, token=None, expect=None):
        url = path if path.startswith("http") else self.base + path
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(req, timeout=10) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode()
        if expect is not None and status != expect:
            raise RuntimeError(f"{method} {path}: expected {expect}, got {status}: {text[:300]}")
        try:
            return status, json.loads(text)
        except json.JSONDecodeError:
            return status, text

    def user(self, email):
        """Signs up and logs in; returns the access token."""
        self.call("POST", "/auth/signup", {"email": email, "password": PASSWORD}, expect=201)
        _, token = self.call("POST", "/auth/login", {"email": email, "password": PASSWORD}, expect=200)
        return token["access_token"]

    def paid_user(self, email):
        """A user who paid through the simulated checkout, like a browser would."""
        token = self.user(email)
        _, checkout = self.call("POST", "/billing/create-checkout", token=token, expect=200)
        self.call("POST", checkout["checkout_url"] + "/pay", expect=303)
        _, me = self.call("GET", "/auth/me", token=token, expect=200)
        if not me["is_paid"]:
            raise RuntimeError(f"{email} is not paid after checkout: {me}")
        return token

    def free_user_over_quota(self, email):
        token = self.user(email)
        while True:
            status, _ = self.call("GET", "/signals", token=token)
            if status == 403:
                return token
            if status != 200:
                raise RuntimeError(f"/signals answered {status} while using up the free quota")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
