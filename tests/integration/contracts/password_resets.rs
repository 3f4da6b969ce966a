//! The `PasswordResetStore` contract, run against the in-memory fake, SQLite and PostgreSQL.
//! Time is passed as a value, so expiry is tested by presenting tokens "later".

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::domain::{Email, PasswordHash, ResetToken, ResetTokenHash, UserId};
use signalbox::ports::{NewResetToken, NewUser, PasswordResetStore, SpendOutcome, UserRepository};
use tokio::task::JoinSet;

fn t0() -> DateTime<Utc> {
    Utc.timestamp_opt(1_764_000_000, 0).unwrap()
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

/// A token for `user` issued at t0, valid 30 minutes.
async fn issued(resets: &dyn PasswordResetStore, user: UserId) -> ResetTokenHash {
    let hash = ResetToken::generate().hash();
    let token = NewResetToken { hash, user, issued_at: t0(), expires_at: t0() + Duration::minutes(30) };
    resets.issue(&token).await.unwrap();
    hash
}

pub async fn a_live_token_is_spent_once(resets: Arc<dyn PasswordResetStore>, users: Arc<dyn UserRepository>) {
    let owner = user(&*users).await;
    let token = issued(&*resets, owner).await;

    let first = resets.spend(&token, t0() + Duration::minutes(5)).await.unwrap();
    let again = resets.spend(&token, t0() + Duration::minutes(6)).await.unwrap();

    assert_eq!(first, SpendOutcome::Spent { user: owner });
    assert_eq!(again, SpendOutcome::AlreadyUsed);
}

pub async fn a_token_expires_on_its_deadline(resets: Arc<dyn PasswordResetStore>, users: Arc<dyn UserRepository>) {
    let owner = user(&*users).await;
    let token = issued(&*resets, owner).await;

    assert_eq!(resets.spend(&token, t0() + Duration::minutes(30)).await.unwrap(), SpendOutcome::Expired);
    let just_before = issued(&*resets, owner).await;
    assert_eq!(
        resets.spend(&just_before, t0() + Duration::minutes(30) - Duration::seconds(1)).await.unwrap(),
        SpendOutcome::Spent { user: owner }
    );
}

pub async fn an_unknown_token_is_unknown(resets: Arc<dyn PasswordResetStore>, _users: Arc<dyn UserRepository>) {
    assert_eq!(resets.spend(&ResetToken::generate().hash(), t0()).await.unwrap(), SpendOutcome::Unknown);
}

pub async fn revoking_a_users_tokens_spends_theirs_only(
    resets: Arc<dyn PasswordResetStore>,
    users: Arc<dyn UserRepository>,
) {
    let (owner, other) = (user(&*users).await, user(&*users).await);
    let (a, b, theirs) = (issued(&*resets, owner).await, issued(&*resets, owner).await, issued(&*resets, other).await);

    assert_eq!(resets.revoke_all(owner, t0()).await.unwrap(), 2);

    assert_eq!(resets.spend(&a, t0()).await.unwrap(), SpendOutcome::AlreadyUsed);
    assert_eq!(resets.spend(&b, t0()).await.unwrap(), SpendOutcome::AlreadyUsed);
    assert_eq!(resets.spend(&theirs, t0()).await.unwrap(), SpendOutcome::Spent { user: other });
}

pub async fn of_ten_concurrent_spends_of_one_token_exactly_one_wins(
    resets: Arc<dyn PasswordResetStore>,
    users: Arc<dyn UserRepository>,
) {
    let owner = user(&*users).await;
    let token = issued(&*resets, owner).await;
    let mut racers = JoinSet::new();
    for _ in 0..10 {
        let resets = resets.clone();
        racers.spawn(async move { resets.spend(&token, t0()).await.unwrap() });
    }
    let outcomes = racers.join_all().await;
    assert_eq!(outcomes.iter().filter(|o| matches!(o, SpendOutcome::Spent { .. })).count(), 1);
    assert_eq!(outcomes.iter().filter(|o| **o == SpendOutcome::AlreadyUsed).count(), 9);
}

crate::memory_and_sql_contract!(
    memory: |check| check(
        std::sync::Arc::new(signalbox::adapters::memory::InMemoryPasswordResets::new()),
        std::sync::Arc::new(signalbox::adapters::memory::InMemoryAccounts::new()),
    ),
    sql: |check, store| check(store.clone(), store);
    [
    a_live_token_is_spent_once,
    a_token_expires_on_its_deadline,
    an_unknown_token_is_unknown,
    revoking_a_users_tokens_spends_theirs_only,
    of_ten_concurrent_spends_of_one_token_exactly_one_wins,
    ]
);
