//! `signalbox billing sync [--user ID | --all]`: re-read subscriptions from Stripe and repair
//! what we hold, printing each subscription that changed (see the `sync_billing` use case).
//!
//! Parsing and formatting are plain functions, so they are tested without a database.

use std::io::Write;

use anyhow::{Context, bail};

use crate::app::Signalbox;
use crate::app::use_cases::{SyncChange, SyncScope};

pub const USAGE: &str = "usage: signalbox billing sync (--user <user id> | --all)";

/// Parses the arguments after `billing`.
///
/// # Errors
/// A message naming what is wrong, followed by [`USAGE`].
pub fn parse(args: &[String]) -> anyhow::Result<SyncScope> {
    match args {
        [sync, all] if sync == "sync" && all == "--all" => Ok(SyncScope::All),
        [sync, user, id] if sync == "sync" && user == "--user" => {
            Ok(SyncScope::User(id.parse().with_context(|| format!("{id:?} is not a user id\n{USAGE}"))?))
        }
        _ => bail!("expected `sync --user <id>` or `sync --all`\n{USAGE}"),
    }
}

/// Runs the sync and reports every change; "no changes" when everything already agreed.
///
/// # Errors
/// When the provider or the database fails; changes made before the failure stay made.
pub async fn run(app: &Signalbox, scope: SyncScope, out: &mut impl Write) -> anyhow::Result<()> {
    let changes = app.sync_billing(scope).await?;
    out.write_all(report(&changes).as_bytes())?;
    Ok(())
}

pub fn report(changes: &[SyncChange]) -> String {
    if changes.is_empty() {
        return "no changes: local billing state matches Stripe\n".to_owned();
    }
    let mut text = String::new();
    for change in changes {
        let before = change.before.map_or("unknown", |s| s.as_str());
        let until = change.after.paid_through.map_or("-".to_owned(), |at| at.format("%Y-%m-%d %H:%M UTC").to_string());
        let cancels = if change.after.cancel_at_period_end { " (cancels at period end)" } else { "" };
        text.push_str(&format!(
            "{user} {sub}: {before} -> {after}, paid through {until}{cancels}\n",
            user = change.user,
            sub = change.subscription,
            after = change.after.status.as_str(),
        ));
    }
    text.push_str(&format!("{} subscription(s) repaired\n", changes.len()));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(raw: &[&str]) -> Vec<String> {
        raw.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_one_user_or_all() {
        assert!(matches!(parse(&args(&["sync", "--all"])).unwrap(), SyncScope::All));
        let id = "3f2a7c1e-9b8d-4e6f-a1b2-c3d4e5f60718";
        assert!(matches!(parse(&args(&["sync", "--user", id])).unwrap(), SyncScope::User(u) if u.to_string() == id));
    }

    #[test]
    fn refuses_anything_else_with_the_usage() {
        for bad in [&["sync"][..], &["sync", "--user", "nope"], &["sync", "--everyone"], &[]] {
            let err = parse(&args(bad)).unwrap_err().to_string();
            assert!(err.contains("usage: signalbox billing sync"), "{err}");
        }
    }

    #[test]
    fn an_empty_report_says_nothing_changed() {
        assert!(report(&[]).starts_with("no changes"));
    }
}
