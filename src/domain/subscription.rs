//! One Stripe subscription as we know it, and how what we learn about it is merged.
//!
//! A customer can hold several subscriptions at once (two checkout tabs paid a minute apart, a
//! re-subscription while Stripe still retries an old one), so state is kept per subscription
//! and entitlement is decided over all of them ([`super::entitlement`]).
//!
//! Stripe delivers events at least once and in any order. Each fact an event carries lives in
//! its own register with a merge that does not depend on arrival order, so any delivery order
//! (with duplicates) ends in the state that applying the events in `created` order gives:
//! - **status**: the newest wins, ordered by (terminal, event `created`, status rank). A
//!   terminal status (`canceled`, `incomplete_expired`) is final — Stripe never revives such a
//!   subscription, so a late invoice cannot bring it back. Events created in the same second
//!   (Stripe emits checkout, invoice and subscription events together) are ordered by how far
//!   along the lifecycle their status is.
//! - **details** (`cancel_at_period_end`, Stripe's `current_period_end`): from subscription
//!   objects only, the newest wins. Two that disagree within one second cannot be ordered
//!   from the events ([`Subscription::details_tie`]); the webhook use case then reads the
//!   subscription back from Stripe, and the merge's fixed rule only holds until it can.
//! - **paid_through**: the end of the latest period a payment covered — the maximum over paid
//!   invoices and paid checkouts. Only payments extend access: at renewal Stripe moves the
//!   subscription's period forward *before* charging, so taking that date would grant a
//!   past-due user the unpaid month.

use chrono::{DateTime, Utc};

use super::{StripeCustomerId, StripeSubscriptionId};

/// Stripe's subscription statuses. `None` means "never subscribed" (no subscription at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum SubscriptionStatus {
    #[default]
    None,
    Incomplete,
    Trialing,
    Active,
    PastDue,
    Unpaid,
    Paused,
    IncompleteExpired,
    Canceled,
}

impl SubscriptionStatus {
    pub const ALL: [Self; 9] = [
        Self::None,
        Self::Incomplete,
        Self::Trialing,
        Self::Active,
        Self::PastDue,
        Self::Unpaid,
        Self::Paused,
        Self::IncompleteExpired,
        Self::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Incomplete => "incomplete",
            Self::Trialing => "trialing",
            Self::Active => "active",
            Self::PastDue => "past_due",
            Self::Unpaid => "unpaid",
            Self::Paused => "paused",
            Self::IncompleteExpired => "incomplete_expired",
            Self::Canceled => "canceled",
        }
    }

    /// Parses Stripe's spelling. A status Stripe adds later maps to `Incomplete`: it grants
    /// no access until we understand it.
    pub fn from_stripe(raw: &str) -> Self {
        Self::ALL.into_iter().find(|s| s.as_str() == raw).unwrap_or(Self::Incomplete)
    }

    /// Stripe never moves a subscription out of these.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Canceled | Self::IncompleteExpired)
    }

    /// How far along the lifecycle: orders statuses stamped in the same second.
    fn rank(self) -> u8 {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0) as u8
    }

    /// The merge order of the status register: is (`self` at `at`) newer than (`other` at
    /// `other_at`)?
    fn supersedes(self, at: DateTime<Utc>, other: Self, other_at: DateTime<Utc>) -> bool {
        (self.is_terminal(), at, self.rank()) > (other.is_terminal(), other_at, other.rank())
    }
}

/// What we know of one subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub id: StripeSubscriptionId,
    pub customer: StripeCustomerId,
    pub status: SubscriptionStatus,
    /// `created` of the event that set `status`.
    pub status_at: DateTime<Utc>,
    /// Ends at the period end instead of renewing (the user cancelled; they may resume).
    pub cancel_at_period_end: bool,
    /// Stripe's current period end, for display. Not proof of payment.
    pub current_period_end: Option<DateTime<Utc>>,
    /// `created` of the subscription object that set the two fields above, if any did.
    pub details_at: Option<DateTime<Utc>>,
    /// The end of the latest period a payment covered.
    pub paid_through: Option<DateTime<Utc>>,
    /// `created` of the newest event applied to this subscription.
    pub last_event_at: DateTime<Utc>,
}

