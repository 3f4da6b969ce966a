//! The client address used for per-IP limits.
//!
//! By default the TCP peer address: it cannot be forged. Behind a reverse proxy (Render,
//! Railway, a load balancer) every peer is the proxy, so `TRUST_PROXY_HEADERS=true` makes us
//! read `X-Forwarded-For` instead — its **right-most** entry, the address our own proxy saw.
//! Entries further left were sent by the client and can say anything; taking the left-most
//! would let an attacker pick a fresh address for every login attempt. Never enable it without
//! such a proxy in front: clients could then set the header themselves.

use poem::Request;

pub fn client_ip(req: &Request, trust_proxy_headers: bool) -> String {
    if trust_proxy_headers
        && let Some(forwarded) = req.header("x-forwarded-for")
        && let Some(nearest) = forwarded.rsplit(',').next().map(str::trim).filter(|s| !s.is_empty())
    {
        return nearest.to_owned();
    }
    match req.remote_addr().as_socket_addr() {
        Some(addr) => addr.ip().to_string(),
        None => "unknown".to_owned(),
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

    #[test]
    fn the_header_is_ignored_unless_proxies_are_trusted() {
        assert_eq!(client_ip(&request(Some("203.0.113.9")), false), "unknown");
    }

    #[test]
    fn the_address_our_proxy_appended_wins_over_what_the_client_claimed() {
        assert_eq!(client_ip(&request(Some("1.2.3.4, 203.0.113.9")), true), "203.0.113.9");
        assert_eq!(client_ip(&request(Some("203.0.113.9")), true), "203.0.113.9");
    }

    #[test]
    fn an_empty_header_falls_back_to_the_peer() {
        assert_eq!(client_ip(&request(Some(" ")), true), "unknown");
        assert_eq!(client_ip(&request(None), true), "unknown");
    }
}
