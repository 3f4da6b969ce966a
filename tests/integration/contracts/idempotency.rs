//! The `IdempotencyClaims` contract: one holder at a time, released on request or by TTL.

use std::sync::Arc;

use signalbox::adapters::memory::MemoryClaims;
use signalbox::adapters::redis::RedisClaims;
use signalbox::ports::IdempotencyClaims;
use tokio::task::JoinSet;

use crate::support::passing_time::{LONG_TTL, SHORT_TTL, TestTime};
use crate::support::redis::redis_pool;

fn memory_subject() -> Option<(Arc<dyn IdempotencyClaims>, TestTime)> {
    let (time, clock) = TestTime::manual();
    Some((Arc::new(MemoryClaims::new(clock)), time))
}

fn redis_subject() -> Option<(Arc<dyn IdempotencyClaims>, TestTime)> {
    let pool = redis_pool()?;
    Some((Arc::new(RedisClaims::new(pool)), TestTime::Real))
}

contract_tests!(memory => memory_subject, redis => redis_subject; [
    the_first_claim_wins_and_a_second_is_refused_while_it_is_held,
    of_twenty_concurrent_claims_exactly_one_wins,
    claims_on_different_keys_do_not_block_each_other,
    a_released_claim_can_be_taken_again,
    releasing_a_claim_nobody_holds_is_not_an_error,
    a_claim_frees_itself_once_its_ttl_has_passed,
]);

pub async fn the_first_claim_wins_and_a_second_is_refused_while_it_is_held(
    claims: Arc<dyn IdempotencyClaims>,
    _time: &TestTime,
) {
    let first = claims.claim("evt_1", LONG_TTL).await.unwrap();
    let second = claims.claim("evt_1", LONG_TTL).await.unwrap();

    assert!(first, "the first claimant must win");
    assert!(!second, "a second claimant must be refused while the claim is held");
}

pub async fn of_twenty_concurrent_claims_exactly_one_wins(claims: Arc<dyn IdempotencyClaims>, _time: &TestTime) {
    let mut attempts = JoinSet::new();
    for _ in 0..20 {
        let claims = claims.clone();
        attempts.spawn(async move { claims.claim("evt_race", LONG_TTL).await });
    }

    let winners = attempts.join_all().await.into_iter().filter(|won| *won.as_ref().unwrap()).count();

    assert_eq!(winners, 1);
}

pub async fn claims_on_different_keys_do_not_block_each_other(claims: Arc<dyn IdempotencyClaims>, _time: &TestTime) {
    assert!(claims.claim("evt_a", LONG_TTL).await.unwrap());
    assert!(claims.claim("evt_b", LONG_TTL).await.unwrap());
}

pub async fn a_released_claim_can_be_taken_again(claims: Arc<dyn IdempotencyClaims>, _time: &TestTime) {
    assert!(claims.claim("evt_retry", LONG_TTL).await.unwrap());

    claims.release("evt_retry").await.unwrap();

    assert!(claims.claim("evt_retry", LONG_TTL).await.unwrap());
}

pub async fn releasing_a_claim_nobody_holds_is_not_an_error(claims: Arc<dyn IdempotencyClaims>, _time: &TestTime) {
    let released = claims.release("evt_never_claimed").await;

    assert!(released.is_ok(), "{released:?}");
}

pub async fn a_claim_frees_itself_once_its_ttl_has_passed(claims: Arc<dyn IdempotencyClaims>, time: &TestTime) {
    assert!(claims.claim("evt_crashed_holder", SHORT_TTL).await.unwrap());

    time.wait_out(SHORT_TTL).await;

    assert!(claims.claim("evt_crashed_holder", LONG_TTL).await.unwrap());
}
