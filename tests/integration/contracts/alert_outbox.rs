//! The `AlertOutbox` contract, run against memory, SQLite and PostgreSQL: the call ledger
//! queues one alert event per opening and per close in its own record (a repeat queues
//! nothing), summaries are insert-if-absent, claims lease rows so concurrent dispatchers never
//! share one and an expired lease hands them on, fan-out stores each (event, user, channel)
//! once, and settlements are final. On SQL, a ledger write that fails leaves no event.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use signalbox::adapters::sql::SqlStore;
use signalbox::domain::alerts::{AlertChannel, AlertEventKey, AlertKind, SessionSummary};
use signalbox::domain::calls::{Call, CallEvent, CallId, CostBps, Direction, Exit, ExitReason};
use signalbox::domain::signals::Symbol;
use signalbox::domain::{Email, PasswordHash, UserId};
use signalbox::ports::{AlertOutbox, CallLedger, LeaseHolder, NewDelivery, NewUser, Settlement, UserRepository};
use tokio::task::JoinSet;

pub struct Subject {
    pub ledger: Arc<dyn CallLedger>,
    pub outbox: Arc<dyn AlertOutbox>,
    pub users: Arc<dyn UserRepository>,
}

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 4, 0, 0).unwrap() + Duration::minutes(minute)
}

fn opened(minute: i64) -> Call {
    Call {
        id: CallId::of(Symbol::Nifty, at(minute)),
        symbol: Symbol::Nifty,
        direction: Direction::Long,
        entry: 26_000.0,
        stop_loss: 25_950.0,
        target: 26_080.0,
        confidence: 0.5,
        opened_at: at(minute),
        cost: CostBps::parse(5.0).unwrap(),
        exit: None,
    }
}

fn closed(call: &Call) -> Call {
    let mut call = call.clone();
    call.exit =
        Some(Exit { closed_at: call.opened_at + Duration::minutes(10), price: 26_080.0, reason: ExitReason::Target });
    call
}

pub async fn user(users: &dyn UserRepository) -> UserId {
    let id = UserId::new_random();
    users
        .create(NewUser {
            id,
            email: Email::parse(&format!("{}@example.com", id)).unwrap(),
            password_hash: PasswordHash::from_phc(format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA${id}")),
            created_at: at(0),
        })
        .await
        .unwrap();
    id
}

fn holder(name: &str) -> LeaseHolder {
    LeaseHolder(name.to_owned())
}

fn delivery(user: UserId, channel: AlertChannel) -> NewDelivery {
    NewDelivery { user, channel, not_before: at(0), held: false }
}

async fn a_recorded_opening_and_close_queue_one_event_each_and_repeats_none(subject: Subject) {
    let call = opened(5);
    subject.ledger.record(&CallEvent::Opened(call.clone())).await.unwrap();
    subject.ledger.record(&CallEvent::Opened(call.clone())).await.unwrap();
    assert!(!subject.outbox.call_closed(&call.id).await.unwrap());
    subject.ledger.record(&CallEvent::Closed(closed(&call))).await.unwrap();
    subject.ledger.record(&CallEvent::Closed(closed(&call))).await.unwrap();

    let events = subject.outbox.claim_events(&holder("a"), at(100), at(101), 100).await.unwrap();

    let kinds: Vec<_> = events.iter().map(|event| (event.key.clone(), event.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (AlertEventKey::opened(&call.id), AlertKind::CallOpened),
            (AlertEventKey::closed(&call.id), AlertKind::CallClosed)
        ]
    );
    assert!(events[0].text.starts_with("NIFTY BUY at 26000.00"), "{}", events[0].text);
    assert!(subject.outbox.call_closed(&call.id).await.unwrap());
}

async fn a_summary_is_stored_once_per_symbol_and_session(subject: Subject) {
    let summary =
        SessionSummary::of(Symbol::Nifty, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(), vec![closed(&opened(1))]);
    assert!(subject.outbox.add_event(&summary.event(at(400))).await.unwrap());
    assert!(!subject.outbox.add_event(&summary.event(at(401))).await.unwrap());
    let events = subject.outbox.claim_events(&holder("a"), at(500), at(501), 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert!(events[0].text.contains("Paid members received 2 alerts today."));
}

async fn a_leased_event_is_not_claimed_again_until_its_lease_ends(subject: Subject) {
    subject.ledger.record(&CallEvent::Opened(opened(1))).await.unwrap();
    let first = subject.outbox.claim_events(&holder("a"), at(10), at(11), 10).await.unwrap();
    let while_leased = subject.outbox.claim_events(&holder("b"), at(10), at(11), 10).await.unwrap();
    let after_lease = subject.outbox.claim_events(&holder("b"), at(12), at(13), 10).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(while_leased.is_empty());
    assert_eq!(after_lease, first, "a dead holder's event is handed on once its lease ends");

    subject.outbox.fan_out(&first[0].key, &[]).await.unwrap();
    assert!(subject.outbox.claim_events(&holder("c"), at(20), at(21), 10).await.unwrap().is_empty());
}

async fn fan_out_stores_each_event_user_and_channel_once(subject: Subject) {
    let (ana, ben) = (user(&*subject.users).await, user(&*subject.users).await);
    subject.ledger.record(&CallEvent::Opened(opened(1))).await.unwrap();
    let key = AlertEventKey::opened(&opened(1).id);
    let planned =
        [delivery(ana, AlertChannel::Telegram), delivery(ana, AlertChannel::Email), delivery(ben, AlertChannel::Email)];

    subject.outbox.fan_out(&key, &planned).await.unwrap();
    subject.outbox.fan_out(&key, &planned).await.unwrap();

    let email = subject.outbox.claim_deliveries(AlertChannel::Email, &holder("a"), at(5), at(6), 100).await.unwrap();
    let telegram =
        subject.outbox.claim_deliveries(AlertChannel::Telegram, &holder("a"), at(5), at(6), 100).await.unwrap();
    assert_eq!(email.len(), 2);
    assert_eq!(telegram.len(), 1);
    assert_eq!(telegram[0].user, ana);
    assert_eq!(telegram[0].event.key, key);
    assert_eq!(telegram[0].attempts, 0);
    let stats = subject.outbox.stats().await.unwrap();
    assert_eq!(stats.iter().map(|(_, s)| s.queued).collect::<Vec<_>>(), vec![1, 2, 0]);
    assert_eq!(stats[1].1.oldest_queued_at, Some(at(1)));
}

async fn concurrent_claims_never_hand_out_one_delivery_twice(subject: Subject) {
    let mut users = Vec::new();
    for _ in 0..40 {
        users.push(user(&*subject.users).await);
    }
    subject.ledger.record(&CallEvent::Opened(opened(1))).await.unwrap();
    let key = AlertEventKey::opened(&opened(1).id);
    let planned: Vec<_> = users.iter().map(|u| delivery(*u, AlertChannel::Push)).collect();
    subject.outbox.fan_out(&key, &planned).await.unwrap();

    let mut claimers = JoinSet::new();
    for i in 0..8 {
        let outbox = subject.outbox.clone();
        claimers.spawn(async move {
            let mut mine = Vec::new();
            loop {
                let got = outbox
                    .claim_deliveries(AlertChannel::Push, &holder(&format!("d{i}")), at(5), at(6), 3)
                    .await
                    .unwrap();
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|d| d.user));
            }
        });
    }
    let claimed: Vec<UserId> = claimers.join_all().await.into_iter().flatten().collect();

    let distinct: HashSet<_> = claimed.iter().collect();
    assert_eq!(claimed.len(), 40, "every delivery claimed exactly once");
    assert_eq!(distinct.len(), 40);
}

