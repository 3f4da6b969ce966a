//! The `IdempotencyClaims` contract: one holder at a time, released on request or by TTL.

use std::sync::Arc;

use signalbox::adapters::memory::MemoryClaims;
use signalbox::adapters::redis::RedisClaims;
use signalbox::ports::IdempotencyClaims;
use tokio::task::JoinSet;

use super::Case;
use crate::support::passing_time::{LONG_TTL, SHORT_TTL, TestTime};
use crate::support::redis::redis_pool;

/// The port, and the time its entries expire by: a manual clock for the fake, real time for Redis.
type Subject = (Arc<dyn IdempotencyClaims>, TestTime);

async fn memory_subject(case: impl Case<Subject>) {
    let (time, clock) = TestTime::manual();
    case((Arc::new(MemoryClaims::new(clock)), time)).await;
}

async fn redis_subject(case: impl Case<Subject>) {
    let Some(pool) = redis_pool() else { return };
    case((Arc::new(RedisClaims::new(pool)), TestTime::Real)).await;
}

contract_tests!(memory => memory_subject, redis => redis_subject; [
    the_first_claim_wins_and_a_second_is_refused_while_it_is_held,
    of_twenty_concurrent_claims_exactly_one_wins,
    claims_on_different_keys_do_not_block_each_other,
    a_released_claim_can_be_taken_again,
    releasing_a_claim_nobody_holds_is_not_an_error,
    a_claim_frees_itself_once_its_ttl_has_passed,
]);

pub async fn the_first_claim_wins_and_a_second_is_refused_while_it_is_held((claims, _time): Subject) {
    let first = claims.claim("evt_1", LONG_TTL).await.unwrap();
    let second = claims.claim("evt_1", LONG_TTL).await.unwrap();

    assert!(first, "the first claimant must win");
    assert!(!second, "a second claimant must be refused while the claim is held");
}

pub async fn of_twenty_concurrent_claims_exactly_one_wins((claims, _time): Subject) {
    let mut attempts = JoinSet::new();
    for _ in 0..20 {
        let claims = claims.clone();
        attempts.spawn(async move { claims.claim("evt_race", LONG_TTL).await });
    }

    let winners = attempts.join_all().await.into_iter().filter(|won| *won.as_ref().unwrap()).count();

    assert_eq!(winners, 1);
}

pub async fn claims_on_different_keys_do_not_block_each_other((claims, _time): Subject) {
    assert!(claims.claim("evt_a", LONG_TTL).await.unwrap());
    assert!(claims.claim("evt_b", LONG_TTL).await.unwrap());
}

pub async fn a_released_claim_can_be_taken_again((claims, _time): Subject) {
    assert!(claims.claim("evt_retry", LONG_TTL).await.unwrap());

    claims.release("evt_retry").await.unwrap();

    assert!(claims.claim("evt_retry", LONG_TTL).await.unwrap());
}

pub async fn releasing_a_claim_nobody_holds_is_not_an_error((claims, _time): Subject) {
    let released = claims.release("evt_never_claimed").await;

    assert!(released.is_ok(), "{released:?}");
}

pub async fn a_claim_frees_itself_once_its_ttl_has_passed((claims, time): Subject) {
    assert!(claims.claim("evt_crashed_holder", SHORT_TTL).await.unwrap());

    time.wait_out(SHORT_TTL).await;

    assert!(claims.claim("evt_crashed_holder", LONG_TTL).await.unwrap());
}
