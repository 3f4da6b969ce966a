//! The signal product's numbers: the free plan's daily quota and the time zone its day is
//! counted in, and the round-trip cost every trade call is judged net of.

use std::str::FromStr;

use chrono_tz::Tz;

use super::{ConfigError, Settings};
use crate::domain::calls::CostBps;

impl Settings {
    pub fn quota_zone(&self) -> Result<Tz, ConfigError> {
        Tz::from_str(&self.quota_timezone).map_err(|_| {
            ConfigError::Invalid(format!("QUOTA_TIMEZONE {:?} is not an IANA time zone", self.quota_timezone))
        })
    }

    /// `SIGNAL_COST_BPS` as a cost (0 up to the domain's maximum).
    pub fn signal_cost(&self) -> Result<CostBps, ConfigError> {
        CostBps::parse(self.signal_cost_bps)
            .map_err(|err| ConfigError::Invalid(format!("SIGNAL_COST_BPS {}: {err}", self.signal_cost_bps)))
    }
}

#[cfg(test)]
mod tests {
    use figment::providers::Serialized;

    use crate::bootstrap::config::tests::figment;
    use crate::bootstrap::config::{ConfigError, Settings};

    #[test]
    fn an_unknown_time_zone_is_rejected_at_startup() {
        assert!(matches!(
            Settings::from_figment(figment(&[("quota_timezone", "Mars/Olympus")])),
            Err(ConfigError::Invalid(_))
        ));
    }

    #[test]
    fn a_cost_outside_its_range_is_rejected_when_the_settings_load_not_later() {
        for cost in [-1.0, f64::NAN, 100_000.0] {
            let loaded = Settings::from_figment(figment(&[]).merge(Serialized::default("signal_cost_bps", cost)));
            assert!(
                matches!(&loaded, Err(ConfigError::Invalid(message)) if message.contains("SIGNAL_COST_BPS")),
                "{cost}: {loaded:?}"
            );
        }
        let default = Settings::from_figment(figment(&[])).unwrap();
        assert!(default.signal_cost().is_ok());
    }
}
