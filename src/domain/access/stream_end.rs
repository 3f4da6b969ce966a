//! Why a live stream ends, and which announced changes end which stream.

use chrono::{DateTime, Utc};

use super::AccessChange;
use crate::domain::{TokenFamilyId, UserId};

/// The reason sent in a stream's final event. The names are the API's `reason` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamEnd {
    /// The access token ran out: reconnect with a fresh one (the dashboard refreshes first).
    TokenExpired,
    /// The session the token belongs to was logged out.
    LoggedOut,
    /// The session was revoked (an operator, another device's password change, a replayed
    /// refresh token).
    SessionRevoked,
    /// The password changed; sessions other than the one that changed it are over.
    PasswordChanged,
    /// The account was deleted.
    AccountDeleted,
    /// The plan no longer includes live signals.
    PlanEnded,
    /// The same user opened more streams than allowed; the oldest gives way.
    Replaced,
    /// This instance is shutting down: reconnect (with `Last-Event-ID`) to another.
    ServerRestarting,
}

impl StreamEnd {
    pub fn reason(self) -> &'static str {
        match self {
            Self::TokenExpired => "token_expired",
            Self::LoggedOut => "logged_out",
            Self::SessionRevoked => "session_revoked",
            Self::PasswordChanged => "password_changed",
            Self::AccountDeleted => "account_deleted",
            Self::PlanEnded => "plan_ended",
            Self::Replaced => "replaced",
            Self::ServerRestarting => "server_restarting",
        }
    }

    /// Whether a client should come back: with a fresh token, or on another instance. The
    /// others need the user to act (log in again, subscribe).
    pub fn should_reconnect(self) -> bool {
        matches!(self, Self::TokenExpired | Self::ServerRestarting)
    }
}

/// Who holds a stream: the token's user and session, and when the token expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamHolder {
    pub user: UserId,
    pub session: Option<TokenFamilyId>,
    pub token_expires_at: DateTime<Utc>,
}

/// Whether `change` ends the stream of `holder`, and why.
///
/// [`AccessChange::Billing`] and [`AccessChange::MaybeMissed`] answer `None`: they say the plan
/// (or anything) *may* have changed, and the caller must read the plan again to know. A token
/// without a named session cannot be told apart from the session a revocation keeps, so it is
/// ended by any revocation of its user's sessions: the safe side. (Such tokens predate named
/// sessions; a single logout cannot find them, and they run out within their lifetime.)
pub fn stream_end_for(holder: &StreamHolder, change: &AccessChange) -> Option<StreamEnd> {
    if let AccessChange::SessionEnded { session } = *change {
        return (holder.session == Some(session)).then_some(StreamEnd::LoggedOut);
    }
    if change.user() != Some(holder.user) {
        return None;
    }
    match *change {
        AccessChange::AccountDeleted(_) => Some(StreamEnd::AccountDeleted),
        AccessChange::SessionsRevoked { kept, password_changed, .. } => {
            let kept_this_one = holder.session.is_some() && holder.session == kept;
            (!kept_this_one).then_some(if password_changed {
                StreamEnd::PasswordChanged
            } else {
                StreamEnd::SessionRevoked
            })
        }
        AccessChange::SessionEnded { .. } | AccessChange::Billing(_) | AccessChange::MaybeMissed => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn holder(session: Option<TokenFamilyId>) -> StreamHolder {
        StreamHolder {
            user: UserId::new_random(),
            session,
            token_expires_at: Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap(),
        }
    }

    #[test]
    fn a_logout_ends_the_stream_of_that_session_only() {
        let (mine, other) = (TokenFamilyId::new_random(), TokenFamilyId::new_random());
        let stream = holder(Some(mine));
        let logout = |session| AccessChange::SessionEnded { session };
        assert_eq!(stream_end_for(&stream, &logout(mine)), Some(StreamEnd::LoggedOut));
        assert_eq!(stream_end_for(&stream, &logout(other)), None);
    }

    #[test]
    fn another_users_changes_never_end_a_stream() {
        let stream = holder(None);
        let stranger = UserId::new_random();
        for change in [
            AccessChange::AccountDeleted(stranger),
            AccessChange::SessionsRevoked { user: stranger, kept: None, password_changed: true },
            AccessChange::SessionEnded { session: TokenFamilyId::new_random() },
        ] {
            assert_eq!(stream_end_for(&stream, &change), None, "{change:?}");
        }
    }

    #[test]
    fn a_password_change_ends_every_stream_but_the_session_that_changed_it() {
        let (kept, other) = (TokenFamilyId::new_random(), TokenFamilyId::new_random());
        let user = UserId::new_random();
        let change = AccessChange::SessionsRevoked { user, kept: Some(kept), password_changed: true };
        let mut stream = holder(Some(kept));
        stream.user = user;
        assert_eq!(stream_end_for(&stream, &change), None);
        stream.session = Some(other);
        assert_eq!(stream_end_for(&stream, &change), Some(StreamEnd::PasswordChanged));
        stream.session = None;
        assert_eq!(stream_end_for(&stream, &change), Some(StreamEnd::PasswordChanged), "unnamed sessions: safe side");
    }

    #[test]
    fn deleting_the_account_or_revoking_every_session_ends_every_stream() {
        let stream = holder(Some(TokenFamilyId::new_random()));
        let revoke_all = AccessChange::SessionsRevoked { user: stream.user, kept: None, password_changed: false };
        assert_eq!(stream_end_for(&stream, &revoke_all), Some(StreamEnd::SessionRevoked));
        assert_eq!(
            stream_end_for(&stream, &AccessChange::AccountDeleted(stream.user)),
            Some(StreamEnd::AccountDeleted)
        );
    }

    #[test]
    fn a_billing_change_asks_for_the_plan_to_be_read_again_rather_than_ending_the_stream() {
        let stream = holder(None);
        assert_eq!(stream_end_for(&stream, &AccessChange::Billing(stream.user)), None);
        assert_eq!(stream_end_for(&stream, &AccessChange::MaybeMissed), None);
    }

    #[test]
    fn only_expiry_and_restarts_invite_a_reconnect() {
        assert!(StreamEnd::TokenExpired.should_reconnect());
        assert!(StreamEnd::ServerRestarting.should_reconnect());
        assert!(!StreamEnd::PlanEnded.should_reconnect());
        assert!(!StreamEnd::LoggedOut.should_reconnect());
    }
}
