//! The `signalbox` binary.
//!
//! - `signalbox` (or `signalbox serve`): run the server.
//! - `signalbox migrate`: apply database migrations and exit (they also run on start).
//! - `signalbox openapi`: print the OpenAPI document (how `openapi.json` is regenerated).
//! - `signalbox webhooks list [--status failed] [--limit N]`: the Stripe webhook event log.
//! - `signalbox webhooks reprocess <evt_id>`: apply a failed webhook event again.
//! - `signalbox billing sync (--user ID | --all)`: re-read subscriptions from Stripe and repair.
//! - `signalbox market import FILE.csv`: load historical candles into the database.

use anyhow::Context;
use signalbox::bootstrap::config::Settings;
use signalbox::bootstrap::startup::Application;
use signalbox::bootstrap::{spec, telemetry, wiring};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    match command.as_str() {
        "openapi" => {
            println!("{}", spec::document()?);
            Ok(())
        }
        "migrate" => {
            let settings = Settings::load()?;
            telemetry::init(settings.log_format());
            let store = signalbox::adapters::sql::SqlStore::connect(&wiring::database_settings(&settings)).await?;
            store.migrate().await.context("running migrations")?;
            tracing::info!("migrations applied");
            Ok(())
        }
        "serve" => serve().await,
        "webhooks" => webhooks().await,
        "billing" => billing().await,
        "market" => market().await,
        other => {
            anyhow::bail!("unknown command {other:?}; expected serve, migrate, openapi, webhooks, billing or market")
        }
    }
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

/// Operator commands over the webhook log, against the configured database (and Redis, whose
/// claims keep a re-process from racing a live delivery of the same event).
async fn webhooks() -> anyhow::Result<()> {
    use signalbox::adapters::cli::webhooks;
    let args: Vec<String> = std::env::args().skip(2).collect();
    let command = webhooks::parse(&args)?;
    let settings = Settings::load()?;
    // Logs go to stderr here so that stdout carries only the command's answer.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
    let wired = wiring::wire(&settings).await?;
    webhooks::run(&wired.app, command, &mut std::io::stdout().lock()).await
}

/// Reconciliation with Stripe, against the configured database and Stripe account.
async fn billing() -> anyhow::Result<()> {
    use signalbox::adapters::cli::billing;
    let args: Vec<String> = std::env::args().skip(2).collect();
    let scope = billing::parse(&args)?;
    let settings = Settings::load()?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
    let wired = wiring::wire(&settings).await?;
    billing::run(&wired.app, scope, &mut std::io::stdout().lock()).await
}

/// Candle imports into the configured database (migrated first, so a fresh one works).
async fn market() -> anyhow::Result<()> {
    use signalbox::adapters::cli::market;
    let args: Vec<String> = std::env::args().skip(2).collect();
    let command = market::parse(&args)?;
    let settings = Settings::load()?;
    let store = signalbox::adapters::sql::SqlStore::connect(&wiring::database_settings(&settings)).await?;
    store.migrate().await.context("running migrations")?;
    let calendar = signalbox::domain::market::MarketCalendar::default();
    market::run(&store, &calendar, command, &mut std::io::stdout().lock()).await
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
