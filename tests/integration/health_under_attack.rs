//! One client attacking the real binary under a low descriptor limit (soft 128, raised to the
//! hard 512 at start) cannot keep `/health` from another client: each attack is bounded by
//! its own defence — the per-network connection cap (the flood, in `connection_budget`), the
//! header deadline (slow headers), the per-user stream cap (many streams of one paid user,
//! opened from many addresses so the per-network cap does not apply) and the write deadline
//! with the per-network cap (responses nobody reads). How fast `/health` answers meanwhile
//! is measured in `bench/`, not here.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::connection_budget::{connect_from, get_answer};
use crate::support::api_client::ApiClient;
use crate::support::limited_server::LimitedServer;
use crate::support::signed_events::checkout_completed;
use crate::support::test_app::WEBHOOK_SECRET;

async fn health_from_another_client(addr: SocketAddr) -> String {
    let answer = tokio::time::timeout(Duration::from_secs(5), async {
        get_answer(&mut connect_from("127.0.0.2", addr).await, "/health").await
    })
    .await;
    answer.unwrap_or_else(|_| "no answer within 5 s".to_owned())
}

fn address(server: &LimitedServer) -> SocketAddr {
    format!("127.0.0.1:{}", server.port).parse().unwrap()
}

#[tokio::test]
async fn a_client_trickling_the_headers_of_hundreds_of_connections_leaves_health_answered() {
    let server = LimitedServer::start();
    let addr = address(&server);
    let mut held: Vec<TcpStream> = Vec::new();
    for _ in 0..300 {
        let mut stream = connect_from("127.0.0.1", addr).await;
        let _ = stream.write_all(b"GET /health HTTP/1.1\r\nX-Slow: ").await;
        held.push(stream);
    }

    let health = health_from_another_client(addr).await;

    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
}

#[tokio::test]
async fn a_client_leaving_large_answers_unread_on_many_connections_leaves_health_answered() {
    let server = LimitedServer::start();
    let addr = address(&server);
    let mut held = Vec::new();
    for _ in 0..300 {
        let mut stream = connect_from("127.0.0.1", addr).await;
        // The OpenAPI document: the largest answer a stranger can ask for without a token.
        let _ = stream.write_all(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n").await;
        held.push(stream);
    }

    let health = health_from_another_client(addr).await;

    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
}

/// A paid user opening a hundred streams from a hundred addresses keeps only the newest five:
/// the others are ended (`replaced`) and their descriptors come back.
#[tokio::test]
async fn one_paid_user_opening_a_hundred_streams_from_many_addresses_leaves_health_answered() {
    let server =
        LimitedServer::start_with(&[("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET), ("TRUST_PROXY_HEADERS", "false")]);
    let addr = address(&server);
    let api = ApiClient::new(format!("http://{addr}"));
    let token = api.new_user("streamer@example.com").await;
    let paid = checkout_completed(&api.user_id(&token).await);
    assert_eq!(api.webhook(&paid.payload, &paid.signature).await.body["status"], "processed");

    let mut streams = Vec::new();
    for n in 0..100 {
        let mut stream = connect_from(&format!("127.0.1.{}", n + 1), addr).await;
        let request = format!(
            "GET /signals/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let head = read_head(&mut stream).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        streams.push(stream);
    }
    let health = health_from_another_client(addr).await;
    let mut still_open = 0;
    for stream in &mut streams {
        if !ended_and_closed(stream).await {
            still_open += 1;
        }
    }

    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert_eq!(still_open, 5, "the newest five streams stay open");
}

/// The status line and headers of the answer on `stream`.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut byte)).await {
            Ok(Ok(1)) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Whether the stream on `stream` ended (`event: end`) and the server closed the connection.
async fn ended_and_closed(stream: &mut TcpStream) -> bool {
    let mut received = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match tokio::time::timeout(Duration::from_millis(500), stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return String::from_utf8_lossy(&received).contains("event: end"),
            Ok(Ok(n)) => received.extend_from_slice(&buf[..n]),
            Err(_) => return false,
        }
    }
}
