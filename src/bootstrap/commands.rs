//! The `signalbox` commands, run: `main` parses the command line and hands it here, so the
//! binary names no adapter and every store or service a command needs is built in this layer.

use anyhow::Context;

use super::config::{Settings, load_dotenv_in_development};
use super::startup::Application;
use super::{spec, telemetry, wiring};
use crate::adapters::cli::args::{BillingCommand, Cli, Command, DemoCommand, VapidCommand};
use crate::adapters::cli::{alerts, backtest, billing, demo, ledger, market, users, webhooks};
use crate::adapters::sql::SqlStore;
use crate::adapters::web_push::VapidKey;
use crate::app::Services;
use crate::domain::market::MarketCalendar;

/// Runs `cli`'s command; without one, serves.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    load_dotenv_in_development();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Openapi => {
            println!("{}", spec::document()?);
            Ok(())
        }
        Command::Migrate => {
            let settings = Settings::load()?;
            telemetry::init(settings.log_format());
            migrated_store(&settings).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Webhooks(command) => {
            let app = operator_app().await?;
            webhooks::run(&app.billing, command, &mut std::io::stdout().lock()).await
        }
        Command::Billing(BillingCommand::Sync(args)) => {
            let settings = Settings::load()?;
            let asked = match settings.stripe_secret_key {
                Some(_) => billing::GatewayAsked::Stripe,
                None => billing::GatewayAsked::Simulated,
            };
            let app = operator_app_with(&settings).await?;
            billing::run(&app.billing, args.scope(), asked, &mut std::io::stdout().lock()).await
        }
        Command::Users(command) => {
            let app = operator_app().await?;
            users::run(&app, command, &mut std::io::stdout().lock()).await
        }
        Command::Demo(DemoCommand::Seed(args)) => {
            let app = operator_app().await?;
            demo::seed(&app.operations, args, &mut std::io::stdout().lock()).await
        }
        Command::Market(command) => {
            // Candle imports need only the database (migrated first, so a fresh one works).
            let settings = Settings::load()?;
            operator_logs();
            let store = migrated_store(&settings).await?;
            market::run(&store, &MarketCalendar::default(), command, &mut std::io::stdout().lock()).await
        }
        Command::Backtest(args) => {
            let app = operator_app().await?;
            backtest::run(&app.signals, args, &mut std::io::stdout().lock()).await
        }
        Command::Vapid(VapidCommand::Generate) => {
            // Needs no settings: a key pair is made here and only printed.
            let key = VapidKey::generate();
            println!("VAPID_PRIVATE_KEY={}", key.private_key());
            println!("# public key (browsers get it from GET /alerts/push/key): {}", key.public_key());
            Ok(())
        }
        Command::Alerts(command) => {
            let app = operator_app().await?;
            alerts::run(&app.alerts, command, &mut std::io::stdout().lock()).await
        }
        Command::Ledger(command) => {
            // Verifying reads only the database: no Redis or Stripe needed to audit it.
            let settings = Settings::load()?;
            operator_logs();
            let store = migrated_store(&settings).await?;
            ledger::run(&store, command, &mut std::io::stdout().lock()).await
        }
    }
}

/// The SQL store the settings name, with its migrations applied.
async fn migrated_store(settings: &Settings) -> anyhow::Result<SqlStore> {
    let store = SqlStore::connect(&wiring::database_settings(settings)).await?;
    store.migrate().await.context("running migrations")?;
    Ok(store)
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    telemetry::init(settings.log_format());
    let public_url = settings.public_url();
    let simulated = settings.stripe_secret_key.is_none();
    let app = Application::build(settings).await.context("starting Signalbox")?;
    tracing::info!(port = app.port(), "Signalbox is up: dashboard {public_url}/ · API docs {public_url}/docs");
    if simulated {
        tracing::info!("no STRIPE_SECRET_KEY: checkout is simulated (no real payments)");
    }
    app.run_until(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// The services wired as the server wires them (database, Redis — whose claims keep a
/// re-process from racing a live delivery — and Stripe), for an operator command.
async fn operator_app() -> anyhow::Result<Services> {
    operator_app_with(&Settings::load()?).await
}

async fn operator_app_with(settings: &Settings) -> anyhow::Result<Services> {
    operator_logs();
    Ok(wiring::wire(settings).await?.app)
}

/// Logs go to stderr, warnings and up, so that stdout carries only the command's answer.
fn operator_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// Ctrl-C, or SIGTERM from an orchestrator.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
