//! `POST /billing/portal` and the simulated billing portal it links to when no Stripe key is
//! configured: the page shows the plan, and "Cancel subscription" delivers a signed
//! `customer.subscription.deleted` through the webhook path, then returns to the dashboard.

use poem::http::StatusCode;
use signalbox::ports::WebhookEventStatus;

use crate::support::test_app::TestApp;

/// A user who paid on the simulated checkout.
async fn subscriber(app: &TestApp, email: &str) -> String {
    let token = app.new_user(email).await;
    app.subscribe(&token).await;
    token
}

async fn deletions_processed(app: &TestApp) -> usize {
    let processed = app.app.list_webhook_events(Some(WebhookEventStatus::Processed), 100).await.unwrap();
    processed.iter().filter(|e| e.record.event_type == "customer.subscription.deleted").count()
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
    for part in ["Signalbox Pro", "shown@example.com", "status: active", "Renews on", "Cancel subscription"] {
        assert!(page.text.contains(part), "{part} missing from {}", page.text);
    }
}

#[tokio::test]
async fn cancelling_in_the_simulated_portal_makes_the_user_free_through_a_signed_webhook() {
    let app = TestApp::new();
    let token = subscriber(&app, "cancel@example.com").await;
    let portal = app.simulated_portal_path(&token).await;

    let cancelled = app.submit(&format!("{portal}/cancel")).await;

    assert_eq!(cancelled.status, StatusCode::SEE_OTHER, "{}", cancelled.text);
    assert_eq!(cancelled.header("location"), Some("/dashboard"));
    let status = app.billing_status(&token).await;
    assert_eq!(status.body["plan"], "free");
    assert_eq!(status.body["subscription_status"], "canceled");
    assert_eq!(deletions_processed(&app).await, 1, "it went through the webhook log");
    let page = app.get(&portal, None).await;
    assert!(page.text.contains("No active subscription") && !page.text.contains("Cancel subscription"));
}

#[tokio::test]
async fn cancelling_twice_delivers_one_deletion() {
    let app = TestApp::new();
    let token = subscriber(&app, "twice-cancel@example.com").await;
    let portal = app.simulated_portal_path(&token).await;

    for _ in 0..2 {
        assert_eq!(app.submit(&format!("{portal}/cancel")).await.status, StatusCode::SEE_OTHER);
    }

    assert_eq!(deletions_processed(&app).await, 1);
    assert_eq!(app.billing_status(&token).await.body["plan"], "free");
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
    assert_eq!(deletions_processed(&app).await, 0);
}

#[tokio::test]
async fn after_cancelling_the_user_can_subscribe_again() {
    let app = TestApp::new();
    let token = subscriber(&app, "again@example.com").await;
    let portal = app.simulated_portal_path(&token).await;
    app.submit(&format!("{portal}/cancel")).await;
    // A new attempt, not a double click on the first checkout (which is paid already).
    app.clock.advance(chrono::Duration::minutes(2));

    app.subscribe(&token).await;

    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
}

#[tokio::test]
async fn an_unknown_portal_link_is_404() {
    let app = TestApp::new();
    assert_eq!(app.get("/billing/simulated-portal/bps_guess", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.submit("/billing/simulated-portal/bps_guess/cancel").await.status, StatusCode::NOT_FOUND);
}
