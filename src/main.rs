//! The `signalbox` binary.
//!
//! - `signalbox` (or `signalbox serve`): run the server.
//! - `signalbox migrate`: apply database migrations and exit (they also run on start).
//! - `signalbox openapi`: print the OpenAPI document (how `openapi.json` is regenerated).

use anyhow::Context;
use signalbox::app::config::Settings;
use signalbox::app::startup::Application;
use signalbox::app::{telemetry, wiring};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    match command.as_str() {
        "openapi" => {
            println!("{}", signalbox::adapters::http::openapi::document()?);
            Ok(())
        }
        "migrate" => {
            let settings = Settings::load()?;
            telemetry::init(settings.log_format);
            let store = signalbox::adapters::sql::SqlStore::connect(&wiring::database_settings(&settings)).await?;
            store.migrate().await.context("running migrations")?;
            tracing::info!("migrations applied");
            Ok(())
        }
        "serve" => serve().await,
        other => anyhow::bail!("unknown command {other:?}; expected serve, migrate or openapi"),
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    telemetry::init(settings.log_format);
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
