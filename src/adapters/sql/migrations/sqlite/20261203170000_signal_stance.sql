-- The call each signal's stance stood on: a BUY or SELL signal names its open call (`call_id`)
-- and that call's levels; a HOLD has none of the three. `since_ms` (unix milliseconds) is when
-- the stance began. Rows stored before stances were read from calls have all four NULL: their
-- `signal_type` was the indicators' read on the candle, and no call stands behind it.

ALTER TABLE signals ADD COLUMN call_id TEXT;
ALTER TABLE signals ADD COLUMN call_stop_loss REAL;
ALTER TABLE signals ADD COLUMN call_target REAL;
ALTER TABLE signals ADD COLUMN since_ms BIGINT;
