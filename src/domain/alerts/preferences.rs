//! What a user chose to be told, and where.
//!
//! Defaults for a user who never saved any ([`AlertPreferences::default`]): Telegram and push
//! on (they send nothing until a chat is linked or a browser subscribed — linking *is* the
//! opt-in), email **off** (an address given to sign up is not consent to trading mail), every
//! symbol, every event, no quiet hours.

use super::alert_event::AlertKind;
use super::channel::AlertChannel;
use super::quiet_hours::{QuietHours, QuietHoursError};
use crate::domain::signals::Symbol;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventSwitches {
    pub call_opened: bool,
    pub call_closed: bool,
    pub session_summary: bool,
}

impl EventSwitches {
    pub fn allows(&self, kind: AlertKind) -> bool {
        match kind {
            AlertKind::CallOpened => self.call_opened,
            AlertKind::CallClosed => self.call_closed,
            AlertKind::SessionSummary => self.session_summary,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertPreferences {
    pub telegram_enabled: bool,
    pub email_enabled: bool,
    pub push_enabled: bool,
    /// The symbols alerted on, each once, in [`Symbol::ALL`] order.
    pub symbols: Vec<Symbol>,
    pub events: EventSwitches,
    pub quiet_hours: Option<QuietHours>,
}

impl Default for AlertPreferences {
    fn default() -> Self {
        Self {
            telegram_enabled: true,
            email_enabled: false,
            push_enabled: true,
            symbols: Symbol::ALL.to_vec(),
            events: EventSwitches { call_opened: true, call_closed: true, session_summary: true },
            quiet_hours: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PreferencesError {
    #[error("unknown symbol {0:?}; known: NIFTY, BANKNIFTY")]
    UnknownSymbol(String),
    #[error(transparent)]
    QuietHours(#[from] QuietHoursError),
}

impl AlertPreferences {
    /// Parses a symbol list; repeats collapse and the order is [`Symbol::ALL`]'s.
    ///
    /// # Errors
    /// [`PreferencesError::UnknownSymbol`] naming the first symbol not known.
    pub fn parse_symbols<S: AsRef<str>>(raw: &[S]) -> Result<Vec<Symbol>, PreferencesError> {
        let mut chosen = Vec::new();
        for name in raw {
            let symbol = Symbol::parse(name.as_ref())
                .ok_or_else(|| PreferencesError::UnknownSymbol(name.as_ref().to_owned()))?;
            chosen.push(symbol);
        }
        Ok(Symbol::ALL.into_iter().filter(|symbol| chosen.contains(symbol)).collect())
    }

    pub fn channel_enabled(&self, channel: AlertChannel) -> bool {
        match channel {
            AlertChannel::Telegram => self.telegram_enabled,
            AlertChannel::Email => self.email_enabled,
            AlertChannel::Push => self.push_enabled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_user_gets_every_symbol_and_event_and_no_email() {
        let defaults = AlertPreferences::default();
        assert_eq!(defaults.symbols, Symbol::ALL.to_vec());
        assert!(!defaults.email_enabled);
        assert!(defaults.telegram_enabled && defaults.push_enabled);
        assert!(AlertKind::ALL.into_iter().all(|kind| defaults.events.allows(kind)));
    }

    #[test]
    fn symbols_are_parsed_deduplicated_and_unknown_ones_named() {
        assert_eq!(
            AlertPreferences::parse_symbols(&["BANKNIFTY", "NIFTY", "BANKNIFTY"]),
            Ok(vec![Symbol::Nifty, Symbol::BankNifty])
        );
        assert_eq!(
            AlertPreferences::parse_symbols(&["NIFTY", "DOGE"]),
            Err(PreferencesError::UnknownSymbol("DOGE".into()))
        );
    }
}
