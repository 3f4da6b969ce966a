//! The simulated checkout and billing-portal pages are reached by links that stay in the
//! browser's history: they are never stored (`no-store`, so Back after logging out asks the
//! server again) and never show who the account is.

use poem::http::StatusCode;

use crate::support::test_app::TestApp;

const EMAIL: &str = "private.trader@example.com";

#[tokio::test]
async fn the_checkout_page_is_not_stored_and_does_not_show_the_email() {
    let app = TestApp::new();
    let token = app.new_user(EMAIL).await;
    let checkout = app.create_checkout(&token).await;
    let url = checkout.body["checkout_url"].as_str().unwrap();

    let page = app.get(&url[url.find("/billing/").unwrap()..], None).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("Pay ₹499"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(!page.text.contains(EMAIL) && !page.text.contains("private.trader"), "{}", page.text);
}

#[tokio::test]
async fn the_portal_pages_are_not_stored_and_do_not_show_the_email() {
    let app = TestApp::new();
    let token = app.new_user(EMAIL).await;
    app.subscribe(&token).await;
    let portal = app.simulated_portal_path(&token).await;

    for path in [portal.clone(), format!("{portal}/cancel")] {
        let page = app.get(&path, None).await;

        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
        assert_eq!(page.header("cache-control"), Some("no-store"), "{path}");
        assert!(!page.text.contains(EMAIL) && !page.text.contains("private.trader"), "{path}: {}", page.text);
    }
}

/// Every answer under the simulated pages — paid, unknown links, the form posts — is `no-store`
/// and anonymous, not only the first page: any of them can be the one left in the history.
#[tokio::test]
async fn every_simulated_page_answer_is_not_stored_and_anonymous_even_after_paying() {
    let app = TestApp::new();
    let token = app.new_user(EMAIL).await;
    let checkout = app.create_checkout(&token).await;
    let url = checkout.body["checkout_url"].as_str().unwrap();
    let checkout_path = url[url.find("/billing/").unwrap()..].to_owned();
    let paid = app.submit(&format!("{checkout_path}/pay")).await;
    let portal = app.simulated_portal_path(&token).await;

    let answers = [
        ("pay", paid),
        ("paid checkout", app.get(&checkout_path, None).await),
        ("unknown checkout", app.get("/billing/simulated-checkout/cs_test_unknown", None).await),
        ("portal", app.get(&portal, None).await),
        ("unknown portal", app.get("/billing/simulated-portal/bps_unknown", None).await),
    ];
    for (what, answer) in answers {
        assert_eq!(answer.header("cache-control"), Some("no-store"), "{what}");
        assert!(!answer.text.contains(EMAIL) && !answer.text.contains("private.trader"), "{what}: {}", answer.text);
    }
}

#[tokio::test]
async fn the_checkout_page_shows_sebis_fno_risk_notice_beside_pay() {
    let app = TestApp::new();
    let token = app.new_user(EMAIL).await;
    let checkout = app.create_checkout(&token).await;
    let url = checkout.body["checkout_url"].as_str().unwrap();

    let page = app.get(&url[url.find("/billing/").unwrap()..], None).await;

    let pay = page.text.find("Pay ₹499").expect("a Pay button");
    let notice = page
        .text
        .find("9 out of 10 individual traders in equity Futures and Options Segment incurred net losses.")
        .expect("the risk notice");
    assert!(notice > pay, "the notice follows the button it qualifies");
    assert!(page.text.contains("93 % of individual F&amp;O traders lost money"), "{}", page.text);
    assert!(page.text.contains("Signals are research, not advice tailored to you"), "{}", page.text);
}

#[tokio::test]
async fn with_frontend_url_set_the_simulated_pages_send_people_back_to_the_dashboard_there() {
    let app = TestApp::with(&[("frontend_url", "https://app.example.com")]);
    let token = app.new_user(EMAIL).await;
    let checkout = app.create_checkout(&token).await;
    let url = checkout.body["checkout_url"].as_str().unwrap();
    let checkout_path = url[url.find("/billing/").unwrap()..].to_owned();

    let page = app.get(&checkout_path, None).await;
    let paid = app.submit(&format!("{checkout_path}/pay")).await;
    let portal = app.get(&app.simulated_portal_path(&token).await, None).await;

    assert!(page.text.contains(r#"href="https://app.example.com/dashboard?checkout=cancel""#), "{}", page.text);
    let location = paid.header("location").unwrap_or_default();
    assert!(location.starts_with("https://app.example.com/dashboard?checkout=success&session_id="), "{location}");
    assert!(portal.text.contains(r#"href="https://app.example.com/dashboard""#), "{}", portal.text);
}
