//! `signalbox billing sync [--user ID | --all]`: re-read subscriptions from Stripe and repair
//! what we hold, printing each subscription that changed (see the `sync_billing` use case).
//!
//! Without `STRIPE_SECRET_KEY` the payment gateway is the simulated one, which knows only what
//! this deployment told it: the report then says so instead of claiming agreement with Stripe,
//! so an operator never takes a no-op for a check.
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

/// Which payment gateway the sync asked: the composition root knows whether it wired Stripe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayAsked {
    Stripe,
    /// No `STRIPE_SECRET_KEY`: the simulated gateway, which agrees with whatever we hold.
    Simulated,
}

const ONLY_SIMULATED: &str =
    "only the simulated gateway was asked (STRIPE_SECRET_KEY is not set): nothing was compared with Stripe";

/// Runs the sync and reports every change; "no changes" when everything already agreed.
///
/// # Errors
/// When the provider or the database fails; changes made before the failure stay made.
pub async fn run(
    billing: &BillingService,
    scope: SyncScope,
    asked: GatewayAsked,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let changes = billing.sync_billing(scope).await?;
    out.write_all(report(&changes, asked).as_bytes())?;
    Ok(())
}

pub fn report(changes: &[SyncChange], asked: GatewayAsked) -> String {
    match (changes.is_empty(), asked) {
        (true, GatewayAsked::Stripe) => return "no changes: local billing state matches Stripe\n".to_owned(),
        (true, GatewayAsked::Simulated) => return format!("no changes, but {ONLY_SIMULATED}\n"),
        (false, _) => {}
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
    if asked == GatewayAsked::Simulated {
        text.push_str(&format!("{ONLY_SIMULATED}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_report_says_nothing_changed() {
        assert_eq!(report(&[], GatewayAsked::Stripe), "no changes: local billing state matches Stripe\n");
    }

    #[test]
    fn a_report_from_the_simulated_gateway_never_claims_to_match_stripe() {
        let empty = report(&[], GatewayAsked::Simulated);

        assert!(!empty.contains("matches Stripe"), "{empty}");
        assert!(empty.contains("only the simulated gateway was asked"), "{empty}");
    }
}
