//! Log-in hygiene beyond the per-address limit: failed attempts per account, and password
//! hashes upgraded to the configured cost as their owners log in.

use chrono::Duration;
use poem::http::StatusCode;
use signalbox::adapters::auth::Argon2Settings;
use signalbox::domain::Email;
use signalbox::ports::UserRepository;

use crate::support::test_app::{PASSWORD, Reply, TestApp};

/// Per-address limits out of the way, client addresses taken from `X-Forwarded-For`.
fn app_with_many_addresses() -> TestApp {
    TestApp::with(&[("auth_rate_limit_per_minute", "1000"), ("trust_proxy_headers", "true")])
}

/// Five wrong passwords for `email`, each from a different address.
async fn fail_five_times(app: &TestApp, email: &str) {
    for i in 0..5 {
        let reply = app.login_from(&format!("198.51.100.{i}"), email, "wrong-password").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {i}: {}", reply.text);
    }
}

async fn stored_hash(app: &TestApp, email: &str) -> String {
    let credentials = app.stores.accounts.find_credentials_by_email(&Email::parse(email).unwrap()).await.unwrap();
    credentials.expect("the account exists").password_hash.as_phc().to_owned()
}

#[tokio::test]
async fn five_failed_logins_for_one_email_from_any_addresses_lock_it_even_for_the_right_password() {
    let app = app_with_many_addresses();
    app.signup("trader@example.com", PASSWORD).await;
    fail_five_times(&app, "trader@example.com").await;

    let locked = app.login_from("203.0.113.9", "trader@example.com", PASSWORD).await;

    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = locked.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    assert_eq!(app.login_from("203.0.113.9", "other@example.com", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    app.clock.advance(Duration::seconds(retry_after));
    assert_eq!(app.login("trader@example.com", PASSWORD).await.status, StatusCode::OK, "the window has passed");
}

#[tokio::test]
async fn a_locked_unknown_email_gets_exactly_the_answer_a_locked_account_gets() {
    let app = app_with_many_addresses();
    app.signup("known@example.com", PASSWORD).await;
    fail_five_times(&app, "known@example.com").await;
    fail_five_times(&app, "unknown@example.com").await;

    let known: Reply = app.login_from("203.0.113.9", "known@example.com", PASSWORD).await;
    let unknown: Reply = app.login_from("203.0.113.9", "unknown@example.com", PASSWORD).await;

    assert_eq!(known.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(unknown.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(known.text, unknown.text);
    assert_eq!(known.header("retry-after"), unknown.header("retry-after"));
}

#[tokio::test]
async fn successful_logins_do_not_count_towards_the_account_limit() {
    let app = app_with_many_addresses();
    app.signup("trader@example.com", PASSWORD).await;
    for i in 0..8 {
        assert_eq!(app.login("trader@example.com", PASSWORD).await.status, StatusCode::OK, "login {i}");
    }

    fail_five_times(&app, "trader@example.com").await;

    assert_eq!(app.login("trader@example.com", PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_per_account_limit_is_configurable() {
    let app = TestApp::with(&[("login_failures_per_account", "2"), ("auth_rate_limit_per_minute", "1000")]);
    app.signup("trader@example.com", PASSWORD).await;
    for _ in 0..2 {
        assert_eq!(app.login("trader@example.com", "wrong-password").await.status, StatusCode::UNAUTHORIZED);
    }

    assert_eq!(app.login("trader@example.com", PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn logging_in_after_the_argon2_cost_rises_upgrades_the_stored_hash_once() {
    let cheap = TestApp::new();
    cheap.signup("trader@example.com", PASSWORD).await;
    assert_eq!(cheap.login("trader@example.com", PASSWORD).await.status, StatusCode::OK);
    let original = stored_hash(&cheap, "trader@example.com").await;
    assert!(original.contains("m=256,t=1,p=1"), "{original}");
    let stronger = cheap.with_argon2(Argon2Settings { memory_kib: 512, iterations: 2, parallelism: 1 });

    let login = stronger.login("trader@example.com", PASSWORD).await;

    assert_eq!(login.status, StatusCode::OK, "the old hash still verifies");
    let upgraded = stored_hash(&stronger, "trader@example.com").await;
    assert!(upgraded.starts_with("$argon2id$v=19$m=512,t=2,p=1$"), "{upgraded}");
    assert_eq!(stronger.login("trader@example.com", PASSWORD).await.status, StatusCode::OK, "the new hash verifies");
    assert_eq!(stored_hash(&stronger, "trader@example.com").await, upgraded, "no rehash when the cost matches");
}

#[tokio::test]
async fn a_failed_login_never_touches_the_stored_hash() {
    let cheap = TestApp::new();
    cheap.signup("trader@example.com", PASSWORD).await;
    let original = stored_hash(&cheap, "trader@example.com").await;
    let stronger = cheap.with_argon2(Argon2Settings { memory_kib: 512, iterations: 2, parallelism: 1 });

    assert_eq!(stronger.login("trader@example.com", "wrong-password").await.status, StatusCode::UNAUTHORIZED);

    assert_eq!(stored_hash(&stronger, "trader@example.com").await, original);
}
