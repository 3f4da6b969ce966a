//! A TCP proxy in front of a real server that a test can break and mend, to show how an
//! adapter behaves when its server restarts or goes away and comes back.
//!
//! `cut()` drops every proxied connection, as a server restart does; `go_down()` also
//! refuses new ones (accepted, then closed at once) until `come_back()`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::{AbortHandle, JoinHandle};

pub struct FlakyProxy {
    addr: SocketAddr,
    up: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<AbortHandle>>>,
    acceptor: JoinHandle<()>,
}

impl FlakyProxy {
    /// Listens on a free local port and forwards each connection to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let up = Arc::new(AtomicBool::new(true));
        let links = Arc::new(Mutex::new(Vec::new()));
        let acceptor = tokio::spawn(accept(listener, upstream, up.clone(), links.clone()));
        Self { addr, up, links, acceptor }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Drops every open connection; new ones are still served.
    pub fn cut(&self) {
        for link in self.links.lock().expect("links mutex").drain(..) {
            link.abort();
        }
    }

    /// Drops every open connection and refuses new ones.
    pub fn go_down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut();
    }

    pub fn come_back(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

impl Drop for FlakyProxy {
    fn drop(&mut self) {
        self.acceptor.abort();
        self.cut();
    }
}

async fn accept(listener: TcpListener, upstream: SocketAddr, up: Arc<AtomicBool>, links: Arc<Mutex<Vec<AbortHandle>>>) {
    while let Ok((mut client, _)) = listener.accept().await {
        if !up.load(Ordering::SeqCst) {
            continue; // dropping `client` closes it: the server is "down"
        }
        let link = tokio::spawn(async move {
            if let Ok(mut server) = TcpStream::connect(upstream).await {
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            }
        });
        links.lock().expect("links mutex").push(link.abort_handle());
    }
}
