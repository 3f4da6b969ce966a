-- Webhook events whose handling failed are kept as 'failed' with the error, for operators to
-- list and re-process. A 'failed' row does not count as processed: the next delivery of the
-- event takes it over.
--
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (the documented
-- procedure: create, copy, drop, rename) inside this migration's transaction.

CREATE TABLE webhook_events_new (
    id          TEXT   PRIMARY KEY NOT NULL,
    event_type  TEXT   NOT NULL,
    created     BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    status      TEXT   NOT NULL CHECK (status IN ('processed', 'stale', 'ignored', 'failed')),
    error       TEXT,
    payload     TEXT   NOT NULL
);
INSERT INTO webhook_events_new (id, event_type, created, received_at, status, error, payload)
    SELECT id, event_type, created, received_at, status, error, payload FROM webhook_events;
DROP TABLE webhook_events;
ALTER TABLE webhook_events_new RENAME TO webhook_events;

-- `signalbox webhooks list --status failed`: newest first within one status.
CREATE INDEX webhook_events_by_status ON webhook_events (status, received_at DESC);
