//! Which network addresses a push message may be sent to.
//!
//! [`check_endpoint`](super::check_endpoint) refuses endpoints that name an address or an
//! intranet host, but a public-looking name can still resolve to one of ours (a stranger's DNS
//! record pointing at `127.0.0.1`, a cloud metadata service, the database's private address).
//! The sender therefore connects only to the addresses this rule calls public: the ones the
//! internet routes, which every browser's push service lives on.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is routed on the public internet (and so may be a push service's address).
pub fn is_public_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        // `::ffff:10.0.0.1` reaches 10.0.0.1: judge the IPv4 address it carries.
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or_else(|| is_public_v6(v6), is_public_v4),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [first, second, ..] = ip.octets();
    let this_network = first == 0;
    // 100.64.0.0/10, carrier-grade NAT: a provider's internal network, not the internet.
    let shared = first == 100 && (64..128).contains(&second);
    // 198.18.0.0/15, benchmarking networks.
    let benchmarking = first == 198 && (second == 18 || second == 19);
    // 240.0.0.0/4, reserved.
    let reserved = first >= 240;
    !(this_network
        || shared
        || benchmarking
        || reserved
        || ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation())
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    // 2001:db8::/32, documentation.
    let documentation = first == 0x2001 && ip.segments()[1] == 0x0db8;
    // 64:ff9b:1::/48, local-use NAT64 (the well-known 64:ff9b::/96 carries a public IPv4 address).
    let local_nat64 = first == 0x0064 && ip.segments()[1] == 0xff9b && ip.segments()[2] == 0x0001;
    !(documentation
        || local_nat64
        || ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || ip.is_unique_local()
        || ip.is_unicast_link_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(address: &str) -> bool {
        is_public_address(address.parse().unwrap())
    }

    #[test]
    fn the_addresses_push_services_live_on_are_public() {
        for address in ["142.250.183.106", "34.117.59.81", "17.57.146.10", "2607:f8b0:4004:c1b::5f", "64:ff9b::8e5:1"] {
            assert!(public(address), "{address}");
        }
    }

    #[test]
    fn our_own_networks_and_reserved_ranges_are_not() {
        for address in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "198.18.0.1",
            "192.0.2.10",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "64:ff9b:1::a00:1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!public(address), "{address}");
        }
    }
}
