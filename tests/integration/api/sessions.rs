//! Sessions that last and can end: the refresh cookie, rotation, reuse detection, expiry,
//! the absolute session lifetime, refresh limits, log-out and the purge of dead tokens,
//! through the HTTP API.

use chrono::Duration;
use poem::http::StatusCode;
use signalbox::domain::{RETRY_GRACE_SECS, RefreshToken};
use signalbox::ports::RefreshTokenStore;

use crate::support::test_app::{PASSWORD, Reply, SetCookie, TestApp};

/// The cookie a 401 or a log-out leaves behind: emptied and expired.
fn assert_cleared(reply: &Reply) {
    let cookie = reply.refresh_cookie().unwrap_or_else(|| panic!("no refresh cookie in {:?}", reply.headers));
    assert_eq!(cookie.value, "", "{cookie:?}");
    assert_eq!(cookie.attribute("Max-Age"), Some("0"), "{cookie:?}");
    assert_eq!(cookie.attribute("Path"), Some("/auth"), "a cookie is only deleted on its own path");
}

#[tokio::test]
async fn login_sets_an_http_only_strict_refresh_cookie_scoped_to_auth_and_keeps_its_json_body() {
    let app = TestApp::new();
    app.signup("trader@example.com", PASSWORD).await;

    let login = app.login("trader@example.com", PASSWORD).await;

    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.body["token_type"], "bearer");
    assert_eq!(login.body["expires_in"], 1800);
    assert_eq!(login.body.as_object().unwrap().len(), 3, "no refresh token in the body: {}", login.text);
    assert_eq!(login.header("cache-control"), Some("no-store"));
    let cookie = login.refresh_cookie().expect("a refresh cookie");
    assert!(cookie.value.len() == 64 && cookie.value.bytes().all(|b| b.is_ascii_hexdigit()), "{cookie:?}");
    assert!(cookie.has("HttpOnly"));
    assert!(cookie.has("SameSite=Strict"));
    assert_eq!(cookie.attribute("Path"), Some("/auth"));
    assert_eq!(cookie.attribute("Max-Age"), Some("2592000"), "30 days");
    assert!(!cookie.has("Secure"), "the default public URL is plain http://localhost");
}

#[tokio::test]
async fn the_refresh_cookie_is_secure_when_served_anywhere_but_plain_http_localhost() {
    for public_url in ["https://signalbox.example.com", "http://signalbox.example.com", "https://localhost:8000"] {
        let app = TestApp::with(&[("public_url", public_url)]);

        let (_, cookie) = app.new_session("trader@example.com").await;

        assert!(cookie.has("Secure"), "{public_url}: {cookie:?}");
    }
    let local = TestApp::with(&[("public_url", "http://127.0.0.1:8000")]);
    assert!(!local.new_session("trader@example.com").await.1.has("Secure"));
}

#[tokio::test]
async fn refresh_returns_a_new_access_token_and_rotates_the_cookie() {
    let app = TestApp::new();
    let (first_access, first_cookie) = app.new_session("trader@example.com").await;
    app.clock.advance(Duration::seconds(1));

    let refreshed = app.refresh(Some(&first_cookie)).await;

    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.text);
    assert_eq!(refreshed.body["token_type"], "bearer");
    assert_eq!(refreshed.body["expires_in"], 1800);
    assert_eq!(refreshed.header("cache-control"), Some("no-store"));
    let access = refreshed.body["access_token"].as_str().unwrap();
    assert_ne!(access, first_access);
    assert_eq!(app.me(access).await.body["email"], "trader@example.com");
    let second_cookie = refreshed.refresh_cookie().expect("a rotated cookie");
    assert_ne!(second_cookie.value, first_cookie.value);
    assert!(second_cookie.has("HttpOnly") && second_cookie.has("SameSite=Strict"));
    assert_eq!(second_cookie.attribute("Max-Age"), Some("2592000"));
    assert_eq!(app.refresh(Some(&second_cookie)).await.status, StatusCode::OK, "the successor works once too");
}

