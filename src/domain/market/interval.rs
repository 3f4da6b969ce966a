//! How long one candle lasts.
//!
//! Only lengths that divide the NSE session (09:15–15:30, 375 minutes) evenly are offered, so
//! no session ends in a short candle: that is why there is no hourly interval (375 / 60 is not
//! whole) and why candles are aligned to the session open rather than to the clock hour.

use std::fmt;

use chrono::Duration;

/// The candle lengths Signalbox reads. Each divides the NSE session (375 minutes) evenly, so
/// every candle of a session is full length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interval {
    OneMinute,
    FiveMinutes,
    FifteenMinutes,
}

impl Interval {
    pub const ALL: [Interval; 3] = [Interval::OneMinute, Interval::FiveMinutes, Interval::FifteenMinutes];

    /// The usual short name (`1m`, `5m`, `15m`), as in CSV files and candle APIs.
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::OneMinute => "1m",
            Interval::FiveMinutes => "5m",
            Interval::FifteenMinutes => "15m",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|interval| interval.as_str() == raw)
    }

    pub fn minutes(self) -> i64 {
        match self {
            Interval::OneMinute => 1,
            Interval::FiveMinutes => 5,
            Interval::FifteenMinutes => 15,
        }
    }

    pub fn duration(self) -> Duration {
        Duration::minutes(self.minutes())
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_round_trip_through_their_names() {
        for interval in Interval::ALL {
            assert_eq!(Interval::parse(interval.as_str()), Some(interval));
            assert_eq!(375 % interval.minutes(), 0, "{interval} divides the session");
        }
        assert_eq!(Interval::parse("1h"), None);
    }
}
