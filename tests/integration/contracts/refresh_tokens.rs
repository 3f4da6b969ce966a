//! The `RefreshTokenStore` contract, run against the in-memory fake, SQLite and PostgreSQL.
//!
//! Each check takes the token store and the user repository of the same backend: a family
//! belongs to a user, and the SQL tables insist the user exists. Time is passed to the port
//! as a value, so expiry is tested by presenting tokens "later", with no clock or sleep.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::domain::{Email, PasswordHash, RETRY_GRACE_SECS, RefreshToken, RefreshTokenHash, TokenFamilyId, UserId};
use signalbox::ports::{NewRefreshToken, NewUser, RefreshTokenStore, RotateOutcome, UserRepository};
use tokio::task::JoinSet;

fn t0() -> DateTime<Utc> {
    Utc.timestamp_opt(1_764_000_000, 0).unwrap()
}

/// A session start limit no family in these checks reaches.
fn long_ago() -> DateTime<Utc> {
    t0() - Duration::days(365)
}

/// A new token issued at `at`, valid for a day.
fn token_at(at: DateTime<Utc>) -> NewRefreshToken {
    NewRefreshToken { hash: RefreshToken::generate().hash(), issued_at: at, expires_at: at + Duration::days(1) }
}

async fn user(users: &dyn UserRepository) -> UserId {
    let new = NewUser {
        id: UserId::new_random(),
        email: Email::parse(&format!("{}@example.com", UserId::new_random())).unwrap(),
        password_hash: PasswordHash::from_phc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        created_at: t0(),
    };
    users.create(new).await.unwrap().id
}

/// A family for a new user; returns the user, the family and its first token's hash.
async fn family(
    tokens: &dyn RefreshTokenStore,
    users: &dyn UserRepository,
) -> (UserId, TokenFamilyId, RefreshTokenHash) {
    let (user, family, first) = (user(users).await, TokenFamilyId::new_random(), token_at(t0()));
    tokens.start_family(user, family, &first).await.unwrap();
    (user, family, first.hash)
}

pub async fn a_live_token_rotates_into_its_successor_which_rotates_in_turn(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    let (second, third) = (token_at(t0() + Duration::minutes(30)), token_at(t0() + Duration::hours(1)));

    let rotated = tokens.rotate(&first, &second, second.issued_at, long_ago()).await.unwrap();
    let rotated_again = tokens.rotate(&second.hash, &third, third.issued_at, long_ago()).await.unwrap();

    assert_eq!(rotated, RotateOutcome::Rotated { user, family });
    assert_eq!(rotated_again, RotateOutcome::Rotated { user, family });
    for hash in [first, second.hash, third.hash] {
        assert_eq!(tokens.family_of(&hash).await.unwrap(), Some(family), "every generation stays in the family");
    }
}

pub async fn a_spent_token_presented_again_revokes_its_family_so_the_newest_token_fails_too(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    let (second, attackers, after) = (token_at(t0()), token_at(t0()), token_at(t0()));
    tokens.rotate(&first, &second, t0() + Duration::minutes(1), long_ago()).await.unwrap();

    let replay = tokens.rotate(&first, &attackers, t0() + Duration::minutes(2), long_ago()).await.unwrap();
    let legitimate = tokens.rotate(&second.hash, &after, t0() + Duration::minutes(3), long_ago()).await.unwrap();

    assert_eq!(replay, RotateOutcome::Reused { user, family });
    assert_eq!(legitimate, RotateOutcome::Revoked);
    assert_eq!(tokens.family_of(&attackers.hash).await.unwrap(), None, "a reuse inserts no successor");
    assert_eq!(tokens.family_of(&after.hash).await.unwrap(), None, "a revoked family grows no further");
    assert_eq!(tokens.rotate(&first, &token_at(t0()), t0(), long_ago()).await.unwrap(), RotateOutcome::Revoked);
}

pub async fn an_unknown_token_is_unknown_and_inserts_nothing(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    family(&*tokens, &*users).await;
    let successor = token_at(t0());

    let outcome = tokens.rotate(&RefreshToken::generate().hash(), &successor, t0(), long_ago()).await.unwrap();

    assert_eq!(outcome, RotateOutcome::Unknown);
    assert_eq!(tokens.family_of(&successor.hash).await.unwrap(), None);
}

