"""A live-stream client as a browser's EventSource behaves: it records every event id it
receives, and when the stream ends (`event: end` saying reconnect, or a dropped connection)
it connects again through the load balancer with `Last-Event-ID`."""

import http.client
import json
import socket
import threading
import time


class StreamClient(threading.Thread):
    def __init__(self, name, port, token, source, failures):
        super().__init__(name=name, daemon=True)
        self.port = port
        self.token = token
        self.source = source
        self.failures = failures
        self.ids = []
        self.ends = []
        self.drops = 0
        self.connects = 0
        self.last_id = None
        self.stopping = threading.Event()
        self.conn = None

    def run(self):
        while not self.stopping.is_set():
            try:
                self.one_connection()
            except (OSError, http.client.HTTPException) as err:
                if not self.stopping.is_set():
                    self.drops += 1
                    self.failures.note(f"{self.name}: stream connection failed: {err!r}")
            time.sleep(0.05)

    def one_connection(self):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"}
        if self.last_id:
            headers["Last-Event-ID"] = self.last_id
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=40, source_address=(self.source, 0))
        try:
            self.conn.request("GET", "/signals/stream", headers=headers)
            resp = self.conn.getresponse()
            self.connects += 1
            if resp.status != 200:
                self.failures.note(f"{self.name}: stream answered {resp.status}: {resp.read()[:200]!r}")
                return
            if self.read_events(resp):
                return
            if not self.stopping.is_set():
                # Closed without an `event: end`: the client cannot tell why, and reconnects.
                self.drops += 1
        finally:
            self.conn.close()

    def read_events(self, resp):
        """Reads until the stream ends; True when it ended with `event: end`."""
        event, data, event_id = None, [], None
        while True:
            line = resp.readline()
            if not line:
                return False
            line = line.decode().rstrip("\r\n")
            if line.startswith(":"):
                continue
            if line:
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field == "event":
                    event = value
                elif field == "data":
                    data.append(value)
                elif field == "id":
                    event_id = value
                continue
            if event == "signal":
                self.ids.append(event_id)
                self.last_id = event_id
            elif event == "end":
                end = json.loads("\n".join(data))
                self.ends.append(end["reason"])
                if not end["reconnect"]:
                    self.failures.note(f"{self.name}: stream ended for good: {end}")
                    self.stopping.set()
                return True
            event, data, event_id = None, [], None

    def stop(self):
        self.stopping.set()
        conn = self.conn
        if conn is not None and conn.sock is not None:
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.join(timeout=5)
