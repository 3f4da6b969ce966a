//! Identifiers, each its own type so a customer id can never be passed where an event id is
//! expected. Stripe ids are checked for their documented prefix at the boundary.

use std::fmt;
use std::str::FromStr;

/// Our own user id: a random UUID, so ids leak nothing about sign-up order or volume.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(uuid::Uuid);

impl UserId {
    pub fn new_random() -> Self {
        Self(uuid::Uuid::new_v4())
    }
}

impl FromStr for UserId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim()).map(Self).map_err(|_| IdError::Malformed { kind: "user id" })
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{kind} is malformed")]
    Malformed { kind: &'static str },
}

macro_rules! stripe_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            pub fn parse(raw: &str) -> Result<Self, IdError> {
                let ok = raw.starts_with($prefix)
                    && raw.len() > $prefix.len()
                    && raw.len() <= 255
                    && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if ok { Ok(Self(raw.to_owned())) } else { Err(IdError::Malformed { kind: $kind }) }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

stripe_id!(
    /// A Stripe customer (`cus_…`).
    StripeCustomerId, "cus_", "Stripe customer id"
);
stripe_id!(
    /// A Stripe subscription (`sub_…`).
    StripeSubscriptionId, "sub_", "Stripe subscription id"
);
stripe_id!(
    /// A Stripe event (`evt_…`): the unit of webhook idempotency.
    StripeEventId, "evt_", "Stripe event id"
);
stripe_id!(
    /// A Stripe Checkout Session (`cs_…`).
    CheckoutSessionId, "cs_", "Checkout Session id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripe_ids_require_their_prefix() {
        assert!(StripeCustomerId::parse("cus_NffrFeUfNV2Hib").is_ok());
        assert!(StripeCustomerId::parse("sub_NffrFeUfNV2Hib").is_err());
        assert!(StripeCustomerId::parse("cus_").is_err());
        assert!(StripeEventId::parse("evt_1 OR 1=1").is_err());
    }

    #[test]
    fn user_ids_round_trip_through_text() {
        let id = UserId::new_random();
        assert_eq!(id.to_string().parse::<UserId>().unwrap(), id);
        assert!("not-a-uuid".parse::<UserId>().is_err());
    }
}
