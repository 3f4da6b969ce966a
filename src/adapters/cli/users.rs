//! `signalbox users …`: an operator's tools for one account — look it up, grant paid access
//! (a local grant, shown as such), sign it out everywhere.

use std::io::Write;

use crate::app::Services;
use crate::app::operations::UserOverview;
use crate::app::shared::SubscriptionAccess;
use crate::domain::Email;
use crate::domain::local_grant::is_local_grant;

use super::args::email;

#[derive(Debug, clap::Subcommand)]
pub enum UsersCommand {
    /// The account, its plan and every subscription (local grants marked "local grant").
    Show {
        #[arg(value_parser = email)]
        email: Email,
    },
    /// Paid access for N days from now, without a payment (for demos and support).
    GrantPaid {
        #[arg(value_parser = email)]
        email: Email,
        /// How many days of paid access.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3650))]
        days: u32,
    },
    /// End every session of the account (it must log in again everywhere).
    RevokeSessions {
        #[arg(value_parser = email)]
        email: Email,
    },
}

pub async fn run(app: &Services, command: UsersCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        UsersCommand::Show { email } => {
            let overview = app.operations.user_overview(&email).await?;
            out.write_all(describe(&overview).as_bytes())?;
        }
        UsersCommand::GrantPaid { email, days } => {
            let grant = app.billing.grant_paid(&email, days).await?;
            let until = grant.paid_through.map_or("-".into(), |at| at.format("%Y-%m-%d %H:%M UTC").to_string());
            writeln!(out, "{email}: paid through {until} (local grant {})", grant.id)?;
        }
        UsersCommand::RevokeSessions { email } => {
            let revoked = app.accounts.revoke_sessions(&email).await?;
            writeln!(out, "{email}: {revoked} session(s) revoked")?;
        }
    }
    Ok(())
}

/// The account in a few lines: who, plan, then one line per subscription.
pub fn describe(overview: &UserOverview) -> String {
    let user = &overview.user;
    let mut text = format!(
        "{email}\n  id:        {id}\n  created:   {created}\n  plan:      {plan}\n  customer:  {customer}\n",
        email = user.email,
        id = user.id,
        created = user.created_at.format("%Y-%m-%d %H:%M UTC"),
        plan = overview.plan.as_str(),
        customer = user.stripe_customer_id.as_ref().map_or("-".to_owned(), ToString::to_string),
    );
    if overview.subscriptions.is_empty() {
        text.push_str("  subscriptions: none\n");
    }
    for SubscriptionAccess { subscription, access_until } in &overview.subscriptions {
        let until = access_until.map_or("-".into(), |at| at.format("%Y-%m-%d %H:%M UTC").to_string());
        let kind = if is_local_grant(&subscription.id) { "local grant" } else { "stripe" };
        text.push_str(&format!(
            "  subscription {id} ({kind}): {status}, access until {until}\n",
            id = subscription.id,
            status = subscription.status.as_str(),
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::local_grant::{local_grant, new_local_customer};
    use crate::domain::{EntitlementPolicy, Plan, User, UserId};

    #[test]
    fn a_local_grant_is_shown_as_one() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap();
        let customer = new_local_customer();
        let grant = local_grant(customer.clone(), now, 7);
        let policy = EntitlementPolicy::default();
        let overview = UserOverview {
            user: User {
                id: UserId::new_random(),
                email: Email::parse("demo@example.com").unwrap(),
                created_at: now,
                stripe_customer_id: Some(customer.clone()),
            },
            plan: Plan::Paid,
            subscriptions: vec![SubscriptionAccess { access_until: policy.access_until(&grant), subscription: grant }],
        };

        let text = describe(&overview);

        assert!(text.contains("plan:      paid"), "{text}");
        assert!(text.contains("(local grant): active, access until 2026-12-05 10:00 UTC"), "{text}");
    }
}
