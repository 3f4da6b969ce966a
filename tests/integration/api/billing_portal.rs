//! `POST /billing/portal` and the simulated billing portal it links to when no Stripe key is
//! configured: the page shows the plan; "Cancel subscription" asks for confirmation, then
//! delivers a signed `customer.subscription.updated` with `cancel_at_period_end` through the
//! webhook path (the paid month is kept), and "Resume" undoes it.

use poem::http::StatusCode;
use signalbox::ports::WebhookEventStatus;

use crate::support::test_app::TestApp;

/// A user who paid on the simulated checkout.
async fn subscriber(app: &TestApp, email: &str) -> String {
    let token = app.new_user(email).await;
    app.subscribe(&token).await;
    token
}

async fn updates_processed(app: &TestApp) -> usize {
    let processed = app.app.billing.list_webhook_events(Some(WebhookEventStatus::Processed), 100).await.unwrap();
    processed.iter().filter(|e| e.record.event_type == "customer.subscription.updated").count()
}

#[tokio::test]
async fn a_subscriber_gets_a_link_to_the_billing_portal() {
    let app = TestApp::new();
    let token = subscriber(&app, "portal@example.com").await;

    let portal = app.billing_portal(&token).await;

    assert_eq!(portal.status, StatusCode::OK, "{}", portal.text);
    let url = portal.body["portal_url"].as_str().unwrap();
    assert!(url.starts_with("http://localhost:8000/billing/simulated-portal/bps_"), "{url}");
}

#[tokio::test]
async fn a_user_who_never_started_a_checkout_has_no_portal_yet() {
    let app = TestApp::new();
    let token = app.new_user("nocustomer@example.com").await;

    let portal = app.billing_portal(&token).await;

    assert_eq!(portal.status, StatusCode::CONFLICT, "{}", portal.text);
    assert!(portal.detail().contains("subscribe first"), "{}", portal.detail());
}

#[tokio::test]
async fn the_portal_needs_a_token() {
    let app = TestApp::new();
    let portal = app.client.post("/billing/portal").send().await;
    portal.assert_status(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_simulated_portal_shows_the_paid_plan_and_a_cancel_button() {
    let app = TestApp::new();
    let token = subscriber(&app, "shown@example.com").await;

    let page = app.get(&app.simulated_portal_path(&token).await, None).await;

    assert_eq!(page.status, StatusCode::OK);
    for part in ["Signalbox Pro", "status: active", "Renews on", "Cancel subscription"] {
        assert!(page.text.contains(part), "{part} missing from {}", page.text);
    }
}

#[tokio::test]
async fn cancelling_asks_for_confirmation_first_and_changes_nothing_until_confirmed() {
    let app = TestApp::new();
    let token = subscriber(&app, "confirm@example.com").await;
    let portal = app.simulated_portal_path(&token).await;

    let confirmation = app.get(&format!("{portal}/cancel"), None).await;

    assert_eq!(confirmation.status, StatusCode::OK);
    for part in ["Cancel your subscription?", "stays active until", "Keep my subscription"] {
        assert!(confirmation.text.contains(part), "{part} missing from {}", confirmation.text);
    }
    assert_eq!(updates_processed(&app).await, 0);
    assert_eq!(app.billing_status(&token).await.body["cancel_at_period_end"], false);
}

#[tokio::test]
async fn cancelling_keeps_the_paid_month_and_ends_access_at_the_period_end() {
    let app = TestApp::new();
    let token = subscriber(&app, "cancel@example.com").await;
    let portal = app.simulated_portal_path(&token).await;
    let period_end = app.billing_status(&token).await.body["current_period_end"].clone();

    let cancelled = app.submit(&format!("{portal}/cancel")).await;

    assert_eq!(cancelled.status, StatusCode::SEE_OTHER, "{}", cancelled.text);
    assert_eq!(cancelled.header("location"), Some("http://localhost:8000/dashboard"));
    let status = app.billing_status(&token).await;
    assert_eq!(status.body["plan"], "paid", "the paid month is not forfeited");
    assert_eq!(status.body["subscription_status"], "active");
    assert_eq!(status.body["cancel_at_period_end"], true);
    assert_eq!(status.body["current_period_end"], period_end);
    assert_eq!(updates_processed(&app).await, 1, "it went through the webhook log");
    let page = app.get(&portal, None).await;
    assert!(page.text.contains("Cancels on") && page.text.contains("Resume subscription"), "{}", page.text);

    app.clock.advance(chrono::Duration::days(32));
    let token = app.new_token("cancel@example.com").await;
    let lapsed = app.billing_status(&token).await;
    assert_eq!(lapsed.body["plan"], "free", "no renewal, no grace: access ends with the period");
}

#[tokio::test]
async fn resuming_before_the_period_ends_restores_renewal() {
    let app = TestApp::new();
    let token = subscriber(&app, "resume@example.com").await;
    let portal = app.simulated_portal_path(&token).await;
    app.submit(&format!("{portal}/cancel")).await;

    let resumed = app.submit(&format!("{portal}/resume")).await;

    assert_eq!(resumed.status, StatusCode::SEE_OTHER);
    let status = app.billing_status(&token).await;
    assert_eq!(
        (status.body["plan"].as_str(), status.body["cancel_at_period_end"].as_bool()),
        (Some("paid"), Some(false))
    );
    assert_eq!(updates_processed(&app).await, 2);
    let page = app.get(&portal, None).await;
    assert!(page.text.contains("Renews on") && page.text.contains("Cancel subscription"), "{}", page.text);
}

#[tokio::test]
async fn cancelling_twice_delivers_one_update() {
    let app = TestApp::new();
    let token = subscriber(&app, "twice-cancel@example.com").await;
    let portal = app.simulated_portal_path(&token).await;

    for _ in 0..2 {
        assert_eq!(app.submit(&format!("{portal}/cancel")).await.status, StatusCode::SEE_OTHER);
    }

    assert_eq!(updates_processed(&app).await, 1);
    assert_eq!(app.billing_status(&token).await.body["cancel_at_period_end"], true);
}

#[tokio::test]
async fn a_user_who_opened_but_never_paid_a_checkout_sees_no_subscription_to_cancel() {
    let app = TestApp::new();
    let token = app.new_user("unpaid@example.com").await;
    assert_eq!(app.create_checkout(&token).await.status, StatusCode::OK);
    let portal = app.simulated_portal_path(&token).await;

    let page = app.get(&portal, None).await;
    let cancelled = app.submit(&format!("{portal}/cancel")).await;

    assert!(page.text.contains("Free plan") && page.text.contains("No active subscription"), "{}", page.text);
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(updates_processed(&app).await, 0);
}

#[tokio::test]
async fn after_a_cancelled_subscription_ends_the_user_can_subscribe_again() {
    let app = TestApp::new();
    let token = subscriber(&app, "again@example.com").await;
    let portal = app.simulated_portal_path(&token).await;
    app.submit(&format!("{portal}/cancel")).await;
    assert_eq!(app.create_checkout(&token).await.status, StatusCode::CONFLICT, "still paid until the period ends");
    app.clock.advance(chrono::Duration::days(32));
    let token = app.new_token("again@example.com").await;

    app.subscribe(&token).await;

    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
}

#[tokio::test]
async fn an_unknown_portal_link_is_404() {
    let app = TestApp::new();
    assert_eq!(app.get("/billing/simulated-portal/bps_guess", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.submit("/billing/simulated-portal/bps_guess/cancel").await.status, StatusCode::NOT_FOUND);
}
