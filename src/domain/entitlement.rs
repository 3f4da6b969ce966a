//! Entitlement: is this user on the paid plan at a given moment?
//!
//! Access follows the paid-for period, not just the status flag, so a subscription whose
//! period lapsed without a renewal invoice stops granting access on its own. A grace period
//! covers the gap between a period ending and the renewal invoice being paid (Stripe
//! finalises renewal invoices about an hour late, and Indian e-mandate debits can take days).

use chrono::{DateTime, Duration, Utc};

use super::{BillingState, SubscriptionStatus};

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
    /// How long after `current_period_end` an active or past-due subscription keeps access.
    pub grace: Duration,
}

impl Default for EntitlementPolicy {
    fn default() -> Self {
        Self { grace: Duration::days(3) }
    }
}

impl EntitlementPolicy {
    pub fn plan_at(&self, state: &BillingState, now: DateTime<Utc>) -> Plan {
        let status_grants_access = matches!(
            state.status,
            SubscriptionStatus::Active | SubscriptionStatus::Trialing | SubscriptionStatus::PastDue
        );
        let within_period = match state.current_period_end {
            Some(end) => now < end + self.grace,
            None => false,
        };
        if status_grants_access && within_period { Plan::Paid } else { Plan::Free }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
    }

    fn state(status: SubscriptionStatus, period_end: Option<DateTime<Utc>>) -> BillingState {
        BillingState { status, current_period_end: period_end, ..BillingState::default() }
    }

    #[test]
    fn a_user_who_never_subscribed_is_free() {
        assert_eq!(EntitlementPolicy::default().plan_at(&BillingState::default(), at(1)), Plan::Free);
    }

    #[test]
    fn an_active_subscription_inside_its_period_is_paid() {
        let s = state(SubscriptionStatus::Active, Some(at(20)));
        assert_eq!(EntitlementPolicy::default().plan_at(&s, at(10)), Plan::Paid);
    }

    #[test]
    fn access_survives_the_grace_period_after_period_end_then_lapses() {
        let policy = EntitlementPolicy { grace: Duration::days(3) };
        let s = state(SubscriptionStatus::Active, Some(at(10)));
        assert_eq!(policy.plan_at(&s, at(12)), Plan::Paid);
        assert_eq!(policy.plan_at(&s, at(13)), Plan::Free);
    }

    #[test]
    fn past_due_keeps_access_only_within_grace() {
        let policy = EntitlementPolicy { grace: Duration::days(2) };
        let s = state(SubscriptionStatus::PastDue, Some(at(10)));
        assert_eq!(policy.plan_at(&s, at(11)), Plan::Paid);
        assert_eq!(policy.plan_at(&s, at(13)), Plan::Free);
    }

    #[test]
    fn canceled_and_unpaid_are_free_even_inside_the_period() {
        for status in [SubscriptionStatus::Canceled, SubscriptionStatus::Unpaid, SubscriptionStatus::Incomplete] {
            assert_eq!(EntitlementPolicy::default().plan_at(&state(status, Some(at(20))), at(10)), Plan::Free);
        }
    }
}
