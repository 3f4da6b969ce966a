//! `GET /metrics`: Prometheus text that moves with the traffic, behind a token when one is set.
//!
//! The recorder is process-wide and tests run in parallel, so each check compares one scrape
//! with a later one and asks only for growth it caused itself.

use poem::http::StatusCode;

use crate::support::test_app::TestApp;

/// The sum of every sample of `name` whose labels contain all of `labels`.
fn sample(text: &str, name: &str, labels: &[&str]) -> f64 {
    text.lines()
        .filter(|line| line.starts_with(name) && !line.starts_with('#'))
        .filter(|line| line[name.len()..].starts_with(['{', ' ']))
        .filter(|line| labels.iter().all(|label| line.contains(label)))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn scrape(app: &TestApp, token: Option<&str>) -> String {
    let mut req = app.client.get("/metrics");
    if let Some(token) = token {
        req = req.header("Authorization", format!("Bearer {token}"));
    }
    let resp = req.send().await;
    assert_eq!(resp.0.status(), StatusCode::OK);
    resp.0.into_body().into_string().await.unwrap()
}

#[tokio::test]
async fn requests_are_counted_by_route_and_status() {
    let app = TestApp::new();
    let signups = [r#"route="/auth/signup""#, r#"status="201""#, r#"method="POST""#];
    let before = sample(&scrape(&app, None).await, "signalbox_http_requests_total", &signups);

    app.new_user("counted-1@example.com").await;
    app.new_user("counted-2@example.com").await;

    let after = scrape(&app, None).await;
    assert!(sample(&after, "signalbox_http_requests_total", &signups) >= before + 2.0, "{after}");
    assert!(sample(&after, "signalbox_http_request_duration_seconds_count", &signups) >= 2.0);
}

/// The dashboard answers any path with its page, and HTTP allows any method name: a stranger
/// making up either must not add series (each one is memory here and lines in every scrape).
#[tokio::test]
async fn made_up_paths_and_methods_add_no_series() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><div id=root></div>").unwrap();
    let app = TestApp::with(&[("static_dir", dist.path().to_str().unwrap())]);
    let marker = format!("madeup{}", std::process::id());
    let before = sample(&scrape(&app, None).await, "signalbox_http_requests_total", &[r#"route="other""#]);

    for i in 0..20 {
        let page = app.get(&format!("/{marker}-{i}"), None).await;
        assert_eq!(page.status, StatusCode::OK, "the dashboard's page");
        let method = poem::http::Method::from_bytes(format!("{}{i}", marker.to_uppercase()).as_bytes()).unwrap();
        app.client.request(method, "/health").send().await;
    }

    let after = scrape(&app, None).await;
    assert!(!after.to_lowercase().contains(&marker), "a made-up path or method became a label");
    assert!(sample(&after, "signalbox_http_requests_total", &[r#"route="other""#]) >= before + 20.0, "{after}");
    assert!(after.contains(r#"method="other""#), "{after}");
}

/// Durations are a Prometheus histogram, whose buckets add up across instances, and not a
/// summary, whose per-process quantiles cannot be combined.
#[tokio::test]
async fn request_durations_are_a_histogram_with_buckets() {
    let app = TestApp::new();
    app.new_user("bucketed@example.com").await;

    let text = scrape(&app, None).await;
    let signups = [r#"route="/auth/signup""#, r#"status="201""#];
    assert!(text.contains("# TYPE signalbox_http_request_duration_seconds histogram"), "{text}");
    assert!(!text.contains("quantile="), "{text}");
    let all =
        sample(&text, "signalbox_http_request_duration_seconds_bucket", &[&signups[..], &[r#"le="+Inf""#]].concat());
    let count = sample(&text, "signalbox_http_request_duration_seconds_count", &signups);
    assert!(all >= 1.0 && all == count, "+Inf bucket {all}, count {count}: {text}");
    let fastest =
        sample(&text, "signalbox_http_request_duration_seconds_bucket", &[&signups[..], &[r#"le="0.0005""#]].concat());
    assert!(fastest <= all, "{text}");
}

#[tokio::test]
async fn quota_denials_and_signal_cache_lookups_are_counted() {
    let app = TestApp::new();
    let token = app.new_user("quota-metrics@example.com").await;
    let before = scrape(&app, None).await;

    for _ in 0..4 {
        app.signals(&token).await;
    }

    let after = scrape(&app, None).await;
    let denials = |text: &str| sample(text, "signalbox_quota_denials_total", &[]);
    let lookups = |text: &str| sample(text, "signalbox_signal_cache_total", &[]);
    assert!(denials(&after) >= denials(&before) + 1.0, "{after}");
    assert!(lookups(&after) >= lookups(&before) + 3.0, "{after}");
    assert!(after.contains(r#"signalbox_signal_cache_total{result="miss"}"#), "{after}");
}

#[tokio::test]
async fn webhook_outcomes_are_counted_by_type() {
    let app = TestApp::new();
    let payload = crate::support::test_app::stripe_event("plan.created", |_| {});
    let labels = [r#"type="plan.created""#];
    let before = sample(&scrape(&app, None).await, "signalbox_webhook_outcomes_total", &labels);

    app.deliver(&payload).await;
    app.deliver(&payload).await;

    let after = scrape(&app, None).await;
    assert!(sample(&after, "signalbox_webhook_outcomes_total", &labels) >= before + 2.0, "{after}");
    assert!(after.contains(r#"outcome="already_processed""#), "{after}");
}

#[tokio::test]
async fn with_a_token_configured_metrics_need_it() {
    let app = TestApp::with(&[("metrics_token", "scrape-token-0123456789")]);

    let anonymous = app.get("/metrics", None).await;
    let wrong = app.get("/metrics", Some("not-the-token")).await;
    let scraped = scrape(&app, Some("scrape-token-0123456789")).await;

    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(anonymous.detail().contains("metrics token"));
    assert!(scraped.contains("signalbox_http_requests_total"), "{scraped}");
}
