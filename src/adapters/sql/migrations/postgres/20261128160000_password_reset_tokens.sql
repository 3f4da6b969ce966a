-- Password-reset links. Only the SHA-256 of each token is stored; a token is spent once
-- (used_at) and dies 30 minutes after issue. Deleting the account deletes its tokens.

CREATE TABLE password_reset_tokens (
    token_hash TEXT   PRIMARY KEY,
    user_id    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE INDEX password_reset_tokens_user_id ON password_reset_tokens (user_id);
