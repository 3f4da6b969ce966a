//! The end-of-session summary: the session's calls with their outcomes, and how many alerts
//! paid members were sent for them — the one alert free users get.

use chrono::{DateTime, NaiveDate, Utc};

use super::alert_event::{AlertEvent, AlertEventKey, AlertKind};
use crate::domain::calls::Call;
use crate::domain::market::calendar::ist;
use crate::domain::signals::Symbol;

/// The most calls listed one by one; a busier session's summary counts the rest.
const LISTED: usize = 12;

#[derive(Clone, Debug, PartialEq)]
pub struct SessionSummary {
    pub symbol: Symbol,
    pub session: NaiveDate,
    /// The session's calls, oldest first.
    pub calls: Vec<Call>,
}

impl SessionSummary {
    /// The calls of `symbol` opened on `session` (an IST date) among `calls`.
    pub fn of(symbol: Symbol, session: NaiveDate, calls: impl IntoIterator<Item = Call>) -> Self {
        let mut calls: Vec<Call> = calls
            .into_iter()
            .filter(|call| call.symbol == symbol && call.opened_at.with_timezone(&ist()).date_naive() == session)
            .collect();
        calls.sort_by_key(|call| call.opened_at);
        Self { symbol, session, calls }
    }

    /// Alerts a paid member got for this session: one per opening, one per close.
    pub fn paid_alerts(&self) -> usize {
        self.calls.len() + self.calls.iter().filter(|call| !call.is_open()).count()
    }

    pub fn text(&self) -> String {
        let mut lines = vec![format!("{} session summary, {}:", self.symbol.as_str(), self.session.format("%d %b %Y"))];
        if self.calls.is_empty() {
            lines.push("No calls today.".to_owned());
        }
        for call in self.calls.iter().take(LISTED) {
            let opened = call.opened_at.with_timezone(&ist()).format("%H:%M");
            let outcome = match (call.exit, call.result_pct_net()) {
                (Some(exit), Some(net)) => format!("{}, {net:+.2}% net", exit.reason.as_str().replace('_', " ")),
                _ => "still open".to_owned(),
            };
            lines.push(format!("- {opened} {} at {:.2}: {outcome}", call.direction.as_str(), call.entry));
        }
        if self.calls.len() > LISTED {
            lines.push(format!("… and {} more.", self.calls.len() - LISTED));
        }
        lines.push(format!("Paid members received {} alerts today.", self.paid_alerts()));
        lines.join("\n")
    }

    pub fn event(&self, at: DateTime<Utc>) -> AlertEvent {
        AlertEvent {
            key: AlertEventKey::summary(self.symbol, self.session),
            kind: AlertKind::SessionSummary,
            symbol: self.symbol,
            call: None,
            text: self.text(),
            created_at: at,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::calls::{CallId, CostBps, Direction, Exit, ExitReason};
    use crate::domain::signals::Action;

    fn call(symbol: Symbol, hour: u32, closed: bool) -> Call {
        let opened_at = Utc.with_ymd_and_hms(2026, 12, 3, hour, 0, 0).unwrap();
        Call {
            id: CallId::of(symbol, opened_at),
            symbol,
            direction: Direction::of(Action::Sell).unwrap(),
            entry: 200.0,
            stop_loss: 202.0,
            target: 196.0,
            confidence: 0.5,
            opened_at,
            cost: CostBps::parse(0.0).unwrap(),
            exit: closed.then_some(Exit { closed_at: opened_at, price: 202.0, reason: ExitReason::Stop }),
        }
    }

    #[test]
    fn the_summary_lists_the_sessions_calls_and_counts_what_paid_members_got() {
        let session = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let calls = vec![call(Symbol::Nifty, 5, true), call(Symbol::Nifty, 4, false), call(Symbol::BankNifty, 4, true)];
        let summary = SessionSummary::of(Symbol::Nifty, session, calls);
        assert_eq!(summary.paid_alerts(), 3);
        let text = summary.text();
        assert!(text.contains("09:30 SELL at 200.00: still open"), "{text}");
        assert!(text.contains("10:30 SELL at 200.00: stop, -1.00% net"), "{text}");
        assert!(text.ends_with("Paid members received 3 alerts today."), "{text}");
        assert_eq!(summary.event(Utc::now()).key.as_str(), "summary:NIFTY:2026-12-03");
    }
}
