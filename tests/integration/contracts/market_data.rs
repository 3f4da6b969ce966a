//! The `MarketData` contract, run against the simulator, the SQL candle store on SQLite and
//! PostgreSQL, and the Yahoo chart adapter.
//!
//! Every subject holds the same market: the simulator's NIFTY and BANKNIFTY 5-minute candles
//! of Wednesday 25 – Friday 27 November 2026 (Tuesday 24 was a holiday). The simulator has
//! them by construction; the SQL stores are seeded with them, as a CSV import would; the
//! Yahoo adapter reads them from a fake chart API that serves the simulated market (volumes
//! of 0, as the real API reports for indices, are the one difference and are not compared).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use signalbox::adapters::market::{MarketSimulator, YahooChart, YahooSettings};
use signalbox::adapters::sql::SqlStore;
use signalbox::domain::market::{Candle, CandleRange, Interval, MarketCalendar};
use signalbox::domain::signals::Symbol;
use signalbox::ports::{CandleStore, MAX_LATEST_CANDLES, MarketData, MarketDataError};

use super::Case;
use super::sql_store::{with_postgres, with_sqlite};

const FIVE: Interval = Interval::FiveMinutes;

fn ist(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(19_800).unwrap().with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap().to_utc()
}

fn range(from: DateTime<Utc>, to: DateTime<Utc>) -> CandleRange {
    CandleRange::new(from, to).unwrap()
}

/// The candles every subject holds, in order.
fn market(symbol: Symbol) -> Vec<Candle> {
    let calendar = MarketCalendar::default();
    [25, 26, 27]
        .into_iter()
        .filter_map(|d| calendar.session_on(NaiveDate::from_ymd_opt(2026, 11, d).unwrap()))
        .flat_map(|session| MarketSimulator::default().session_candles(symbol, FIVE, &session))
        .collect()
}

async fn seed(store: &SqlStore) {
    for symbol in Symbol::ALL {
        let candles = market(symbol);
        assert_eq!(store.save_candles(&candles).await.unwrap(), candles.len());
    }
}

async fn a_range_gives_every_candle_in_it_in_order(source: Arc<dyn MarketData>) {
    let got = source.candles(Symbol::Nifty, FIVE, range(ist(25, 0, 0), ist(28, 0, 0))).await.unwrap();
    assert_eq!(got, market(Symbol::Nifty));
    assert_eq!(got.len(), 3 * 75);
    assert!(got.windows(2).all(|w| w[0].open_time() < w[1].open_time()));
}

async fn a_range_holds_candles_opened_at_its_start_and_closed_by_its_end(source: Arc<dyn MarketData>) {
    let got = source.candles(Symbol::Nifty, FIVE, range(ist(26, 10, 0), ist(26, 10, 12))).await.unwrap();
    let opens: Vec<_> = got.iter().map(Candle::open_time).collect();
    assert_eq!(opens, vec![ist(26, 10, 0), ist(26, 10, 5)], "10:10 had not closed by 10:12");
}

async fn symbols_are_kept_apart(source: Arc<dyn MarketData>) {
    let bank = source.candles(Symbol::BankNifty, FIVE, range(ist(27, 9, 0), ist(27, 16, 0))).await.unwrap();
    assert_eq!(bank.len(), 75);
    assert!(bank.iter().all(|c| c.symbol() == Symbol::BankNifty && c.interval() == FIVE));
    assert_eq!(bank, market(Symbol::BankNifty)[150..]);
}

async fn a_closed_market_has_no_candles(source: Arc<dyn MarketData>) {
    let holiday = source.candles(Symbol::Nifty, FIVE, range(ist(24, 0, 0), ist(25, 0, 0))).await.unwrap();
    assert!(holiday.is_empty());
    let evening = source.candles(Symbol::Nifty, FIVE, range(ist(26, 15, 30), ist(27, 9, 15))).await.unwrap();
    assert!(evening.is_empty());
}

async fn the_latest_candles_end_with_the_last_closed_one(source: Arc<dyn MarketData>) {
    let got = source.latest(Symbol::Nifty, FIVE, 4, ist(27, 9, 27)).await.unwrap();
    let opens: Vec<_> = got.iter().map(Candle::open_time).collect();
    assert_eq!(opens, vec![ist(26, 15, 20), ist(26, 15, 25), ist(27, 9, 15), ist(27, 9, 20)]);
    let all = market(Symbol::Nifty);
    assert_eq!(got[3], all[151]);
}

async fn the_latest_candles_reach_back_over_a_holiday(source: Arc<dyn MarketData>) {
    let got = source.latest(Symbol::BankNifty, FIVE, 80, ist(26, 9, 41)).await.unwrap();
    assert_eq!(got.len(), 80);
    assert_eq!(got, market(Symbol::BankNifty)[..80]);
    assert_eq!(got.last().unwrap().close_time(), ist(26, 9, 40));
}

async fn asking_for_nothing_or_too_much_is_answered_plainly(source: Arc<dyn MarketData>) {
    assert!(source.latest(Symbol::Nifty, FIVE, 0, ist(27, 12, 0)).await.unwrap().is_empty());
    let too_many = source.latest(Symbol::Nifty, FIVE, MAX_LATEST_CANDLES + 1, ist(27, 12, 0)).await;
    assert!(matches!(too_many, Err(MarketDataError::InvalidRequest(_))), "{too_many:?}");
}

