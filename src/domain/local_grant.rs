//! Paid access granted by an operator (`signalbox users grant-paid`), for demos and support.
//!
//! A grant is an ordinary [`Subscription`] — active, paid through the grant's end — so the
//! entitlement rule needs no special case. Its id (and, for a user who never went to checkout,
//! its customer's id) carries a `local` marker, so the operator's view shows it as a local
//! grant and nothing ever asks the payment provider about it.

use chrono::{DateTime, Duration, Utc};

use super::{StripeCustomerId, StripeSubscriptionId, Subscription, SubscriptionFacts, SubscriptionStatus};

pub const LOCAL_GRANT_PREFIX: &str = "sub_local_grant_";
pub const LOCAL_CUSTOMER_PREFIX: &str = "cus_local_";

/// Whether `subscription` was granted locally rather than bought.
pub fn is_local_grant(subscription: &StripeSubscriptionId) -> bool {
    subscription.as_str().starts_with(LOCAL_GRANT_PREFIX)
}

/// Whether `customer` exists only here (made for a grant), unknown to the payment provider.
pub fn is_local_customer(customer: &StripeCustomerId) -> bool {
    customer.as_str().starts_with(LOCAL_CUSTOMER_PREFIX)
}

/// A fresh id for a customer that exists only here.
pub fn new_local_customer() -> StripeCustomerId {
    StripeCustomerId::parse(&format!("{LOCAL_CUSTOMER_PREFIX}{}", uuid::Uuid::new_v4().simple()))
        .expect("prefix and hex make a valid customer id")
}

/// A grant of `days` of paid access from `now` to `customer`.
pub fn local_grant(customer: StripeCustomerId, now: DateTime<Utc>, days: u32) -> Subscription {
    let id = StripeSubscriptionId::parse(&format!("{LOCAL_GRANT_PREFIX}{}", uuid::Uuid::new_v4().simple()))
        .expect("prefix and hex make a valid subscription id");
    let until = now + Duration::days(i64::from(days));
    let facts = SubscriptionFacts::reconciled(SubscriptionStatus::Active, Some(until), true, now);
    Subscription::first_seen(id, customer, &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BillingState, EntitlementPolicy, Plan};
    use chrono::TimeZone;

    #[test]
    fn a_grant_makes_its_user_paid_until_it_ends_and_not_after() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap();
        let customer = new_local_customer();
        let grant = local_grant(customer.clone(), now, 7);
        let state = BillingState { customer_id: Some(customer), subscriptions: vec![grant.clone()] };
        let policy = EntitlementPolicy { grace: Duration::hours(72) };

        assert!(is_local_grant(&grant.id));
        assert_eq!(policy.plan_at(&state, now + Duration::days(6)), Plan::Paid);
        assert_eq!(policy.plan_at(&state, now + Duration::days(8)), Plan::Free);
    }

    #[test]
    fn stripe_ids_are_not_local() {
        assert!(!is_local_grant(&StripeSubscriptionId::parse("sub_1Abc").unwrap()));
        assert!(!is_local_customer(&StripeCustomerId::parse("cus_1Abc").unwrap()));
        assert!(is_local_customer(&new_local_customer()));
    }
}
