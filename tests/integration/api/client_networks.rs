//! Per-client limits count a client's network, not its address: an IPv6 client can pick any
//! address in its /64, so every address in it shares one allowance.

use poem::http::StatusCode;

use crate::support::test_app::{PASSWORD, TestApp};

fn behind_a_proxy() -> TestApp {
    TestApp::with(&[("trust_proxy_headers", "true")])
}

#[tokio::test]
async fn signups_from_every_address_of_one_ipv6_slash_64_share_one_limit() {
    let app = behind_a_proxy();
    for i in 0..10 {
        let reply = app.signup_from(&format!("2001:db8:1:2::{i:x}"), &format!("user{i}@example.com"), PASSWORD).await;
        assert_eq!(reply.status, StatusCode::CREATED, "signup {i}: {}", reply.text);
    }

    let same_slash_64 = app.signup_from("2001:db8:1:2:ffff:ffff:ffff:fffe", "user10@example.com", PASSWORD).await;
    let next_slash_64 = app.signup_from("2001:db8:1:3::1", "user11@example.com", PASSWORD).await;

    assert_eq!(same_slash_64.status, StatusCode::TOO_MANY_REQUESTS, "{}", same_slash_64.text);
    assert!(same_slash_64.header("retry-after").is_some());
    assert_eq!(next_slash_64.status, StatusCode::CREATED, "{}", next_slash_64.text);
}

#[tokio::test]
async fn ipv4_clients_are_limited_by_address() {
    let app = behind_a_proxy();
    for i in 0..10 {
        assert_eq!(
            app.signup_from("203.0.113.9", &format!("user{i}@example.com"), PASSWORD).await.status,
            StatusCode::CREATED
        );
    }

    let neighbour = app.signup_from("203.0.113.10", "user10@example.com", PASSWORD).await;

    assert_eq!(neighbour.status, StatusCode::CREATED, "{}", neighbour.text);
    assert_eq!(
        app.signup_from("203.0.113.9", "user11@example.com", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn failed_logins_from_one_ipv6_slash_64_count_as_one_network_on_the_account() {
    let app = TestApp::with(&[("trust_proxy_headers", "true"), ("auth_rate_limit_per_minute", "1000")]);
    app.signup("trader@example.com", PASSWORD).await;
    for i in 0..5 {
        let reply = app.login_from(&format!("2001:db8:9:9::{:x}", i + 1), "trader@example.com", "wrong-password").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.text);
    }

    let same_network = app.login_from("2001:db8:9:9::beef", "trader@example.com", PASSWORD).await;
    let owner_elsewhere = app.login_from("2001:db8:9:a::1", "trader@example.com", PASSWORD).await;

    assert_eq!(same_network.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(owner_elsewhere.status, StatusCode::OK, "{}", owner_elsewhere.text);
}

/// HAProxy adds its `X-Forwarded-For` as a line of its own after whatever the client sent:
/// a client writing a fresh address on its own line every time is still one client.
#[tokio::test]
async fn a_client_cannot_pick_its_address_with_a_header_line_of_its_own() {
    let app = behind_a_proxy();
    let mut statuses = Vec::new();
    for i in 0..13 {
        let body = serde_json::json!({"email": format!("user{i}@example.com"), "password": PASSWORD});
        let reply = app
            .client
            .post("/auth/signup")
            .header("X-Forwarded-For", format!("198.51.100.{i}"))
            .header("X-Forwarded-For", "203.0.113.9")
            .body_json(&body)
            .send()
            .await;
        statuses.push(reply.0.status());
    }

    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 10, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
}
