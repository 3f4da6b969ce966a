"""One `signalbox serve` process on a fixed loopback port (so the load balancer's
configuration never changes), started, stopped with SIGTERM and started again.

Every instance of the run shares one demo market clock: a restarted process is given the
market instant the others have reached, so all of them close the same candles together, as
instances on real time do.
"""

import datetime
import os
import signal
import subprocess
import time
import urllib.request

# Wednesday 25 Nov 2026, 10:00 IST: a trading morning.
MARKET_START = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30)))
# A 5-minute candle closes every 5 s: enough events for every restart to fall between some.
MARKET_SPEED = 60
GRACEFUL_EXIT_SECONDS = 15


class Instance:
    def __init__(self, name, binary, port, env, log_dir, started_real):
        self.name = name
        self.binary = binary
        self.port = port
        self.env = env
        self.log_path = os.path.join(log_dir, f"{name}.log")
        self.started_real = started_real
        self.proc = None

    def market_now(self):
        elapsed = time.time() - self.started_real
        return MARKET_START + datetime.timedelta(seconds=elapsed * MARKET_SPEED)

    def start(self, timeout=60):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            **self.env,
            "PORT": str(self.port),
            "MARKET_CLOCK_START": self.market_now().isoformat(timespec="milliseconds"),
            "MARKET_CLOCK_SPEED": str(MARKET_SPEED),
        }
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen([self.binary, "serve"], env=env, stdout=log, stderr=log, cwd="/tmp")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ready", timeout=1) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not ready within {timeout}s; see {self.log_path}")

    def terminate(self):
        """SIGTERM, then waits for the exit; returns how long it took (seconds)."""
        began = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=GRACEFUL_EXIT_SECONDS + 5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError(f"{self.name} still running {GRACEFUL_EXIT_SECONDS + 5}s after SIGTERM")
        took = time.monotonic() - began
        if code != 0:
            raise RuntimeError(f"{self.name} exited with {code} after SIGTERM; see {self.log_path}")
        return took

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
