//! The `UserRepository` contract, run against the in-memory fake, SQLite and PostgreSQL.
//!
//! Each check is a function over `Arc<dyn UserRepository>` (an `Arc` so races can be run on
//! several worker threads); `accounts_contract!` makes one test per check and backend.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use signalbox::domain::{Email, PasswordHash, StripeCustomerId, UserId};
use signalbox::ports::{CreateUserError, NewUser, StoreError, UserRepository};
use tokio::task::JoinSet;

fn new_user(email: &str) -> NewUser {
    NewUser {
        id: UserId::new_random(),
        email: Email::parse(email).unwrap(),
        password_hash: PasswordHash::from_phc(format!(
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA${}",
            UserId::new_random()
        )),
        created_at: Utc.timestamp_opt(1_764_000_000, 0).unwrap(),
    }
}

fn customer(raw: &str) -> StripeCustomerId {
    StripeCustomerId::parse(raw).unwrap()
}

pub async fn a_created_user_can_be_found_by_email_and_by_id(repo: Arc<dyn UserRepository>) {
    let new = new_user("trader@example.com");

    let created = repo.create(new.clone()).await.unwrap();

    assert_eq!((created.id, &created.email, created.created_at), (new.id, &new.email, new.created_at));
    assert_eq!(created.stripe_customer_id, None);
    let credentials = repo.find_credentials_by_email(&new.email).await.unwrap().expect("found by email");
    assert_eq!(credentials.user, created);
    assert_eq!(credentials.password_hash, new.password_hash);
    assert_eq!(repo.find_by_id(new.id).await.unwrap(), Some(created));
    assert!(repo.find_by_id(UserId::new_random()).await.unwrap().is_none());
    let stranger = Email::parse("nobody@example.com").unwrap();
    assert!(repo.find_credentials_by_email(&stranger).await.unwrap().is_none());
}

pub async fn a_second_account_for_one_email_is_refused_and_nothing_is_stored(repo: Arc<dyn UserRepository>) {
    let first = repo.create(new_user("trader@example.com")).await.unwrap();
    let duplicate = new_user("  Trader@Example.COM ");

    let result = repo.create(duplicate.clone()).await;

    assert!(matches!(result, Err(CreateUserError::EmailTaken)), "got {result:?}");
    assert!(repo.find_by_id(duplicate.id).await.unwrap().is_none());
    let stored = repo.find_credentials_by_email(&first.email).await.unwrap().unwrap();
    assert_eq!(stored.user.id, first.id);
    assert_ne!(stored.password_hash, duplicate.password_hash);
}

pub async fn twenty_concurrent_sign_ups_for_one_email_create_exactly_one_account(repo: Arc<dyn UserRepository>) {
    let mut racers = JoinSet::new();
    for _ in 0..20 {
        let repo = repo.clone();
        racers.spawn(async move { repo.create(new_user("race@example.com")).await });
    }

    let results = racers.join_all().await;

    let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "exactly one sign-up must win");
    let losers_all_taken = results.iter().filter(|r| r.is_err()).all(|r| matches!(r, Err(CreateUserError::EmailTaken)));
    assert!(losers_all_taken, "losers must see EmailTaken: {results:?}");
    let stored = repo.find_credentials_by_email(&winners[0].email).await.unwrap().unwrap();
    assert_eq!(stored.user.id, winners[0].id);
}

pub async fn the_first_linked_customer_wins(repo: Arc<dyn UserRepository>) {
    let user = repo.create(new_user("trader@example.com")).await.unwrap();

    let first = repo.link_customer(user.id, &customer("cus_first")).await.unwrap();
    let second = repo.link_customer(user.id, &customer("cus_second")).await.unwrap();

    assert_eq!(first, customer("cus_first"));
    assert_eq!(second, customer("cus_first"));
    let stored = repo.find_by_id(user.id).await.unwrap().unwrap();
    assert_eq!(stored.stripe_customer_id, Some(customer("cus_first")));
}

pub async fn concurrent_links_for_one_user_all_report_the_same_customer(repo: Arc<dyn UserRepository>) {
    let user = repo.create(new_user("trader@example.com")).await.unwrap();
    let mut racers = JoinSet::new();
    for n in 0..10 {
        let repo = repo.clone();
        racers.spawn(async move { repo.link_customer(user.id, &customer(&format!("cus_{n}"))).await.unwrap() });
    }

    let linked = racers.join_all().await;

    assert!(linked.iter().all(|c| *c == linked[0]), "all callers see the winner: {linked:?}");
    let stored = repo.find_by_id(user.id).await.unwrap().unwrap();
    assert_eq!(stored.stripe_customer_id.as_ref(), Some(&linked[0]));
}

