//! The market as data: candles, and the NSE's clock (sessions, trading days, holidays).
//!
//! Pure and synchronous: "is the market open at T?", "which 5-minute candle closed last?"
//! are answered from a calendar value and an instant passed in, never from the system clock,
//! so the rules are unit-tested without a runtime. Where candles come from (a simulator, a
//! CSV import, an HTTP API) is the [`MarketData`](crate::ports::MarketData) port's business.

pub mod calendar;
pub mod candle;
pub mod interval;
pub mod moment;
pub mod nse_holidays;
pub mod provenance;

pub use calendar::{
    CalendarFileError, CalendarProblem, CalendarYear, CandleSlot, MarketCalendar, MarketStatus, Session,
    SpecialSession, parse_calendar_file,
};
pub use candle::{Candle, CandleError, CandleRange, RangeError};
pub use interval::Interval;
pub use moment::MarketMoment;
pub use provenance::{Provenance, SourceName, SourceNameError};