/// One event's facts about a subscription, ready to merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionFacts {
    pub at: DateTime<Utc>,
    pub status: SubscriptionStatus,
    /// `Some` when the event carries the subscription object itself.
    pub details: Option<SubscriptionDetails>,
    /// A payment covered the period up to here.
    pub paid_through: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubscriptionDetails {
    pub cancel_at_period_end: bool,
    pub current_period_end: Option<DateTime<Utc>>,
}

impl SubscriptionFacts {
    /// What the provider's current view of a subscription, read at `at` (reconciliation),
    /// tells us. An `active` or `trialing` subscription has paid for its current period — that
    /// is what those statuses mean — so its period end counts as paid through.
    pub fn reconciled(
        status: SubscriptionStatus,
        current_period_end: Option<DateTime<Utc>>,
        cancel_at_period_end: bool,
        at: DateTime<Utc>,
    ) -> Self {
        let paid = matches!(status, SubscriptionStatus::Active | SubscriptionStatus::Trialing);
        Self {
            at,
            status,
            details: Some(SubscriptionDetails { cancel_at_period_end, current_period_end }),
            paid_through: if paid { current_period_end } else { None },
        }
    }
}

impl Subscription {
    /// The subscription as first seen through `facts`.
    pub fn first_seen(id: StripeSubscriptionId, customer: StripeCustomerId, facts: &SubscriptionFacts) -> Self {
        let details =
            facts.details.unwrap_or(SubscriptionDetails { cancel_at_period_end: false, current_period_end: None });
        Self {
            id,
            customer,
            status: facts.status,
            status_at: facts.at,
            cancel_at_period_end: details.cancel_at_period_end,
            current_period_end: details.current_period_end,
            details_at: facts.details.map(|_| facts.at),
            paid_through: facts.paid_through,
            last_event_at: facts.at,
        }
        .ended_cleared()
    }

    /// Whether `facts` carry details stamped in the same second as the ones held here, saying
    /// something else. Stripe's `created` counts whole seconds, and a cancel and a resume in the
    /// portal a moment apart carry opposite flags in the same second: which came last cannot be
    /// told from the two events (the merge keeps one by a fixed rule), only from the
    /// subscription as Stripe holds it now.
    pub fn details_tie(&self, facts: &SubscriptionFacts) -> bool {
        match (facts.details, self.details_at) {
            (Some(details), Some(at)) if at == facts.at && !self.status.is_terminal() => {
                (details.cancel_at_period_end, details.current_period_end)
                    != (self.cancel_at_period_end, self.current_period_end)
            }
            _ => false,
        }
    }

    /// Merges `facts` in. Commutative, associative and idempotent per register (see the module
    /// docs), which is what makes delivery order irrelevant.
    pub fn merged(&self, facts: &SubscriptionFacts) -> Self {
        let mut next = self.clone();
        if facts.status.supersedes(facts.at, self.status, self.status_at) {
            next.status = facts.status;
            next.status_at = facts.at;
        }
        if let Some(details) = facts.details {
            let incoming = (facts.at, details.cancel_at_period_end, details.current_period_end);
            let newer = match self.details_at {
                None => true,
                Some(at) => incoming > (at, self.cancel_at_period_end, self.current_period_end),
            };
            if newer {
                next.cancel_at_period_end = details.cancel_at_period_end;
                next.current_period_end = details.current_period_end;
                next.details_at = Some(facts.at);
            }
        }
        next.paid_through = self.paid_through.max(facts.paid_through);
        next.last_event_at = self.last_event_at.max(facts.at);
        next.ended_cleared()
    }

