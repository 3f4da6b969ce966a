use chrono::{Duration, TimeZone};

use super::*;
use crate::domain::calls::Exit;

fn call(minute: i64, closed: bool) -> Call {
    let opened_at = Utc.with_ymd_and_hms(2026, 11, 25, 4, 45, 0).unwrap() + Duration::minutes(minute);
    Call {
        id: CallId::of(Symbol::Nifty, opened_at),
        symbol: Symbol::Nifty,
        direction: Direction::Long,
        entry: 26_000.05,
        stop_loss: 25_970.0,
        target: 26_040.0,
        confidence: 0.429,
        opened_at,
        cost: CostBps::DEFAULT,
        exit: closed.then(|| Exit {
            closed_at: opened_at + Duration::minutes(25),
            price: 26_040.0,
            reason: ExitReason::Target,
        }),
    }
}

/// Three calls opened and closed: six entries.
fn chain() -> Vec<HashedEntry> {
    let mut chain: Vec<HashedEntry> = Vec::new();
    for minute in [0, 30, 60] {
        let call = call(minute, true);
        for entry in [LedgerEntry::opened(&call), LedgerEntry::closed(&call).unwrap()] {
            let next = append(chain.last(), entry);
            chain.push(next);
        }
    }
    chain
}

#[test]
fn the_canonical_json_of_an_opening_and_a_close_is_this_exact_string_and_hash() {
    let call = call(0, true);
    let opened = append(None, LedgerEntry::opened(&call));
    assert_eq!(
        opened.entry.canonical_json(0),
        r#"{"call_id":"NIFTY-202611250445","confidence":"0.429","entry":"26000.05","height":"0","kind":"open","opened_at":"2026-11-25T04:45:00Z","stop_loss":"25970.00","symbol":"NIFTY","target":"26040.00","type":"BUY"}"#
    );
    // Computed independently with the Python snippet in the module docs.
    assert_eq!(opened.prev_hash, GENESIS_HASH);
    assert_eq!(opened.hash.to_hex(), "39896cbd20fb40e298ccd733160164d2b4d896f7902fa4a872ce536a60910432");

    let closed = append(Some(&opened), LedgerEntry::closed(&call).unwrap());
    assert_eq!(
        closed.entry.canonical_json(1),
        r#"{"call_id":"NIFTY-202611250445","closed_at":"2026-11-25T05:10:00Z","cost_bps":"7.00","exit_price":"26040.00","exit_reason":"target","height":"1","kind":"close","result_pct":"0.1537","result_pct_net":"0.0837"}"#
    );
    assert_eq!(closed.hash.to_hex(), "82a82313641190eb23c19f48d097c00f8990f240898330a52dbed63e3e3e3a47");
    assert_eq!(LedgerHash::parse(&closed.hash.to_hex()), Ok(closed.hash));
}

#[test]
fn an_intact_chain_verifies_to_its_head_also_page_by_page() {
    let chain = chain();
    assert_eq!(verify(&chain), Ok(chain[5].hash));
    assert_eq!(verify_after(Some(&chain[2]), &chain[3..]), Ok(chain[5].hash));
    assert_eq!(verify(&[]), Ok(GENESIS_HASH));
}

#[test]
fn an_edited_entry_in_the_middle_is_caught_and_named() {
    let mut chain = chain();
    if let LedgerEntry::Close { exit_price, .. } = &mut chain[3].entry {
        *exit_price = 26_100.0;
    }
    let broken = verify(&chain).unwrap_err();
    assert_eq!((broken.height, broken.fault, broken.found), (3, Fault::Hash, chain[3].hash));
}

#[test]
fn an_edit_that_also_rewrites_its_own_hash_breaks_the_next_link() {
    let mut chain = chain();
    if let LedgerEntry::Open { target, .. } = &mut chain[2].entry {
        *target = 26_500.0;
    }
    chain[2] = append(Some(&chain[1]), chain[2].entry.clone());
    let broken = verify(&chain).unwrap_err();
    assert_eq!((broken.height, broken.fault), (3, Fault::PrevHash));
    assert_eq!(broken.expected, chain[2].hash);
}

#[test]
fn a_reordered_or_shortened_chain_is_caught() {
    let mut chain = chain();
    chain.swap(2, 3);
    assert_eq!(verify(&chain).unwrap_err().height, 2);
    let mut gap = self::chain();
    gap.remove(1);
    assert_eq!(
        verify(&gap).unwrap_err(),
        BrokenLink { height: 1, expected: gap[0].hash, found: gap[1].prev_hash, fault: Fault::PrevHash }
    );
}

#[test]
fn an_open_call_has_no_close_entry_and_the_close_never_repeats_the_opening_fields() {
    assert_eq!(LedgerEntry::closed(&call(0, false)), None);
    let close = LedgerEntry::closed(&call(0, true)).unwrap().canonical_json(1);
    assert!(!close.contains("stop_loss") && !close.contains("confidence"), "{close}");
}
