//! Log-in hygiene beyond the per-address limit: failed attempts per account and client network
//! (refused) and per account (slowed, never refused), and password hashes upgraded to the configured cost as their owners log in.

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

/// Five wrong passwords for `email` from one address.
async fn fail_five_times_from(app: &TestApp, ip: &str, email: &str) {
    for i in 0..5 {
        let reply = app.login_from(ip, email, "wrong-password").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {i}: {}", reply.text);
    }
}

async fn stored_hash(app: &TestApp, email: &str) -> String {
    let credentials = app.stores.accounts.find_credentials_by_email(&Email::parse(email).unwrap()).await.unwrap();
    credentials.expect("the account exists").password_hash.as_phc().to_owned()
}

/// Logs in and says how long the app's clock moved meanwhile (the throttle's wait).
async fn timed_login(app: &TestApp, ip: &str, email: &str, password: &str) -> (Reply, Duration) {
    let before = app.clock_now();
    let reply = app.login_from(ip, email, password).await;
    (reply, app.clock_now() - before)
}

#[tokio::test]
async fn five_wrong_passwords_from_another_address_do_not_keep_the_owner_out() {
    let app = app_with_many_addresses();
    app.signup("trader@example.com", PASSWORD).await;
    fail_five_times_from(&app, "198.51.100.7", "trader@example.com").await;

    let owner = app.login_from("203.0.113.9", "trader@example.com", PASSWORD).await;

    assert_eq!(owner.status, StatusCode::OK, "{}", owner.text);
}

#[tokio::test]
async fn concurrent_correct_logins_never_get_429() {
    let app = TestApp::new();
    app.signup("trader@example.com", PASSWORD).await;

    let login = || app.login("trader@example.com", PASSWORD);

    let (a, b, c, d, e, f, g, h) = tokio::join!(login(), login(), login(), login(), login(), login(), login(), login());

    let statuses: Vec<StatusCode> = [a, b, c, d, e, f, g, h].iter().map(|r| r.status).collect();
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
}

#[tokio::test]
async fn the_address_that_failed_five_times_on_an_account_is_refused_there_until_the_window_ends() {
    let app = app_with_many_addresses();
    app.signup("trader@example.com", PASSWORD).await;
    fail_five_times_from(&app, "198.51.100.7", "trader@example.com").await;

    let refused = app.login_from("198.51.100.7", "trader@example.com", PASSWORD).await;

    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    let other_account = app.login_from("198.51.100.7", "other@example.com", PASSWORD).await;
    assert_eq!(other_account.status, StatusCode::UNAUTHORIZED, "only this account is refused to this address");
    app.clock.advance(Duration::seconds(retry_after));
    let later = app.login_from("198.51.100.7", "trader@example.com", PASSWORD).await;
    assert_eq!(later.status, StatusCode::OK, "the window has passed");
}

#[tokio::test]
async fn failures_from_many_addresses_slow_the_account_more_each_time_and_a_success_clears_them() {
    let app = app_with_many_addresses();
    app.signup("trader@example.com", PASSWORD).await;
    let (_, unthrottled) = timed_login(&app, "203.0.113.1", "trader@example.com", "wrong-password").await;
    for i in 1..5 {
        app.login_from(&format!("198.51.100.{i}"), "trader@example.com", "wrong-password").await;
    }

    let (_, first) = timed_login(&app, "198.51.100.10", "trader@example.com", "wrong-password").await;
    let (_, second) = timed_login(&app, "198.51.100.11", "trader@example.com", "wrong-password").await;
    let (owner, third) = timed_login(&app, "203.0.113.9", "trader@example.com", PASSWORD).await;
    let (_, after_success) = timed_login(&app, "203.0.113.9", "trader@example.com", PASSWORD).await;

    assert_eq!(unthrottled, Duration::zero());
    assert_eq!((first, second, third), (Duration::seconds(1), Duration::seconds(2), Duration::seconds(4)));
    assert_eq!(owner.status, StatusCode::OK, "slowed, never refused: {}", owner.text);
    assert_eq!(after_success, Duration::zero(), "the success cleared the failures");
}

#[tokio::test]
async fn a_locked_unknown_email_gets_exactly_the_answer_a_locked_account_gets() {
    let app = app_with_many_addresses();
    app.signup("known@example.com", PASSWORD).await;
    fail_five_times(&app, "known@example.com").await;
    fail_five_times(&app, "unknown@example.com").await;
    fail_five_times_from(&app, "203.0.113.9", "known@example.com").await;
    fail_five_times_from(&app, "203.0.113.9", "unknown@example.com").await;

    let (known, known_wait) = timed_login(&app, "203.0.113.9", "known@example.com", PASSWORD).await;
    let (unknown, unknown_wait) = timed_login(&app, "203.0.113.9", "unknown@example.com", PASSWORD).await;
    let (slowed_known, slowed_known_wait) = timed_login(&app, "203.0.113.10", "known@example.com", "wrong-1").await;
    let (slowed_unknown, slowed_unknown_wait) =
        timed_login(&app, "203.0.113.10", "unknown@example.com", "wrong-1").await;

    assert_eq!(known.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(unknown.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(known.text, unknown.text);
    assert_eq!(known.header("retry-after"), unknown.header("retry-after"));
    assert_eq!(known_wait, unknown_wait);
    assert_eq!(slowed_known.text, slowed_unknown.text);
    assert_eq!(slowed_known_wait, slowed_unknown_wait);
    assert!(slowed_known_wait > Duration::zero());
}

#[tokio::test]
async fn successful_logins_do_not_count_and_each_clears_the_failures_before_it() {
    let app = app_with_many_addresses();
    app.signup("trader@example.com", PASSWORD).await;
    for i in 0..8 {
        assert_eq!(app.login("trader@example.com", PASSWORD).await.status, StatusCode::OK, "login {i}");
    }

    for round in 0..3 {
        for _ in 0..4 {
            assert_eq!(app.login("trader@example.com", "wrong-password").await.status, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(app.login("trader@example.com", PASSWORD).await.status, StatusCode::OK, "round {round}");
    }
}

#[tokio::test]
async fn the_per_account_and_network_limit_is_configurable() {
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
