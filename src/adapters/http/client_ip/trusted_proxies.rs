//! `TRUSTED_PROXIES`: the addresses and networks of the proxies in front of us.
//!
//! Parsed once at startup (a typo stops the server instead of silently trusting nothing) into
//! networks matched by prefix. Empty means "one hop": `TRUST_PROXY_HEADERS=true` trusts the TCP
//! peer, whatever it is, and no entry of the headers.

use std::fmt;
use std::net::IpAddr;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<Network>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Network {
    base: IpAddr,
    prefix: u8,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not an IP address or CIDR network (e.g. 10.0.0.0/8, 2001:db8::/32, 192.0.2.7)")]
pub struct TrustedProxiesError(String);

impl TrustedProxies {
    /// A comma-separated list: `10.0.0.0/8, 192.0.2.7, 2001:db8::/32`. Blank entries are ignored.
    pub fn parse(list: &str) -> Result<Self, TrustedProxiesError> {
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| Network::parse(entry).ok_or_else(|| TrustedProxiesError(entry.to_owned())))
            .collect::<Result<_, _>>()?;
        Ok(Self { networks })
    }

    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }

    /// Whether the headers may be read at all: with no list the peer is the one trusted hop
    /// (an unknown peer too, as in in-process tests); with a list, it must be on it.
    pub fn trusts_peer(&self, peer: Option<IpAddr>) -> bool {
        self.is_empty() || peer.is_some_and(|ip| self.trusts(ip))
    }

    /// Whether a header entry was written by one of our proxies (never, with no list).
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.networks.iter().any(|network| network.contains(ip))
    }
}

impl Network {
    fn parse(text: &str) -> Option<Self> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let base = canonical(address.parse::<IpAddr>().ok()?);
        let bits = if base.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Self { base, prefix })
    }

    fn contains(self, ip: IpAddr) -> bool {
        match (self.base, ip) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                base.to_bits() & mask == ip.to_bits() & mask
            }
            (IpAddr::V6(base), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                base.to_bits() & mask == ip.to_bits() & mask
            }
            _ => false,
        }
    }
}

/// An IPv4-mapped IPv6 address (what a dual-stack socket reports) is its IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.networks.iter().map(|n| format!("{}/{}", n.base, n.prefix)).collect();
        f.write_str(&list.join(", "))
    }
}
