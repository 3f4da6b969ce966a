-- Trade calls and their tamper-evident ledger. A call is stored once, keyed by its id
-- (SYMBOL-yyyymmddHHMM, the UTC minute it opened, so ids of one symbol sort by time); its
-- opening columns never change and its exit columns are set once, when it closes. Times are
-- unix seconds; prices are index points.
CREATE TABLE calls (
    id          TEXT PRIMARY KEY,
    symbol      TEXT NOT NULL,
    -- 'BUY' (long) or 'SELL' (short).
    direction   TEXT NOT NULL CHECK (direction IN ('BUY', 'SELL')),
    entry       DOUBLE PRECISION NOT NULL,
    stop_loss   DOUBLE PRECISION NOT NULL,
    target      DOUBLE PRECISION NOT NULL,
    confidence  DOUBLE PRECISION NOT NULL,
    opened_at   BIGINT NOT NULL,
    cost_bps    DOUBLE PRECISION NOT NULL,
    closed_at   BIGINT,
    exit_price  DOUBLE PRECISION,
    exit_reason TEXT CHECK (exit_reason IN ('target', 'stop', 'reversed', 'session_end'))
);
-- Pages of one symbol's calls walk this index newest first.
CREATE INDEX calls_by_symbol ON calls (symbol, id);

-- One entry per opening and per close, in chain order. An entry holds only its place and its
-- hashes: its fields are the call's columns, so editing a call breaks the chain at that entry.
CREATE TABLE ledger_entries (
    height    BIGINT PRIMARY KEY,
    call_id   TEXT NOT NULL REFERENCES calls (id),
    -- 'open' or 'close'.
    kind      TEXT NOT NULL CHECK (kind IN ('open', 'close')),
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    UNIQUE (call_id, kind)
);

-- One row that every append locks first, so appends are serialized and each reads the head
-- it links to inside its own transaction.
CREATE TABLE ledger_lock (
    id BIGINT PRIMARY KEY CHECK (id = 1)
);
INSERT INTO ledger_lock (id) VALUES (1);
