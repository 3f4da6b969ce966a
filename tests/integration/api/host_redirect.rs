//! In development, a page opened on another host than `PUBLIC_URL`'s is sent there before any
//! session starts, so the refresh cookie and checkout's return address agree; API calls,
//! webhooks and probes are answered where they arrive.

use poem::http::{Method, StatusCode};

use crate::support::test_app::{PASSWORD, TestApp};

fn app(env: &str) -> TestApp {
    TestApp::with(&[("public_url", "http://localhost:8000"), ("app_env", env)])
}

#[tokio::test]
async fn a_page_on_another_host_is_redirected_to_the_same_path_on_public_url() {
    let app = app("development");

    for (path, expected) in [
        ("/", "http://localhost:8000/"),
        (
            "/dashboard?checkout=success&session_id=cs_1",
            "http://localhost:8000/dashboard?checkout=success&session_id=cs_1",
        ),
        ("/login", "http://localhost:8000/login"),
        ("/docs", "http://localhost:8000/docs"),
    ] {
        let reply = app.send_with_headers(Method::GET, path, &[("Host", "127.0.0.1:8000")]).await;

        assert_eq!(reply.status, StatusCode::TEMPORARY_REDIRECT, "{path}");
        assert_eq!(reply.header("location"), Some(expected), "{path}");
        assert!(reply.header("set-cookie").is_none(), "{path}");
    }
}

#[tokio::test]
async fn pages_on_public_urls_host_are_served() {
    let app = app("development");

    let reply = app.send_with_headers(Method::GET, "/docs", &[("Host", "LOCALHOST:8000")]).await;

    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn api_calls_webhooks_and_probes_are_answered_on_any_host() {
    let app = app("development");
    app.signup("host@example.com", PASSWORD).await;

    for (method, path) in [
        (Method::GET, "/health"),
        (Method::GET, "/ready"),
        (Method::GET, "/auth/me"),
        (Method::GET, "/signals"),
        (Method::POST, "/auth/login"),
        (Method::POST, "/auth/refresh"),
        (Method::POST, "/billing/webhook"),
        (Method::POST, "/dashboard"),
    ] {
        let reply = app.send_with_headers(method.clone(), path, &[("Host", "127.0.0.1:8000")]).await;

        assert_ne!(reply.status, StatusCode::TEMPORARY_REDIRECT, "{method} {path}");
    }
}