pub async fn a_token_is_expired_from_its_deadline_on_and_expiry_revokes_nothing(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    let deadline = t0() + Duration::days(1);
    let late = token_at(deadline);

    let at_deadline = tokens.rotate(&first, &late, deadline, long_ago()).await.unwrap();
    let second_before = tokens.rotate(&first, &late, deadline - Duration::seconds(1), long_ago()).await.unwrap();

    assert_eq!(at_deadline, RotateOutcome::Expired);
    assert_eq!(second_before, RotateOutcome::Rotated { user, family }, "an expired presentation spent nothing");
    assert_eq!(tokens.family_of(&late.hash).await.unwrap(), Some(family));
}

pub async fn a_revoked_family_refuses_its_tokens_and_other_families_of_the_user_live_on(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, laptop, laptop_token) = family(&*tokens, &*users).await;
    let (phone, phone_token) = (TokenFamilyId::new_random(), token_at(t0()));
    tokens.start_family(user, phone, &phone_token).await.unwrap();

    tokens.revoke_family(laptop, t0()).await.unwrap();
    tokens.revoke_family(laptop, t0() + Duration::hours(1)).await.unwrap();
    tokens.revoke_family(TokenFamilyId::new_random(), t0()).await.unwrap();

    assert_eq!(tokens.rotate(&laptop_token, &token_at(t0()), t0(), long_ago()).await.unwrap(), RotateOutcome::Revoked);
    let phone_outcome = tokens.rotate(&phone_token.hash, &token_at(t0()), t0(), long_ago()).await.unwrap();
    assert_eq!(phone_outcome, RotateOutcome::Rotated { user, family: phone });
}

pub async fn revoking_a_users_families_keeps_the_one_asked_for_and_leaves_other_users_alone(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, laptop, laptop_token) = family(&*tokens, &*users).await;
    let (phone, phone_token) = (TokenFamilyId::new_random(), token_at(t0()));
    tokens.start_family(user, phone, &phone_token).await.unwrap();
    let (other_user, other_family, other_token) = family(&*tokens, &*users).await;

    let revoked = tokens.revoke_user_families(user, Some(phone), t0()).await.unwrap();
    let again = tokens.revoke_user_families(user, Some(phone), t0()).await.unwrap();

    assert_eq!((revoked, again), (1, 0), "only live families count");
    assert_eq!(tokens.rotate(&laptop_token, &token_at(t0()), t0(), long_ago()).await.unwrap(), RotateOutcome::Revoked);
    let phone_outcome = tokens.rotate(&phone_token.hash, &token_at(t0()), t0(), long_ago()).await.unwrap();
    assert_eq!(phone_outcome, RotateOutcome::Rotated { user, family: phone });
    let other = tokens.rotate(&other_token, &token_at(t0()), t0(), long_ago()).await.unwrap();
    assert_eq!(other, RotateOutcome::Rotated { user: other_user, family: other_family });
    let _ = laptop;
}

pub async fn revoking_every_family_of_a_user_ends_them_all(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, _, first) = family(&*tokens, &*users).await;
    let (second_family, second) = (TokenFamilyId::new_random(), token_at(t0()));
    tokens.start_family(user, second_family, &second).await.unwrap();

    assert_eq!(tokens.revoke_user_families(user, None, t0()).await.unwrap(), 2);

    assert_eq!(tokens.rotate(&first, &token_at(t0()), t0(), long_ago()).await.unwrap(), RotateOutcome::Revoked);
    assert_eq!(tokens.rotate(&second.hash, &token_at(t0()), t0(), long_ago()).await.unwrap(), RotateOutcome::Revoked);
}

