//! The network a request came from, as per-client limits count it.
//!
//! An IPv4 client is one address. An IPv6 client is its /64: providers hand every customer
//! at least a /64 (often a /56 or /48), and any host on it can pick any of its 2^64
//! addresses, so keying on the full IPv6 address would give one attacker endless fresh
//! buckets. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, what a dual-stack socket reports
//! for an IPv4 peer) is its IPv4 address.
//!
//! The HTTP edge parses the address it trusts (the TCP peer, or the proxy's
//! `X-Forwarded-For` entry) into this type; the use cases never see raw address text.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientNetwork {
    V4(Ipv4Addr),
    /// The first 64 bits of the address; the rest are zero.
    V6Prefix64(Ipv6Addr),
    /// No address could be read (not a TCP peer, as in in-process tests). All such
    /// requests share one bucket.
    Unknown,
}

impl ClientNetwork {
    pub fn from_ip(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Self::V4(v4),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self::V4(v4),
                None => Self::V6Prefix64(Ipv6Addr::from_bits(v6.to_bits() & !u128::from(u64::MAX))),
            },
        }
    }

    /// An address as a header or proxy writes it: `203.0.113.9`, `2001:db8::1`, with or
    /// without a port (`203.0.113.9:5000`, `[2001:db8::1]:443`). `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let ip = text
            .parse::<IpAddr>()
            .or_else(|_| text.parse::<SocketAddr>().map(|addr| addr.ip()))
            .or_else(|_| text.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>())
            .ok()?;
        Some(Self::from_ip(ip))
    }
}

/// The text counter keys carry: the IPv4 address, or the /64 in CIDR notation.
impl fmt::Display for ClientNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::V4(v4) => v4.fmt(f),
            Self::V6Prefix64(prefix) => write!(f, "{prefix}/64"),
            Self::Unknown => f.write_str("unknown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network(text: &str) -> String {
        ClientNetwork::parse(text).expect(text).to_string()
    }

    #[test]
    fn an_ipv4_client_is_its_address() {
        assert_eq!(network("203.0.113.9"), "203.0.113.9");
        assert_ne!(network("203.0.113.9"), network("203.0.113.10"));
    }

    #[test]
    fn every_address_of_one_ipv6_slash_64_is_one_client() {
        let a = network("2001:db8:1:2::1");
        let b = network("2001:db8:1:2:ffff:ffff:ffff:ffff");
        let c = network("2001:db8:1:2:dead:beef:0:42");
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!((a.as_str(), a.as_str()), (b.as_str(), c.as_str()));
    }

    #[test]
    fn neighbouring_ipv6_slash_64s_are_different_clients() {
        assert_ne!(network("2001:db8:1:2::1"), network("2001:db8:1:3::1"));
    }

    #[test]
    fn an_ipv4_mapped_ipv6_address_is_the_ipv4_client() {
        assert_eq!(network("::ffff:203.0.113.9"), "203.0.113.9");
    }

    #[test]
    fn addresses_with_ports_or_brackets_parse() {
        assert_eq!(network("203.0.113.9:5000"), "203.0.113.9");
        assert_eq!(network("[2001:db8:1:2::7]:443"), "2001:db8:1:2::/64");
        assert_eq!(network("[2001:db8:1:2::7]"), "2001:db8:1:2::/64");
    }

    #[test]
    fn anything_else_is_not_an_address() {
        for bad in ["", "unknown", "example.com", "1.2.3", "2001:db8::1::2", "203.0.113.9, 1.2.3.4"] {
            assert_eq!(ClientNetwork::parse(bad), None, "{bad:?}");
        }
    }
}
