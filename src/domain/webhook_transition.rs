//! What a verified Stripe event does to the subscription it is about.
//!
//! A pure function of (what we know of the subscription, event). The event-id dedupe is the
//! adapters' job (it needs shared storage); ordering is handled here, by merging each event's
//! facts into order-independent registers ([`super::subscription`]), so an event that arrives
//! late still contributes what it knows and never overwrites anything newer.
//!
//! | event | status | paid through |
//! |---|---|---|
//! | `checkout.session.completed`, paid or no payment required | `active` | provisional: `created` + 2 days |
//! | `checkout.session.completed`, unpaid (delayed method) | `incomplete` | – |
//! | `checkout.session.async_payment_succeeded` | `active` | provisional |
//! | `checkout.session.async_payment_failed` | `incomplete_expired` | – |
//! | `invoice.payment_succeeded` / `invoice.paid` | `active` | the invoice lines' latest period end |
//! | `invoice.payment_failed` | `past_due` | – |
//! | `customer.subscription.created` / `.updated` | Stripe's status, cancel flag, period | – |
//! | `customer.subscription.deleted` | `canceled` (final) | – |

use chrono::Duration;

use super::{
    BillingEvent, BillingEventKind, CheckoutPayment, Subscription, SubscriptionDetails, SubscriptionFacts,
    SubscriptionStatus,
};

/// Until the first invoice tells us the real period, a paid checkout grants access for a short
/// provisional period. In subscription mode Stripe sends `invoice.payment_succeeded` seconds
/// later with the real period end, which then wins; kept short so a lost invoice event cannot
/// grant a free month.
pub const PROVISIONAL_PERIOD: Duration = Duration::days(2);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transition {
    /// Store this subscription state.
    Apply(Subscription),
    /// Everything this event says is already known or superseded: record it, change nothing.
    Stale,
    /// An event that concerns no subscription: a type we do not act on, or one without a
    /// subscription or customer id.
    Ignored,
}

/// The facts `event` states about its subscription; `None` when it concerns none.
pub fn facts(event: &BillingEvent) -> Option<SubscriptionFacts> {
    let at = event.created;
    let provisional = Some(at + PROVISIONAL_PERIOD);
    let (status, details, paid_through) = match &event.kind {
        BillingEventKind::Checkout { payment_failed: true, .. } => (SubscriptionStatus::IncompleteExpired, None, None),
        BillingEventKind::Checkout { payment, .. } if payment.is_settled() => {
            (SubscriptionStatus::Active, None, provisional)
        }
        BillingEventKind::Checkout { payment: CheckoutPayment::Unpaid, .. } => {
            (SubscriptionStatus::Incomplete, None, None)
        }
        BillingEventKind::Checkout { .. } => unreachable!("settled and unpaid are covered above"),
        BillingEventKind::InvoicePaid { period_end, .. } => {
            (SubscriptionStatus::Active, None, Some(period_end.unwrap_or(at + PROVISIONAL_PERIOD)))
        }
        BillingEventKind::InvoicePaymentFailed { .. } => (SubscriptionStatus::PastDue, None, None),
        BillingEventKind::SubscriptionChanged { status, current_period_end, cancel_at_period_end, .. } => (
            *status,
            Some(SubscriptionDetails {
                cancel_at_period_end: *cancel_at_period_end,
                current_period_end: *current_period_end,
            }),
            None,
        ),
        BillingEventKind::SubscriptionDeleted { .. } => (SubscriptionStatus::Canceled, None, None),
        BillingEventKind::Other => return None,
    };
    Some(SubscriptionFacts { at, status, details, paid_through })
}

/// Whether `event` and what we hold of its subscription (`current`) disagree about its details
/// in the same second, so that only the provider's current object can say which is right
/// ([`Subscription::details_tie`]).
pub fn is_same_second_conflict(current: Option<&Subscription>, event: &BillingEvent) -> bool {
    match (current, facts(event)) {
        (Some(current), Some(facts)) => current.details_tie(&facts),
        _ => false,
    }
}

