//! Delivery order does not matter: for one to three subscriptions of a customer and any
//! delivery order of their events — shuffled, with duplicates — the entitlement at the end is
//! the one that applying the events once each, in `created` order, gives.
//!
//! The deliveries go through the same pure rule the stores apply ([`transition`]), with the
//! event-id dedupe the stores provide modelled by a set of seen ids.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use signalbox::domain::{
    BillingEvent, BillingEventKind, BillingState, CheckoutPayment, EntitlementPolicy, StripeCustomerId, StripeEventId,
    StripeSubscriptionId, Subscription, SubscriptionStatus, Transition, transition,
};

const DAY: i64 = 86_400;

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_764_000_000 + secs, 0).unwrap()
}

fn customer() -> StripeCustomerId {
    StripeCustomerId::parse("cus_prop").unwrap()
}

fn subscription(n: u8) -> StripeSubscriptionId {
    StripeSubscriptionId::parse(&format!("sub_prop{n}")).unwrap()
}

/// One event's kind for subscription `sub`; `created` is picked from a narrow range so that
/// same-second events (which Stripe sends all the time) are common.
fn any_kind(sub: u8) -> impl Strategy<Value = BillingEventKind> {
    let status = proptest::sample::select(SubscriptionStatus::ALL.to_vec());
    prop_oneof![
        (
            any::<bool>(),
            proptest::sample::select(vec![
                CheckoutPayment::Paid,
                CheckoutPayment::NoPaymentRequired,
                CheckoutPayment::Unpaid
            ])
        )
            .prop_map(move |(failed, payment)| BillingEventKind::Checkout {
                client_reference_id: None,
                customer: Some(customer()),
                subscription: Some(subscription(sub)),
                payment,
                payment_failed: failed && payment == CheckoutPayment::Unpaid,
            }),
        (1..60i64).prop_map(move |days| BillingEventKind::InvoicePaid {
            customer: customer(),
            subscription: Some(subscription(sub)),
            period_end: Some(t(days * DAY)),
        }),
        Just(BillingEventKind::InvoicePaymentFailed { customer: customer(), subscription: Some(subscription(sub)) }),
        (status, 1..60i64, any::<bool>()).prop_map(move |(status, days, cancel)| {
            BillingEventKind::SubscriptionChanged {
                customer: customer(),
                subscription: subscription(sub),
                status,
                current_period_end: Some(t(days * DAY)),
                cancel_at_period_end: cancel,
            }
        }),
        Just(BillingEventKind::SubscriptionDeleted { customer: customer(), subscription: subscription(sub) }),
    ]
}

/// 1–3 subscriptions with 1–6 events each; event ids are unique.
fn any_events() -> impl Strategy<Value = Vec<BillingEvent>> {
    (1u8..=3)
        .prop_flat_map(|subs| {
            proptest::collection::vec(
                (0..subs).prop_flat_map(|sub| (any_kind(sub), 0..5i64)),
                1..=6 * usize::from(subs),
            )
        })
        .prop_map(|kinds| {
            kinds
                .into_iter()
                .enumerate()
                .map(|(n, (kind, created))| BillingEvent {
                    id: StripeEventId::parse(&format!("evt_prop{n}")).unwrap(),
                    event_type: "generated".into(),
                    created: t(created),
                    kind,
                })
                .collect()
        })
}

/// Applies deliveries as a store does: each event id once, per subscription.
fn deliver(events: &[BillingEvent]) -> BillingState {
    let mut seen = HashSet::new();
    let mut subscriptions: HashMap<String, Subscription> = HashMap::new();
    for event in events {
        if !seen.insert(event.id.clone()) {
            continue;
        }
        let Some(id) = event.kind.subscription() else { continue };
        if let Transition::Apply(next) = transition(subscriptions.get(id.as_str()), event) {
            subscriptions.insert(id.as_str().to_owned(), next);
        }
    }
    BillingState { customer_id: Some(customer()), subscriptions: subscriptions.into_values().collect() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_delivery_order_with_duplicates_ends_in_the_created_order_state(
        events in any_events(),
        order in proptest::collection::vec(any::<proptest::sample::Index>(), 0..40),
        shuffle_seed in any::<u64>(),
    ) {
        let mut in_created_order = events.clone();
        in_created_order.sort_by_key(|e| e.created);
        let expected = deliver(&in_created_order);

        // Every event at least once, in a shuffled order, plus duplicates picked by `order`.
        let mut deliveries = events.clone();
        deliveries.extend(order.iter().map(|i| events[i.index(events.len())].clone()));
        let mut rng = shuffle_seed;
        for i in (1..deliveries.len()).rev() {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            deliveries.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let actual = deliver(&deliveries);

        let policy = EntitlementPolicy::default();
        for day in [0, 1, 2, 3, 5, 10, 30, 45, 59, 61, 64, 70] {
            let now = t(day * DAY + 3_600);
            prop_assert_eq!(policy.plan_at(&actual, now), policy.plan_at(&expected, now), "on day {}", day);
        }
        let statuses = |state: &BillingState| {
            let mut s: Vec<(String, SubscriptionStatus)> =
                state.subscriptions.iter().map(|s| (s.id.as_str().to_owned(), s.status)).collect();
            s.sort_by(|a, b| a.0.cmp(&b.0));
            s
        };
        prop_assert_eq!(statuses(&actual), statuses(&expected));
        // Not only what decides access: every stored register (what the status page shows
        // comes from them) ends the same whatever the order — also when the ending came first.
        let stored = |state: &BillingState| {
            let mut s = state.subscriptions.clone();
            s.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
            s
        };
        prop_assert_eq!(stored(&actual), stored(&expected));
    }
}
