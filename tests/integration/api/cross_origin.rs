//! A dashboard on another host: CORS for the listed origins only (`CORS_ALLOWED_ORIGINS`), and
//! the refresh cookie that crosses sites (`COOKIE_CROSS_SITE`), through the whole stack.

use poem::http::{Method, StatusCode};
use signalbox::bootstrap::config::Settings;

use crate::support::test_app::{PASSWORD, Reply, TestApp};

const DASHBOARD: &str = "https://app.example.com";

fn app() -> TestApp {
    TestApp::with(&[("cors_allowed_origins", "https://app.example.com, http://localhost:5173")])
}

async fn preflight(app: &TestApp, origin: &str, path: &str) -> Reply {
    app.send_with_headers(
        Method::OPTIONS,
        path,
        &[
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization,content-type"),
        ],
    )
    .await
}

fn cors_headers(reply: &Reply) -> Vec<&str> {
    reply.headers.keys().map(|name| name.as_str()).filter(|name| name.starts_with("access-control-")).collect()
}

#[tokio::test]
async fn a_preflight_from_a_listed_origin_is_answered_204_with_credentials_methods_and_headers() {
    let app = app();

    for path in ["/auth/login", "/auth/refresh", "/signals", "/billing/create-checkout"] {
        let reply = preflight(&app, DASHBOARD, path).await;

        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{path}: {}", reply.text);
        assert_eq!(reply.header("access-control-allow-origin"), Some(DASHBOARD), "{path}");
        assert_eq!(reply.header("access-control-allow-credentials"), Some("true"), "{path}");
        let methods = reply.header("access-control-allow-methods").unwrap();
        assert!(["GET", "POST", "DELETE"].iter().all(|m| methods.contains(m)), "{methods}");
        let headers = reply.header("access-control-allow-headers").unwrap().to_ascii_lowercase();
        for wanted in ["authorization", "content-type", "idempotency-key", "x-request-id"] {
            assert!(headers.contains(wanted), "{wanted} missing from {headers}");
        }
        assert!(reply.header("vary").is_some_and(|v| v.contains("Origin")), "{path}");
    }
}

#[tokio::test]
async fn a_listed_origin_reads_answers_and_errors_with_credentials() {
    let app = app();
    assert_eq!(app.signup("cors@example.com", PASSWORD).await.status, StatusCode::CREATED);

    let body = serde_json::json!({"email": "cors@example.com", "password": PASSWORD});
    let login = TestApp::read(
        app.client.post("/auth/login").header("Origin", "http://localhost:5173").body_json(&body).send().await,
    )
    .await;
    let missing = app.send_with_headers(Method::GET, "/auth/me", &[("Origin", DASHBOARD)]).await;

    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    assert_eq!(login.header("access-control-allow-origin"), Some("http://localhost:5173"));
    assert_eq!(login.header("access-control-allow-credentials"), Some("true"));
    assert!(login.refresh_cookie().is_some());
    // A 401 is readable too, and the 429 countdown and request id are exposed to the page.
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.header("access-control-allow-origin"), Some(DASHBOARD));
    let exposed = missing.header("access-control-expose-headers").unwrap();
    assert!(exposed.contains("Retry-After") && exposed.contains("X-Request-Id"), "{exposed}");
}

#[tokio::test]
async fn any_other_origin_gets_no_cors_header_and_the_answer_it_would_get_without_cors() {
    let app = app();
    let plain = TestApp::new();

    for origin in ["https://evil.example.com", "https://app.example.com.evil.com", "http://app.example.com", "null"] {
        let refused = preflight(&app, origin, "/auth/login").await;
        let without_cors = preflight(&plain, origin, "/auth/login").await;
        let get = app.send_with_headers(Method::GET, "/health", &[("Origin", origin)]).await;

        assert!(cors_headers(&refused).is_empty(), "{origin}: {:?}", refused.headers);
        assert_eq!(refused.status, without_cors.status, "{origin}");
        assert_ne!(refused.status, StatusCode::NO_CONTENT, "{origin}");
        assert!(cors_headers(&get).is_empty(), "{origin}");
        assert_eq!(get.status, StatusCode::OK, "{origin}");
    }
}

#[tokio::test]
async fn without_listed_origins_nothing_changes_and_the_same_origin_dashboard_keeps_working() {
    let app = TestApp::new();

    let preflight = preflight(&app, DASHBOARD, "/auth/login").await;
    let login = app.send_with_headers(Method::GET, "/health", &[("Origin", "http://localhost:8000")]).await;

    assert_eq!(preflight.status, StatusCode::METHOD_NOT_ALLOWED, "{}", preflight.text);
    assert!(cors_headers(&preflight).is_empty());
    assert_eq!(login.status, StatusCode::OK);
    assert!(cors_headers(&login).is_empty());
}

#[test]
fn cors_allowed_origins_must_be_origins_without_a_path() {
    for bad in ["https://app.example.com/", "https://app.example.com/dashboard", "*", "app.example.com"] {
        let err = crate::support::test_app::settings_result(&[("cors_allowed_origins", bad)]).unwrap_err();

        assert!(err.to_string().contains("CORS_ALLOWED_ORIGINS"), "{bad}: {err}");
    }
}

#[tokio::test]
async fn the_cross_site_cookie_mode_sets_samesite_none_and_secure() {
    let app = TestApp::with(&[("public_url", "https://api.example.com"), ("cookie_cross_site", "true")]);

    let (_, cookie) = app.new_session("crosssite@example.com").await;
    let logout = app.logout(Some(&cookie)).await;

    for cookie in [cookie, logout.refresh_cookie().expect("logout clears the cookie")] {
        let has = |attribute: &str| cookie.attributes.iter().any(|a| a == attribute);
        assert!(
            has("SameSite=None") && has("Secure") && has("HttpOnly") && has("Path=/auth"),
            "{:?}",
            cookie.attributes
        );
    }
}

#[test]
fn the_cross_site_cookie_mode_is_refused_over_plain_http_and_names_public_url() {
    for url in ["http://localhost:8000", "http://api.example.com"] {
        let err = crate::support::test_app::settings_result(&[("public_url", url), ("cookie_cross_site", "true")])
            .unwrap_err();

        let message = err.to_string();
        assert!(message.contains("COOKIE_CROSS_SITE") && message.contains("PUBLIC_URL"), "{message}");
    }
    let _: Settings = crate::support::test_app::settings(&[("cookie_cross_site", "false")]);
}
