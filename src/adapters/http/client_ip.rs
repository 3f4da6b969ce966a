//! The client network used for per-client limits.
//!
//! By default the TCP peer address: it cannot be forged. Behind a reverse proxy (Render,
//! Railway, a load balancer) every peer is the proxy, so `TRUST_PROXY_HEADERS=true` makes us
//! read `X-Forwarded-For` instead — its **right-most** entry, the address our own proxy saw.
//! Entries further left were sent by the client and can say anything; taking the left-most
//! would let an attacker pick a fresh address for every login attempt. Never enable it without
//! such a proxy in front: clients could then set the header themselves.
//!
//! The address is parsed here into a [`ClientNetwork`] (an IPv4 address, or an IPv6 /64), so
//! the limits never count raw text; an entry that is not an address falls back to the peer.

use poem::Request;

use crate::domain::ClientNetwork;

pub fn client_network(req: &Request, trust_proxy_headers: bool) -> ClientNetwork {
    if trust_proxy_headers
        && let Some(forwarded) = req.header("x-forwarded-for")
        && let Some(nearest) = forwarded.rsplit(',').next().and_then(ClientNetwork::parse)
    {
        return nearest;
    }
    match req.remote_addr().as_socket_addr() {
        Some(addr) => ClientNetwork::from_ip(addr.ip()),
        None => ClientNetwork::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(forwarded: Option<&str>) -> Request {
        let mut builder = Request::builder();
        if let Some(value) = forwarded {
            builder = builder.header("x-forwarded-for", value);
        }
        builder.finish()
    }

    fn network(forwarded: Option<&str>, trust: bool) -> String {
        client_network(&request(forwarded), trust).to_string()
    }

    #[test]
    fn the_header_is_ignored_unless_proxies_are_trusted() {
        assert_eq!(network(Some("203.0.113.9"), false), "unknown");
    }

    #[test]
    fn the_address_our_proxy_appended_wins_over_what_the_client_claimed() {
        assert_eq!(network(Some("1.2.3.4, 203.0.113.9"), true), "203.0.113.9");
        assert_eq!(network(Some("203.0.113.9"), true), "203.0.113.9");
    }

    #[test]
    fn an_ipv6_client_is_keyed_by_its_slash_64() {
        assert_eq!(network(Some("1.2.3.4, 2001:db8:7:8:1:2:3:4"), true), "2001:db8:7:8::/64");
    }

    #[test]
    fn an_empty_or_unparsable_entry_falls_back_to_the_peer() {
        assert_eq!(network(Some(" "), true), "unknown");
        assert_eq!(network(Some("203.0.113.9, not-an-address"), true), "unknown");
        assert_eq!(network(None, true), "unknown");
    }
}
