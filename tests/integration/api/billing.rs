use std::sync::Arc;

use poem::http::StatusCode;

use crate::support::test_app::TestApp;

#[tokio::test]
async fn a_new_user_is_on_the_free_plan() {
    let app = TestApp::new();
    let token = app.new_user("new@example.com").await;

    let status = app.billing_status(&token).await;

    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(status.body["plan"], "free");
    assert_eq!(status.body["is_paid"], false);
    assert_eq!(status.body["subscription_status"], "none");
    assert!(status.body["current_period_end"].is_null());
}

#[tokio::test]
async fn create_checkout_returns_a_checkout_page_and_a_session_id() {
    let app = TestApp::new();
    let token = app.new_user("buyer@example.com").await;

    let checkout = app.create_checkout(&token).await;

    assert_eq!(checkout.status, StatusCode::OK, "{}", checkout.text);
    let session_id = checkout.body["session_id"].as_str().unwrap();
    assert!(session_id.starts_with("cs_"));
    let url = checkout.body["checkout_url"].as_str().unwrap();
    assert!(url.ends_with(&format!("/billing/simulated-checkout/{session_id}")));
    let page = app.get(&format!("/billing/simulated-checkout/{session_id}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Pay ₹499"));
    // What is bought, not who buys it (see `simulated_pages_privacy`).
    assert!(!page.text.contains("buyer@example.com"));
}

#[tokio::test]
async fn a_double_click_opens_one_checkout_session() {
    let app = TestApp::new();
    let token = app.new_user("double@example.com").await;

    let first = app.create_checkout(&token).await;
    let second = app.create_checkout(&token).await;

    assert_eq!(first.body["session_id"], second.body["session_id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_checkouts_link_one_customer() {
    let app = Arc::new(TestApp::new());
    let token = app.new_user("racer@example.com").await;

    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (app, token) = (app.clone(), token.clone());
        requests.spawn(async move { app.create_checkout(&token).await.status });
    }
    assert!(requests.join_all().await.iter().all(|s| *s == StatusCode::OK));
    app.subscribe(&token).await;

    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
}

#[tokio::test]
async fn paying_on_the_simulated_page_makes_the_user_paid_for_a_month() {
    let app = TestApp::new();
    let token = app.new_user("payer@example.com").await;

    app.subscribe(&token).await;

    let status = app.billing_status(&token).await;
    assert_eq!(status.body["plan"], "paid");
    assert_eq!(status.body["subscription_status"], "active");
    let period_end: chrono::DateTime<chrono::Utc> =
        status.body["current_period_end"].as_str().unwrap().parse().unwrap();
    let days = (period_end - app.clock_now()).num_days();
    assert!((28..=31).contains(&days), "paid for about a month, got {days} days");
    assert_eq!(app.me(&token).await.body["is_paid"], true);
}

#[tokio::test]
async fn a_paid_user_cannot_open_a_second_checkout() {
    let app = TestApp::new();
    let token = app.new_user("subscribed@example.com").await;
    app.subscribe(&token).await;

    let again = app.create_checkout(&token).await;

    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.detail().contains("billing portal"));
}

#[tokio::test]
async fn paying_twice_on_the_same_page_charges_once() {
    let app = TestApp::new();
    let token = app.new_user("twice@example.com").await;
    let checkout = app.create_checkout(&token).await;
    let id = checkout.body["session_id"].as_str().unwrap();

    for _ in 0..2 {
        let paid = app.client.post(format!("/billing/simulated-checkout/{id}/pay")).send().await;
        paid.assert_status(StatusCode::SEE_OTHER);
    }

    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
    let page = app.get(&format!("/billing/simulated-checkout/{id}"), None).await;
    assert!(page.text.contains("already paid"));
}

/// Two tabs, each with its own checkout (opened more than the double-click window apart): the
/// newer one expires the older, so only one can be paid.
#[tokio::test]
async fn opening_a_second_checkout_expires_the_first_so_two_tabs_cannot_both_pay() {
    let app = TestApp::new();
    let token = app.new_user("two-tabs@example.com").await;
    let first = app.create_checkout(&token).await.body["session_id"].as_str().unwrap().to_owned();
    app.clock.advance(chrono::Duration::minutes(2));
    let second = app.create_checkout(&token).await.body["session_id"].as_str().unwrap().to_owned();

    let paid_old = app.client.post(format!("/billing/simulated-checkout/{first}/pay")).send().await;
    let old_page = app.get(&format!("/billing/simulated-checkout/{first}"), None).await;
    let status_after_old = app.billing_status(&token).await;
    let paid_new = app.client.post(format!("/billing/simulated-checkout/{second}/pay")).send().await;

    assert_ne!(first, second);
    paid_old.assert_status(StatusCode::GONE);
    assert!(old_page.text.contains("expired"), "{}", old_page.text);
    assert_eq!(status_after_old.body["plan"], "free");
    paid_new.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
    let again = app.create_checkout(&token).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert!(again.detail().contains("billing portal"), "{}", again.detail());
}

#[tokio::test]
async fn an_unknown_checkout_page_is_404() {
    let app = TestApp::new();
    let page = app.get("/billing/simulated-checkout/cs_test_nope", None).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn billing_endpoints_need_a_token() {
    let app = TestApp::new();
    assert_eq!(app.get("/billing/status", None).await.status, StatusCode::UNAUTHORIZED);
    let checkout = app.client.post("/billing/create-checkout").send().await;
    checkout.assert_status(StatusCode::UNAUTHORIZED);
}
