//! The market side: its clock, the NSE calendar and where candles come from.

use std::sync::Arc;

use crate::adapters::clock::ScaledClock;
use crate::adapters::market::{MarketSimulator, YahooChart, YahooSettings};
use crate::adapters::sql::SqlStore;
use crate::bootstrap::config::{MarketDataSource, Settings};
use crate::domain::market::MarketCalendar;
use crate::ports::Clock;

/// The market's clock: `real` unless `MARKET_CLOCK_START` sets one of its own (development
/// and demos; production refuses it).
pub(super) fn market_clock(settings: &Settings, real: &Arc<dyn Clock>) -> anyhow::Result<Arc<dyn Clock>> {
    Ok(match settings.market_clock()? {
        Some(market) => {
            tracing::warn!(
                start = %market.start,
                speed = market.speed,
                "the market runs on its own clock (MARKET_CLOCK_START): signals are not the real market's"
            );
            Arc::new(ScaledClock::new(market.start, market.speed))
        }
        None => real.clone(),
    })
}

/// The NSE calendar: the built-in holidays, or `MARKET_HOLIDAYS`.
pub(super) fn calendar(settings: &Settings) -> anyhow::Result<MarketCalendar> {
    Ok(match settings.holidays()? {
        Some(holidays) => MarketCalendar::nse(holidays),
        None => MarketCalendar::default(),
    })
}

/// Where candles come from (`MARKET_DATA`).
pub(super) fn market_data(
    settings: &Settings,
    store: &Arc<SqlStore>,
) -> anyhow::Result<Arc<dyn crate::ports::MarketData>> {
    Ok(match settings.market_data {
        MarketDataSource::Simulator => Arc::new(MarketSimulator::new(calendar(settings)?)),
        MarketDataSource::Database => store.clone(),
        MarketDataSource::Yahoo => Arc::new(YahooChart::new(
            YahooSettings { base_url: settings.market_data_url.clone(), ..YahooSettings::default() },
            calendar(settings)?,
        )),
    })
}