async fn settlements_are_final_and_a_retry_waits_its_turn(subject: Subject) {
    let ana = user(&*subject.users).await;
    subject.ledger.record(&CallEvent::Opened(opened(1))).await.unwrap();
    let key = AlertEventKey::opened(&opened(1).id);
    subject
        .outbox
        .fan_out(&key, &[delivery(ana, AlertChannel::Telegram), delivery(ana, AlertChannel::Email)])
        .await
        .unwrap();
    subject.outbox.claim_deliveries(AlertChannel::Telegram, &holder("a"), at(5), at(6), 10).await.unwrap();

    let retry = Settlement::Retry { not_before: at(30), attempts: 1, error: "429".into() };
    subject.outbox.settle(&key, ana, AlertChannel::Telegram, &retry).await.unwrap();
    let too_soon =
        subject.outbox.claim_deliveries(AlertChannel::Telegram, &holder("a"), at(29), at(90), 10).await.unwrap();
    let due = subject.outbox.claim_deliveries(AlertChannel::Telegram, &holder("a"), at(30), at(90), 10).await.unwrap();
    assert!(too_soon.is_empty());
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].attempts, 1);

    subject.outbox.settle(&key, ana, AlertChannel::Telegram, &Settlement::Sent { at: at(31) }).await.unwrap();
    subject
        .outbox
        .settle(&key, ana, AlertChannel::Email, &Settlement::Failed { error: "refused".into() })
        .await
        .unwrap();
    subject.outbox.settle(&key, ana, AlertChannel::Telegram, &retry).await.unwrap();

    assert!(
        subject
            .outbox
            .claim_deliveries(AlertChannel::Telegram, &holder("a"), at(500), at(501), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let stats = subject.outbox.stats().await.unwrap();
    assert_eq!((stats[0].1.sent, stats[0].1.queued), (1, 0), "sent stays sent");
    assert_eq!(stats[1].1.failed, 1);
    assert_eq!(stats[0].1.oldest_queued_at, None);
}

crate::memory_and_sql_contract!(
    memory: |check| {
        let outbox = std::sync::Arc::new(signalbox::adapters::memory::MemoryAlertOutbox::new());
        check(super::Subject {
            ledger: std::sync::Arc::new(signalbox::adapters::memory::MemoryCallLedger::with_outbox(outbox.clone())),
            outbox,
            users: std::sync::Arc::new(signalbox::adapters::memory::InMemoryAccounts::new()),
        })
    },
    sql: |check, store| check(super::Subject { ledger: store.clone(), outbox: store.clone(), users: store });
    [
    a_recorded_opening_and_close_queue_one_event_each_and_repeats_none,
    a_summary_is_stored_once_per_symbol_and_session,
    a_leased_event_is_not_claimed_again_until_its_lease_ends,
    fan_out_stores_each_event_user_and_channel_once,
    concurrent_claims_never_hand_out_one_delivery_twice,
    settlements_are_final_and_a_retry_waits_its_turn,
    ]
);

/// Makes every ledger-entry insert fail, after the call row and its alert event were written
/// in the same transaction.
const SQLITE_REFUSAL: &[&str] = &["CREATE TRIGGER refuse_entries BEFORE INSERT ON ledger_entries \
     BEGIN SELECT RAISE(ABORT, 'ledger refused'); END"];
const POSTGRES_REFUSAL: &[&str] = &[
    "CREATE FUNCTION refuse_entries() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger refused'; END $$ \
     LANGUAGE plpgsql",
    "CREATE TRIGGER refuse_entries BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION refuse_entries()",
];

async fn a_failed_ledger_write_leaves_no_alert_event(store: &SqlStore) {
    let recorded = store.record(&CallEvent::Opened(opened(1))).await;

    assert!(recorded.is_err());
    let events = store.claim_events(&holder("a"), at(100), at(101), 10).await.unwrap();
    assert!(events.is_empty(), "the alert event was rolled back with the ledger entry");
}

mod failed_ledger_write {
    use signalbox::adapters::sql::{DatabaseSettings, SqlStore};
    use sqlx::{AssertSqlSafe, Connection, Executor};

    use crate::support::real_services::{postgres_url, unique_suffix};

    #[tokio::test]
    async fn sqlite_leaves_no_alert_event() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = SqlStore::connect(&DatabaseSettings::from_url(&url)).await.unwrap();
        store.migrate().await.unwrap();
        let mut conn = sqlx::sqlite::SqliteConnection::connect(&url).await.unwrap();
        for statement in super::SQLITE_REFUSAL {
            conn.execute(*statement).await.unwrap();
        }
        super::a_failed_ledger_write_leaves_no_alert_event(&store).await;
    }

    #[tokio::test]
    async fn postgres_leaves_no_alert_event() {
        let Some(base) = postgres_url() else { return };
        let schema = format!("outbox_{}", unique_suffix());
        let mut admin = sqlx::PgConnection::connect(&base).await.unwrap();
        admin.execute(AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).await.unwrap();
        let separator = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
        let store = SqlStore::connect(&DatabaseSettings::from_url(&url)).await.unwrap();
        store.migrate().await.unwrap();
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        for statement in super::POSTGRES_REFUSAL {
            conn.execute(*statement).await.unwrap();
        }
        super::a_failed_ledger_write_leaves_no_alert_event(&store).await;
        store.close().await;
        admin.execute(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).await.unwrap();
    }
}

