//! The market's clock and the candle clock, as configured: development and demo settings.
//!
//! `MARKET_CLOCK_START` (an RFC 3339 instant) and `MARKET_CLOCK_SPEED` (a positive number,
//! default 1) put the market side — signals, candles, outcomes, history, the `/signals`
//! `market` block — on a clock of its own, so a demo outside NSE hours sees the market open,
//! and a fast one sees a candle close every few seconds. Tokens, sessions, quotas and billing
//! stay on the real clock: a 60× market must not expire a 30-minute token in 30 seconds.
//! Refused in production, where the market is the exchange's.
//!
//! `SIGNAL_CLOCK=off` keeps an instance from running the candle clock (and the history
//! backfill at start); it still serves `/signals` and the stream, which the bus feeds.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{ConfigError, Settings};

/// Whether this instance runs the candle clock (`SIGNAL_CLOCK`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignalClock {
    #[default]
    On,
    Off,
}

/// A market clock that starts at `start` and runs `speed` times as fast as real time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarketClockSettings {
    pub start: DateTime<Utc>,
    pub speed: f64,
}

impl Settings {
    /// The configured market clock; `None` for the real clock.
    ///
    /// # Errors
    /// [`ConfigError::Invalid`] for a start that is not RFC 3339, a speed that is not a
    /// positive number, or a speed without a start.
    pub fn market_clock(&self) -> Result<Option<MarketClockSettings>, ConfigError> {
        if let Some(speed) = self.market_clock_speed
            && !(speed.is_finite() && speed > 0.0)
        {
            return Err(ConfigError::Invalid(format!("MARKET_CLOCK_SPEED must be a positive number, not {speed}")));
        }
        let Some(raw) = &self.market_clock_start else {
            return match self.market_clock_speed {
                Some(_) => Err(ConfigError::Invalid(
                    "MARKET_CLOCK_SPEED needs MARKET_CLOCK_START (the market instant to start from)".into(),
                )),
                None => Ok(None),
            };
        };
        let start = DateTime::parse_from_rfc3339(raw.trim()).map_err(|_| {
            ConfigError::Invalid(format!(
                "MARKET_CLOCK_START {raw:?} is not an RFC 3339 instant (e.g. 2026-11-27T10:00:00+05:30)"
            ))
        })?;
        Ok(Some(MarketClockSettings { start: start.to_utc(), speed: self.market_clock_speed.unwrap_or(1.0) }))
    }

    /// Refuses a market clock in production: the exchange's hours are the real ones.
    pub(super) fn refuse_market_clock_in_production(&self) -> Result<(), ConfigError> {
        if self.market_clock_start.is_some() || self.market_clock_speed.is_some() {
            return Err(ConfigError::UnsafeForProduction(
                "MARKET_CLOCK_START and MARKET_CLOCK_SPEED are for development and demos: unset them",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use figment::Figment;
    use figment::providers::Serialized;

    use super::SignalClock;
    use crate::bootstrap::config::tests::{figment, production, refusal};
    use crate::bootstrap::config::{ConfigError, Settings};

    #[test]
    fn the_market_runs_on_the_real_clock_and_every_instance_runs_the_candle_clock_by_default() {
        let s = Settings::from_figment(Figment::new()).unwrap();
        assert_eq!(s.market_clock().unwrap(), None);
        assert_eq!(s.signal_clock, SignalClock::On);
    }

    #[test]
    fn a_market_clock_starts_at_its_rfc_3339_instant_and_runs_at_its_speed() {
        let s = Settings::from_figment(
            figment(&[("market_clock_start", "2026-11-27T10:00:00+05:30")])
                .merge(Serialized::default("market_clock_speed", 60)),
        )
        .unwrap();
        let clock = s.market_clock().unwrap().expect("a market clock");
        assert_eq!(clock.start, "2026-11-27T04:30:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap());
        assert_eq!(clock.speed, 60.0);
        let real_speed = Settings::from_figment(figment(&[("market_clock_start", "2026-11-27T04:30:00Z")])).unwrap();
        assert_eq!(real_speed.market_clock().unwrap().map(|c| c.speed), Some(1.0));
    }

    #[test]
    fn a_market_clock_start_that_is_not_rfc_3339_is_rejected_at_startup() {
        for value in ["2026-11-27 10:00", "tomorrow", "2026-11-27T10:00:00"] {
            let err = Settings::from_figment(figment(&[("market_clock_start", value)])).unwrap_err();
            assert!(matches!(&err, ConfigError::Invalid(m) if m.contains("MARKET_CLOCK_START")), "{value}: {err}");
        }
    }

    #[test]
    fn a_market_clock_speed_that_is_not_positive_or_has_no_start_is_rejected_at_startup() {
        for speed in [0.0, -2.0] {
            let err = Settings::from_figment(
                figment(&[("market_clock_start", "2026-11-27T10:00:00+05:30")])
                    .merge(Serialized::default("market_clock_speed", speed)),
            )
            .unwrap_err();
            assert!(matches!(&err, ConfigError::Invalid(m) if m.contains("MARKET_CLOCK_SPEED")), "{speed}: {err}");
        }
        let alone =
            Settings::from_figment(Figment::new().merge(Serialized::default("market_clock_speed", 60))).unwrap_err();
        assert!(matches!(&alone, ConfigError::Invalid(m) if m.contains("needs MARKET_CLOCK_START")), "{alone}");
    }

    #[test]
    fn production_refuses_a_market_clock() {
        let start = refusal(production(&[("market_clock_start", "2026-11-27T10:00:00+05:30")]));
        assert!(start.contains("MARKET_CLOCK_START") && start.contains("development"), "{start}");
    }

    #[test]
    fn the_candle_clock_can_be_turned_off_on_an_instance() {
        let s = Settings::from_figment(figment(&[("signal_clock", "off")])).unwrap();
        assert_eq!(s.signal_clock, SignalClock::Off);
        assert!(Settings::from_figment(figment(&[("signal_clock", "sometimes")])).is_err());
    }
}
