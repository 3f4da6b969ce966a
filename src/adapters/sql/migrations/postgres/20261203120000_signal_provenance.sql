-- Where each signal's candles came from and when it was published. `source` is the market-data
-- source's name ('simulator', 'database', 'yahoo', …) and `simulated` 1 when its prices were
-- simulated. Rows stored before these columns existed cannot say which source computed them:
-- they read as 'unknown' and simulated, because a price of unknown origin must never pass for
-- the real market's. `published_at_ms` (unix milliseconds) is NULL for those rows and then
-- reads as the candle close.

ALTER TABLE signals ADD COLUMN source TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE signals ADD COLUMN simulated BIGINT NOT NULL DEFAULT 1 CHECK (simulated IN (0, 1));
ALTER TABLE signals ADD COLUMN published_at_ms BIGINT;
