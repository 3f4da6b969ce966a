//! Who gets which alert on which channel.
//!
//! Paid users get every call opened and closed (as their switches allow) and the session
//! summary; free users get only the end-of-session summary, which tells them what paid
//! members were sent. A channel is used when it is switched on *and* reachable: Telegram needs
//! a linked chat, push at least one registered browser.

use super::alert_event::{AlertEvent, AlertKind};
use super::channel::AlertChannel;
use super::preferences::AlertPreferences;
use crate::domain::Plan;

/// Whether a user on `plan` with `preferences` wants `event` at all.
pub fn wants(plan: Plan, preferences: &AlertPreferences, event: &AlertEvent) -> bool {
    let plan_allows = match event.kind {
        AlertKind::CallOpened | AlertKind::CallClosed => plan.is_paid(),
        AlertKind::SessionSummary => true,
    };
    plan_allows && preferences.events.allows(event.kind) && preferences.symbols.contains(&event.symbol)
}

/// The channels an alert goes to, given whether a Telegram chat is linked and how many push
/// devices the user has.
pub fn channels_for(preferences: &AlertPreferences, telegram_linked: bool, push_devices: usize) -> Vec<AlertChannel> {
    AlertChannel::ALL
        .into_iter()
        .filter(|channel| preferences.channel_enabled(*channel))
        .filter(|channel| match channel {
            AlertChannel::Telegram => telegram_linked,
            AlertChannel::Email => true,
            AlertChannel::Push => push_devices > 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::alerts::AlertEventKey;
    use crate::domain::signals::Symbol;

    fn event(kind: AlertKind, symbol: Symbol) -> AlertEvent {
        AlertEvent {
            key: AlertEventKey::from_stored("k".into()),
            kind,
            symbol,
            call: None,
            text: String::new(),
            created_at: Utc.timestamp_opt(0, 0).unwrap(),
        }
    }

    #[test]
    fn free_users_get_only_the_session_summary() {
        let prefs = AlertPreferences::default();
        assert!(!wants(Plan::Free, &prefs, &event(AlertKind::CallOpened, Symbol::Nifty)));
        assert!(!wants(Plan::Free, &prefs, &event(AlertKind::CallClosed, Symbol::Nifty)));
        assert!(wants(Plan::Free, &prefs, &event(AlertKind::SessionSummary, Symbol::Nifty)));
        assert!(wants(Plan::Paid, &prefs, &event(AlertKind::CallOpened, Symbol::Nifty)));
    }

    #[test]
    fn switched_off_events_and_symbols_are_not_sent() {
        let mut prefs = AlertPreferences { symbols: vec![Symbol::BankNifty], ..AlertPreferences::default() };
        prefs.events.call_closed = false;
        assert!(!wants(Plan::Paid, &prefs, &event(AlertKind::CallOpened, Symbol::Nifty)));
        assert!(!wants(Plan::Paid, &prefs, &event(AlertKind::CallClosed, Symbol::BankNifty)));
        assert!(wants(Plan::Paid, &prefs, &event(AlertKind::CallOpened, Symbol::BankNifty)));
    }

    #[test]
    fn a_channel_needs_to_be_on_and_reachable() {
        let prefs = AlertPreferences::default();
        assert_eq!(channels_for(&prefs, false, 0), Vec::<AlertChannel>::new());
        assert_eq!(channels_for(&prefs, true, 2), vec![AlertChannel::Telegram, AlertChannel::Push]);
        let prefs = AlertPreferences { email_enabled: true, telegram_enabled: false, ..prefs };
        assert_eq!(channels_for(&prefs, true, 0), vec![AlertChannel::Email]);
    }
}