pub async fn a_user_can_be_found_by_their_linked_customer(repo: Arc<dyn UserRepository>) {
    let user = repo.create(new_user("trader@example.com")).await.unwrap();
    repo.create(new_user("other@example.com")).await.unwrap();
    repo.link_customer(user.id, &customer("cus_trader")).await.unwrap();

    let found = repo.find_by_customer(&customer("cus_trader")).await.unwrap();

    assert_eq!(found.map(|u| u.id), Some(user.id));
    assert!(repo.find_by_customer(&customer("cus_unknown")).await.unwrap().is_none());
}

pub async fn linking_a_customer_to_an_unknown_user_is_an_error(repo: Arc<dyn UserRepository>) {
    let result = repo.link_customer(UserId::new_random(), &customer("cus_orphan")).await;

    assert!(result.is_err());
    assert!(repo.find_by_customer(&customer("cus_orphan")).await.unwrap().is_none());
}

pub async fn linking_to_an_unknown_user_is_not_found(repo: Arc<dyn UserRepository>) {
    let result = repo.link_customer(UserId::new_random(), &customer("cus_nobody")).await;

    assert!(matches!(result, Err(StoreError::NotFound(_))), "{result:?}");
}

pub async fn linking_a_customer_of_another_user_is_a_conflict_and_changes_nothing(repo: Arc<dyn UserRepository>) {
    let owner = repo.create(new_user("owner@example.com")).await.unwrap();
    let other = repo.create(new_user("other@example.com")).await.unwrap();
    repo.link_customer(owner.id, &customer("cus_owned")).await.unwrap();

    let result = repo.link_customer(other.id, &customer("cus_owned")).await;

    assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
    assert_eq!(repo.find_by_id(other.id).await.unwrap().unwrap().stripe_customer_id, None);
    assert_eq!(repo.find_by_customer(&customer("cus_owned")).await.unwrap().map(|u| u.id), Some(owner.id));
}

pub async fn a_password_hash_is_replaced_only_while_it_is_still_the_expected_one(repo: Arc<dyn UserRepository>) {
    let new = new_user("trader@example.com");
    let original = new.password_hash.clone();
    let user = repo.create(new).await.unwrap();
    let (upgraded, stale_upgrade) = (new_user("x@example.com").password_hash, new_user("y@example.com").password_hash);

    let first = repo.update_password_hash(user.id, &original, &upgraded).await.unwrap();
    let second = repo.update_password_hash(user.id, &original, &stale_upgrade).await.unwrap();
    let unknown = repo.update_password_hash(UserId::new_random(), &original, &stale_upgrade).await.unwrap();

    assert!(first, "the expected hash was replaced");
    assert!(!second, "a replacement based on an outdated hash is refused");
    assert!(!unknown, "an unknown user has nothing to replace");
    let stored = repo.find_credentials_by_email(&user.email).await.unwrap().unwrap();
    assert_eq!(stored.password_hash, upgraded);
}

pub async fn a_deleted_user_is_gone_and_their_email_is_free_again(repo: Arc<dyn UserRepository>) {
    let user = repo.create(new_user("gone@example.com")).await.unwrap();
    let kept = repo.create(new_user("kept@example.com")).await.unwrap();

    assert!(repo.delete(user.id).await.unwrap());
    assert!(!repo.delete(user.id).await.unwrap(), "deleting twice finds nothing the second time");

    assert!(repo.find_by_id(user.id).await.unwrap().is_none());
    assert!(repo.find_credentials_by_email(&user.email).await.unwrap().is_none());
    assert!(repo.find_by_id(kept.id).await.unwrap().is_some());
    repo.create(new_user("gone@example.com")).await.expect("the email can sign up again");
}

crate::accounts_contract!(
    a_deleted_user_is_gone_and_their_email_is_free_again,
    a_created_user_can_be_found_by_email_and_by_id,
    a_second_account_for_one_email_is_refused_and_nothing_is_stored,
    twenty_concurrent_sign_ups_for_one_email_create_exactly_one_account,
    the_first_linked_customer_wins,
    concurrent_links_for_one_user_all_report_the_same_customer,
    a_user_can_be_found_by_their_linked_customer,
    linking_a_customer_to_an_unknown_user_is_an_error,
    linking_to_an_unknown_user_is_not_found,
    linking_a_customer_of_another_user_is_a_conflict_and_changes_nothing,
    a_password_hash_is_replaced_only_while_it_is_still_the_expected_one,
);
