//! The simulated Stripe's events parse like Stripe's own: they cross the same webhook parser
//! as a real delivery, so a simulated payment tests the real path.

use chrono::{Months, Utc};
use signalbox::adapters::simulated_stripe::SimulatedSession;
use signalbox::adapters::simulated_stripe::events::{
    checkout_completed, invoice_paid, subscription_cancel_at_period_end, subscription_deleted,
};
use signalbox::adapters::stripe_webhook::event_parser::parse_event;
use signalbox::domain::{
    BillingEventKind, CheckoutPayment, CheckoutSessionId, Email, StripeCustomerId, StripeSubscriptionId, UserId,
};

fn session() -> SimulatedSession {
    SimulatedSession {
        id: CheckoutSessionId::parse("cs_test_sim1").unwrap(),
        user_id: UserId::new_random(),
        email: Email::parse("a@b.co").unwrap(),
        customer: StripeCustomerId::parse("cus_sim1").unwrap(),
        subscription: StripeSubscriptionId::parse("sub_sim1").unwrap(),
        paid: false,
        expired: false,
    }
}

#[test]
fn the_simulated_checkout_event_parses_like_a_real_one() {
    let s = session();
    let event = parse_event(&checkout_completed(&s, Utc::now())).unwrap();
    assert_eq!(
        event.kind,
        BillingEventKind::Checkout {
            client_reference_id: Some(s.user_id),
            customer: Some(s.customer.clone()),
            subscription: Some(s.subscription.clone()),
            payment: CheckoutPayment::Paid,
            payment_failed: false,
        }
    );
}

#[test]
fn the_simulated_cancellation_parses_like_a_real_deletion() {
    let s = session();
    let event = parse_event(&subscription_deleted(&s.customer, &s.subscription, None, Utc::now())).unwrap();
    assert_eq!(
        event.kind,
        BillingEventKind::SubscriptionDeleted { customer: s.customer.clone(), subscription: s.subscription.clone() }
    );
}

#[test]
fn the_simulated_cancel_and_resume_parse_as_subscription_updates() {
    let s = session();
    let end = Utc::now() + chrono::Duration::days(20);
    for cancel in [true, false] {
        let payload = subscription_cancel_at_period_end(&s.customer, &s.subscription, end, cancel, Utc::now());
        let BillingEventKind::SubscriptionChanged { cancel_at_period_end, current_period_end, .. } =
            parse_event(&payload).unwrap().kind
        else {
            panic!()
        };
        assert_eq!(cancel_at_period_end, cancel);
        assert_eq!(current_period_end.unwrap().timestamp(), end.timestamp());
    }
}

#[test]
fn the_simulated_invoice_pays_for_one_month() {
    let now = Utc::now();
    let event = parse_event(&invoice_paid(&session(), now)).unwrap();
    let BillingEventKind::InvoicePaid { period_end, subscription, .. } = event.kind else { panic!() };
    assert_eq!(period_end.unwrap().timestamp(), now.checked_add_months(Months::new(1)).unwrap().timestamp());
    assert_eq!(subscription.unwrap().as_str(), "sub_sim1");
}
