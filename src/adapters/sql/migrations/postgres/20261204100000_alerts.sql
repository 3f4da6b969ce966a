-- Alerts: what each user chose, the one-time codes that link a Telegram chat, and the outbox
-- (events to announce, and one delivery per event, user and channel). Times are unix seconds;
-- switches are 0/1. Rows of a deleted account go with it.

-- One row per user who saved preferences or linked a chat; the rest get the defaults.
CREATE TABLE alert_preferences (
    user_id          TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    telegram_enabled BIGINT NOT NULL,
    email_enabled    BIGINT NOT NULL,
    push_enabled     BIGINT NOT NULL,
    -- Comma-separated symbols, e.g. 'NIFTY,BANKNIFTY' ('' for none).
    symbols          TEXT NOT NULL,
    call_opened      BIGINT NOT NULL,
    call_closed      BIGINT NOT NULL,
    session_summary  BIGINT NOT NULL,
    -- 'HH:MM' in IST; both NULL when there are no quiet hours.
    quiet_from       TEXT,
    quiet_to         TEXT,
    -- A chat is linked to at most one user.
    telegram_chat_id BIGINT UNIQUE
);

-- Only the SHA-256 of a code is kept; a code is spent once (used_at) and ends at expires_at.
CREATE TABLE telegram_link_codes (
    code_hash  TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

-- One row per thing to announce, keyed by what it is about ('open:<call>', 'close:<call>',
-- 'summary:<symbol>:<date>'), so a repeat cannot add a second. Call events are written in the
-- call ledger's own transaction. Until fanned out, a dispatcher holds it by lease.
CREATE TABLE alert_events (
    event_key    TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('call_opened', 'call_closed', 'session_summary')),
    symbol       TEXT NOT NULL,
    call_id      TEXT,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    fanned_out   BIGINT NOT NULL DEFAULT 0,
    lease_until  BIGINT,
    lease_holder TEXT
);
CREATE INDEX alert_events_due ON alert_events (fanned_out, created_at);

-- Each (event, user, channel) once. 'queued' rows are claimed by lease per channel; 'sent',
-- 'failed' and 'dropped' are final.
CREATE TABLE alert_deliveries (
    event_key    TEXT NOT NULL REFERENCES alert_events (event_key),
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel      TEXT NOT NULL CHECK (channel IN ('telegram', 'email', 'push')),
    status       TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'dropped')),
    held         BIGINT NOT NULL DEFAULT 0,
    attempts     BIGINT NOT NULL DEFAULT 0,
    not_before   BIGINT NOT NULL,
    queued_at    BIGINT NOT NULL,
    lease_until  BIGINT,
    lease_holder TEXT,
    settled_at   BIGINT,
    error        TEXT,
    PRIMARY KEY (event_key, user_id, channel)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (channel, status, not_before);
