//! The client network used for per-client limits.
//!
//! By default the TCP peer address: it cannot be forged. Behind a reverse proxy (Render,
//! Railway, a load balancer) every peer is the proxy, so the address has to come from what the
//! proxies wrote in `X-Forwarded-For` or `Forwarded` (RFC 7239). Those headers are lists that
//! each proxy extends on the right, and everything left of what our own proxies wrote was sent
//! by the client and can say anything. So the client is the **right-most entry not written by
//! a proxy we trust** — never the left-most, which would let an attacker pick a fresh address
//! for every login attempt:
//!
//! - `TRUST_PROXY_HEADERS=true` alone trusts exactly one hop, the TCP peer: the right-most
//!   entry is the client.
//! - `TRUSTED_PROXIES` (addresses and CIDRs) trusts a chain: the peer must be on the list (or
//!   the headers are ignored), and entries on the list are skipped from the right.
//!
//! Every line of a header counts, in order: HAProxy adds a line of its own instead of
//! appending to the client's, and reading only the first line would read the client's. An
//! entry that is not an address (garbage, `unknown`, an obfuscated `_name`) stops the walk:
//! the nearest address we trust stands in for it, so a client can never choose its address by
//! writing something malformed. Never enable any of this without such a proxy in front:
//! clients could then set the headers themselves.
//!
//! The address is parsed into a [`ClientNetwork`] (an IPv4 address, or an IPv6 /64), so the
//! limits never count raw text.

mod forwarded;
mod trusted_proxies;

use std::net::IpAddr;

use poem::Request;

pub use trusted_proxies::{TrustedProxies, TrustedProxiesError};

use crate::domain::ClientNetwork;

/// The client network of `req`. With `trust_proxy_headers` the proxy headers are read as the
/// module explains, with the [`TrustedProxies`] the routes attach to every request (none
/// attached: one trusted hop).
pub fn client_network(req: &Request, trust_proxy_headers: bool) -> ClientNetwork {
    let peer = req.remote_addr().as_socket_addr().map(|addr| addr.ip());
    let ip = if trust_proxy_headers {
        let proxies = req.data::<TrustedProxies>().cloned().unwrap_or_default();
        let lines = |name| req.headers().get_all(name).iter().map(|v| v.to_str().unwrap_or("")).collect::<Vec<_>>();
        forwarded::client_ip(peer, &lines("x-forwarded-for"), &lines("forwarded"), &proxies)
    } else {
        peer
    };
    ip.map_or(ClientNetwork::Unknown, ClientNetwork::from_ip)
}

/// Parses an address as proxies write it: `203.0.113.9`, `2001:db8::1`, with or without a
/// port (`203.0.113.9:5000`, `[2001:db8::1]:443`) or brackets.
fn parse_ip(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>()
        .or_else(|_| text.parse::<std::net::SocketAddr>().map(|addr| addr.ip()))
        .or_else(|_| text.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(text).parse::<IpAddr>())
        .ok()
}

#[cfg(test)]
mod tests;