pub async fn of_ten_concurrent_rotations_of_one_token_one_rotates_the_rest_retry_and_one_token_stays_live(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    let mut racers = JoinSet::new();
    for _ in 0..10 {
        let tokens = tokens.clone();
        racers.spawn(async move {
            let successor = token_at(t0());
            (tokens.rotate(&first, &successor, t0(), long_ago()).await.unwrap(), successor.hash)
        });
    }

    let results = racers.join_all().await;

    let rotated = results.iter().filter(|(o, _)| *o == RotateOutcome::Rotated { user, family }).count();
    let retried = results.iter().filter(|(o, _)| *o == RotateOutcome::Retried { user, family }).count();
    assert_eq!((rotated, retried), (1, 9), "one rotation, then nine retries within the grace: {results:?}");
    // Each retry spent the successor before it: presented an hour later, at most one of the ten
    // still works, and the spent ones are caught as reuse.
    let mut later = Vec::new();
    for (_, successor) in &results {
        later.push(tokens.rotate(successor, &token_at(t0()), t0() + Duration::hours(1), long_ago()).await.unwrap());
    }
    let live = later.iter().filter(|o| matches!(o, RotateOutcome::Rotated { .. })).count();
    assert!(live <= 1, "at most one live token in the family: {later:?}");
    assert!(later.contains(&RotateOutcome::Reused { user, family }), "{later:?}");
}

pub async fn a_token_presented_again_within_the_retry_grace_supersedes_the_successor_it_never_received(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    let (lost, retried) = (token_at(t0()), token_at(t0()));
    let spent_at = t0() + Duration::minutes(1);
    tokens.rotate(&first, &lost, spent_at, long_ago()).await.unwrap();

    let retry =
        tokens.rotate(&first, &retried, spent_at + Duration::seconds(RETRY_GRACE_SECS), long_ago()).await.unwrap();

    assert_eq!(retry, RotateOutcome::Retried { user, family });
    assert_eq!(tokens.family_of(&retried.hash).await.unwrap(), Some(family));
    let next =
        tokens.rotate(&retried.hash, &token_at(t0()), spent_at + Duration::minutes(30), long_ago()).await.unwrap();
    assert_eq!(next, RotateOutcome::Rotated { user, family }, "the retry's successor is the live token");
}

pub async fn a_successor_superseded_by_a_retry_is_reuse_when_presented_later(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    let (lost, retried) = (token_at(t0()), token_at(t0()));
    tokens.rotate(&first, &lost, t0(), long_ago()).await.unwrap();
    tokens.rotate(&first, &retried, t0() + Duration::seconds(2), long_ago()).await.unwrap();

    // Whoever holds the superseded successor (a thief who raced in) is caught at its next use,
    // and the family ends with it.
    let stale = tokens.rotate(&lost.hash, &token_at(t0()), t0() + Duration::minutes(30), long_ago()).await.unwrap();
    assert_eq!(stale, RotateOutcome::Reused { user, family });
    let live = tokens.rotate(&retried.hash, &token_at(t0()), t0() + Duration::minutes(31), long_ago()).await.unwrap();
    assert_eq!(live, RotateOutcome::Revoked);
}

pub async fn a_token_presented_again_just_after_the_grace_is_reuse(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    tokens.rotate(&first, &token_at(t0()), t0(), long_ago()).await.unwrap();

    let after_grace = t0() + Duration::seconds(RETRY_GRACE_SECS + 1);

    let late = tokens.rotate(&first, &token_at(t0()), after_grace, long_ago()).await.unwrap();

    assert_eq!(late, RotateOutcome::Reused { user, family });
}

pub async fn a_retry_within_the_grace_of_a_session_past_its_limit_is_not_reissued(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    tokens.rotate(&first, &token_at(t0()), t0() + Duration::seconds(5), long_ago()).await.unwrap();

    let retry = tokens.rotate(&first, &token_at(t0()), t0() + Duration::seconds(6), t0()).await.unwrap();

    assert_eq!(retry, RotateOutcome::Reused { user, family }, "a session at its end gets no new token");
}

pub async fn a_live_token_of_a_session_started_at_or_before_the_limit_has_ended_and_spends_nothing(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    let now = t0() + Duration::hours(1);
    let successor = token_at(now);

    let at_the_limit = tokens.rotate(&first, &successor, now, t0()).await.unwrap();
    let just_inside = tokens.rotate(&first, &successor, now, t0() - Duration::seconds(1)).await.unwrap();

    assert_eq!(at_the_limit, RotateOutcome::SessionEnded);
    assert_eq!(just_inside, RotateOutcome::Rotated { user, family }, "the ended presentation spent nothing");
}

