"""What the run must show, read from the database the instances shared: every webhook event
applied exactly once, and every stream client holding every signal exactly once."""

SYMBOL_ORDER = {"NIFTY": 0, "BANKNIFTY": 1}  # the stream's order within one candle close


def sort_key(event_id):
    close, symbol = event_id.split("-", 1)
    return int(close), SYMBOL_ORDER[symbol]


def stored_signal_ids(backing):
    rows = backing.rows("SELECT candle_close, symbol FROM signals")
    return sorted((f"{close}-{symbol}" for close, symbol in rows), key=sort_key)


def webhook_problems(backing, events):
    """Each event delivered: one row, `processed`; its customer's one subscription, active,
    on the user the checkout named."""
    problems = []
    logged = {}
    for event_id, status in backing.rows("SELECT id, status FROM webhook_events WHERE id LIKE 'evt_cluster_%'"):
        logged.setdefault(event_id, []).append(status)
    subscriptions = {}
    for customer, status in backing.rows("SELECT customer_id, status FROM subscriptions WHERE customer_id LIKE 'cus_cluster_%'"):
        subscriptions.setdefault(customer, []).append(status)
    owners = dict(backing.rows("SELECT stripe_customer_id, id FROM users WHERE stripe_customer_id LIKE 'cus_cluster_%'"))
    for event_id, user in events.items():
        customer = "cus_cluster_" + event_id.rsplit("_", 1)[1]
        if logged.get(event_id) != ["processed"]:
            problems.append(f"{event_id}: logged {logged.get(event_id)}, expected one 'processed'")
        if subscriptions.get(customer) != ["active"]:
            problems.append(f"{customer}: subscriptions {subscriptions.get(customer)}, expected one active")
        if owners.get(customer) != user:
            problems.append(f"{customer}: belongs to {owners.get(customer)}, expected {user}")
    strays = set(logged) - set(events)
    if strays:
        problems.append(f"events never delivered in the log: {sorted(strays)}")
    return problems


def stream_problems(client, stored):
    """The client's ids: no repeats, in order, and every stored signal from its first to the
    newest one stored."""
    ids = client.ids
    if not ids:
        return [f"{client.name}: received nothing"]
    problems = []
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        problems.append(f"{client.name}: received more than once: {repeated}")
    out_of_order = [(a, b) for a, b in zip(ids, ids[1:]) if sort_key(b) <= sort_key(a)]
    if out_of_order:
        problems.append(f"{client.name}: out of order: {out_of_order[:5]}")
    first = sort_key(ids[0])
    expected = [i for i in stored if sort_key(i) >= first]
    missing = sorted(set(expected) - set(ids), key=sort_key)
    if missing:
        problems.append(f"{client.name}: never received {missing}")
    unknown = sorted(set(ids) - set(stored))
    if unknown:
        problems.append(f"{client.name}: received ids the history does not hold: {unknown}")
    return problems
