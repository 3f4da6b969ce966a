//! The client address used for per-IP limits.
//!
//! By default the TCP peer address: it cannot be forged. Behind a reverse proxy (Render,
//! Railway, a load balancer) every peer is the proxy, so `TRUST_PROXY_HEADERS=true` makes us
//! read the left-most `X-Forwarded-For` entry instead. Never enable it without such a proxy in
//! front: clients could then pick their own address and dodge the limit.

use poem::Request;

pub fn client_ip(req: &Request, trust_proxy_headers: bool) -> String {
    if trust_proxy_headers
        && let Some(forwarded) = req.header("x-forwarded-for")
        && let Some(first) = forwarded.split(',').next().map(str::trim).filter(|s| !s.is_empty())
    {
        return first.to_owned();
    }
    match req.remote_addr().as_socket_addr() {
        Some(addr) => addr.ip().to_string(),
        None => "unknown".to_owned(),
    }
}
