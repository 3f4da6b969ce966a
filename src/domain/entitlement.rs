//! Entitlement: is this user on the paid plan at a given moment?
//!
//! A user is paid while ANY of their subscriptions grants access now, so an event about one
//! subscription (say the deletion of an abandoned duplicate) never takes away what another
//! one pays for. A subscription grants access:
//! - `active` / `trialing`: until the end of the period a payment covered plus a grace period
//!   (Stripe finalises renewal invoices about an hour late, and Indian e-mandate debits can
//!   take days);
//! - `active` with `cancel_at_period_end`: until the paid period ends (no grace: the user
//!   chose to stop);
//! - `past_due`: within the grace window after the paid period;
//! - anything else (`incomplete`, `unpaid`, `paused`, `canceled`, …): not at all.

use chrono::{DateTime, Duration, Utc};

use super::{BillingState, Subscription, SubscriptionStatus};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    Free,
    Paid,
}

impl Plan {
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Paid => "paid",
        }
    }

    pub fn is_paid(self) -> bool {
        self == Plan::Paid
    }
}

#[derive(Clone, Copy, Debug)]
pub struct EntitlementPolicy {
    /// How long after the paid period an active or past-due subscription keeps access.
    pub grace: Duration,
}

impl Default for EntitlementPolicy {
    fn default() -> Self {
        Self { grace: Duration::days(3) }
    }
}

impl EntitlementPolicy {
    pub fn plan_at(&self, state: &BillingState, now: DateTime<Utc>) -> Plan {
        if state.subscriptions.iter().any(|s| self.grants_access(s, now)) { Plan::Paid } else { Plan::Free }
    }

    /// Until when `subscription` grants access, if it does at all (ignoring the clock).
    pub fn access_until(&self, subscription: &Subscription) -> Option<DateTime<Utc>> {
        let paid_through = subscription.paid_through?;
        match subscription.status {
            SubscriptionStatus::Active | SubscriptionStatus::Trialing if subscription.cancel_at_period_end => {
                Some(paid_through)
            }
            SubscriptionStatus::Active | SubscriptionStatus::Trialing | SubscriptionStatus::PastDue => {
                Some(paid_through + self.grace)
            }
            _ => None,
        }
    }

    /// The next instant after `now` at which the plan [`Self::plan_at`] gives can change with
    /// no new billing fact, only the clock: the earliest end of access still ahead. `None` when
    /// no subscription's access ends after `now` (the plan stays as it is until a fact arrives).
    /// A plan read at `now` may be kept until then, and no longer.
    pub fn plan_settled_until(&self, state: &BillingState, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        state.subscriptions.iter().filter_map(|s| self.access_until(s)).filter(|until| *until > now).min()
    }

    pub fn grants_access(&self, subscription: &Subscription, now: DateTime<Utc>) -> bool {
        self.access_until(subscription).is_some_and(|until| now < until)
    }

