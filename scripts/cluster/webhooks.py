"""Stripe webhook deliveries as Stripe makes them: signed with the endpoint's secret, each
event possibly delivered more than once (copies at the same moment and later retries), and
re-sent after a `409` (another delivery of the same event is being applied)."""

import hashlib
import hmac
import json
import os
import time

from .http import request

SECRET = "whsec_cluster_test_secret_0123456789abcdef"
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "stripe")


def sign(payload):
    stamp = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={mac}"


def checkout_completed(user_id, suffix):
    """The event that makes `user_id` a paying customer, with its own customer and subscription."""
    with open(os.path.join(FIXTURES, "checkout.session.completed.json")) as f:
        event = json.load(f)
    event["id"] = f"evt_cluster_checkout_{suffix}"
    event["created"] = int(time.time())
    event["data"]["object"]["client_reference_id"] = user_id
    event["data"]["object"]["customer"] = f"cus_cluster_{suffix}"
    event["data"]["object"]["subscription"] = f"sub_cluster_{suffix}"
    return event["id"], json.dumps(event).encode()


def deliver(port, payload, source="127.0.0.1", patience=30.0):
    """Delivers one copy until it is answered for good; returns the final reply. Stripe
    re-sends on anything but 2xx; so does this, but only `409` is an expected refusal."""
    deadline = time.monotonic() + patience
    while True:
        reply = request(port, "POST", "/billing/webhook", payload, source=source,
                        headers={"Stripe-Signature": sign(payload)})
        if reply.status != 409 or time.monotonic() > deadline:
            return reply
        time.sleep(0.2)
