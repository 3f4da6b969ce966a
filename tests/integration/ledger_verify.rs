//! `signalbox ledger verify` as the real binary, on SQLite and PostgreSQL: an intact chain
//! passes; one stored entry edited with a plain SQL `UPDATE` fails, naming the first broken
//! link (its height, the hash expected and the one found) with a non-zero exit.

use std::process::{Command, Output};

use chrono::{DateTime, Duration, TimeZone, Utc};
use signalbox::adapters::sql::{DatabaseSettings, SqlStore};
use signalbox::domain::calls::{Call, CallEvent, CallId, CostBps, Direction, Exit, ExitReason, verify};
use signalbox::domain::signals::Symbol;
use signalbox::ports::CallLedger;
use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};

use crate::support::real_services::{postgres_url, unique_suffix};

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Runs `signalbox ledger verify` on `database_url`, with no other settings.
fn ledger_verify(database_url: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let Output { status, stdout, stderr } = Command::new(env!("CARGO_BIN_EXE_signalbox"))
        .args(["ledger", "verify"])
        .current_dir(dir.path())
        .env_clear()
        .env("DATABASE_URL", database_url)
        .output()
        .expect("the binary runs");
    Run {
        ok: status.success(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 0, 0).unwrap() + Duration::minutes(minute)
}

/// Three calls, each opened and closed: six entries, heights 0 to 5.
async fn record_three_calls(url: &str) -> Vec<signalbox::domain::calls::HashedEntry> {
    let store = SqlStore::connect(&DatabaseSettings::from_url(url)).await.unwrap();
    store.migrate().await.unwrap();
    for minute in [0, 10, 20] {
        let opened_at = at(minute);
        let mut call = Call {
            id: CallId::of(Symbol::Nifty, opened_at),
            symbol: Symbol::Nifty,
            direction: Direction::Long,
            entry: 26_000.0 + minute as f64,
            stop_loss: 25_950.0,
            target: 26_080.0,
            confidence: 0.41,
            opened_at,
            cost: CostBps::DEFAULT,
            exit: None,
        };
        store.record(&CallEvent::Opened(call.clone())).await.unwrap();
        call.exit = Some(Exit { closed_at: at(minute + 5), price: 26_020.0, reason: ExitReason::Reversed });
        store.record(&CallEvent::Closed(call)).await.unwrap();
    }
    let entries = store.entries(0, 100).await.unwrap();
    store.close().await;
    entries
}

/// The entry at height 2 is the second call's opening: its `entry` price is what gets edited.
const EDIT: &str = "UPDATE calls SET entry = entry + 1 WHERE id = 'NIFTY-202611250410'";

fn assert_names_height_two(run: &Run, entries: &[signalbox::domain::calls::HashedEntry]) {
    assert!(!run.ok, "an edited ledger must fail: {}", run.stdout);
    let stored = entries[2].hash.to_hex();
    assert!(run.stderr.contains("height 2"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("found {stored}")), "{}", run.stderr);
    assert!(!run.stderr.contains(&format!("expected {stored}")), "{}", run.stderr);
}

#[tokio::test]
async fn verify_passes_an_intact_sqlite_ledger_and_names_an_edited_entry() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db.sqlite").display());
    let entries = record_three_calls(&url).await;
    let head = verify(&entries).unwrap();

    let intact = ledger_verify(&url);
    assert!(intact.ok, "{}\n{}", intact.stdout, intact.stderr);
    assert!(intact.stdout.contains(&format!("6 entries, head {head}")), "{}", intact.stdout);

    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    conn.execute(EDIT).await.unwrap();
    conn.close().await.unwrap();
    assert_names_height_two(&ledger_verify(&url), &entries);
}

#[tokio::test]
async fn verify_passes_an_intact_postgres_ledger_and_names_an_edited_entry() {
    let Some(base_url) = postgres_url() else { return };
    let schema = format!("ledger_{}", unique_suffix());
    let mut admin = PgConnection::connect(&base_url).await.unwrap();
    admin.execute(AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).await.unwrap();
    let separator = if base_url.contains('?') { '&' } else { '?' };
    let url = format!("{base_url}{separator}options=-c%20search_path%3D{schema}");

    let edit = EDIT.replace("UPDATE calls", &format!("UPDATE {schema}.calls"));
    // Run the body as its own task so a failed assertion comes back here and the schema is
    // still dropped.
    let outcome = async move {
        let entries = record_three_calls(&url).await;
        let intact = ledger_verify(&url);
        assert!(intact.ok, "{}\n{}", intact.stdout, intact.stderr);

        admin.execute(AssertSqlSafe(edit)).await.unwrap();
        assert_names_height_two(&ledger_verify(&url), &entries);
    };
    let result = tokio::spawn(outcome).await;
    let mut admin = PgConnection::connect(&base_url).await.unwrap();
    admin.execute(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).await.unwrap();
    if let Err(failure) = result {
        std::panic::resume_unwind(failure.into_panic());
    }
}
