//! How an account change travels on the Redis channel: one short line of text.
//!
//! `billing:<user>`, `session:<session>`, `revoked:<user>:<kept session or ->:<0|1
//! password changed>`, `deleted:<user>`, `maybe-missed`. A bare user id is what instances
//! before this format published (a billing change), so a rolling upgrade keeps working. Anything
//! else is dropped by the listener: the channel is ours, but a reader never trusts its input.

use anyhow::anyhow;

use super::bus::WireFormat;
use crate::domain::access::AccessChange;
use crate::domain::{TokenFamilyId, UserId};

fn encode(change: &AccessChange) -> String {
    match *change {
        AccessChange::Billing(user) => format!("billing:{user}"),
        AccessChange::SessionEnded { session } => format!("session:{session}"),
        AccessChange::SessionsRevoked { user, kept, password_changed } => {
            let kept = kept.map_or_else(|| "-".to_owned(), |session| session.to_string());
            format!("revoked:{user}:{kept}:{}", u8::from(password_changed))
        }
        AccessChange::AccountDeleted(user) => format!("deleted:{user}"),
        AccessChange::MaybeMissed => "maybe-missed".to_owned(),
    }
}

fn decode(raw: &str) -> Option<AccessChange> {
    let parts: Vec<&str> = raw.split(':').collect();
    let user = |raw: &str| raw.parse::<UserId>().ok();
    let session = |raw: &str| raw.parse::<TokenFamilyId>().ok();
    Some(match parts.as_slice() {
        ["billing", u] => AccessChange::Billing(user(u)?),
        ["session", s] => AccessChange::SessionEnded { session: session(s)? },
        ["revoked", u, kept, changed] => AccessChange::SessionsRevoked {
            user: user(u)?,
            kept: if *kept == "-" { None } else { Some(session(kept)?) },
            password_changed: match *changed {
                "1" => true,
                "0" => false,
                _ => return None,
            },
        },
        ["deleted", u] => AccessChange::AccountDeleted(user(u)?),
        ["maybe-missed"] => AccessChange::MaybeMissed,
        [u] => AccessChange::Billing(user(u)?),
        _ => return None,
    })
}

impl WireFormat for AccessChange {
    // The channel's name predates the other kinds of change; kept so instances of different
    // versions still hear each other during a rolling upgrade.
    const CHANNEL: &'static str = "billing-changes";

    fn encode(&self) -> anyhow::Result<String> {
        Ok(encode(self))
    }

    fn decode(raw: &str) -> anyhow::Result<Self> {
        decode(raw).ok_or_else(|| anyhow!("not an account change"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_survives_the_channel() {
        let (user, session) = (UserId::new_random(), TokenFamilyId::new_random());
        for change in [
            AccessChange::Billing(user),
            AccessChange::SessionEnded { session },
            AccessChange::SessionsRevoked { user, kept: Some(session), password_changed: true },
            AccessChange::SessionsRevoked { user, kept: None, password_changed: false },
            AccessChange::AccountDeleted(user),
            AccessChange::MaybeMissed,
        ] {
            assert_eq!(decode(&encode(&change)), Some(change));
        }
    }

    #[test]
    fn a_bare_user_id_from_an_older_instance_is_a_billing_change() {
        let user = UserId::new_random();
        assert_eq!(decode(&user.to_string()), Some(AccessChange::Billing(user)));
    }

    #[test]
    fn anything_else_is_dropped() {
        for raw in ["", "billing:", "deleted:nope", "revoked:x:-:2", "session:a:b:c", "shutdown"] {
            assert_eq!(decode(raw), None, "{raw:?}");
        }
    }
}
