//! Port contract suites. Each suite is written once as functions over `&dyn Port` and called
//! for every implementation: the in-memory fake, SQLite, PostgreSQL, Redis.

/// One `#[tokio::test]` per contract case and implementation:
///
/// `contract_tests!(memory => memory_subject, redis => redis_subject; [case_a, case_b]);`
///
/// makes `memory::case_a`, `redis::case_a`, ..., each calling `case_a(port, &time)` with
/// `(port, time)` from the subject function, which returns `None` when the implementation's
/// real service is not configured (the test is then skipped). Multi-threaded, so the
/// "concurrent" cases really run in parallel.
macro_rules! contract_tests {
    ($($module:ident => $subject:ident),+ ; $cases:tt) => {
        $( contract_tests!(@module $module, $subject, $cases); )+
    };
    (@module $module:ident, $subject:ident, [$($case:ident),+ $(,)?]) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    let Some((port, time)) = super::$subject() else { return };
                    super::$case(port, &time).await;
                }
            )+
        }
    };
}

pub mod billing_changes;
pub mod billing_store;
pub mod cache;
pub mod counters;
pub mod idempotency;
pub mod market_data;
pub mod password_resets;
pub mod payment_gateway;
pub mod refresh_tokens;
pub mod signal_bus;
pub mod signal_history;
pub mod sql_store;
pub mod user_repository;
pub mod webhook_event_log;
