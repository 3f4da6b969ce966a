//! The defences every answer carries (security headers, caching), compression, and error
//! bodies that never reveal file paths or the payment provider's own messages.

use std::io::Read;
use std::sync::Arc;

use poem::http::StatusCode;
use signalbox::adapters::http::security_headers::{DEFAULT_CSP, HSTS, REFERRER_POLICY};
use wiremock::MockServer;

use crate::stripe_gateway::fake_stripe::{customer_json, gateway_for, respond, stripe_error};
use crate::support::test_app::{Reply, TestApp};

fn built_dashboard() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><div id=root>dashboard</div>").unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    let js = "export function signal(){return 'BUY NIFTY'}\n".repeat(200);
    std::fs::write(dir.path().join("assets/index-abc123.js"), &js).unwrap();
    std::fs::write(dir.path().join("assets/index-abc123.js.br"), brotli_of(js.as_bytes())).unwrap();
    std::fs::write(dir.path().join("assets/index-abc123.js.gz"), gzip_of(js.as_bytes())).unwrap();
    dir
}

fn brotli_of(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        use std::io::Write;
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(data).unwrap();
    }
    out
}

fn gzip_of(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(data, 4096).read_to_end(&mut out).unwrap();
    out
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out).unwrap();
    out
}

/// A response's status, headers and raw (possibly compressed) body bytes.
async fn fetch(
    app: &TestApp,
    path: &str,
    accept_encoding: Option<&str>,
) -> (StatusCode, poem::http::HeaderMap, Vec<u8>) {
    let mut req = app.client.get(path);
    if let Some(value) = accept_encoding {
        req = req.header("Accept-Encoding", value);
    }
    let resp = req.send().await;
    let status = resp.0.status();
    let headers = resp.0.headers().clone();
    (status, headers, resp.0.into_body().into_vec().await.unwrap())
}

fn assert_protected(what: &str, headers: &poem::http::HeaderMap) {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    assert_eq!(get("referrer-policy"), REFERRER_POLICY, "{what}");
    let csp = get("content-security-policy");
    for directive in ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"] {
        assert!(csp.contains(directive), "{what}: {directive} missing from {csp:?}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{what}: {csp}");
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let dist = built_dashboard();
    let app = TestApp::with(&[("static_dir", dist.path().to_str().unwrap())]);
    let token = app.new_user("headers@example.com").await;
    let checkout = app.create_checkout(&token).await;
    let checkout_url = checkout.body["checkout_url"].as_str().unwrap();
    let checkout_page = &checkout_url[checkout_url.find("/billing/").unwrap()..];

    for path in [
        "/health",
        "/openapi.json",
        "/docs",
        "/",
        "/dashboard",
        "/assets/index-abc123.js",
        "/billing/simulated-stripe.css",
        checkout_page,
        "/assets/missing.js",
        "/no/such/api",
    ] {
        let (_, headers, _) = fetch(&app, path, None).await;
        assert_protected(path, &headers);
    }
    let signals = app.signals(&token).await;
    assert_protected("/signals", &signals.headers);
    let refused = app.get("/signals", Some("not-a-token")).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_protected("401", &refused.headers);
    let too_large = app.post_raw("/auth/login", &"x".repeat(70 * 1024)).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_protected("413", &too_large.headers);
}