#[tokio::test]
async fn a_session_outlives_the_thirty_minute_access_token() {
    let app = TestApp::new();
    let (access, cookie) = app.new_session("trader@example.com").await;
    app.clock.advance(Duration::minutes(31));
    assert_eq!(app.me(&access).await.status, StatusCode::UNAUTHORIZED);

    let refreshed = app.refresh(Some(&cookie)).await;

    assert_eq!(refreshed.status, StatusCode::OK);
    assert_eq!(app.me(refreshed.body["access_token"].as_str().unwrap()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_reused_refresh_token_ends_the_session_so_even_the_newest_cookie_fails() {
    let app = TestApp::new();
    let (_, stolen) = app.new_session("trader@example.com").await;
    let newest = app.refresh(Some(&stolen)).await.refresh_cookie().unwrap();
    app.clock.advance(Duration::seconds(RETRY_GRACE_SECS + 1));

    let replay = app.refresh(Some(&stolen)).await;
    let legitimate = app.refresh(Some(&newest)).await;

    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert!(replay.detail().contains("already used"), "{}", replay.detail());
    assert_cleared(&replay);
    assert_eq!(legitimate.status, StatusCode::UNAUTHORIZED, "the family is revoked");
    assert_cleared(&legitimate);
    assert_eq!(app.login("trader@example.com", PASSWORD).await.status, StatusCode::OK, "logging in again works");
}

/// A page reloaded while its refresh was in flight (or a phone whose answer was lost) presents
/// the cookie the server has just rotated: the owner keeps the session.
#[tokio::test]
async fn a_refresh_retried_with_the_same_cookie_seconds_later_keeps_the_session() {
    let app = TestApp::new();
    let (_, cookie) = app.new_session("trader@example.com").await;
    let lost = app.refresh(Some(&cookie)).await.refresh_cookie().unwrap();
    app.clock.advance(Duration::seconds(3));

    let retry = app.refresh(Some(&cookie)).await;

    assert_eq!(retry.status, StatusCode::OK, "{}", retry.text);
    let kept = retry.refresh_cookie().unwrap();
    app.clock.advance(Duration::minutes(30));
    assert_eq!(app.refresh(Some(&kept)).await.status, StatusCode::OK, "the retry's cookie carries the session on");
    let stale = app.refresh(Some(&lost)).await;
    assert_eq!(
        stale.status,
        StatusCode::UNAUTHORIZED,
        "the answer that was lost was superseded: presenting it is reuse"
    );
}

#[tokio::test]
async fn each_refresh_token_lives_refresh_token_days_from_its_issue() {
    let app = TestApp::with(&[("refresh_token_days", "2")]);
    let (_, first) = app.new_session("trader@example.com").await;
    app.clock.advance(Duration::days(1));
    let second = app.refresh(Some(&first)).await;
    assert_eq!(second.status, StatusCode::OK);
    let second = second.refresh_cookie().unwrap();
    assert_eq!(second.attribute("Max-Age"), Some("172800"));
    app.clock.advance(Duration::days(2));

    let expired = app.refresh(Some(&second)).await;

    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.detail(), "refresh token expired");
    assert_cleared(&expired);
}

#[tokio::test]
async fn a_missing_malformed_or_unknown_refresh_cookie_gets_401_and_is_cleared() {
    let app = TestApp::new();
    let (_, real) = app.new_session("trader@example.com").await;
    let forged = |value: &str| SetCookie { value: value.to_owned(), ..real.clone() };

    let replies = [
        app.refresh(None).await,
        app.refresh(Some(&forged("garbage"))).await,
        app.refresh(Some(&forged(&"ab".repeat(32)))).await,
    ];

    for reply in &replies {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.text);
        assert!(!reply.detail().is_empty());
        assert_cleared(reply);
    }
    assert_eq!(app.refresh(Some(&real)).await.status, StatusCode::OK, "failed attempts do not touch real sessions");
}

#[tokio::test]
async fn logout_ends_the_whole_token_family_and_clears_the_cookie_but_not_other_sessions() {
    let app = TestApp::new();
    let (_, first) = app.new_session("trader@example.com").await;
    let rotated = app.refresh(Some(&first)).await.refresh_cookie().unwrap();
    let other_device = app.login("trader@example.com", PASSWORD).await.refresh_cookie().unwrap();

    let logout = app.logout(Some(&rotated)).await;

    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert_cleared(&logout);
    assert_eq!(app.refresh(Some(&rotated)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.refresh(Some(&other_device)).await.status, StatusCode::OK, "another login is another family");
}

#[tokio::test]
async fn logging_out_without_a_session_or_twice_is_fine() {
    let app = TestApp::new();
    let (_, cookie) = app.new_session("trader@example.com").await;

    let without = app.logout(None).await;
    let first = app.logout(Some(&cookie)).await;
    let again = app.logout(Some(&cookie)).await;

    for reply in [&without, &first, &again] {
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
        assert_cleared(reply);
    }
}

/// Two tabs (or a tab and its reload) refreshing with one cookie at once are one client, not a
/// thief: each gets a session, and the family is left with one live cookie.
#[tokio::test]
async fn concurrent_refreshes_with_one_cookie_all_succeed_and_leave_one_live_cookie() {
    let app = TestApp::new();
    let (_, cookie) = app.new_session("trader@example.com").await;

    let (a, b, c) = tokio::join!(app.refresh(Some(&cookie)), app.refresh(Some(&cookie)), app.refresh(Some(&cookie)));

    let replies = [a, b, c];
    assert!(
        replies.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    app.clock.advance(Duration::minutes(30));
    let mut later = Vec::new();
    for reply in &replies {
        later.push(app.refresh(Some(&reply.refresh_cookie().unwrap())).await.status);
    }
    assert!(later.iter().filter(|s| **s == StatusCode::OK).count() <= 1, "at most one live cookie: {later:?}");
    assert!(later.contains(&StatusCode::UNAUTHORIZED), "the superseded cookies are reuse: {later:?}");
}

#[tokio::test]
async fn the_eleventh_refresh_of_one_session_in_a_minute_gets_429_with_retry_after_and_keeps_the_cookie() {
    let app = TestApp::new();
    let (_, mut cookie) = app.new_session("trader@example.com").await;
    for i in 0..10 {
        let reply = app.refresh(Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "refresh {i}: {}", reply.text);
        cookie = reply.refresh_cookie().unwrap();
    }
    let other_session = app.login("trader@example.com", PASSWORD).await.refresh_cookie().unwrap();

    let limited = app.refresh(Some(&cookie)).await;

    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.text);
    let retry_after: i64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert!(limited.refresh_cookie().is_none(), "the session is still valid: its cookie stays");
    assert_eq!(app.refresh(Some(&other_session)).await.status, StatusCode::OK, "another session has its own limit");
    app.clock.advance(Duration::seconds(retry_after));
    assert_eq!(app.refresh(Some(&cookie)).await.status, StatusCode::OK, "the same cookie works after the wait");
}

#[tokio::test]
async fn refreshes_from_one_client_network_are_limited_whatever_cookie_they_present() {
    let app = TestApp::with(&[("trust_proxy_headers", "true")]);
    let (_, real) = app.new_session("trader@example.com").await;
    for i in 0..60 {
        let forged = SetCookie { value: format!("{i:064x}"), ..real.clone() };
        assert_eq!(app.refresh_from("2001:db8:5:5::1", Some(&forged)).await.status, StatusCode::UNAUTHORIZED);
    }

    let limited = app.refresh_from("2001:db8:5:5::2", Some(&real)).await;
    let elsewhere = app.refresh_from("203.0.113.9", Some(&real)).await;

    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.text);
    assert!(limited.header("retry-after").is_some());
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.text);
}

