-- Browsers' Web Push subscriptions. One row per endpoint (the push service URL a browser
-- chose); `seq` orders a user's devices by when they were last saved, so the oldest can be
-- replaced past ten. The keys are the browser's public key and auth secret (base64url).
-- Deleting the account deletes its devices.

CREATE TABLE push_devices (
    seq      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id       TEXT NOT NULL UNIQUE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh   TEXT NOT NULL,
    auth     TEXT NOT NULL
);

CREATE INDEX push_devices_by_user ON push_devices (user_id, seq);