#[tokio::test]
async fn the_dashboard_and_simulated_pages_run_no_inline_code() {
    let dist = built_dashboard();
    let app = TestApp::with(&[("static_dir", dist.path().to_str().unwrap())]);
    let token = app.new_user("inline@example.com").await;
    let checkout = app.create_checkout(&token).await;
    let url = checkout.body["checkout_url"].as_str().unwrap();

    let page = app.get(&url[url.find("/billing/").unwrap()..], None).await;
    let dashboard = app.get("/", None).await;

    assert_eq!(page.header("content-security-policy"), Some(DEFAULT_CSP));
    assert_eq!(dashboard.header("content-security-policy"), Some(DEFAULT_CSP));
    assert!(!page.text.contains("<style") && !page.text.contains("style="), "{}", page.text);
    assert!(page.text.contains(r#"<link rel="stylesheet" href="/billing/simulated-stripe.css">"#));
    let css = app.get("/billing/simulated-stripe.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
}

#[tokio::test]
async fn swagger_ui_may_run_exactly_its_own_inline_code() {
    let app = TestApp::new();

    let docs = app.get("/docs", None).await;

    let csp = docs.header("content-security-policy").unwrap();
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.text.contains("SwaggerUIBundle"));
    let hashes = |directive: &str| {
        let start = csp.find(directive).unwrap_or_else(|| panic!("{directive} missing from {csp}"));
        csp[start..].split(';').next().unwrap().matches("'sha256-").count()
    };
    // The bundle and the start-up script; the stylesheet.
    assert_eq!(hashes("script-src"), 2, "{csp}");
    assert_eq!(hashes("style-src"), 1, "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert_ne!(csp, DEFAULT_CSP);
}

#[tokio::test]
async fn hsts_is_sent_only_when_served_over_https() {
    let https = TestApp::with(&[("public_url", "https://signals.example.com")]);
    let http = TestApp::new();

    assert_eq!(https.get("/health", None).await.header("strict-transport-security"), Some(HSTS));
    assert_eq!(http.get("/health", None).await.header("strict-transport-security"), None);
}

#[tokio::test]
async fn authenticated_answers_and_token_answers_are_never_stored() {
    let dist = built_dashboard();
    let app = TestApp::with(&[("static_dir", dist.path().to_str().unwrap())]);
    let (token, cookie) = app.new_session("nostore@example.com").await;

    let answers: Vec<(&str, Reply)> = vec![
        ("signals", app.signals(&token).await),
        ("me", app.me(&token).await),
        ("billing status", app.billing_status(&token).await),
        ("quota", app.get("/signals/quota", Some(&token)).await),
        ("login", app.login("nostore@example.com", crate::support::test_app::PASSWORD).await),
        ("refresh", app.refresh(Some(&cookie)).await),
        ("401", app.get("/auth/me", None).await),
    ];
    for (what, reply) in answers {
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{what}: {}", reply.status);
    }
    // The dashboard's own policies are kept.
    assert_eq!(
        app.get("/assets/index-abc123.js", None).await.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(app.get("/", None).await.header("cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn an_asset_is_served_precompressed_to_clients_that_accept_brotli_or_gzip() {
    let dist = built_dashboard();
    let app = TestApp::with(&[("static_dir", dist.path().to_str().unwrap())]);
    let path = "/assets/index-abc123.js";

    let (_, plain_headers, plain) = fetch(&app, path, None).await;
    let (br_status, br_headers, br) = fetch(&app, path, Some("gzip, deflate, br, zstd")).await;
    let (_, gz_headers, gz) = fetch(&app, path, Some("gzip")).await;

    assert_eq!(br_status, StatusCode::OK);
    assert_eq!(plain_headers.get("content-encoding"), None);
    assert_eq!(br_headers["content-encoding"], "br");
    assert_eq!(gz_headers["content-encoding"], "gzip");
    for headers in [&plain_headers, &br_headers, &gz_headers] {
        assert!(headers["content-type"].to_str().unwrap().contains("javascript"), "{headers:?}");
        assert!(headers.get_all("vary").iter().any(|v| v.to_str().unwrap().contains("accept-encoding")), "{headers:?}");
        assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
    }
    assert!(br.len() * 5 < plain.len(), "{} vs {}", br.len(), plain.len());
    assert_eq!(unbrotli(&br), plain);
    assert_eq!(gunzip(&gz), plain);
}

#[tokio::test]
async fn json_answers_are_gzipped_or_brotli_compressed_when_the_client_accepts_it() {
    let app = TestApp::new();

    let (_, plain_headers, plain) = fetch(&app, "/openapi.json", None).await;
    let (_, gz_headers, gz) = fetch(&app, "/openapi.json", Some("gzip")).await;
    let (_, br_headers, br) = fetch(&app, "/openapi.json", Some("br;q=1, gzip;q=0.5")).await;

    assert_eq!(plain_headers.get("content-encoding"), None);
    assert_eq!(gz_headers["content-encoding"], "gzip");
    assert_eq!(br_headers["content-encoding"], "br");
    assert!(gz_headers.get_all("vary").iter().any(|v| v == "accept-encoding"));
    assert!(gz.len() * 4 < plain.len(), "{} vs {}", gz.len(), plain.len());
    assert_eq!(gunzip(&gz), plain);
    assert_eq!(unbrotli(&br), plain);
    serde_json::from_slice::<serde_json::Value>(&plain).expect("the spec is JSON");
}

#[tokio::test]
async fn swagger_ui_is_compressed_too() {
    let app = TestApp::new();

    let (_, plain_headers, plain) = fetch(&app, "/docs", None).await;
    let (_, br_headers, br) = fetch(&app, "/docs", Some("br")).await;

    assert_eq!(plain_headers.get("content-encoding"), None);
    assert_eq!(br_headers["content-encoding"], "br");
    assert!(br.len() * 3 < plain.len(), "{} vs {}", br.len(), plain.len());
    assert_eq!(unbrotli(&br), plain);
}

#[tokio::test]
async fn answers_carrying_tokens_are_never_compressed() {
    let app = TestApp::new();
    app.new_user("breach@example.com").await;

    let resp = app
        .client
        .post("/auth/login")
        .header("Accept-Encoding", "br, gzip")
        .body_json(&serde_json::json!({"email": "breach@example.com", "password": crate::support::test_app::PASSWORD}))
        .send()
        .await;

    resp.assert_status_is_ok();
    assert_eq!(resp.0.headers().get("content-encoding"), None);
}

#[tokio::test]
async fn a_path_outside_the_dashboard_is_refused_without_naming_any_file() {
    let dist = built_dashboard();
    let dir = dist.path().to_str().unwrap().to_owned();
    let app = TestApp::with(&[("static_dir", &dir)]);

    for path in ["/../../etc/passwd", "/assets/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            !reply.text.contains(&dir) && !reply.text.contains("/etc") && !reply.text.contains("passwd"),
            "{path}: {}",
            reply.text
        );
        assert_eq!(reply.detail(), "forbidden", "{path}");
    }
}

#[tokio::test]
async fn stripes_own_error_text_never_reaches_the_user() {
    let stripe = MockServer::start().await;
    let secret = "No such price: 'price_internal_ops_only'; request req_8XyZ";
    respond(
        &stripe,
        "/v1/customers",
        wiremock::ResponseTemplate::new(200).set_body_json(customer_json(signalbox::domain::UserId::new_random())),
    )
    .await;
    respond(&stripe, "/v1/checkout/sessions", stripe_error(400, "invalid_request_error", secret)).await;
    respond(&stripe, "/v1/billing_portal/sessions", stripe_error(400, "invalid_request_error", secret)).await;
    let app = TestApp::with_gateway(Arc::new(gateway_for(&stripe)));
    let token = app.new_user("declined@example.com").await;

    let checkout = app.create_checkout(&token).await;

    assert_eq!(checkout.status, StatusCode::BAD_GATEWAY, "{}", checkout.text);
    assert!(
        !checkout.text.contains("price_internal_ops_only") && !checkout.text.contains("req_8XyZ"),
        "{}",
        checkout.text
    );
    assert!(checkout.detail().contains("payment provider"), "{}", checkout.text);
}
