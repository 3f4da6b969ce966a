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