#[tokio::test]
async fn a_session_ends_session_max_days_after_its_login_however_often_it_is_refreshed() {
    let app = TestApp::with(&[("session_max_days", "3")]);
    let (_, mut cookie) = app.new_session("trader@example.com").await;
    for day in 0..2 {
        app.clock.advance(Duration::days(1));
        let reply = app.refresh(Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "day {day}: {}", reply.text);
        cookie = reply.refresh_cookie().unwrap();
    }
    app.clock.advance(Duration::days(1));

    let ended = app.refresh(Some(&cookie)).await;

    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
    assert!(ended.detail().contains("log in again"), "{}", ended.detail());
    assert_cleared(&ended);
    assert_eq!(app.login("trader@example.com", PASSWORD).await.status, StatusCode::OK, "logging in starts anew");
}

#[tokio::test]
async fn the_session_purge_deletes_logged_out_and_expired_tokens_and_keeps_live_sessions() {
    let app = TestApp::with(&[("refresh_token_days", "2")]);
    let (_, logged_out) = app.new_session("trader@example.com").await;
    app.logout(Some(&logged_out)).await;
    let (_, idle) = app.new_session("idle@example.com").await;
    app.clock.advance(Duration::days(1));
    let (_, live) = app.new_session("active@example.com").await;
    app.clock.advance(Duration::days(1));

    let purged = app.app.accounts.purge_sessions().await.unwrap();

    assert_eq!(purged, 2, "the logged-out token and the idle one, expired today");
    for (cookie, kept) in [(&logged_out, false), (&idle, false), (&live, true)] {
        let hash = RefreshToken::parse(&cookie.value).unwrap().hash();
        assert_eq!(app.stores.refresh_tokens.family_of(&hash).await.unwrap().is_some(), kept, "{cookie:?}");
    }
    assert_eq!(app.refresh(Some(&live)).await.status, StatusCode::OK);
}
