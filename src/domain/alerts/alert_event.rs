//! One thing worth telling traders: a call opened, a call closed, or a session's summary.
//!
//! Each event has a key that says what it is about (`open:<call id>`, `close:<call id>`,
//! `summary:<symbol>:<session date>`), so storing it is insert-if-absent: a repeat — another
//! instance recording the same call, a replayed candle — can never queue a second alert.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::calls::{Call, CallId};
use crate::domain::signals::Symbol;

use super::message;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlertKind {
    CallOpened,
    CallClosed,
    SessionSummary,
}

impl AlertKind {
    pub const ALL: [AlertKind; 3] = [AlertKind::CallOpened, AlertKind::CallClosed, AlertKind::SessionSummary];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CallOpened => "call_opened",
            Self::CallClosed => "call_closed",
            Self::SessionSummary => "session_summary",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }
}

/// What an event is about; unique across all events.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AlertEventKey(String);

impl AlertEventKey {
    pub fn opened(call: &CallId) -> Self {
        Self(format!("open:{call}"))
    }

    pub fn closed(call: &CallId) -> Self {
        Self(format!("close:{call}"))
    }

    pub fn summary(symbol: Symbol, session: NaiveDate) -> Self {
        Self(format!("summary:{}:{session}", symbol.as_str()))
    }

    /// A key read back from storage (written by one of the constructors above).
    pub fn from_stored(raw: String) -> Self {
        Self(raw)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AlertEventKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An event as stored in the outbox. `text` is the message body without the dashboard link,
/// rendered when the event is created so every channel and every retry says the same thing.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertEvent {
    pub key: AlertEventKey,
    pub kind: AlertKind,
    pub symbol: Symbol,
    /// The call a call event is about; `None` for summaries.
    pub call: Option<CallId>,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

impl AlertEvent {
    /// The alert for a call's opening, created at `at` (the moment it is recorded).
    pub fn call_opened(call: &Call, at: DateTime<Utc>) -> Self {
        Self {
            key: AlertEventKey::opened(&call.id),
            kind: AlertKind::CallOpened,
            symbol: call.symbol,
            call: Some(call.id.clone()),
            text: message::call_opened(call),
            created_at: at,
        }
    }

    /// The alert for a call's close; `None` while the call is open.
    pub fn call_closed(call: &Call, at: DateTime<Utc>) -> Option<Self> {
        let text = message::call_closed(call)?;
        Some(Self {
            key: AlertEventKey::closed(&call.id),
            kind: AlertKind::CallClosed,
            symbol: call.symbol,
            call: Some(call.id.clone()),
            text,
            created_at: at,
        })
    }
}
