-- Historical candles of the indices, imported from CSV files and served through the
-- market-data port. One row per (symbol, interval, open time): re-importing a corrected file
-- replaces its rows. Open times are unix seconds, as everywhere else; prices are index points.

CREATE TABLE candles (
    symbol        TEXT NOT NULL,
    -- '1m', '5m' or '15m'.
    interval_code TEXT NOT NULL,
    open_time     BIGINT NOT NULL,
    open_price    REAL NOT NULL,
    high_price    REAL NOT NULL,
    low_price     REAL NOT NULL,
    close_price   REAL NOT NULL,
    -- Indices have no volume of their own; NULL unless the source reported one.
    volume        REAL,
    PRIMARY KEY (symbol, interval_code, open_time)
);