    /// The subscription to show the user: the one granting access longest, else the one we
    /// heard of last. `None` when they never subscribed.
    pub fn primary<'a>(&self, state: &'a BillingState, now: DateTime<Utc>) -> Option<&'a Subscription> {
        let granting = state
            .subscriptions
            .iter()
            .filter(|s| self.grants_access(s, now))
            .max_by_key(|s| (self.access_until(s), s.id.as_str().to_owned()));
        granting.or_else(|| state.subscriptions.iter().max_by_key(|s| (s.last_event_at, s.id.as_str().to_owned())))
    }

    /// Whether a new checkout must be refused: a subscription already grants access, or one
    /// is still waiting for its first payment (paying again would double-charge).
    pub fn blocks_new_checkout(&self, state: &BillingState, now: DateTime<Utc>) -> bool {
        state.subscriptions.iter().any(|s| self.grants_access(s, now) || s.awaits_first_payment())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{StripeCustomerId, StripeSubscriptionId, SubscriptionFacts};
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
    }

    fn sub(id: &str, status: SubscriptionStatus, paid_through: Option<DateTime<Utc>>) -> Subscription {
        let facts = SubscriptionFacts { at: at(1), status, details: None, paid_through };
        Subscription::first_seen(
            StripeSubscriptionId::parse(id).unwrap(),
            StripeCustomerId::parse("cus_1").unwrap(),
            &facts,
        )
    }

    fn state(subs: Vec<Subscription>) -> BillingState {
        BillingState { customer_id: Some(StripeCustomerId::parse("cus_1").unwrap()), subscriptions: subs }
    }

    #[test]
    fn a_user_who_never_subscribed_is_free() {
        assert_eq!(EntitlementPolicy::default().plan_at(&BillingState::default(), at(1)), Plan::Free);
    }

    #[test]
    fn an_active_subscription_inside_its_paid_period_is_paid() {
        let s = state(vec![sub("sub_a", SubscriptionStatus::Active, Some(at(20)))]);
        assert_eq!(EntitlementPolicy::default().plan_at(&s, at(10)), Plan::Paid);
    }

    #[test]
    fn an_active_subscription_with_no_payment_yet_grants_nothing() {
        let s = state(vec![sub("sub_a", SubscriptionStatus::Active, None)]);
        assert_eq!(EntitlementPolicy::default().plan_at(&s, at(10)), Plan::Free);
    }

    #[test]
    fn access_survives_the_grace_period_after_period_end_then_lapses() {
        let policy = EntitlementPolicy { grace: Duration::days(3) };
        let s = state(vec![sub("sub_a", SubscriptionStatus::Active, Some(at(10)))]);
        assert_eq!(policy.plan_at(&s, at(12)), Plan::Paid);
        assert_eq!(policy.plan_at(&s, at(13)), Plan::Free);
    }

    #[test]
    fn past_due_keeps_access_only_within_grace() {
        let policy = EntitlementPolicy { grace: Duration::days(2) };
        let s = state(vec![sub("sub_a", SubscriptionStatus::PastDue, Some(at(10)))]);
        assert_eq!(policy.plan_at(&s, at(11)), Plan::Paid);
        assert_eq!(policy.plan_at(&s, at(13)), Plan::Free);
    }

    #[test]
    fn cancel_at_period_end_keeps_access_until_the_period_ends_without_grace() {
        let mut s = sub("sub_a", SubscriptionStatus::Active, Some(at(10)));
        s.cancel_at_period_end = true;
        let s = state(vec![s]);
        let policy = EntitlementPolicy::default();
        assert_eq!(policy.plan_at(&s, at(9)), Plan::Paid);
        assert_eq!(policy.plan_at(&s, at(10)), Plan::Free);
    }

    #[test]
    fn canceled_unpaid_and_incomplete_are_free_even_inside_the_period() {
        for status in [
            SubscriptionStatus::Canceled,
            SubscriptionStatus::Unpaid,
            SubscriptionStatus::Incomplete,
            SubscriptionStatus::IncompleteExpired,
            SubscriptionStatus::Paused,
        ] {
            let s = state(vec![sub("sub_a", status, Some(at(20)))]);
            assert_eq!(EntitlementPolicy::default().plan_at(&s, at(10)), Plan::Free, "{status:?}");
        }
    }

    #[test]
    fn one_live_subscription_is_enough_when_another_is_canceled() {
        let s = state(vec![
            sub("sub_a", SubscriptionStatus::Canceled, Some(at(20))),
            sub("sub_b", SubscriptionStatus::Active, Some(at(20))),
        ]);
        let policy = EntitlementPolicy::default();
        assert_eq!(policy.plan_at(&s, at(10)), Plan::Paid);
        assert_eq!(policy.primary(&s, at(10)).unwrap().id.as_str(), "sub_b");
    }

    #[test]
    fn the_plan_is_settled_until_the_earliest_end_of_access_still_ahead() {
        let policy = EntitlementPolicy { grace: Duration::days(3) };
        let mut ending = sub("sub_b", SubscriptionStatus::Active, Some(at(15)));
        ending.cancel_at_period_end = true;
        let s = state(vec![sub("sub_a", SubscriptionStatus::Active, Some(at(10))), ending]);
        // sub_a's access ends at 13 (grace), sub_b's at 15 (no grace: it was cancelled).
        assert_eq!(policy.plan_settled_until(&s, at(11)), Some(at(13)));
        assert_eq!(policy.plan_settled_until(&s, at(13)), Some(at(15)));
        assert_eq!(policy.plan_settled_until(&s, at(15)), None);
    }

    #[test]
    fn a_plan_with_no_access_ahead_is_settled_until_a_new_fact() {
        let policy = EntitlementPolicy::default();
        let s = state(vec![sub("sub_a", SubscriptionStatus::Canceled, Some(at(20)))]);
        assert_eq!(policy.plan_settled_until(&s, at(10)), None);
        assert_eq!(policy.plan_settled_until(&BillingState::default(), at(10)), None);
    }

    #[test]
    fn an_incomplete_or_live_subscription_blocks_a_second_checkout_and_an_ended_one_does_not() {
        let policy = EntitlementPolicy::default();
        let incomplete = state(vec![sub("sub_a", SubscriptionStatus::Incomplete, None)]);
        let live = state(vec![sub("sub_a", SubscriptionStatus::Active, Some(at(20)))]);
        let ended = state(vec![sub("sub_a", SubscriptionStatus::Canceled, Some(at(20)))]);
        assert!(policy.blocks_new_checkout(&incomplete, at(10)));
        assert!(policy.blocks_new_checkout(&live, at(10)));
        assert!(!policy.blocks_new_checkout(&ended, at(10)));
    }
}
