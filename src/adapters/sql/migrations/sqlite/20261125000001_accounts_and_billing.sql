-- Accounts with their billing state, and the log of Stripe webhook events.
-- Timestamps are unix seconds and ids are text, so the same queries run on SQLite and
-- PostgreSQL through sqlx's `Any` driver. Booleans are 0/1 integers for the same reason.

CREATE TABLE users (
    id                   TEXT    PRIMARY KEY NOT NULL,
    email                TEXT    NOT NULL UNIQUE,
    password_hash        TEXT    NOT NULL,
    created_at           BIGINT  NOT NULL,
    stripe_customer_id   TEXT    UNIQUE,
    subscription_id      TEXT,
    subscription_status  TEXT    NOT NULL DEFAULT 'none',
    current_period_end   BIGINT,
    cancel_at_period_end BIGINT  NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
    -- The webhook watermark (`BillingState::last_event_at`): older events are stale.
    billing_updated_at   BIGINT
);

CREATE TABLE webhook_events (
    id          TEXT   PRIMARY KEY NOT NULL,
    event_type  TEXT   NOT NULL,
    created     BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    status      TEXT   NOT NULL CHECK (status IN ('processed', 'stale', 'ignored')),
    error       TEXT,
    payload     TEXT   NOT NULL
);
