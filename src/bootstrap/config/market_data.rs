//! Where candles come from (`MARKET_DATA`) and which days the exchange is shut
//! (`MARKET_HOLIDAYS`, `MARKET_CALENDAR_FILE`), and what production refuses about them.
//!
//! A trader pays for signals on the real market: production runs on simulated prices only as
//! a declared demo (`DEMO_MODE`), a demo never takes real money, and production refuses to
//! start without the exchange's calendar for the year it is in.

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::{AppEnv, ConfigError, Settings};
use crate::domain::market::MarketCalendar;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MarketDataSource {
    #[default]
    Simulator,
    Database,
    Yahoo,
}

impl Settings {
    /// The configured NSE holidays, or `None` for the built-in list.
    pub fn holidays(&self) -> Result<Option<Vec<chrono::NaiveDate>>, ConfigError> {
        let Some(raw) = &self.market_holidays else { return Ok(None) };
        raw.split(',')
            .map(str::trim)
            .filter(|day| !day.is_empty())
            .map(|day| {
                chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .map_err(|_| ConfigError::Invalid(format!("MARKET_HOLIDAYS: {day:?} is not a YYYY-MM-DD date")))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A trader pays for signals on the real market: simulated prices run in production only
    /// as a declared demo, and a demo never takes real money.
    pub(super) fn refuse_simulated_prices_for_sale(&self) -> Result<(), ConfigError> {
        if self.market_data == MarketDataSource::Simulator && !self.demo_mode {
            return Err(ConfigError::UnsafeForProduction(
                "MARKET_DATA is the simulator (the default): set MARKET_DATA=database (licensed candles imported with \
                 `signalbox market import`) or another real source, or DEMO_MODE=true for a demo that says its \
                 prices are simulated",
            ));
        }
        let live_key = self.stripe_secret_key.as_ref().is_some_and(|key| key.expose_secret().starts_with("sk_live_"));
        if self.demo_mode && live_key {
            return Err(ConfigError::UnsafeForProduction(
                "DEMO_MODE must not be true with a live STRIPE_SECRET_KEY (sk_live_…): a demo never takes real money; use an \
                 sk_test_… key for the demo, or unset DEMO_MODE and use a real MARKET_DATA source",
            ));
        }
        Ok(())
    }

    /// At `now`, production refuses a calendar missing the current IST year or, in the last
    /// days of a year, the next one; elsewhere a missing year is only the `Unknown` status.
    ///
    /// # Errors
    /// [`ConfigError::MissingCalendar`] naming the years to add.
    pub fn refuse_missing_calendar(&self, calendar: &MarketCalendar, now: DateTime<Utc>) -> Result<(), ConfigError> {
        let missing = calendar.missing_years(now);
        if self.app_env != AppEnv::Production || missing.is_empty() {
            return Ok(());
        }
        let years = missing.iter().map(i32::to_string).collect::<Vec<_>>().join(" and ");
        Err(ConfigError::MissingCalendar { years })
    }
}

#[cfg(test)]
mod tests {
    use super::MarketDataSource;
    use crate::bootstrap::config::tests::{demo, figment, production, refusal};
    use crate::bootstrap::config::{ConfigError, Settings};

    #[test]
    fn the_market_data_source_and_holidays_are_read_and_checked() {
        let defaults = Settings::from_figment(figment(&[])).unwrap();
        assert_eq!(defaults.market_data, MarketDataSource::Simulator);
        assert_eq!(defaults.holidays().unwrap(), None);
        let yahoo =
            Settings::from_figment(figment(&[("market_data", "yahoo"), ("market_holidays", "2027-01-26, 2027-03-22")]))
                .unwrap();
        assert_eq!(yahoo.market_data, MarketDataSource::Yahoo);
        assert_eq!(yahoo.holidays().unwrap().map(|h| h.len()), Some(2));
        let err = Settings::from_figment(figment(&[("market_holidays", "26/01/2027")])).unwrap_err();
        assert!(err.to_string().contains("MARKET_HOLIDAYS"), "{err}");
        assert!(Settings::from_figment(figment(&[("market_data", "bloomberg")])).is_err());
    }

    #[test]
    fn production_refuses_to_sell_simulated_prices_unless_it_is_a_declared_demo() {
        let message = refusal(production(&[("market_data", "simulator")]));
        assert!(message.contains("MARKET_DATA") && message.contains("DEMO_MODE=true"), "{message}");
        let declared = demo(&[("market_data", "simulator"), ("stripe_secret_key", "sk_test_x")]);
        assert!(declared.unwrap().demo_mode);
    }

    #[test]
    fn production_refuses_a_demo_that_could_take_real_money() {
        let message = refusal(demo(&[("market_data", "simulator")]));
        assert!(message.contains("DEMO_MODE") && message.contains("sk_live_"), "{message}");
        let real_market = demo(&[("stripe_secret_key", "sk_live_y")]);
        assert!(matches!(real_market, Err(ConfigError::UnsafeForProduction(m)) if m.starts_with("DEMO_MODE")));
    }

    #[test]
    fn production_refuses_a_calendar_missing_this_year_or_late_in_december_the_next() {
        use chrono::TimeZone;
        let calendar = crate::domain::market::MarketCalendar::default();
        let settings = production(&[]).unwrap();
        let ist = |y, m, d| chrono::FixedOffset::east_opt(19_800).unwrap().with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap();
        assert!(settings.refuse_missing_calendar(&calendar, ist(2026, 6, 1).to_utc()).is_ok());
        let december = settings.refuse_missing_calendar(&calendar, ist(2026, 12, 3).to_utc()).unwrap_err();
        assert!(matches!(december, ConfigError::MissingCalendar { ref years } if years == "2027"), "{december}");
        let message = december.to_string();
        assert!(message.contains("MARKET_CALENDAR_FILE") && message.contains("2027"), "{message}");
        let next_year = settings.refuse_missing_calendar(&calendar, ist(2027, 3, 1).to_utc()).unwrap_err();
        assert!(next_year.to_string().contains("2027"), "{next_year}");
        let development = Settings::from_figment(figment(&[])).unwrap();
        assert!(development.refuse_missing_calendar(&calendar, ist(2027, 3, 1).to_utc()).is_ok());
    }
}
