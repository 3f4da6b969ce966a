//! `POST /auth/change-password` and `DELETE /auth/me`: looking after one's own account.

use poem::http::StatusCode;
use signalbox::ports::{BillingStore, UserRepository};

use crate::support::test_app::{PASSWORD, TestApp};

const NEW_PASSWORD: &str = "monsoon-rides-to-pune";

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = TestApp::new();
    let (token, this_session) = app.new_session("changer@example.com").await;
    let other_session = app.login("changer@example.com", PASSWORD).await.refresh_cookie().unwrap();

    let changed = app.change_password(&token, Some(&this_session), PASSWORD, NEW_PASSWORD).await;

    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
    assert_eq!(app.refresh(Some(&other_session)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.refresh(Some(&this_session)).await.status, StatusCode::OK);
    assert_eq!(app.login("changer@example.com", NEW_PASSWORD).await.status, StatusCode::OK);
    assert_eq!(app.login("changer@example.com", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_current_password_is_a_400_and_changes_nothing() {
    let app = TestApp::new();
    let (token, _) = app.new_session("wrong@example.com").await;

    let refused = app.change_password(&token, None, "not-my-password", NEW_PASSWORD).await;

    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert_eq!(refused.detail(), "the current password is incorrect");
    assert_eq!(app.login("wrong@example.com", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_current_passwords_count_against_the_accounts_login_limit() {
    let app = TestApp::with(&[("login_failures_per_account", "2")]);
    let (token, _) = app.new_session("guessed@example.com").await;

    let answers = [
        app.change_password(&token, None, "guess-number-1", NEW_PASSWORD).await.status,
        app.change_password(&token, None, "guess-number-2", NEW_PASSWORD).await.status,
        app.change_password(&token, None, PASSWORD, NEW_PASSWORD).await.status,
    ];

    assert_eq!(answers, [StatusCode::BAD_REQUEST, StatusCode::BAD_REQUEST, StatusCode::TOO_MANY_REQUESTS]);
}

#[tokio::test]
async fn a_weak_new_password_is_a_422() {
    let app = TestApp::new();
    let (token, _) = app.new_session("weaknew@example.com").await;
    assert_eq!(app.change_password(&token, None, PASSWORD, "password1").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn changing_the_password_needs_a_token() {
    let app = TestApp::new();
    let reply = app
        .send_json(
            poem::http::Method::POST,
            "/auth/change-password",
            None,
            None,
            serde_json::json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn deleting_the_account_removes_it_and_its_sessions() {
    let app = TestApp::new();
    let (token, cookie) = app.new_session("leaving@example.com").await;

    let deleted = app.delete_account(&token, PASSWORD).await;

    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert!(deleted.refresh_cookie().is_some_and(|c| c.value.is_empty()), "the cookie is deleted");
    assert_eq!(app.me(&token).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.refresh(Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login("leaving@example.com", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.signup("leaving@example.com", PASSWORD).await.status,
        StatusCode::CREATED,
        "the email is free again"
    );
}

#[tokio::test]
async fn deleting_a_paid_account_cancels_its_subscription_first() {
    let app = TestApp::new();
    let (token, _) = app.new_session("paid-leaver@example.com").await;
    app.subscribe(&token).await;
    let user = app.user_id(&token).await.parse().unwrap();
    let subscription = app.stores.accounts.billing_state(user).await.unwrap().subscriptions[0].id.clone();

    let deleted = app.delete_account(&token, PASSWORD).await;

    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_eq!(app.stores.stripe.canceled_subscriptions(), vec![subscription]);
    assert!(app.stores.accounts.find_by_id(user).await.unwrap().is_none());
    assert!(app.stores.accounts.billing_state(user).await.unwrap().subscriptions.is_empty());
}

#[tokio::test]
async fn a_wrong_password_deletes_nothing() {
    let app = TestApp::new();
    let (token, _) = app.new_session("staying@example.com").await;

    let refused = app.delete_account(&token, "not-my-password").await;

    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert_eq!(app.me(&token).await.status, StatusCode::OK);
}
