//! The Web Push adapter against a local push service that checks VAPID tokens and decrypts
//! messages as a browser would (see `support::fake_push_service`).

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use signalbox::adapters::web_push::{HttpWebPush, VapidKey, WebPushSettings};
use signalbox::domain::UserId;
use signalbox::ports::{PushError, WebPush};

use crate::support::fake_push_service::{Answer, FakePushService};

const TTL: Duration = Duration::from_secs(600);

fn sender(timeout: Duration) -> HttpWebPush {
    HttpWebPush::new(WebPushSettings { key: VapidKey::generate(), subject: "mailto:ops@example.com".into(), timeout })
}

#[tokio::test]
async fn a_message_reaches_the_browser_decrypted_as_sent() {
    let (push, web_push) = (FakePushService::start().await, sender(Duration::from_secs(5)));
    let device = push.subscribe(UserId::new_random());
    let payload = br#"{"title":"NIFTY BUY","body":"Entry 24,510","url":"/signals"}"#;

    web_push.send(&device, payload, TTL).await.expect("accepted");

    let received = push.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].endpoint, device.endpoint);
    assert_eq!(received[0].outcome.as_deref(), Ok(payload.as_slice()), "{:?}", received[0].outcome);
    assert_eq!(received[0].ttl.as_deref(), Some("600"));
    assert_eq!(received[0].urgency.as_deref(), Some("high"));
    let authorization = received[0].authorization.as_deref().unwrap();
    assert!(authorization.ends_with(&format!(", k={}", web_push.public_key().unwrap())), "{authorization}");
}

#[tokio::test]
async fn the_largest_payload_one_record_carries_round_trips() {
    let (push, web_push) = (FakePushService::start().await, sender(Duration::from_secs(5)));
    let device = push.subscribe(UserId::new_random());
    let payload = vec![b'x'; signalbox::adapters::web_push::MAX_PLAINTEXT_BYTES];

    web_push.send(&device, &payload, TTL).await.expect("accepted");
    assert_eq!(push.received()[0].outcome.as_deref(), Ok(payload.as_slice()));

    let too_large = web_push.send(&device, &[payload, vec![b'x']].concat(), TTL).await;
    assert!(matches!(too_large, Err(PushError::Rejected(_))));
    assert_eq!(push.received().len(), 1, "a message too large for one record is never sent");
}

#[tokio::test]
async fn a_tampered_vapid_signature_or_another_servers_token_is_refused() {
    let (push, web_push) = (FakePushService::start().await, sender(Duration::from_secs(5)));
    let device = push.subscribe(UserId::new_random());
    web_push.send(&device, b"first", TTL).await.unwrap();
    let genuine = push.received()[0].authorization.clone().unwrap();
    let body = signalbox::adapters::web_push::encrypt(
        b"forged",
        &device.keys.p256dh_bytes().unwrap(),
        &device.keys.auth_bytes().unwrap(),
    )
    .unwrap();
    let headers = |authorization: &str| {
        vec![
            ("authorization", authorization.to_owned()),
            ("ttl", "60".into()),
            ("content-encoding", "aes128gcm".into()),
        ]
    };
    let send = |authorization: String| {
        let (push, body, headers) = (&push, body.clone(), headers(&authorization));
        let endpoint = device.endpoint.clone();
        async move {
            let pairs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            push.post_raw(&endpoint, &pairs, body).await
        }
    };

    // The same token replayed verifies: the refusals below are about the token, not the body.
    assert_eq!(send(genuine.clone()).await, 201);
    let (token, key) = genuine.strip_prefix("vapid t=").unwrap().split_once(", k=").unwrap();
    let mut signature = URL_SAFE_NO_PAD.decode(token.rsplit('.').next().unwrap()).unwrap();
    signature[10] ^= 0x01;
    let tampered = format!("{}.{}", token.rsplit_once('.').unwrap().0, URL_SAFE_NO_PAD.encode(signature));
    assert_eq!(send(format!("vapid t={tampered}, k={key}")).await, 401, "a changed signature");
    let other_key = VapidKey::generate().public_key();
    assert_eq!(send(format!("vapid t={token}, k={other_key}")).await, 401, "another server's key");
    let elsewhere = VapidKey::generate();
    let wrong_audience =
        elsewhere.jwt("https://other.example.com", chrono::Utc::now().timestamp() + 3600, "mailto:x@example.com");
    assert_eq!(send(format!("vapid t={wrong_audience}, k={}", elsewhere.public_key())).await, 401, "another audience");
    let far_future = elsewhere.jwt(&push.origin(), chrono::Utc::now().timestamp() + 48 * 3600, "mailto:x@example.com");
    assert_eq!(send(format!("vapid t={far_future}, k={}", elsewhere.public_key())).await, 401, "exp beyond 24 hours");
}

