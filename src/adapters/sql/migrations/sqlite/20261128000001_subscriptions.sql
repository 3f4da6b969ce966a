-- Billing state per subscription instead of one per user: a customer may hold several
-- subscriptions at once (two checkout tabs, a re-subscription while an old one is retried),
-- and an event about one must never overwrite another. Entitlement is decided over all of a
-- user's subscriptions (their customer's rows here).
--
-- Each fact is a register with its own watermark (see `domain::subscription`), so events
-- merge the same whatever order they arrive in.

CREATE TABLE subscriptions (
    id                   TEXT   PRIMARY KEY NOT NULL,
    customer_id          TEXT   NOT NULL,
    status               TEXT   NOT NULL,
    status_at            BIGINT NOT NULL,
    cancel_at_period_end BIGINT NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
    current_period_end   BIGINT,
    details_at           BIGINT,
    paid_through         BIGINT,
    last_event_at        BIGINT NOT NULL
);
CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id);

-- Carry over the one subscription each user had. The old columns on `users` stay (unused) so
-- that the previous release can still run against this schema during a rollback.
INSERT INTO subscriptions (id, customer_id, status, status_at, cancel_at_period_end, current_period_end,
                           details_at, paid_through, last_event_at)
    SELECT subscription_id, stripe_customer_id, subscription_status, COALESCE(billing_updated_at, created_at),
           cancel_at_period_end, current_period_end, billing_updated_at, current_period_end,
           COALESCE(billing_updated_at, created_at)
    FROM users WHERE subscription_id IS NOT NULL AND stripe_customer_id IS NOT NULL;

-- The checkout session a user was last sent to: opening a new one expires it, so two tabs
-- cannot both pay.
ALTER TABLE users ADD COLUMN open_checkout_session_id TEXT;

-- Events for a customer no user is linked to yet are 'unmatched' until the link is made.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE webhook_events_new (
    id          TEXT   PRIMARY KEY NOT NULL,
    event_type  TEXT   NOT NULL,
    created     BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    status      TEXT   NOT NULL CHECK (status IN ('processed', 'stale', 'ignored', 'unmatched', 'failed')),
    error       TEXT,
    payload     TEXT   NOT NULL,
    customer_id TEXT
);
INSERT INTO webhook_events_new (id, event_type, created, received_at, status, error, payload)
    SELECT id, event_type, created, received_at, status, error, payload FROM webhook_events;
DROP TABLE webhook_events;
ALTER TABLE webhook_events_new RENAME TO webhook_events;

CREATE INDEX webhook_events_by_status ON webhook_events (status, received_at DESC);
CREATE INDEX webhook_events_unmatched ON webhook_events (customer_id) WHERE status = 'unmatched';
CREATE INDEX webhook_events_by_received_at ON webhook_events (received_at);