/// SQLite: a fan-out that starts while another connection writes (the call ledger recording
/// the next call) waits for it like any writer. It used to read first and then write, which
/// SQLite refuses at once when the database changed in between, so every such fan-out failed.
mod sqlite_fan_out_beside_another_writer {
    use std::time::Duration;

    use signalbox::adapters::sql::{DatabaseSettings, SqlStore};
    use signalbox::domain::alerts::{AlertChannel, AlertEventKey};
    use signalbox::domain::calls::CallEvent;
    use signalbox::ports::{AlertOutbox, CallLedger};
    use sqlx::{Connection, Executor};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn waits_for_the_other_writer_and_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = SqlStore::connect(&DatabaseSettings::from_url(&url)).await.unwrap();
        store.migrate().await.unwrap();
        let ana = super::user(&store).await;
        store.record(&CallEvent::Opened(super::opened(1))).await.unwrap();
        let key = AlertEventKey::opened(&super::opened(1).id);

        let mut other = sqlx::sqlite::SqliteConnection::connect(&url).await.unwrap();
        other.execute("BEGIN IMMEDIATE").await.unwrap();
        let fan_out = {
            let store = store.clone();
            let key = key.clone();
            tokio::spawn(async move { store.fan_out(&key, &[super::delivery(ana, AlertChannel::Email)]).await })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        other.execute("CREATE TABLE written_meanwhile (x INTEGER)").await.unwrap();
        other.execute("COMMIT").await.unwrap();

        fan_out.await.unwrap().expect("the fan-out waited for the other writer");
        let claimed = store
            .claim_deliveries(AlertChannel::Email, &super::holder("a"), super::at(5), super::at(6), 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        store.close().await;
    }
}
