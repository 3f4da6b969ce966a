"""HAProxy in front of the instances: health checks on `/ready`, the client address passed on
in `X-Forwarded-For` (a client's own header is dropped first), and a request whose connection
to a stopping instance fails re-sent to another one.
"""

import os
import socket
import subprocess
import time

CONFIG = """
global
    maxconn 4096
    stats socket {admin} mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout http-keep-alive 10s
    # The machine is shared and busy: a slow `/ready` is not a down instance. A stopped
    # instance refuses the connection at once, which fails the check without waiting.
    timeout check 3s
    # A new connection to an instance per request: a stopping instance refuses new
    # connections at once, and a refused connection is safe to re-send anywhere.
    option http-server-close
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response

frontend public
    bind 127.0.0.1:{port}
    # Only the address HAProxy itself saw is passed on: a client cannot choose its own.
    http-request del-header X-Forwarded-For
    option forwardfor
    default_backend instances

backend instances
    balance roundrobin
    option httpchk GET /ready
    http-check expect status 200
    default-server check inter 500ms fall 2 rise 2 source 127.0.0.1
{servers}
"""


class Balancer:
    def __init__(self, port, instances, work_dir):
        self.port = port
        self.admin = os.path.join(work_dir, "haproxy.sock")
        self.config_path = os.path.join(work_dir, "haproxy.cfg")
        self.log_path = os.path.join(work_dir, "haproxy.log")
        servers = "\n".join(f"    server {i.name} 127.0.0.1:{i.port}" for i in instances)
        with open(self.config_path, "w") as f:
            f.write(CONFIG.format(admin=self.admin, port=port, servers=servers))
        self.proc = None

    def start(self):
        log = open(self.log_path, "w")
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", self.config_path], stdout=log, stderr=log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"haproxy exited; see {self.log_path}")
            if self.servers_up() == 3:
                return
            time.sleep(0.1)
        raise RuntimeError(f"haproxy did not see every instance up; see {self.log_path}")

    def servers_up(self):
        """How many instances HAProxy's health checks currently consider up."""
        try:
            stats = self.command("show stat")
        except OSError:
            return 0
        rows = [line.split(",") for line in stats.splitlines() if line.startswith("instances,")]
        return sum(1 for row in rows if row[1] != "BACKEND" and row[17].startswith("UP"))

    def wait_up(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.servers_up() == count:
                return
            time.sleep(0.05)
        raise RuntimeError(f"haproxy did not see {count} instances up within {timeout}s")

    def command(self, line):
        with socket.socket(socket.AF_UNIX) as conn:
            conn.connect(self.admin)
            conn.sendall(line.encode() + b"\n")
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
