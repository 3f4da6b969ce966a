//! The `AlertSubscribers` contract, run against memory, SQLite and PostgreSQL: preferences
//! saved whole and read back, a link code that links once (then `Used`), an expired or
//! unknown one that links nothing, one chat linked to one user at a time, and of concurrent
//! redemptions of one code exactly one wins.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::domain::UserId;
use signalbox::domain::alerts::{AlertPreferences, ChatId, LinkCode, QuietHours};
use signalbox::domain::signals::Symbol;
use signalbox::ports::{AlertSubscribers, Redeemed, UserRepository};
use tokio::task::JoinSet;

use super::alert_outbox::user;

pub struct Subject {
    pub subscribers: Arc<dyn AlertSubscribers>,
    pub users: Arc<dyn UserRepository>,
}

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 4, 0, 0).unwrap() + Duration::minutes(minute)
}

async fn preferences_are_saved_whole_and_read_back(subject: Subject) {
    let ana = user(&*subject.users).await;
    assert_eq!(subject.subscribers.subscriber(ana).await.unwrap(), None);
    let mut prefs = AlertPreferences {
        email_enabled: true,
        symbols: vec![Symbol::BankNifty],
        quiet_hours: Some(QuietHours::parse("22:00", "07:00").unwrap()),
        ..AlertPreferences::default()
    };
    prefs.events.call_closed = false;

    subject.subscribers.save_preferences(ana, &prefs).await.unwrap();

    let stored = subject.subscribers.subscriber(ana).await.unwrap().unwrap();
    assert_eq!(stored.preferences, prefs);
    assert_eq!(stored.telegram_chat, None);
    assert_eq!(subject.subscribers.subscribers().await.unwrap().len(), 1);
}

async fn a_link_code_links_once_and_keeps_the_saved_preferences(subject: Subject) {
    let ana = user(&*subject.users).await;
    let prefs = AlertPreferences { email_enabled: true, ..AlertPreferences::default() };
    subject.subscribers.save_preferences(ana, &prefs).await.unwrap();
    let code = LinkCode::new_random();
    subject.subscribers.issue_link_code(ana, &code.hash(), at(15)).await.unwrap();

    let first = subject.subscribers.redeem_link_code(&code.hash(), ChatId(77), at(1)).await.unwrap();
    let again = subject.subscribers.redeem_link_code(&code.hash(), ChatId(78), at(2)).await.unwrap();

    assert_eq!(first, Redeemed::Linked(ana));
    assert_eq!(again, Redeemed::Used);
    let stored = subject.subscribers.subscriber(ana).await.unwrap().unwrap();
    assert_eq!(stored.telegram_chat, Some(ChatId(77)));
    assert_eq!(stored.preferences, prefs, "linking does not reset what was saved");
}

async fn an_expired_or_unknown_code_links_nothing(subject: Subject) {
    let ana = user(&*subject.users).await;
    let code = LinkCode::new_random();
    subject.subscribers.issue_link_code(ana, &code.hash(), at(15)).await.unwrap();

    let expired = subject.subscribers.redeem_link_code(&code.hash(), ChatId(5), at(15)).await.unwrap();
    let unknown = subject.subscribers.redeem_link_code(&LinkCode::new_random().hash(), ChatId(5), at(1)).await.unwrap();

    assert_eq!(expired, Redeemed::Expired);
    assert_eq!(unknown, Redeemed::Unknown);
    assert_eq!(subject.subscribers.subscriber(ana).await.unwrap(), None);
}

async fn a_chat_belongs_to_one_user_and_unlinks(subject: Subject) {
    let (ana, ben): (UserId, UserId) = (user(&*subject.users).await, user(&*subject.users).await);
    for who in [ana, ben] {
        let code = LinkCode::new_random();
        subject.subscribers.issue_link_code(who, &code.hash(), at(15)).await.unwrap();
        subject.subscribers.redeem_link_code(&code.hash(), ChatId(9), at(1)).await.unwrap();
    }
    assert_eq!(subject.subscribers.subscriber(ana).await.unwrap().unwrap().telegram_chat, None);
    assert_eq!(subject.subscribers.subscriber(ben).await.unwrap().unwrap().telegram_chat, Some(ChatId(9)));

    assert_eq!(subject.subscribers.unlink_chat(ChatId(9)).await.unwrap(), Some(ben));
    assert_eq!(subject.subscribers.unlink_chat(ChatId(9)).await.unwrap(), None);
    assert_eq!(subject.subscribers.subscriber(ben).await.unwrap().unwrap().telegram_chat, None);
}

async fn of_concurrent_redemptions_of_one_code_exactly_one_links(subject: Subject) {
    let ana = user(&*subject.users).await;
    let code = LinkCode::new_random();
    subject.subscribers.issue_link_code(ana, &code.hash(), at(15)).await.unwrap();
    let mut racers = JoinSet::new();
    for chat in 0..10 {
        let (subscribers, hash) = (subject.subscribers.clone(), code.hash());
        racers.spawn(async move { subscribers.redeem_link_code(&hash, ChatId(chat), at(1)).await.unwrap() });
    }
    let outcomes = racers.join_all().await;
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Redeemed::Linked(_))).count(), 1);
    assert_eq!(outcomes.iter().filter(|o| **o == Redeemed::Used).count(), 9);
}

crate::memory_and_sql_contract!(
    memory: |check| check(super::Subject {
        subscribers: std::sync::Arc::new(signalbox::adapters::memory::MemoryAlertSubscribers::new()),
        users: std::sync::Arc::new(signalbox::adapters::memory::InMemoryAccounts::new()),
    }),
    sql: |check, store| check(super::Subject { subscribers: store.clone(), users: store });
    [
    preferences_are_saved_whole_and_read_back,
    a_link_code_links_once_and_keeps_the_saved_preferences,
    an_expired_or_unknown_code_links_nothing,
    a_chat_belongs_to_one_user_and_unlinks,
    of_concurrent_redemptions_of_one_code_exactly_one_links,
    ]
);
