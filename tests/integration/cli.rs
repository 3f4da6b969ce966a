//! The operator command line, as the real binary on a temporary SQLite database: at least one
//! run per command group, and `--help` everywhere. (The grammar's edge cases are unit-tested
//! in `src/adapters/cli/args.rs`.)

use std::path::Path;
use std::process::{Command, Output};

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Runs `signalbox args…` in `dir` (no `signalbox.toml` or `.env` there) on `dir/db.sqlite`.
fn signalbox(dir: &Path, args: &[&str]) -> Run {
    let Output { status, stdout, stderr } = Command::new(env!("CARGO_BIN_EXE_signalbox"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("DATABASE_URL", format!("sqlite://{}", dir.join("db.sqlite").display()))
        .output()
        .expect("the binary runs");
    Run {
        ok: status.success(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let run = signalbox(dir, args);
    assert!(run.ok, "{args:?} failed:\n{}\n{}", run.stdout, run.stderr);
    run.stdout
}

#[test]
fn every_command_answers_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
        &["openapi", "--help"],
        &["webhooks", "--help"],
        &["webhooks", "reprocess", "--help"],
        &["billing", "sync", "--help"],
        &["market", "import", "--help"],
        &["ledger", "verify", "--help"],
        &["backtest", "--help"],
        &["users", "--help"],
        &["users", "grant-paid", "--help"],
        &["demo", "seed", "--help"],
        &["alerts", "--help"],
        &["alerts", "status", "--help"],
    ] {
        let help = ok(dir.path(), args);
        assert!(help.contains("Usage: signalbox"), "{args:?}: {help}");
    }
    let top = ok(dir.path(), &["--help"]);
    for command in ["serve", "migrate", "openapi", "webhooks", "billing", "market", "users", "demo", "alerts"] {
        assert!(top.contains(command), "{command} missing from --help:\n{top}");
    }
}

#[test]
fn an_unknown_command_fails_and_says_what_exists() {
    let dir = tempfile::tempdir().unwrap();
    let run = signalbox(dir.path(), &["frobnicate"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("unrecognized subcommand") && run.stderr.contains("--help"), "{}", run.stderr);
}

#[test]
fn migrate_creates_the_database_and_openapi_prints_the_document() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["migrate"]);
    assert!(dir.path().join("db.sqlite").exists());
    let spec: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["openapi"])).unwrap();
    assert!(spec["paths"]["/auth/password-reset"].is_object());
}

#[test]
fn demo_seed_is_idempotent_and_the_users_commands_work_on_its_accounts() {
    let dir = tempfile::tempdir().unwrap();

    let first = ok(dir.path(), &["demo", "seed"]);
    let second = ok(dir.path(), &["demo", "seed"]);
    let free = ok(dir.path(), &["users", "show", "demo-free@example.com"]);
    let paid = ok(dir.path(), &["users", "show", "demo-paid@example.com"]);
    let granted = ok(dir.path(), &["users", "grant-paid", "demo-free@example.com", "--days", "7"]);
    let now_paid = ok(dir.path(), &["users", "show", "demo-free@example.com"]);
    let revoked = ok(dir.path(), &["users", "revoke-sessions", "demo-free@example.com"]);
    let unknown = signalbox(dir.path(), &["users", "show", "nobody@example.com"]);

    assert!(first.contains("(2 created)"), "{first}");
    assert!(second.contains("(0 created)"), "{second}");
    assert!(free.contains("plan:      free"), "{free}");
    assert!(paid.contains("plan:      paid") && paid.contains("(local grant): active"), "{paid}");
    assert!(granted.contains("paid through") && granted.contains("sub_local_grant_"), "{granted}");
    assert!(now_paid.contains("plan:      paid"), "{now_paid}");
    assert!(revoked.contains("0 session(s) revoked"), "{revoked}");
    assert!(
        !unknown.ok && unknown.stderr.contains("no account has the email nobody@example.com"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn webhooks_list_and_billing_sync_run_on_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(ok(dir.path(), &["webhooks", "list", "--status", "failed"]), "no webhook events\n");
    assert!(ok(dir.path(), &["billing", "sync", "--all"]).starts_with("no changes"));
    let missing = signalbox(dir.path(), &["webhooks", "reprocess", "evt_missing"]);
    assert!(!missing.ok);
}

/// Every channel has a line, with nothing queued yet (the dispatch itself is covered by
/// `alerts::operators`, which reads the same table after sending).
#[test]
fn alerts_status_prints_a_line_per_channel_on_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["alerts", "status"]);
    let lines: Vec<Vec<&str>> = out.lines().map(|line| line.split_whitespace().collect()).collect();
    assert_eq!(lines[0], ["channel", "sent", "failed", "dropped", "queued", "oldest_queued"], "{out}");
    for channel in ["telegram", "email", "push"] {
        assert!(lines.contains(&vec![channel, "0", "0", "0", "0", "-"]), "{channel} missing:\n{out}");
    }
}

/// Without Stripe keys the gateway is the simulated one: it agrees with whatever we hold, so
/// its silence proves nothing about Stripe.
#[test]
fn billing_sync_without_stripe_keys_says_only_the_simulated_gateway_was_asked() {
    let dir = tempfile::tempdir().unwrap();

    let out = ok(dir.path(), &["billing", "sync", "--all"]);

    assert!(!out.contains("matches Stripe"), "{out}");
    assert!(out.contains("only the simulated gateway was asked") && out.contains("STRIPE_SECRET_KEY"), "{out}");
}

#[test]
fn market_import_loads_a_candle_file() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = format!("{}/tests/fixtures/candles/nifty_5m.csv", env!("CARGO_MANIFEST_DIR"));
    let out = ok(dir.path(), &["market", "import", &fixture]);
    assert!(out.starts_with("imported ") && out.contains(" candles from "), "{out}");
}

#[test]
fn backtest_prints_the_track_record_as_json_and_writes_every_call_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("calls.csv");
    let csv_arg = csv.display().to_string();

    let out = ok(
        dir.path(),
        &["backtest", "--symbol", "NIFTY", "--from", "2026-11-25", "--to", "2026-11-26", "--json", "--csv", &csv_arg],
    );

    let record: serde_json::Value = serde_json::from_str(&out).unwrap();
    let calls = record["calls"].as_u64().unwrap();
    assert!(calls > 0, "{out}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count() as u64, calls + 1, "{text}");
    let sum: f64 = text.lines().skip(1).map(|line| line.rsplit(',').next().unwrap().parse::<f64>().unwrap()).sum();
    assert!((sum - record["total_result_pct_net"].as_f64().unwrap()).abs() < 1e-9);
    let refused =
        signalbox(dir.path(), &["backtest", "--symbol", "NIFTY", "--from", "2026-11-26", "--to", "2026-11-25"]);
    assert!(!refused.ok && refused.stderr.contains("--from"), "{}", refused.stderr);
}
