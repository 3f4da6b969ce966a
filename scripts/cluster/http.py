"""Plain HTTP/1.1 requests to the load balancer from a chosen loopback address, so each
simulated client has its own network (127.0.0.0/8 is all loopback on Linux)."""

import http.client
import json

PASSWORD = "cluster test passphrase, vivid 2026"


class Reply:
    def __init__(self, status, text):
        self.status = status
        self.text = text

    def json(self):
        return json.loads(self.text)


def request(port, method, path, body=None, token=None, source="127.0.0.1", headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        sent = dict(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            sent.setdefault("Content-Type", "application/json")
        if token:
            sent["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=data, headers=sent)
        resp = conn.getresponse()
        return Reply(resp.status, resp.read().decode(errors="replace"))
    finally:
        conn.close()


def signup_and_login(port, email, source):
    """A new account's access token."""
    reply = request(port, "POST", "/auth/signup", {"email": email, "password": PASSWORD}, source=source)
    if reply.status != 201:
        raise RuntimeError(f"sign-up of {email}: {reply.status} {reply.text}")
    reply = request(port, "POST", "/auth/login", {"email": email, "password": PASSWORD}, source=source)
    if reply.status != 200:
        raise RuntimeError(f"login of {email}: {reply.status} {reply.text}")
    return reply.json()["access_token"]


def user_id(port, token):
    return request(port, "GET", "/auth/me", token=token).json()["id"]