async fn simulator(case: impl Case<Arc<dyn MarketData>>) {
    case(Arc::new(MarketSimulator::default())).await;
}

async fn sqlite(case: impl Case<Arc<dyn MarketData>>) {
    with_sqlite(|store| async move {
        seed(&store).await;
        case(store).await;
    })
    .await;
}

async fn yahoo(case: impl Case<Arc<dyn MarketData>>) {
    let server = crate::support::fake_yahoo::simulated_chart_server().await;
    let settings = YahooSettings { base_url: server.uri(), timeout: std::time::Duration::from_secs(10) };
    let source = WithoutVolume(YahooChart::new(settings, MarketCalendar::default()));
    case(Arc::new(source)).await;
}

async fn postgres(case: impl Case<Arc<dyn MarketData>>) {
    with_postgres(|store| async move {
        seed(&store).await;
        case(store).await;
    })
    .await;
}

/// The Yahoo adapter's candles with the API's zero volumes dropped, so they compare equal to
/// the simulator's (which has none); everything else passes through untouched.
struct WithoutVolume<S>(S);

fn without_volume(candles: Vec<Candle>) -> Vec<Candle> {
    candles
        .into_iter()
        .map(|c| {
            assert_eq!(c.volume(), Some(0.0));
            Candle::new(c.symbol(), c.interval(), c.open_time(), c.open(), c.high(), c.low(), c.close(), None).unwrap()
        })
        .collect()
}

#[async_trait::async_trait]
impl<S: MarketData> MarketData for WithoutVolume<S> {
    fn provenance(&self) -> signalbox::domain::market::Provenance {
        self.0.provenance()
    }

    async fn candles(
        &self,
        symbol: Symbol,
        interval: Interval,
        range: CandleRange,
    ) -> Result<Vec<Candle>, MarketDataError> {
        self.0.candles(symbol, interval, range).await.map(without_volume)
    }

    async fn latest(
        &self,
        symbol: Symbol,
        interval: Interval,
        count: usize,
        as_of: DateTime<Utc>,
    ) -> Result<Vec<Candle>, MarketDataError> {
        self.0.latest(symbol, interval, count, as_of).await.map(without_volume)
    }
}

contract_tests!(simulator => simulator, sqlite => sqlite, yahoo => yahoo, postgres => postgres; [
    a_range_gives_every_candle_in_it_in_order,
    a_range_holds_candles_opened_at_its_start_and_closed_by_its_end,
    symbols_are_kept_apart,
    a_closed_market_has_no_candles,
    the_latest_candles_end_with_the_last_closed_one,
    the_latest_candles_reach_back_over_a_holiday,
    asking_for_nothing_or_too_much_is_answered_plainly,
]);

/// Re-importing a corrected file replaces the stored candles instead of failing on them.
async fn saving_a_candle_again_replaces_it(store: Arc<SqlStore>) {
    let original = market(Symbol::Nifty)[..2].to_vec();
    store.save_candles(&original).await.unwrap();
    let c = &original[1];
    let corrected =
        Candle::new(c.symbol(), c.interval(), c.open_time(), 100.0, 101.5, 99.25, 100.75, Some(12.0)).unwrap();
    store.save_candles(std::slice::from_ref(&corrected)).await.unwrap();

    let got = store.candles(Symbol::Nifty, FIVE, range(ist(25, 9, 15), ist(25, 9, 25))).await.unwrap();
    assert_eq!(got, vec![original[0].clone(), corrected]);
}

#[tokio::test]
async fn sqlite_saving_a_candle_again_replaces_it() {
    with_sqlite(saving_a_candle_again_replaces_it).await;
}

#[tokio::test]
async fn postgres_saving_a_candle_again_replaces_it() {
    with_postgres(saving_a_candle_again_replaces_it).await;
}

#[tokio::test]
async fn a_closed_store_fails_saves_and_reads_as_unavailable() {
    with_sqlite(|store| async move {
        store.close().await;
        assert!(store.save_candles(&market(Symbol::Nifty)[..3]).await.is_err());
        let read = store.candles(Symbol::Nifty, FIVE, range(ist(25, 0, 0), ist(26, 0, 0))).await;
        assert!(matches!(read, Err(MarketDataError::Unavailable(_))), "{read:?}");
    })
    .await;
}

#[tokio::test]
async fn each_source_names_itself_and_only_the_simulator_says_it_is_simulated() {
    use signalbox::adapters::market::{YahooChart, YahooSettings};
    use signalbox::domain::market::{Provenance, SourceName};

    assert_eq!(MarketSimulator::default().provenance(), Provenance::simulator());
    let yahoo = YahooChart::new(YahooSettings::default(), MarketCalendar::default());
    assert_eq!(yahoo.provenance(), Provenance::real(SourceName::YAHOO));
    with_sqlite(|store| async move {
        assert_eq!(store.provenance(), Provenance::real(SourceName::DATABASE));
    })
    .await;
}
