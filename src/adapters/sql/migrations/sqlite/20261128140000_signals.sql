-- Every signal computed, once: the history and track record. A signal is identified by its
-- symbol and the close of the candle it was computed on (unix seconds), so two instances
-- computing the same candle store one row (INSERT … ON CONFLICT DO NOTHING). Prices and
-- indicators are index points; an indicator that could not be computed is NULL.
-- The outcome columns are NULL until the outcome is settled, 3 candles later; then all of
-- them are set together, except outcome_hit, which stays NULL for HOLD.

CREATE TABLE signals (
    symbol                TEXT NOT NULL,
    candle_close          BIGINT NOT NULL,
    -- 'BUY', 'SELL' or 'HOLD'.
    signal_type           TEXT NOT NULL CHECK (signal_type IN ('BUY', 'SELL', 'HOLD')),
    price                 REAL NOT NULL,
    confidence            REAL NOT NULL,
    reason                TEXT NOT NULL,
    fast_ma               REAL,
    slow_ma               REAL,
    rsi                   REAL,
    outcome_after_minutes BIGINT,
    outcome_move_pct      REAL,
    outcome_hit           BIGINT CHECK (outcome_hit IN (0, 1)),
    PRIMARY KEY (symbol, candle_close)
);
