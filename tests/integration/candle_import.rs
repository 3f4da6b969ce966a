//! `signalbox market import`: a CSV file of candles into the SQL store and out through the
//! market-data port, on SQLite and PostgreSQL; a file with a bad line stores nothing.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use signalbox::adapters::cli::market::import;
use signalbox::adapters::sql::SqlStore;
use signalbox::domain::market::{CandleRange, Interval, MarketCalendar};
use signalbox::domain::signals::Symbol;
use signalbox::ports::MarketData;

use crate::contracts::sql_store::{with_postgres, with_sqlite};

const FILE: &str = include_str!("../fixtures/candles/nifty_5m.csv");

fn ist(h: u32, m: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(19_800).unwrap().with_ymd_and_hms(2026, 11, 27, h, m, 0).unwrap().to_utc()
}

async fn an_imported_file_is_served_as_candles(store: Arc<SqlStore>) {
    let imported = import(&*store, &MarketCalendar::default(), FILE).await.unwrap();
    assert_eq!(imported, 4);

    let day = CandleRange::new(ist(9, 0), ist(16, 0)).unwrap();
    let nifty = store.candles(Symbol::Nifty, Interval::FiveMinutes, day).await.unwrap();
    let closes: Vec<f64> = nifty.iter().map(|c| c.close()).collect();
    assert_eq!(closes, vec![26020.35, 26004.8, 26035.15]);
    let bank = store.latest(Symbol::BankNifty, Interval::FiveMinutes, 5, ist(12, 0)).await.unwrap();
    assert_eq!(bank.len(), 1);
    assert_eq!((bank[0].open_time(), bank[0].volume()), (ist(9, 15), Some(1200.0)));
}

async fn a_file_with_a_bad_line_stores_nothing_and_names_the_line(store: Arc<SqlStore>) {
    let broken = format!("{FILE}NIFTY,5m,2026-11-27T09:30:00+05:30,26035,26000,26010,26020,\n");
    let err = import(&*store, &MarketCalendar::default(), &broken).await.unwrap_err();
    assert!(err.to_string().contains("line 6:"), "{err}");

    let day = CandleRange::new(ist(9, 0), ist(16, 0)).unwrap();
    assert!(store.candles(Symbol::Nifty, Interval::FiveMinutes, day).await.unwrap().is_empty());
}

#[tokio::test]
async fn sqlite_an_imported_file_is_served_as_candles() {
    with_sqlite(an_imported_file_is_served_as_candles).await;
}

#[tokio::test]
async fn postgres_an_imported_file_is_served_as_candles() {
    with_postgres(an_imported_file_is_served_as_candles).await;
}

#[tokio::test]
async fn sqlite_a_file_with_a_bad_line_stores_nothing_and_names_the_line() {
    with_sqlite(a_file_with_a_bad_line_stores_nothing_and_names_the_line).await;
}
