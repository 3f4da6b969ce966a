-- Webhook events whose handling failed are kept as 'failed' with the error, for operators to
-- list and re-process. A 'failed' row does not count as processed: the next delivery of the
-- event takes it over.

ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_status_check;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_status_check
    CHECK (status IN ('processed', 'stale', 'ignored', 'failed'));

-- `signalbox webhooks list --status failed`: newest first within one status.
CREATE INDEX webhook_events_by_status ON webhook_events (status, received_at DESC);
