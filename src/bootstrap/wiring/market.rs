//! The market side: its clock, the NSE calendar and where candles come from.

use std::sync::Arc;

use crate::adapters::clock::ScaledClock;
use crate::adapters::market::{MarketSimulator, YahooChart, YahooSettings};
use crate::adapters::sql::SqlStore;
use crate::bootstrap::config::{MarketDataSource, Settings};
use crate::domain::market::{MarketCalendar, parse_calendar_file};
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

/// The NSE calendar: the shipped years (holidays replaced by `MARKET_HOLIDAYS` when set), plus
/// the years of `MARKET_CALENDAR_FILE`, which replace shipped ones. At `now`, production
/// refuses a calendar missing the current year (or, late in December, the next); elsewhere a
/// missing year is logged and the market's status in it is unknown.
///
/// # Errors
/// A file that cannot be read or parsed (named, with the line), or a production refusal.
pub fn calendar(settings: &Settings, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<MarketCalendar> {
    let mut calendar = match settings.holidays()? {
        Some(holidays) => MarketCalendar::nse(holidays),
        None => MarketCalendar::default(),
    };
    if let Some(path) = &settings.market_calendar_file {
        let text = std::fs::read_to_string(path)
            .map_err(|err| anyhow::anyhow!("MARKET_CALENDAR_FILE {path}: cannot be read: {err}"))?;
        let years = parse_calendar_file(&text).map_err(|err| anyhow::anyhow!("MARKET_CALENDAR_FILE {path}: {err}"))?;
        calendar = calendar.with_years(years);
    }
    settings.refuse_missing_calendar(&calendar, now)?;
    let missing = calendar.missing_years(now);
    if !missing.is_empty() {
        tracing::warn!(
            ?missing,
            "the NSE calendar lacks these years: the market status there is unknown; add them with MARKET_CALENDAR_FILE"
        );
    }
    Ok(calendar)
}

/// Where candles come from (`MARKET_DATA`), on `calendar`.
pub(super) fn market_data(
    settings: &Settings,
    store: &Arc<SqlStore>,
    calendar: &MarketCalendar,
) -> Arc<dyn crate::ports::MarketData> {
    match settings.market_data {
        MarketDataSource::Simulator => Arc::new(MarketSimulator::new(calendar.clone())),
        MarketDataSource::Database => store.clone(),
        MarketDataSource::Yahoo => Arc::new(YahooChart::new(
            YahooSettings { base_url: settings.market_data_url.clone(), ..YahooSettings::default() },
            calendar.clone(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use figment::Figment;
    use figment::providers::Serialized;

    use super::*;

    fn with_file(contents: &str, name: &str) -> (Settings, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!("signalbox-calendar-{}-{name}.toml", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        let figment = Figment::new().merge(Serialized::default("market_calendar_file", path.display().to_string()));
        (Settings::from_figment(figment).unwrap(), path)
    }

    fn mid_2027() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 6, 1, 6, 0, 0).unwrap()
    }

    #[test]
    fn the_operator_file_adds_its_years_to_the_shipped_ones() {
        let (settings, path) = with_file("[[year]]\nyear = 2027\nsource = \"operator\"\n", "good");
        let calendar = calendar(&settings, mid_2027()).unwrap();
        std::fs::remove_file(path).ok();
        assert!(calendar.covers(2026) && calendar.covers(2027));
        assert!(calendar.missing_years(mid_2027()).is_empty());
    }

    #[test]
    fn production_stops_at_startup_when_the_current_year_has_no_calendar() {
        let settings = [
            ("app_env", "production"),
            ("secret_key", "3f9c1b7e2a5d8c0f4e6a9b1d3c5e7f80a2b4c6d8e0f1a3b5"),
            ("stripe_webhook_secret", "whsec_4eC39HqLyjWDarjtT1zdp7dcLq0RAzpk"),
            ("stripe_secret_key", "sk_test_x"),
            ("public_url", "https://signals.example.com"),
            ("smtp_url", "smtps://mailer:secret@smtp.example.com"),
            ("metrics_token", "5b0e8f3a9c2d7e1f4a6b8c0d2e4f6a8b"),
            ("market_data", "database"),
            ("business_name", "Example Research Pvt Ltd"),
            ("ra_name", "A. Analyst"),
            ("ra_registration_no", "INH000012345"),
            ("contact_email", "support@example.in"),
            ("grievance_email", "grievance@example.in"),
        ]
        .iter()
        .fold(Figment::new(), |f, (k, v)| f.merge(Serialized::default(k, v)));
        let settings = Settings::from_figment(settings).unwrap();
        let err = calendar(&settings, mid_2027()).unwrap_err().to_string();
        assert!(err.contains("MARKET_CALENDAR_FILE") && err.contains("2027"), "{err}");
        let mid_2026 = Utc.with_ymd_and_hms(2026, 6, 1, 6, 0, 0).unwrap();
        assert!(calendar(&settings, mid_2026).is_ok());
    }

    #[test]
    fn an_invalid_file_stops_startup_naming_the_file_and_the_line() {
        let (settings, path) = with_file(
            "[[year]]\nyear = 2027\nsource = \"x\"\nholidays = [{ date = \"2027-02-30\", name = \"x\" }]\n",
            "bad",
        );
        let err = calendar(&settings, mid_2027()).unwrap_err().to_string();
        std::fs::remove_file(&path).ok();
        assert!(err.contains("MARKET_CALENDAR_FILE") && err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains("line 4") && err.contains("2027-02-30"), "{err}");
        let (missing, _) = (
            Settings::from_figment(
                Figment::new().merge(Serialized::default("market_calendar_file", "/nonexistent/calendar.toml")),
            )
            .unwrap(),
            (),
        );
        let err = calendar(&missing, mid_2027()).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/calendar.toml") && err.contains("cannot be read"), "{err}");
    }
}
