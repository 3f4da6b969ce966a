-- Refresh tokens for sessions that outlast the 30-minute access token.
-- A family is one login's chain of rotated tokens; revoking it (logout, or a spent token
-- presented again) ends the chain on every device it reached. Only SHA-256 hashes of the
-- tokens are stored. Timestamps are unix seconds, as everywhere else.

CREATE TABLE refresh_token_families (
    id         TEXT   PRIMARY KEY,
    user_id    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX refresh_token_families_user_id ON refresh_token_families (user_id);

CREATE TABLE refresh_tokens (
    -- Hex SHA-256 of the token; the token itself is never stored.
    token_hash TEXT   PRIMARY KEY,
    family_id  TEXT   NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- Set when the token is exchanged for its successor; presenting it again is reuse.
    used_at    BIGINT
);

CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);