pub async fn purge_deletes_expired_tokens_revoked_and_ended_sessions_and_keeps_live_ones_and_unexpired_spent_ones(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    // Every family starts at t0 with a token that expires a day later, unless said otherwise.
    let (_, live_family, live_first) = family(&*tokens, &*users).await;
    let live_second = token_at(t0() + Duration::hours(1));
    tokens.rotate(&live_first, &live_second, live_second.issued_at, long_ago()).await.unwrap();
    let (_, revoked_family, revoked_token) = family(&*tokens, &*users).await;
    tokens.revoke_family(revoked_family, t0()).await.unwrap();
    let (_, _, idle_token) = family(&*tokens, &*users).await;
    let (old_user, ended_family, ended_token) =
        (user(&*users).await, TokenFamilyId::new_random(), token_at(t0() - Duration::days(40)));
    tokens.start_family(old_user, ended_family, &ended_token).await.unwrap();
    let sessions_from = t0() - Duration::days(30);

    let purged_now = tokens.purge(t0() + Duration::hours(2), sessions_from).await.unwrap();
    let purged_a_day_on = tokens.purge(t0() + Duration::days(1), sessions_from).await.unwrap();
    let again = tokens.purge(t0() + Duration::days(1), sessions_from).await.unwrap();

    assert_eq!(purged_now, 2, "the revoked session's token and the ended session's");
    assert_eq!(tokens.family_of(&revoked_token).await.unwrap(), None);
    assert_eq!(tokens.family_of(&ended_token.hash).await.unwrap(), None);
    assert_eq!(purged_a_day_on, 2, "the idle token and the live family's spent first token expired");
    assert_eq!(tokens.family_of(&idle_token).await.unwrap(), None);
    assert_eq!(tokens.family_of(&live_first).await.unwrap(), None);
    assert_eq!(tokens.family_of(&live_second.hash).await.unwrap(), Some(live_family), "still live");
    let day_on = t0() + Duration::days(1);
    let rotated = tokens.rotate(&live_second.hash, &token_at(day_on), day_on, long_ago()).await.unwrap();
    assert!(matches!(rotated, RotateOutcome::Rotated { .. }), "the live session goes on");
    assert_eq!(again, 0, "purging is idempotent");
}

pub async fn a_spent_token_kept_by_purge_is_still_recognised_as_reuse(
    tokens: Arc<dyn RefreshTokenStore>,
    users: Arc<dyn UserRepository>,
) {
    let (user, family, first) = family(&*tokens, &*users).await;
    let second = token_at(t0());
    tokens.rotate(&first, &second, t0(), long_ago()).await.unwrap();

    tokens.purge(t0() + Duration::hours(1), long_ago()).await.unwrap();

    let replay = tokens.rotate(&first, &token_at(t0()), t0() + Duration::hours(1), long_ago()).await.unwrap();
    assert_eq!(replay, RotateOutcome::Reused { user, family });
}

crate::memory_and_sql_contract!(
    memory: |check| check(
        std::sync::Arc::new(signalbox::adapters::memory::InMemoryRefreshTokens::new()),
        std::sync::Arc::new(signalbox::adapters::memory::InMemoryAccounts::new()),
    ),
    sql: |check, store| check(store.clone(), store);
    [
    a_live_token_rotates_into_its_successor_which_rotates_in_turn,
    a_spent_token_presented_again_revokes_its_family_so_the_newest_token_fails_too,
    an_unknown_token_is_unknown_and_inserts_nothing,
    a_token_is_expired_from_its_deadline_on_and_expiry_revokes_nothing,
    a_revoked_family_refuses_its_tokens_and_other_families_of_the_user_live_on,
    of_ten_concurrent_rotations_of_one_token_one_rotates_the_rest_retry_and_one_token_stays_live,
    a_token_presented_again_within_the_retry_grace_supersedes_the_successor_it_never_received,
    a_successor_superseded_by_a_retry_is_reuse_when_presented_later,
    a_token_presented_again_just_after_the_grace_is_reuse,
    a_retry_within_the_grace_of_a_session_past_its_limit_is_not_reissued,
    a_live_token_of_a_session_started_at_or_before_the_limit_has_ended_and_spends_nothing,
    purge_deletes_expired_tokens_revoked_and_ended_sessions_and_keeps_live_ones_and_unexpired_spent_ones,
    a_spent_token_kept_by_purge_is_still_recognised_as_reuse,
    revoking_a_users_families_keeps_the_one_asked_for_and_leaves_other_users_alone,
    revoking_every_family_of_a_user_ends_them_all,
    ]
);
