//! Port contract suites. Each suite is written once as functions over `&dyn Port` and called
//! for every implementation: the in-memory fake, SQLite, PostgreSQL, Redis.

use std::future::Future;

/// A contract case: an `async fn` of the subject it checks. `Send + 'static` because a subject
/// may run it on a spawned task (PostgreSQL's does, to drop its schema even after a panic).
pub trait Case<S>: FnOnce(S) -> <Self as Case<S>>::Run + Send + 'static {
    type Run: Future<Output = ()> + Send + 'static;
}

impl<S, F, R> Case<S> for F
where
    F: FnOnce(S) -> R + Send + 'static,
    R: Future<Output = ()> + Send + 'static,
{
    type Run = R;
}

/// One `#[tokio::test]` per contract case and implementation:
///
/// `contract_tests!(memory => memory_subject, redis => redis_subject; [case_a, case_b]);`
///
/// makes `memory::case_a`, `redis::case_a`, ..., each running `memory_subject(case_a)`. A
/// subject is an `async fn(impl Case<S>)`: it builds its implementation and whatever that needs
/// (a seeded database, a fake server), runs the case on it and cleans up after; it returns
/// without running the case when the implementation's real service is not configured (the test
/// is then skipped). Multi-threaded, so the "concurrent" cases really run in parallel.
macro_rules! contract_tests {
    ($($module:ident => $subject:ident),+ ; $cases:tt) => {
        $( contract_tests!(@module $module, $subject, $cases); )+
    };
    (@module $module:ident, $subject:ident, [$($case:ident),+ $(,)?]) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    super::$subject(super::$case).await;
                }
            )+
        }
    };
}

/// One `#[tokio::test]` per check on the in-memory fake, SQLite and PostgreSQL, for ports the
/// SQL store implements: `memory` builds the fake's call from `check` (the check function),
/// `sql` from `check` and `store` (one migrated `SqlStore`, shared by every port it plays).
///
/// ```ignore
/// memory_and_sql_contract!(
///     memory: |check| check(Arc::new(InMemoryAccounts::new())),
///     sql: |check, store| check(store);
///     [case_a, case_b]
/// );
/// ```
///
/// Multi-threaded, so spawned racers really race.
#[macro_export]
macro_rules! memory_and_sql_contract {
    (memory: |$m:ident| $memory:expr, sql: |$c:ident, $s:ident| $sql:expr; [$($check:ident),* $(,)?]) => {
        mod memory {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $check() {
                    let $m = super::$check;
                    $memory.await;
                }
            )*
        }
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $check() {
                    $crate::contracts::sql_store::with_sqlite(|$s| {
                        let $c = super::$check;
                        $sql
                    })
                    .await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $check() {
                    $crate::contracts::sql_store::with_postgres(|$s| {
                        let $c = super::$check;
                        $sql
                    })
                    .await;
                }
            )*
        }
    };
}

pub mod alert_outbox;
pub mod alert_subscribers;
pub mod billing_store;
pub mod bus;
pub mod cache;
pub mod call_ledger;
pub mod counters;
pub mod customer_replacement;
pub mod idempotency;
pub mod market_data;
pub mod password_resets;
pub mod payment_gateway;
pub mod push_devices;
pub mod refresh_tokens;
pub mod signal_history;
pub mod signal_subscription;
pub mod sql_store;
pub mod sqlite_writers;
pub mod telegram_bot;
pub mod user_repository;
pub mod webhook_event_log;
