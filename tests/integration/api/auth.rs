use chrono::Duration;
use poem::http::StatusCode;
use secrecy::ExposeSecret;
use signalbox::adapters::auth::{JwtIssuer, JwtSettings};
use signalbox::ports::TokenIssuer;

use crate::support::test_app::{PASSWORD, TestApp};

#[tokio::test]
async fn signup_login_returns_jwt() {
    let app = TestApp::new();

    let signup = app.signup("trader@example.com", PASSWORD).await;
    assert_eq!(signup.status, StatusCode::CREATED, "{}", signup.text);
    assert_eq!(signup.body["email"], "trader@example.com");
    assert_eq!(signup.body["is_paid"], false);
    assert!(signup.body["id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(signup.body["created_at"].is_string());

    let login = app.login("trader@example.com", PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_eq!(login.body["token_type"], "bearer");
    assert_eq!(login.body["expires_in"], 1800);
    let token = login.body["access_token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 3, "a JWT has three parts");

    let me = app.me(token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["id"], signup.body["id"]);
}

#[tokio::test]
async fn protected_route_needs_jwt() {
    let app = TestApp::new();
    let token = app.new_user("me@example.com").await;
    let user_id = app.user_id(&token).await;

    let missing = app.get("/auth/me", None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.header("www-authenticate"), Some("Bearer"));
    assert!(!missing.detail().is_empty());

    let foreign =
        JwtIssuer::new(&JwtSettings { secret: "someone-elses-key".to_owned().into(), ttl: Duration::minutes(30) })
            .issue(user_id.parse().unwrap(), signalbox::domain::TokenFamilyId::new_random(), app.clock_now())
            .unwrap();
    let (header, payload, signature) = {
        let parts: Vec<&str> = token.split('.').collect();
        (parts[0].to_owned(), parts[1].to_owned(), parts[2].to_owned())
    };
    let tampered_payload = format!("{header}.{}A.{signature}", &payload[..payload.len() - 1]);
    let alg_none = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
    for bad in
        ["garbage".to_owned(), "a.b.c".to_owned(), tampered_payload, alg_none, foreign.token.expose_secret().to_owned()]
    {
        let reply = app.me(&bad).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "token {bad:?} was accepted");
        assert_eq!(reply.header("www-authenticate"), Some("Bearer error=\"invalid_token\""));
    }

    app.clock.advance(Duration::minutes(31));
    let expired = app.me(&token).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.detail(), "token expired");
}

#[tokio::test]
async fn signup_treats_emails_case_insensitively_and_refuses_duplicates() {
    let app = TestApp::new();
    assert_eq!(app.signup("Trader@Example.com", PASSWORD).await.status, StatusCode::CREATED);

    let again = app.signup("  trader@EXAMPLE.com ", "another-password").await;

    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.detail().contains("already exists"));
    assert_eq!(
        app.login("trader@example.com", PASSWORD).await.status,
        StatusCode::OK,
        "the first password still works"
    );
}

#[tokio::test]
async fn invalid_signups_get_422_with_a_detail_and_create_nothing() {
    let app = TestApp::new();
    let cases = [
        r#"{"email": "not-an-email", "password": "long-enough"}"#,
        r#"{"email": "short@example.com", "password": "seven77"}"#,
        r#"{"email": "missing-password@example.com"}"#,
        r#"{"email": 42, "password": "long-enough"}"#,
        r#"{"email": "broken@example.com", "password": "#,
        r#"[]"#,
    ];
    for body in cases {
        let reply = app.post_raw("/auth/signup", body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {}", reply.text);
        assert!(!reply.detail().is_empty());
    }
    assert_eq!(app.login("short@example.com", "seven77").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.signup("short@example.com", PASSWORD).await.status, StatusCode::CREATED, "nothing was stored");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_401() {
    let app = TestApp::new();
    app.new_user("known@example.com").await;

    let wrong_password = app.login("known@example.com", "wrong-password").await;
    let unknown_email = app.login("nobody@example.com", PASSWORD).await;
    let too_short = app.login("known@example.com", "short").await;

    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.text, unknown_email.text);
    assert_eq!(wrong_password.text, too_short.text);
}

#[tokio::test]
async fn the_eleventh_signup_in_a_minute_is_refused_with_retry_after() {
    let app = TestApp::new();
    for i in 0..10 {
        let reply = app.signup(&format!("user{i}@example.com"), PASSWORD).await;
        assert_eq!(reply.status, StatusCode::CREATED, "attempt {i}");
    }

    let eleventh = app.signup("user10@example.com", PASSWORD).await;

    assert_eq!(eleventh.status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = eleventh.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after));
    assert!(eleventh.detail().contains("try again"));
    assert_eq!(app.login("user0@example.com", PASSWORD).await.status, StatusCode::OK, "login has its own bucket");

    app.clock.advance(Duration::seconds(retry_after as i64));
    assert_eq!(app.signup("user10@example.com", PASSWORD).await.status, StatusCode::CREATED, "the window reset");
}

#[tokio::test]
async fn malformed_signups_and_logins_count_as_attempts_from_their_address() {
    let app = TestApp::new();
    for i in 0..10 {
        assert_eq!(app.signup(&format!("not-an-email-{i}"), PASSWORD).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.login(&format!("not-an-email-{i}"), PASSWORD).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    let signup = app.signup("valid@example.com", PASSWORD).await;
    let login = app.login("valid@example.com", PASSWORD).await;

    assert_eq!(signup.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(login.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn failed_logins_count_towards_the_login_limit() {
    let app = TestApp::with(&[("auth_rate_limit_per_minute", "3")]);
    for _ in 0..3 {
        assert_eq!(app.login("x@example.com", "wrong-password").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.login("x@example.com", "wrong-password").await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn request_bodies_over_64_kib_are_refused_with_413() {
    let app = TestApp::new();
    let huge = format!(r#"{{"email": "a@b.co", "password": "{}"}}"#, "x".repeat(70 * 1024));

    let reply = app.post_raw("/auth/signup", &huge).await;

    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.detail().contains("64 KiB"));
}
