//! The command line's grammar, declared with clap: every command and option with its help
//! (`signalbox --help`, `signalbox users grant-paid --help`, …). Values are parsed into domain
//! types here, at the edge, so the commands receive an `Email` or an `evt_` id, never a string.

use clap::{Args, Parser, Subcommand};

use super::alerts::AlertsCommand;
use super::backtest::BacktestArgs;
use super::billing::SyncArgs;
use super::ledger::LedgerCommand;
use super::market::MarketCommand;
use super::users::UsersCommand;
use super::webhooks::WebhooksCommand;
use crate::domain::Email;

/// Trading signals for NIFTY and BANKNIFTY: the server and its operator commands.
///
/// Every command reads the same settings as the server (environment variables, an optional
/// `signalbox.toml`, and `.env` in development; see docs/configuration.md).
#[derive(Debug, Parser)]
#[command(name = "signalbox", version, propagate_version = true)]
pub struct Cli {
    /// What to do; `serve` when left out.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (API, dashboard, Swagger UI); migrations run first.
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Print the OpenAPI document (how `openapi.json` is regenerated).
    Openapi,
    /// The Stripe webhook event log: list events, re-process a failed one.
    #[command(subcommand)]
    Webhooks(WebhooksCommand),
    /// Reconciliation with Stripe.
    #[command(subcommand)]
    Billing(BillingCommand),
    /// Historical candles.
    #[command(subcommand)]
    Market(MarketCommand),
    /// The tamper-evident ledger of trade calls.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Run the live call rules over past candles and print the track record.
    Backtest(BacktestArgs),
    /// The alert queues per channel.
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// Look up an account, grant paid access, end its sessions.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Demo data.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Browser push keys.
    #[command(subcommand)]
    Vapid(VapidCommand),
}

#[derive(Debug, Subcommand)]
pub enum VapidCommand {
    /// Print a new VAPID key pair: the `VAPID_PRIVATE_KEY` line to set, and its public key.
    Generate,
}

#[derive(Debug, Subcommand)]
pub enum BillingCommand {
    /// Re-read subscriptions from Stripe and repair local state, printing what changed.
    Sync(SyncArgs),
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Create a free and a paid demo account (idempotent), and print how to log in.
    Seed(SeedArgs),
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// The free demo account.
    #[arg(long, default_value = "demo-free@example.com", value_parser = email)]
    pub free: Email,
    /// The paid demo account (paid through a local grant).
    #[arg(long, default_value = "demo-paid@example.com", value_parser = email)]
    pub paid: Email,
}

/// clap's value parser for emails.
pub fn email(raw: &str) -> Result<Email, String> {
    Email::parse(raw).map_err(|err| err.to_string())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::app::billing::SyncScope;
    use crate::domain::StripeEventId;
    use crate::ports::WebhookEventStatus;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("signalbox").chain(args.iter().copied()))
    }

    fn command(args: &[&str]) -> Command {
        parse(args).unwrap_or_else(|err| panic!("{args:?}: {err}")).command.expect("a command")
    }

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_command_means_serve_and_the_simple_commands_parse() {
        assert!(parse(&[]).unwrap().command.is_none());
        assert!(matches!(command(&["serve"]), Command::Serve));
        assert!(matches!(command(&["migrate"]), Command::Migrate));
        assert!(matches!(command(&["openapi"]), Command::Openapi));
    }

    #[test]
    fn webhooks_list_defaults_to_every_status_and_fifty_events_and_takes_both() {
        assert!(matches!(
            command(&["webhooks", "list"]),
            Command::Webhooks(WebhooksCommand::List { status: None, limit: 50 })
        ));
        assert!(matches!(
            command(&["webhooks", "list", "--status", "failed", "--limit", "5"]),
            Command::Webhooks(WebhooksCommand::List { status: Some(WebhookEventStatus::Failed), limit: 5 })
        ));
    }

    #[test]
    fn webhooks_reprocess_takes_one_event_id() {
        let Command::Webhooks(WebhooksCommand::Reprocess { id }) = command(&["webhooks", "reprocess", "evt_123"])
        else {
            panic!("not a reprocess")
        };
        assert_eq!(id, StripeEventId::parse("evt_123").unwrap());
    }

    #[test]
    fn billing_sync_takes_a_user_or_all_but_not_both_or_neither() {
        let Command::Billing(BillingCommand::Sync(all)) = command(&["billing", "sync", "--all"]) else { panic!() };
        assert!(matches!(all.scope(), SyncScope::All));
        let id = crate::domain::UserId::new_random().to_string();
        let Command::Billing(BillingCommand::Sync(one)) = command(&["billing", "sync", "--user", &id]) else {
            panic!()
        };
        assert!(matches!(one.scope(), SyncScope::User(user) if user.to_string() == id));
        assert!(parse(&["billing", "sync"]).is_err());
        assert!(parse(&["billing", "sync", "--all", "--user", &id]).is_err());
        assert!(parse(&["billing", "sync", "--user", "not-a-uuid"]).is_err());
    }

    #[test]
    fn market_import_takes_a_file() {
        assert!(
            matches!(command(&["market", "import", "x.csv"]), Command::Market(MarketCommand::Import { path }) if path == "x.csv")
        );
    }

    #[test]
    fn users_commands_take_a_valid_email() {
        assert!(
            matches!(command(&["users", "show", "A@Example.com"]), Command::Users(UsersCommand::Show { email }) if email.as_str() == "a@example.com")
        );
        assert!(matches!(
            command(&["users", "grant-paid", "a@example.com", "--days", "7"]),
            Command::Users(UsersCommand::GrantPaid { days: 7, .. })
        ));
        assert!(matches!(
            command(&["users", "revoke-sessions", "a@example.com"]),
            Command::Users(UsersCommand::RevokeSessions { .. })
        ));
        assert!(parse(&["users", "show", "not-an-email"]).is_err());
        assert!(parse(&["users", "grant-paid", "a@example.com"]).is_err(), "--days is required");
        assert!(parse(&["users", "grant-paid", "a@example.com", "--days", "0"]).is_err());
    }

    #[test]
    fn demo_seed_has_default_accounts() {
        let Command::Demo(DemoCommand::Seed(seed)) = command(&["demo", "seed"]) else { panic!() };
        assert_eq!((seed.free.as_str(), seed.paid.as_str()), ("demo-free@example.com", "demo-paid@example.com"));
    }

    #[test]
    fn wrong_arguments_are_refused() {
        for bad in [
            &["webhooks", "list", "--status", "lost"][..],
            &["webhooks", "list", "--limit", "0"],
            &["webhooks", "reprocess", "in_123"],
            &["webhooks", "delete"],
            &["market", "import"],
            &["nonsense"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_command_has_help() {
        for path in [
            &[][..],
            &["serve"],
            &["migrate"],
            &["openapi"],
            &["webhooks"],
            &["webhooks", "list"],
            &["webhooks", "reprocess"],
            &["billing", "sync"],
            &["market", "import"],
            &["users"],
            &["users", "show"],
            &["users", "grant-paid"],
            &["users", "revoke-sessions"],
            &["demo", "seed"],
        ] {
            let mut args = path.to_vec();
            args.push("--help");
            let err = parse(&args).unwrap_err();
            assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp, "{path:?}");
            assert!(err.to_string().contains("Usage: signalbox"), "{path:?}: {err}");
        }
    }
}