/// What `event` does to `current` (what we know of its subscription, if anything).
pub fn transition(current: Option<&Subscription>, event: &BillingEvent) -> Transition {
    let (Some(subscription), Some(customer), Some(facts)) =
        (event.kind.subscription(), event.kind.customer(), facts(event))
    else {
        return Transition::Ignored;
    };
    match current {
        None => Transition::Apply(Subscription::first_seen(subscription.clone(), customer.clone(), &facts)),
        Some(current) => {
            let next = current.merged(&facts);
            if next == *current { Transition::Stale } else { Transition::Apply(next) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BillingState, EntitlementPolicy, Plan, StripeCustomerId, StripeEventId, StripeSubscriptionId};
    use chrono::{DateTime, TimeZone, Utc};

    const DAY: i64 = 86_400;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_764_000_000 + secs, 0).unwrap()
    }
    fn cus() -> StripeCustomerId {
        StripeCustomerId::parse("cus_test").unwrap()
    }
    fn sub() -> StripeSubscriptionId {
        StripeSubscriptionId::parse("sub_test").unwrap()
    }
    fn event(created: i64, kind: BillingEventKind) -> BillingEvent {
        BillingEvent { id: StripeEventId::parse("evt_x").unwrap(), event_type: "t".into(), created: t(created), kind }
    }
    fn checkout(created: i64, payment: CheckoutPayment) -> BillingEvent {
        event(
            created,
            BillingEventKind::Checkout {
                client_reference_id: None,
                customer: Some(cus()),
                subscription: Some(sub()),
                payment,
                payment_failed: false,
            },
        )
    }
    fn invoice(created: i64, period_end: i64) -> BillingEvent {
        event(
            created,
            BillingEventKind::InvoicePaid {
                customer: cus(),
                subscription: Some(sub()),
                period_end: Some(t(period_end)),
            },
        )
    }
    fn deleted(created: i64) -> BillingEvent {
        event(created, BillingEventKind::SubscriptionDeleted { customer: cus(), subscription: sub() })
    }
    fn updated(created: i64, status: SubscriptionStatus, period_end: i64, cancel: bool) -> BillingEvent {
        event(
            created,
            BillingEventKind::SubscriptionChanged {
                customer: cus(),
                subscription: sub(),
                status,
                current_period_end: Some(t(period_end)),
                cancel_at_period_end: cancel,
            },
        )
    }
    fn apply_all(events: &[BillingEvent]) -> Option<Subscription> {
        events.iter().fold(None, |current, e| match transition(current.as_ref(), e) {
            Transition::Apply(next) => Some(next),
            _ => current,
        })
    }
    fn plan(sub: &Option<Subscription>, now: i64) -> Plan {
        let state = BillingState { customer_id: Some(cus()), subscriptions: sub.iter().cloned().collect() };
        EntitlementPolicy::default().plan_at(&state, t(now))
    }

    #[test]
    fn a_paid_checkout_makes_the_user_paid_for_the_provisional_period() {
        let s = apply_all(&[checkout(0, CheckoutPayment::Paid)]);
        assert_eq!(plan(&s, 10), Plan::Paid);
        assert_eq!(s.unwrap().paid_through, Some(t(0) + PROVISIONAL_PERIOD));
    }

    #[test]
    fn an_unpaid_checkout_grants_nothing_until_the_async_payment_succeeds() {
        let unpaid = apply_all(&[checkout(0, CheckoutPayment::Unpaid)]);
        assert_eq!(plan(&unpaid, 10), Plan::Free);
        assert_eq!(unpaid.as_ref().unwrap().status, SubscriptionStatus::Incomplete);
        let succeeded = apply_all(&[checkout(0, CheckoutPayment::Unpaid), checkout(60, CheckoutPayment::Paid)]);
        assert_eq!(plan(&succeeded, 100), Plan::Paid);
    }

    #[test]
    fn a_failed_async_payment_ends_the_subscription() {
        let mut failed = checkout(60, CheckoutPayment::Unpaid);
        if let BillingEventKind::Checkout { payment_failed, .. } = &mut failed.kind {
            *payment_failed = true;
        }
        let s = apply_all(&[checkout(0, CheckoutPayment::Unpaid), failed]);
        assert_eq!(s.as_ref().unwrap().status, SubscriptionStatus::IncompleteExpired);
        assert_eq!(plan(&s, 100), Plan::Free);
    }

    #[test]
    fn invoice_paid_extends_the_period_to_the_line_period_end() {
        let s = apply_all(&[checkout(0, CheckoutPayment::Paid), invoice(5, 60 * DAY)]);
        assert_eq!(s.as_ref().unwrap().paid_through, Some(t(60 * DAY)));
        assert_eq!(plan(&s, 60 * DAY - 1), Plan::Paid);
    }

    #[test]
    fn an_older_invoice_never_shortens_a_longer_period() {
        let s = apply_all(&[invoice(0, 90 * DAY), invoice(1, 30 * DAY)]);
        assert_eq!(s.unwrap().paid_through, Some(t(90 * DAY)));
    }

    #[test]
    fn subscription_deleted_makes_the_user_free() {
        let s = apply_all(&[checkout(0, CheckoutPayment::Paid), deleted(100)]);
        assert_eq!(s.as_ref().unwrap().status, SubscriptionStatus::Canceled);
        assert_eq!(plan(&s, 200), Plan::Free);
    }

    #[test]
    fn a_deletion_delivered_before_its_checkout_still_wins() {
        let s = apply_all(&[deleted(100), checkout(0, CheckoutPayment::Paid)]);
        assert_eq!(plan(&s, 200), Plan::Free);
    }

    #[test]
    fn a_late_invoice_for_a_deleted_subscription_does_not_revive_it() {
        let s = apply_all(&[checkout(0, CheckoutPayment::Paid), deleted(100), invoice(200, 60 * DAY)]);
        assert_eq!(plan(&s, 300), Plan::Free);
    }

    #[test]
    fn an_event_that_adds_nothing_is_stale() {
        let s = apply_all(&[checkout(0, CheckoutPayment::Paid), deleted(100)]);
        assert_eq!(transition(s.as_ref(), &deleted(50)), Transition::Stale);
    }

    #[test]
    fn events_without_a_subscription_or_of_other_types_are_ignored() {
        assert_eq!(transition(None, &event(0, BillingEventKind::Other)), Transition::Ignored);
        let no_sub = event(0, BillingEventKind::InvoicePaymentFailed { customer: cus(), subscription: None });
        assert_eq!(transition(None, &no_sub), Transition::Ignored);
    }

    #[test]
    fn payment_failure_moves_to_past_due_which_keeps_grace_access() {
        let s = apply_all(&[
            invoice(0, 30 * DAY),
            event(30 * DAY, BillingEventKind::InvoicePaymentFailed { customer: cus(), subscription: Some(sub()) }),
        ]);
        assert_eq!(s.as_ref().unwrap().status, SubscriptionStatus::PastDue);
        assert_eq!(plan(&s, 31 * DAY), Plan::Paid);
        assert_eq!(plan(&s, 40 * DAY), Plan::Free);
    }

    #[test]
    fn a_past_due_update_does_not_extend_access_into_the_unpaid_period() {
        let s = apply_all(&[invoice(0, 30 * DAY), updated(30 * DAY, SubscriptionStatus::PastDue, 60 * DAY, false)]);
        assert_eq!(s.as_ref().unwrap().paid_through, Some(t(30 * DAY)));
        assert_eq!(plan(&s, 34 * DAY), Plan::Free, "grace (3 days) after the paid period is over");
    }

    #[test]
    fn cancel_at_period_end_keeps_access_to_the_end_and_resume_restores_renewal() {
        let cancelled = apply_all(&[invoice(0, 30 * DAY), updated(DAY, SubscriptionStatus::Active, 30 * DAY, true)]);
        assert!(cancelled.as_ref().unwrap().cancel_at_period_end);
        assert_eq!(plan(&cancelled, 29 * DAY), Plan::Paid);
        assert_eq!(plan(&cancelled, 30 * DAY + 1), Plan::Free);
        let resumed = apply_all(&[
            invoice(0, 30 * DAY),
            updated(DAY, SubscriptionStatus::Active, 30 * DAY, true),
            updated(2 * DAY, SubscriptionStatus::Active, 30 * DAY, false),
        ]);
        assert!(!resumed.as_ref().unwrap().cancel_at_period_end);
        assert_eq!(plan(&resumed, 30 * DAY + 1), Plan::Paid, "renewal grace applies again");
    }

    #[test]
    fn opposite_details_in_the_same_second_are_a_conflict_only_the_provider_can_settle() {
        use SubscriptionStatus::Active;
        let cancelled = apply_all(&[checkout(0, CheckoutPayment::Paid), updated(10, Active, 30 * DAY, true)]);
        // A resume stamped in the same second as the cancel: the events cannot order themselves.
        assert!(is_same_second_conflict(cancelled.as_ref(), &updated(10, Active, 30 * DAY, false)));
        // The same facts again, a later second, or another period end in another second: no.
        assert!(!is_same_second_conflict(cancelled.as_ref(), &updated(10, Active, 30 * DAY, true)));
        assert!(!is_same_second_conflict(cancelled.as_ref(), &updated(11, Active, 30 * DAY, false)));
        assert!(!is_same_second_conflict(cancelled.as_ref(), &invoice(10, 60 * DAY)));
        assert!(!is_same_second_conflict(None, &updated(10, Active, 30 * DAY, false)));
        // An ended subscription has nothing left to settle.
        let ended = apply_all(&[checkout(0, CheckoutPayment::Paid), updated(10, Active, 30 * DAY, true), deleted(10)]);
        assert!(!is_same_second_conflict(ended.as_ref(), &updated(10, Active, 30 * DAY, false)));
    }
}
