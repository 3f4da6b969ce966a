//! `signalbox billing sync [--user ID | --all]`: re-read subscriptions from Stripe and repair
//! what we hold, printing each subscription that changed (see the `sync_billing` use case).
//!
//! Parsing and formatting are plain functions, so they are tested without a database.

use std::io::Write;

use crate::app::billing::BillingService;
use crate::app::billing::{SyncChange, SyncScope};
use crate::domain::UserId;

/// Whose subscriptions to re-read: one user's, or everyone's.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
pub struct SyncArgs {
    /// One user, by id.
    #[arg(long)]
    user: Option<UserId>,
    /// Every user linked to a Stripe customer.
    #[arg(long)]
    all: bool,
}

impl SyncArgs {
    pub fn scope(&self) -> SyncScope {
        match self.user {
            Some(user) => SyncScope::User(user),
            None => SyncScope::All,
        }
    }
}

/// Runs the sync and reports every change; "no changes" when everything already agreed.
///
/// # Errors
/// When the provider or the database fails; changes made before the failure stay made.
pub async fn run(billing: &BillingService, scope: SyncScope, out: &mut impl Write) -> anyhow::Result<()> {
    let changes = billing.sync_billing(scope).await?;
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

    #[test]
    fn an_empty_report_says_nothing_changed() {
        assert!(report(&[]).starts_with("no changes"));
    }
}