    /// An ended subscription (cancelled, expired) grants nothing and never will again, so what
    /// it was paid through or set to do at its period end no longer means anything: cleared.
    /// Clearing it whatever arrived first (rather than ignoring facts that arrive after the
    /// ending) is what keeps the stored state the same in every delivery order — the status is
    /// a maximum where an ending wins, and every other register a maximum cleared by it.
    fn ended_cleared(mut self) -> Self {
        if self.status.is_terminal() {
            self.cancel_at_period_end = false;
            self.current_period_end = None;
            self.details_at = None;
            self.paid_through = None;
        }
        self
    }

    /// Whether this subscription is still waiting for its first payment: a new checkout must
    /// not be opened beside it.
    pub fn awaits_first_payment(&self) -> bool {
        self.status == SubscriptionStatus::Incomplete
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_764_000_000 + secs, 0).unwrap()
    }
    fn facts(at: i64, status: SubscriptionStatus) -> SubscriptionFacts {
        SubscriptionFacts { at: t(at), status, details: None, paid_through: None }
    }
    fn sub(f: &SubscriptionFacts) -> Subscription {
        Subscription::first_seen(
            StripeSubscriptionId::parse("sub_1").unwrap(),
            StripeCustomerId::parse("cus_1").unwrap(),
            f,
        )
    }

    #[test]
    fn statuses_round_trip_and_unknown_ones_grant_nothing() {
        for status in SubscriptionStatus::ALL {
            assert_eq!(SubscriptionStatus::from_stripe(status.as_str()), status);
        }
        assert_eq!(SubscriptionStatus::from_stripe("something_new"), SubscriptionStatus::Incomplete);
    }

    #[test]
    fn a_newer_status_wins_and_an_older_one_does_not() {
        let s = sub(&facts(10, SubscriptionStatus::Active));
        assert_eq!(s.merged(&facts(20, SubscriptionStatus::PastDue)).status, SubscriptionStatus::PastDue);
        assert_eq!(s.merged(&facts(5, SubscriptionStatus::PastDue)).status, SubscriptionStatus::Active);
    }

    #[test]
    fn in_the_same_second_the_later_lifecycle_stage_wins_whatever_the_order() {
        let a = sub(&facts(10, SubscriptionStatus::Incomplete)).merged(&facts(10, SubscriptionStatus::Active));
        let b = sub(&facts(10, SubscriptionStatus::Active)).merged(&facts(10, SubscriptionStatus::Incomplete));
        assert_eq!(a.status, SubscriptionStatus::Active);
        assert_eq!(b.status, SubscriptionStatus::Active);
    }

    #[test]
    fn a_canceled_subscription_stays_canceled_even_after_newer_events() {
        let s = sub(&facts(10, SubscriptionStatus::Canceled));
        assert_eq!(s.merged(&facts(20, SubscriptionStatus::Active)).status, SubscriptionStatus::Canceled);
    }

    #[test]
    fn paid_through_only_grows() {
        let mut f = facts(10, SubscriptionStatus::Active);
        f.paid_through = Some(t(1000));
        let s = sub(&f);
        let mut older = facts(20, SubscriptionStatus::Active);
        older.paid_through = Some(t(500));
        assert_eq!(s.merged(&older).paid_through, Some(t(1000)));
    }

    #[test]
    fn details_come_from_the_newest_subscription_object() {
        let mut cancel = facts(20, SubscriptionStatus::Active);
        cancel.details = Some(SubscriptionDetails { cancel_at_period_end: true, current_period_end: Some(t(99)) });
        let mut resume = facts(30, SubscriptionStatus::Active);
        resume.details = Some(SubscriptionDetails { cancel_at_period_end: false, current_period_end: Some(t(99)) });
        let base = sub(&facts(10, SubscriptionStatus::Active));
        assert!(!base.merged(&cancel).merged(&resume).cancel_at_period_end);
        assert!(!base.merged(&resume).merged(&cancel).cancel_at_period_end);
    }
}
