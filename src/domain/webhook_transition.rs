//! What a verified Stripe event does to a user's billing state.
//!
//! A pure function of (current state, event). Stripe delivers at least once and in no
//! particular order, so two guards live here:
//! - the event-id dedupe is the adapters' job (it needs shared storage), but
//! - ordering is ours: each applied event moves a watermark (`last_event_at`), and an event
//!   created strictly before the watermark is stale and changes nothing. Events created in
//!   the same second are applied (Stripe often emits checkout and invoice events together).

use chrono::{DateTime, Duration, Utc};

use super::{BillingEvent, BillingEventKind, BillingState, SubscriptionStatus};

/// Until the first invoice tells us the real period, a completed checkout grants access for a
/// short provisional period. In subscription mode Stripe sends `invoice.payment_succeeded`
/// seconds later with the real period end, which then wins; kept short so a lost invoice
/// event cannot grant a free month.
pub const PROVISIONAL_PERIOD: Duration = Duration::days(2);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transition {
    /// Store this new state.
    Apply(BillingState),
    /// Older than what we already applied: record the event, change nothing.
    Stale,
    /// An event that changes nothing: a type we do not act on, or a payment for a
    /// subscription that has already ended.
    Ignored,
}

pub fn transition(current: &BillingState, event: &BillingEvent) -> Transition {
    if matches!(event.kind, BillingEventKind::Other) {
        return Transition::Ignored;
    }
    if current.last_event_at.is_some_and(|watermark| event.created < watermark) {
        return Transition::Stale;
    }
    let mut next = current.clone();
    next.last_event_at = Some(event.created);
    if let Some(customer) = event.kind.customer() {
        next.customer_id = Some(customer.clone());
    }
    match &event.kind {
        BillingEventKind::CheckoutCompleted { subscription, .. } => {
            if subscription.is_some() {
                next.subscription_id = subscription.clone();
            }
            next.status = SubscriptionStatus::Active;
            next.cancel_at_period_end = false;
            next.current_period_end = Some(later(current.current_period_end, event.created + PROVISIONAL_PERIOD));
        }
        BillingEventKind::InvoicePaid { subscription, period_end, .. } => {
            // A late invoice (e.g. a final proration) for a subscription that was deleted must
            // not bring it back; a new subscription has a new id.
            if current.status == SubscriptionStatus::Canceled
                && subscription.is_some()
                && *subscription == current.subscription_id
            {
                return Transition::Ignored;
            }
            if subscription.is_some() {
                next.subscription_id = subscription.clone();
            }
            next.status = SubscriptionStatus::Active;
            let end = period_end.unwrap_or(event.created + PROVISIONAL_PERIOD);
            next.current_period_end = Some(later(current.current_period_end, end));
        }
        BillingEventKind::InvoicePaymentFailed { .. } => {
            // Access continues through the grace period; `customer.subscription.updated` or
            // `.deleted` will follow with Stripe's verdict.
            if next.status == SubscriptionStatus::Active {
                next.status = SubscriptionStatus::PastDue;
            }
        }
        BillingEventKind::SubscriptionUpdated {
            subscription,
            status,
            current_period_end,
            cancel_at_period_end,
            ..
        } => {
            next.subscription_id = Some(subscription.clone());
            next.status = *status;
            next.cancel_at_period_end = *cancel_at_period_end;
            // Only a paid invoice extends access: at renewal Stripe moves the subscription's
            // period forward before the payment succeeds, so taking that date would grant a
            // past-due user the whole unpaid month. It may still set a period we never had.
            if next.current_period_end.is_none() {
                next.current_period_end = *current_period_end;
            }
        }
        BillingEventKind::SubscriptionDeleted { .. } => {
            next.status = SubscriptionStatus::Canceled;
            next.cancel_at_period_end = false;
        }
        BillingEventKind::Other => unreachable!("handled above"),
    }
    Transition::Apply(next)
}

