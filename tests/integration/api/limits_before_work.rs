//! Unauthenticated endpoints count a client network's attempt before any parsing, strength
//! check or hashing: a refused request costs a counter increment and changes nothing.

use poem::http::StatusCode;

use crate::support::test_app::{PASSWORD, TestApp};

/// Reset confirmations were unlimited: each costs a strength check and a hash. Now they are
/// counted per client network before anything is parsed, and a refused one changes nothing.
#[tokio::test]
async fn reset_confirmations_are_limited_per_network_before_any_work() {
    let app = TestApp::with(&[("auth_rate_limit_per_minute", "2")]);
    let (_, _) = app.new_session("reset-flood@example.com").await;
    for _ in 0..2 {
        let spent = app.confirm_password_reset(&"0".repeat(64), "another-horse-battery-staple").await;
        assert_eq!(spent.status, StatusCode::BAD_REQUEST, "{}", spent.text);
    }
    // Asked for by mail only now: the request endpoint has its own bucket.
    assert_eq!(app.request_password_reset("reset-flood@example.com").await.status, StatusCode::ACCEPTED);
    let genuine = app.reset_token_mailed_to("reset-flood@example.com").await;

    let refused = app.confirm_password_reset(&genuine, "another-horse-battery-staple").await;

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    assert!(refused.header("retry-after").is_some());
    assert_eq!(
        app.login("reset-flood@example.com", PASSWORD).await.status,
        StatusCode::OK,
        "the password is unchanged"
    );
}
