//! What an alert says. Plain text, short enough for a phone's lock screen; the same words on
//! every channel. The dashboard link is added when it is sent ([`with_link`]), so the text
//! stored with an event does not depend on where the dashboard is served.

use chrono::{DateTime, Utc};

use crate::domain::calls::Call;
use crate::domain::market::calendar::ist;

fn ist_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&ist()).format("%H:%M IST").to_string()
}

/// "NIFTY BUY at 24,512.30 (09:45 IST) — stop 24,440.00, target 24,620.00, confidence 58%".
pub fn call_opened(call: &Call) -> String {
    format!(
        "{} {} at {:.2} ({}). Stop {:.2}, target {:.2}, confidence {:.0}%.",
        call.symbol.as_str(),
        call.direction.as_str(),
        call.entry,
        ist_time(call.opened_at),
        call.stop_loss,
        call.target,
        call.confidence * 100.0
    )
}

/// The close of a call and its result net of costs; `None` while the call is open.
pub fn call_closed(call: &Call) -> Option<String> {
    let exit = call.exit?;
    Some(format!(
        "{} {} closed at {:.2} ({}, {}): {:+.2}% net.",
        call.symbol.as_str(),
        call.direction.as_str(),
        exit.price,
        ist_time(exit.closed_at),
        exit.reason.as_str().replace('_', " "),
        call.result_pct_net().unwrap_or(0.0)
    ))
}

/// The message a user asked for to check their channels.
pub fn test_alert() -> String {
    "Signalbox test alert: this channel works.".to_owned()
}

/// `text` with the dashboard link on its own line.
pub fn with_link(text: &str, dashboard_url: &str) -> String {
    format!("{text}\n{dashboard_url}")
}

/// An email subject for the first line of `text`.
pub fn subject(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    let short: String = first.chars().take(78).collect();
    format!("Signalbox: {short}")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::calls::{CallId, CostBps, Direction, Exit, ExitReason};
    use crate::domain::signals::Symbol;

    fn call() -> Call {
        let opened_at = Utc.with_ymd_and_hms(2026, 12, 3, 4, 15, 0).unwrap();
        Call {
            id: CallId::of(Symbol::Nifty, opened_at),
            symbol: Symbol::Nifty,
            direction: Direction::of(crate::domain::signals::Action::Buy).unwrap(),
            entry: 100.0,
            stop_loss: 99.0,
            target: 102.0,
            confidence: 0.58,
            opened_at,
            cost: CostBps::parse(0.0).unwrap(),
            exit: None,
        }
    }

    #[test]
    fn an_opened_call_names_symbol_side_levels_and_time_in_ist() {
        let text = call_opened(&call());
        assert_eq!(text, "NIFTY BUY at 100.00 (09:45 IST). Stop 99.00, target 102.00, confidence 58%.");
    }

    #[test]
    fn a_closed_call_says_how_it_ended_and_an_open_one_has_no_close_text() {
        let mut call = call();
        assert_eq!(call_closed(&call), None);
        call.exit = Some(Exit { closed_at: call.opened_at, price: 102.0, reason: ExitReason::Target });
        assert_eq!(call_closed(&call).unwrap(), "NIFTY BUY closed at 102.00 (09:45 IST, target): +2.00% net.");
        assert_eq!(subject("a\nb"), "Signalbox: a");
    }
}
