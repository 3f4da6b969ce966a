//! Sign-up refuses passwords attackers try first: a 422 that says why, and
//! no account is created.

use poem::http::StatusCode;

use crate::support::test_app::{PASSWORD, TestApp};

#[tokio::test]
async fn signup_with_a_very_common_password_gets_422_saying_why_and_creates_no_account() {
    let app = TestApp::new();

    let reply = app.signup("trader@example.com", "password123").await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.detail().starts_with("password is too easy to guess"), "{}", reply.detail());
    assert_eq!(
        app.signup("trader@example.com", PASSWORD).await.status,
        StatusCode::CREATED,
        "the refused attempt left no account behind"
    );
}

#[tokio::test]
async fn signup_with_the_email_as_password_gets_422() {
    let app = TestApp::new();

    let reply = app.signup("ravi.shankar.iyer@example.com", "ravi.shankar.iyer").await;

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.detail().contains("too easy to guess"), "{}", reply.detail());
}

#[tokio::test]
async fn keyboard_rows_and_repeats_are_refused_but_a_passphrase_is_not() {
    let app = TestApp::new();

    for weak in ["qwertyuiop", "aaaaaaaaaaaa", "12345678"] {
        let reply = app.signup("weak@example.com", weak).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{weak:?}: {}", reply.text);
    }
    assert_eq!(app.signup("strong@example.com", "monsoon rides to pune").await.status, StatusCode::CREATED);
}
