"""A private PostgreSQL database and Redis key prefix for one run, removed afterwards.

PostgreSQL is reached with `psql` (the cluster test has no Python database driver to depend
on); Redis with a few raw RESP commands over a socket.
"""

import os
import socket
import subprocess
import urllib.parse


class Backing:
    def __init__(self, admin_url, redis_url):
        self.admin_url = admin_url
        self.redis_url = redis_url
        self.name = f"cluster_{os.getpid()}"
        self.database_url = _with_database(admin_url, self.name)
        self.key_prefix = f"signalbox-cluster-{os.getpid()}:"

    def create(self):
        self.drop()
        self.admin_sql(f"CREATE DATABASE {self.name}")
        return self

    def drop(self):
        # WITH (FORCE): a server killed by a failed run may leave sessions behind.
        self.admin_sql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        self.delete_redis_keys()

    def admin_sql(self, sql):
        _psql(self.admin_url, sql)

    def rows(self, sql):
        """The rows of `sql` in this run's database, each a tuple of strings."""
        out = _psql(self.database_url, sql)
        return [tuple(line.split("|")) for line in out.splitlines() if line]

    def delete_redis_keys(self):
        parsed = urllib.parse.urlparse(self.redis_url)
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=5) as conn:
            cursor = "0"
            while True:
                reply = _command(conn, "SCAN", cursor, "MATCH", self.key_prefix + "*", "COUNT", "1000")
                cursor, keys = reply[0].decode(), reply[1]
                if keys:
                    _command(conn, "DEL", *[k.decode() for k in keys])
                if cursor == "0":
                    return


def _with_database(url, name):
    parsed = urllib.parse.urlparse(url)
    return urllib.parse.urlunparse(parsed._replace(path="/" + name))


def _psql(url, sql):
    done = subprocess.run(
        ["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"psql failed on {sql!r}: {done.stderr.strip()}")
    return done.stdout


def _command(conn, *parts):
    frame = b"*%d\r\n" % len(parts)
    for part in parts:
        raw = part.encode() if isinstance(part, str) else part
        frame += b"$%d\r\n%s\r\n" % (len(raw), raw)
    conn.sendall(frame)
    return _read(conn.makefile("rb"))


def _read(stream):
    line = stream.readline().rstrip(b"\r\n")
    kind, rest = line[:1], line[1:]
    if kind == b"*":
        return [_read(stream) for _ in range(int(rest))]
    if kind == b"$":
        size = int(rest)
        if size < 0:
            return None
        data = stream.read(size + 2)
        return data[:-2]
    if kind == b"-":
        raise RuntimeError(f"Redis: {rest.decode()}")
    return rest
