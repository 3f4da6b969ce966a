use std::net::IpAddr;

use super::forwarded::{MAX_BYTES, MAX_ENTRIES, client_ip};
use super::*;

fn request(forwarded_for: &[&str]) -> Request {
    forwarded_for.iter().fold(Request::builder(), |b, line| b.header("x-forwarded-for", *line)).finish()
}

fn network(forwarded_for: Option<&str>, trust: bool) -> String {
    client_network(&request(forwarded_for.as_slice()), trust).to_string()
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

const PEER: &str = "10.0.0.1";

/// The client behind the peer `10.0.0.1`, trusting `proxies` (empty: one hop).
fn behind(proxies: &str, forwarded_for: &[&str], forwarded: &[&str]) -> String {
    let proxies = TrustedProxies::parse(proxies).unwrap();
    client_ip(Some(ip(PEER)), forwarded_for, forwarded, &proxies).unwrap().to_string()
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
    assert_eq!(network(Some("203.0.113.9,"), true), "unknown");
    assert_eq!(network(None, true), "unknown");
}

#[test]
fn a_proxy_adding_its_own_line_beats_the_line_the_client_sent() {
    // HAProxy adds `X-Forwarded-For: <peer>` as a line of its own after the client's.
    let req = request(&["1.2.3.4", "203.0.113.9"]);

    assert_eq!(client_network(&req, true).to_string(), "203.0.113.9");
}

#[test]
fn every_line_counts_in_order() {
    assert_eq!(network_of(&["1.1.1.1, 2.2.2.2", "3.3.3.3", "4.4.4.4, 203.0.113.9"]), "203.0.113.9");
    assert_eq!(behind("", &["9.9.9.9", "203.0.113.9"], &[]), "203.0.113.9");
}

fn network_of(lines: &[&str]) -> String {
    client_network(&request(lines), true).to_string()
}

#[test]
fn a_garbage_line_after_the_clients_falls_back_to_the_peer() {
    assert_eq!(behind("", &["203.0.113.9", "evil"], &[]), PEER);
    assert_eq!(behind("", &["203.0.113.9", ""], &[]), PEER);
}

#[test]
fn forwarded_for_parameters_are_read_like_x_forwarded_for() {
    let plain = ["for=198.51.100.7;proto=https, for=192.0.2.60;proto=http;by=203.0.113.43"];
    let quoted_ipv6 = [r#"for=198.51.100.7, For="[2001:db8:cafe::17]:4711""#];
    let two_lines = ["for=198.51.100.7", "for=\"192.0.2.60:8080\""];

    assert_eq!(behind("", &[], &plain), "192.0.2.60");
    assert_eq!(behind("", &[], &quoted_ipv6), "2001:db8:cafe::17");
    assert_eq!(behind("", &[], &two_lines), "192.0.2.60");
}

#[test]
fn unknown_or_obfuscated_forwarded_nodes_fall_back_to_the_nearest_trusted_address() {
    for element in ["for=unknown", "for=_hidden", "for=\"_SEVKISEK\"", "proto=https", "for=1.2.3.4;for=5.6.7.8"] {
        assert_eq!(behind("", &[], &["for=198.51.100.7", element]), PEER, "{element}");
    }
    assert_eq!(behind("10.0.0.0/8", &[], &["for=198.51.100.7, for=unknown, for=10.0.0.2"]), "10.0.0.2");
}

#[test]
fn quoted_forwarded_values_cannot_smuggle_an_address() {
    for element in [r#"for="198.51.100.7, for=5.6.7.8""#, r#"for="1.2.3.4\"""#, r#"for="1.2.3.4"#] {
        assert_eq!(behind("", &[], &[element]), PEER, "{element}");
    }
}

#[test]
fn both_headers_must_name_the_same_client() {
    assert_eq!(behind("", &["203.0.113.9"], &["for=203.0.113.9"]), "203.0.113.9");
    assert_eq!(behind("", &["203.0.113.9"], &["for=198.51.100.7"]), PEER);
}

#[test]
fn with_a_list_the_headers_of_an_untrusted_peer_are_ignored() {
    assert_eq!(behind("192.0.2.0/24", &["203.0.113.9"], &[]), PEER);
}

#[test]
fn with_a_list_trusted_hops_are_stepped_over_from_the_right() {
    let chain = ["6.6.6.6, 203.0.113.9, 10.1.2.3", "10.0.0.7"];

    assert_eq!(behind("10.0.0.0/8", &chain, &[]), "203.0.113.9");
    assert_eq!(behind("10.0.0.1, 10.0.0.7", &chain, &[]), "10.1.2.3");
    assert_eq!(behind("10.0.0.0/8, 2001:db8::/32", &["203.0.113.9, [2001:db8::5]:443"], &[]), "203.0.113.9");
}

#[test]
fn with_a_list_a_chain_of_only_trusted_hops_names_the_left_most() {
    assert_eq!(behind("10.0.0.0/8", &["10.9.9.9, 10.0.0.7"], &[]), "10.9.9.9");
}

#[test]
fn an_ipv4_mapped_peer_matches_its_ipv4_network() {
    let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();

    let client = client_ip(Some(ip("::ffff:10.0.0.1")), &["203.0.113.9"], &[], &proxies);

    assert_eq!(client, Some(ip("203.0.113.9")));
}

#[test]
fn a_huge_header_costs_no_more_than_its_right_end() {
    let many_entries = format!("{}203.0.113.9", "1.1.1.1,".repeat(100_000));
    let one_long_entry = "9".repeat(1_000_000);
    let trusted_hops = vec!["10.0.0.9"; MAX_ENTRIES + 1].join(",");
    let many_lines = vec!["1.2.3.4"; 10_000];

    assert_eq!(behind("", &[&many_entries], &[]), "203.0.113.9");
    assert_eq!(behind("", &[&one_long_entry], &[]), PEER);
    assert_eq!(behind("", &[&"1".repeat(MAX_BYTES + 1)], &[]), PEER);
    assert_eq!(behind("10.0.0.0/8", &[&format!("203.0.113.9,{trusted_hops}")], &[]), "10.0.0.9");
    assert_eq!(behind("", &many_lines, &[]), "1.2.3.4");
}

#[test]
fn the_trusted_list_accepts_addresses_and_networks_and_refuses_anything_else() {
    assert!(TrustedProxies::parse("").unwrap().is_empty());
    assert!(TrustedProxies::parse(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,").is_ok());
    for bad in ["10.0.0.0/33", "2001:db8::/129", "proxy.internal", "10.0.0/8", "10.0.0.0/"] {
        assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_trusted_network_covers_exactly_its_prefix() {
    let proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7, 2001:db8::/32, 0.0.0.0/0").unwrap();
    let narrow = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7, 2001:db8::/32").unwrap();

    assert!(narrow.trusts(ip("10.255.1.1")) && narrow.trusts(ip("192.0.2.7")) && narrow.trusts(ip("2001:db8:ffff::1")));
    assert!(!narrow.trusts(ip("11.0.0.1")) && !narrow.trusts(ip("192.0.2.8")) && !narrow.trusts(ip("2001:db9::1")));
    assert!(proxies.trusts(ip("8.8.8.8")) && !proxies.trusts(ip("2001:db9::1")));
}