#[tokio::test]
async fn gone_and_not_found_mean_the_subscription_is_gone() {
    let (push, web_push) = (FakePushService::start().await, sender(Duration::from_secs(5)));
    for status in [410, 404] {
        let device = push.subscribe(UserId::new_random());
        push.answer(&device.endpoint, Answer::Status { status, retry_after: None });
        assert!(matches!(web_push.send(&device, b"x", TTL).await, Err(PushError::Gone)), "{status}");
    }
}

#[tokio::test]
async fn too_many_requests_is_transient_with_the_services_retry_after() {
    let (push, web_push) = (FakePushService::start().await, sender(Duration::from_secs(5)));
    let device = push.subscribe(UserId::new_random());
    push.answer(&device.endpoint, Answer::Status { status: 429, retry_after: Some("42".into()) });

    let outcome = web_push.send(&device, b"x", TTL).await;

    assert!(matches!(outcome, Err(PushError::Transient { retry_after: Some(d) }) if d == Duration::from_secs(42)));
}

#[tokio::test]
async fn server_errors_silence_and_refusals_are_told_apart() {
    let (push, web_push) = (FakePushService::start().await, sender(Duration::from_millis(300)));
    let failing = push.subscribe(UserId::new_random());
    push.answer(&failing.endpoint, Answer::Status { status: 500, retry_after: None });
    assert!(matches!(web_push.send(&failing, b"x", TTL).await, Err(PushError::Transient { retry_after: None })));

    let hanging = push.subscribe(UserId::new_random());
    push.answer(&hanging.endpoint, Answer::Never);
    assert!(matches!(web_push.send(&hanging, b"x", TTL).await, Err(PushError::Transient { .. })));

    let refused = push.subscribe(UserId::new_random());
    push.answer(&refused.endpoint, Answer::Status { status: 400, retry_after: None });
    assert!(matches!(web_push.send(&refused, b"x", TTL).await, Err(PushError::Rejected(_))));
}

#[tokio::test]
async fn an_unreachable_push_service_is_transient() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let push = FakePushService::start().await;
    let mut device = push.subscribe(UserId::new_random());
    device.endpoint = format!("http://127.0.0.1:{port}/push/x");

    let outcome = sender(Duration::from_secs(5)).send(&device, b"x", TTL).await;

    assert!(matches!(outcome, Err(PushError::Transient { retry_after: None })));
}

#[tokio::test]
async fn a_name_that_resolves_to_our_own_network_is_never_dialled() {
    // The push service listens on loopback; the endpoint names it as `localhost`, as a
    // stranger's DNS record pointing at one of our addresses would.
    let push = FakePushService::start().await;
    let reachable = push.subscribe(UserId::new_random());
    let mut device = reachable.clone();
    device.endpoint = reachable.endpoint.replacen("127.0.0.1", "localhost", 1);
    assert_ne!(device.endpoint, reachable.endpoint);

    let outcome = sender(Duration::from_secs(5)).send(&device, b"x", TTL).await;

    assert!(matches!(&outcome, Err(PushError::Rejected(reason)) if reason.contains("non-public")), "{outcome:?}");
    assert!(push.received().is_empty(), "nothing reached the service behind the name");
}