fn later(existing: Option<DateTime<Utc>>, candidate: DateTime<Utc>) -> DateTime<Utc> {
    existing.map_or(candidate, |e| e.max(candidate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EntitlementPolicy, Plan, StripeCustomerId, StripeEventId, StripeSubscriptionId};
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_764_000_000 + secs, 0).unwrap()
    }
    fn cus() -> StripeCustomerId {
        StripeCustomerId::parse("cus_test").unwrap()
    }
    fn sub() -> Option<StripeSubscriptionId> {
        Some(StripeSubscriptionId::parse("sub_test").unwrap())
    }
    fn event(created: i64, kind: BillingEventKind) -> BillingEvent {
        BillingEvent { id: StripeEventId::parse("evt_x").unwrap(), event_type: "t".into(), created: t(created), kind }
    }
    fn checkout(created: i64) -> BillingEvent {
        event(
            created,
            BillingEventKind::CheckoutCompleted {
                client_reference_id: None,
                customer: Some(cus()),
                subscription: sub(),
            },
        )
    }
    fn invoice(created: i64, period_end: i64) -> BillingEvent {
        event(
            created,
            BillingEventKind::InvoicePaid { customer: cus(), subscription: sub(), period_end: Some(t(period_end)) },
        )
    }
    fn deleted(created: i64) -> BillingEvent {
        event(created, BillingEventKind::SubscriptionDeleted { customer: cus(), subscription: sub() })
    }
    fn apply(state: &BillingState, e: &BillingEvent) -> BillingState {
        match transition(state, e) {
            Transition::Apply(next) => next,
            other => panic!("expected Apply, got {other:?}"),
        }
    }
    fn plan(state: &BillingState, now: i64) -> Plan {
        EntitlementPolicy::default().plan_at(state, t(now))
    }

    #[test]
    fn checkout_completed_makes_the_user_paid_and_records_ids() {
        let next = apply(&BillingState::default(), &checkout(0));
        assert_eq!(plan(&next, 10), Plan::Paid);
        assert_eq!(next.customer_id, Some(cus()));
        assert_eq!(next.subscription_id, sub());
    }

    #[test]
    fn invoice_paid_extends_the_period_to_the_line_period_end() {
        let paid = apply(&BillingState::default(), &checkout(0));
        let sixty_days = 60 * 86_400;
        let extended = apply(&paid, &invoice(5, sixty_days));
        assert_eq!(extended.current_period_end, Some(t(sixty_days)));
        assert_eq!(plan(&extended, sixty_days - 1), Plan::Paid);
    }

    #[test]
    fn an_older_invoice_never_shortens_a_longer_period() {
        let long = apply(&BillingState::default(), &invoice(0, 90 * 86_400));
        let short = apply(&long, &invoice(1, 30 * 86_400));
        assert_eq!(short.current_period_end, Some(t(90 * 86_400)));
    }

    #[test]
    fn subscription_deleted_makes_the_user_free() {
        let paid = apply(&BillingState::default(), &checkout(0));
        let canceled = apply(&paid, &deleted(100));
        assert_eq!(canceled.status, SubscriptionStatus::Canceled);
        assert_eq!(plan(&canceled, 200), Plan::Free);
    }

    #[test]
    fn an_invoice_created_before_a_deletion_does_not_resurrect_the_subscription() {
        let paid = apply(&BillingState::default(), &checkout(0));
        let canceled = apply(&paid, &deleted(100));
        assert_eq!(transition(&canceled, &invoice(50, 60 * 86_400)), Transition::Stale);
    }

    #[test]
    fn a_deletion_delivered_before_its_checkout_still_wins() {
        // Out of order: the deletion (newer) arrives first, the checkout (older) after it.
        let canceled = apply(&BillingState::default(), &deleted(100));
        assert_eq!(transition(&canceled, &checkout(0)), Transition::Stale);
        assert_eq!(plan(&canceled, 200), Plan::Free);
    }

    #[test]
    fn events_in_the_same_second_all_apply() {
        let paid = apply(&BillingState::default(), &checkout(0));
        assert!(matches!(transition(&paid, &invoice(0, 30 * 86_400)), Transition::Apply(_)));
    }

    #[test]
    fn unknown_event_types_are_ignored() {
        assert_eq!(transition(&BillingState::default(), &event(0, BillingEventKind::Other)), Transition::Ignored);
    }

    #[test]
    fn payment_failure_moves_active_to_past_due_which_keeps_grace_access() {
        let paid = apply(&BillingState::default(), &invoice(0, 30 * 86_400));
        let failed = apply(&paid, &event(30 * 86_400, BillingEventKind::InvoicePaymentFailed { customer: cus() }));
        assert_eq!(failed.status, SubscriptionStatus::PastDue);
        assert_eq!(plan(&failed, 31 * 86_400), Plan::Paid);
        assert_eq!(plan(&failed, 40 * 86_400), Plan::Free);
    }

    #[test]
    fn a_past_due_update_does_not_extend_access_into_the_unpaid_period() {
        let paid = apply(&BillingState::default(), &invoice(0, 30 * 86_400));
        let past_due = apply(
            &paid,
            &event(
                30 * 86_400,
                BillingEventKind::SubscriptionUpdated {
                    customer: cus(),
                    subscription: sub().unwrap(),
                    status: SubscriptionStatus::PastDue,
                    current_period_end: Some(t(60 * 86_400)),
                    cancel_at_period_end: false,
                },
            ),
        );
        assert_eq!(past_due.current_period_end, Some(t(30 * 86_400)));
        assert_eq!(plan(&past_due, 34 * 86_400), Plan::Free, "grace (3 days) after the paid period is over");
    }

    #[test]
    fn a_late_invoice_for_a_deleted_subscription_does_not_revive_it() {
        let paid = apply(&BillingState::default(), &checkout(0));
        let canceled = apply(&paid, &deleted(100));
        assert_eq!(transition(&canceled, &invoice(200, 60 * 86_400)), Transition::Ignored);
    }

    #[test]
    fn subscription_updated_takes_stripes_status_and_cancel_flag() {
        let paid = apply(&BillingState::default(), &checkout(0));
        let updated = apply(
            &paid,
            &event(
                10,
                BillingEventKind::SubscriptionUpdated {
                    customer: cus(),
                    subscription: sub().unwrap(),
                    status: SubscriptionStatus::Unpaid,
                    current_period_end: Some(t(86_400)),
                    cancel_at_period_end: true,
                },
            ),
        );
        assert_eq!(updated.status, SubscriptionStatus::Unpaid);
        assert!(updated.cancel_at_period_end);
        assert_eq!(plan(&updated, 20), Plan::Free);
    }
}
