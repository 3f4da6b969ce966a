//! The listener's connection budget and write timeout, on real sockets: one client cannot
//! hold enough connections to shut others out, and a client that never reads its answer does
//! not keep its connection. Caps and the timeout are lowered so the tests stay quick.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use poem::endpoint::make_sync;
use poem::{EndpointExt, IntoEndpoint, Route, get};
use signalbox::adapters::http::server::{ConnectionLimits, serve_connections};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

use crate::support::limited_server::LimitedServer;

const BIG_ANSWER: usize = 32 * 1024 * 1024;

/// A server with `/health` and a `/big` answer of [`BIG_ANSWER`] bytes; stops when dropped.
async fn server(limits: ConnectionLimits) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let routes =
        Route::new().at("/health", get(make_sync(|_| "ok"))).at("/big", get(make_sync(|_| vec![b'x'; BIG_ANSWER])));
    let endpoint = routes.into_endpoint().map_to_response().boxed();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve_connections(listener, endpoint, limits, async move {
        let _ = stopped.await;
    }));
    (addr, stop)
}

fn limits() -> ConnectionLimits {
    ConnectionLimits { header_read_timeout: Duration::from_secs(5), ..ConnectionLimits::default() }
}

/// A connection to `addr` from the loopback address `from` (127.0.0.0/8 is all this machine).
pub async fn connect_from(from: &str, addr: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    socket.connect(addr).await.unwrap()
}

/// Sends `GET path` and reads until the server closes (or 5 s pass).
pub async fn get_answer(stream: &mut TcpStream, path: &str) -> String {
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let _ = stream.write_all(request.as_bytes()).await;
    read_all(stream).await
}

pub async fn read_all(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received)).await;
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn one_client_opening_many_connections_cannot_starve_health_from_another_address() {
    let (addr, _stop) = server(ConnectionLimits { max_connections_per_network: Some(4), ..limits() }).await;
    let mut held = Vec::new();
    for _ in 0..40 {
        held.push(connect_from("127.0.0.1", addr).await);
    }

    let started = Instant::now();
    let health = get_answer(&mut connect_from("127.0.0.2", addr).await, "/health").await;
    let answered_in = started.elapsed();
    let refused = read_all(held.last_mut().unwrap()).await;

    assert!(health.starts_with("HTTP/1.1 200 OK") && health.ends_with("ok"), "{health}");
    assert!(answered_in < Duration::from_secs(1), "answered in {answered_in:?}");
    assert!(refused.is_empty() || refused.starts_with("HTTP/1.1 503"), "{refused}");
    assert!(refused.is_empty() || refused.contains(r#"{"detail":"too many open connections"}"#), "{refused}");
}

#[tokio::test]
async fn connections_beyond_the_total_are_refused_at_once_and_served_again_once_one_closes() {
    let (addr, _stop) =
        server(ConnectionLimits { max_connections: 4, max_connections_per_network: None, ..limits() }).await;
    let mut held = Vec::new();
    for i in 0..4 {
        held.push(connect_from(&format!("127.0.0.{}", i + 10), addr).await);
    }
    // The server admits connections in the order it accepts them: make sure it has.
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = Instant::now();
    let refused = get_answer(&mut connect_from("127.0.0.20", addr).await, "/health").await;
    let refused_in = started.elapsed();
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let served = get_answer(&mut connect_from("127.0.0.20", addr).await, "/health").await;

    assert!(refused.is_empty() || refused.starts_with("HTTP/1.1 503"), "{refused}");
    assert!(!refused.contains("200 OK"), "{refused}");
    assert!(refused_in < Duration::from_secs(1), "refused after {refused_in:?}");
    assert!(served.starts_with("HTTP/1.1 200 OK"), "{served}");
}

/// A client with a small receive window, so the answer backs up into the server quickly.
async fn small_window_client(addr: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.connect(addr).await.unwrap()
}

#[tokio::test]
async fn a_client_that_reads_nothing_of_a_large_answer_is_dropped() {
    let (addr, _stop) = server(ConnectionLimits { write_timeout: Duration::from_millis(300), ..limits() }).await;
    let mut client = small_window_client(addr).await;
    client.write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();

    // Reads nothing for well past the write timeout, then takes what was sent.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut received = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match client.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received += n,
            }
        }
    })
    .await;

    assert!(ended.is_ok(), "the server kept the connection open");
    assert!(received < BIG_ANSWER, "the whole answer arrived ({received} bytes)");
}

#[tokio::test]
async fn a_client_that_keeps_reading_gets_the_whole_large_answer() {
    let (addr, _stop) = server(ConnectionLimits { write_timeout: Duration::from_millis(300), ..limits() }).await;
    let mut client = small_window_client(addr).await;

    let answer = get_answer(&mut client, "/big").await;

    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{}", &answer[..answer.len().min(200)]);
    assert!(answer.len() > BIG_ANSWER, "{} bytes", answer.len());
}

/// One client holding 300 connections used to exhaust a 128-descriptor process: nothing more
/// was accepted and `/health` timed out for everyone. The server now raises its soft limit to
/// the hard one, keeps its total below it and holds each network to its share.
#[tokio::test]
async fn under_a_low_descriptor_limit_one_client_holding_hundreds_of_connections_leaves_health_answered() {
    let server = LimitedServer::start();
    let addr: SocketAddr = format!("127.0.0.1:{}", server.port).parse().unwrap();
    let mut held = Vec::new();
    for _ in 0..300 {
        held.push(connect_from("127.0.0.1", addr).await);
    }

    let health = tokio::time::timeout(Duration::from_secs(3), async {
        get_answer(&mut connect_from("127.0.0.2", addr).await, "/health").await
    })
    .await;

    assert!(health.as_ref().is_ok_and(|answer| answer.starts_with("HTTP/1.1 200")), "{health:?}");
    let limit = server.logged("file-descriptor limit").expect("the limit is logged");
    assert_eq!((limit["fields"]["soft_before"].as_u64(), limit["fields"]["soft"].as_u64()), (Some(128), Some(512)));
    assert_eq!(limit["fields"]["hard"].as_u64(), Some(512));
    assert!(server.logged("connection budget").is_some());
}
