//! Reading `X-Forwarded-For` and `Forwarded` from the right, within a fixed budget.
//!
//! Only the right end of these headers can matter (proxies append there), so the entries are
//! taken right to left across the header's lines, last line first, and reading stops after
//! [`MAX_ENTRIES`] entries or [`MAX_BYTES`] bytes: a client that sends a megabyte of commas
//! costs no more than one that sends an address. Running out of budget counts as a malformed
//! entry.
//!
//! `Forwarded` elements are split on `,` and `;` before quotes are removed: a node name
//! (an address, `unknown`, `_obfuscated`, each with an optional port) never holds either, so
//! a quoted value that does is malformed, and only text a client wrote further left can be
//! misread by the split.

use std::net::IpAddr;

use super::parse_ip;
use super::trusted_proxies::TrustedProxies;

/// How many entries of one header are looked at, right-most first.
pub const MAX_ENTRIES: usize = 16;
/// How many bytes of one header (all of its lines) are looked at, from the right.
pub const MAX_BYTES: usize = 1024;

/// The client's address behind `peer`, from the `X-Forwarded-For` and `Forwarded` lines the
/// request carried (each header's lines in order). `None` only when the peer is unknown and
/// no trusted entry names the client.
///
/// When both headers are present they must name the same client: a proxy writes one of them,
/// and the other may be the client's invention, so when they disagree neither is believed and
/// the peer stands in.
pub fn client_ip(
    peer: Option<IpAddr>,
    forwarded_for: &[&str],
    forwarded: &[&str],
    proxies: &TrustedProxies,
) -> Option<IpAddr> {
    if !proxies.trusts_peer(peer) {
        return peer;
    }
    let from_forwarded_for =
        (!forwarded_for.is_empty()).then(|| walk(peer, rightmost_entries(forwarded_for).map(parse_ip), proxies));
    let from_forwarded =
        (!forwarded.is_empty()).then(|| walk(peer, rightmost_entries(forwarded).map(forwarded_for_node), proxies));
    match (from_forwarded_for, from_forwarded) {
        (Some(a), Some(b)) if a != b => peer,
        (Some(ip), _) | (None, Some(ip)) => ip,
        (None, None) => peer,
    }
}

/// Right to left: trusted proxies are stepped over, the first other address is the client. A
/// malformed entry (`None`) ends the walk at the nearest trusted address, as does the end of
/// the list (every entry was a trusted proxy).
fn walk(
    peer: Option<IpAddr>,
    entries: impl Iterator<Item = Option<IpAddr>>,
    proxies: &TrustedProxies,
) -> Option<IpAddr> {
    let mut nearest = peer;
    for entry in entries {
        match entry {
            Some(ip) if proxies.trusts(ip) => nearest = Some(ip),
            Some(ip) => return Some(ip),
            None => return nearest,
        }
    }
    nearest
}

/// The comma-separated entries of a header's lines, right-most first, within the budget. An
/// empty entry (an empty line, a trailing comma) is yielded as `""`, which no parser accepts;
/// so is the point where the budget runs out.
fn rightmost_entries<'a>(lines: &[&'a str]) -> impl Iterator<Item = &'a str> {
    let mut entries = Vec::new();
    let mut budget = MAX_BYTES;
    'lines: for line in lines.iter().rev() {
        let mut rest: &str = line;
        loop {
            if entries.len() == MAX_ENTRIES {
                entries.push("");
                break 'lines;
            }
            let window_start = rest.len().saturating_sub(budget);
            // Header values that are text at all are ASCII, so any byte offset is a boundary.
            let Some(window) = rest.get(window_start..) else {
                entries.push("");
                break 'lines;
            };
            match window.rfind(',') {
                Some(comma) => {
                    entries.push(&window[comma + 1..]);
                    budget -= window.len() - comma;
                    rest = &rest[..window_start + comma];
                }
                None if window_start == 0 => {
                    entries.push(window);
                    budget -= window.len();
                    break;
                }
                None => {
                    entries.push("");
                    break 'lines;
                }
            }
        }
    }
    entries.into_iter()
}

/// The address in a `Forwarded` element's `for=` parameter (`for=192.0.2.60`,
/// `for="[2001:db8::1]:4711"`); `None` when there is none, more than one, or it names no
/// address (`unknown`, `_hidden`, garbage).
fn forwarded_for_node(element: &str) -> Option<IpAddr> {
    let mut nodes = element.split(';').filter_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim().eq_ignore_ascii_case("for").then_some(value.trim())
    });
    let node = nodes.next()?;
    if nodes.next().is_some() {
        return None;
    }
    let node = match node.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"').filter(|inner| !inner.contains(['"', '\\']))?,
        None => node,
    };
    parse_ip(node)
}
