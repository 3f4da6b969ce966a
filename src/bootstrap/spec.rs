//! The OpenAPI document as committed in `openapi.json` (a test fails when they differ).

use std::sync::Arc;

use crate::adapters::auth::{Argon2Hasher, Argon2Settings};
use crate::adapters::clock::SystemClock;
use crate::adapters::http::openapi_service;
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::mail::DevOutbox;
use crate::adapters::memory::{InMemoryAccounts, InMemoryPasswordResets, InMemoryRefreshTokens};
use crate::adapters::simulated_stripe::SimulatedStripe;

use super::config::Settings;
use super::wiring::{InProcess, in_process};

/// Builds the document from the code, independent of configuration and environment. The
/// document depends only on the API's types, but poem-openapi builds it from a service value,
/// so the handlers get an application that is never called: in-process fakes and default
/// settings. Servers are relative (`/`) so Swagger UI works on any host.
pub fn document() -> anyhow::Result<String> {
    let settings = Settings::from_figment(figment::Figment::new())?;
    let accounts = Arc::new(InMemoryAccounts::default());
    let app = in_process(
        &settings,
        InProcess {
            users: accounts.clone(),
            billing: accounts,
            refresh_tokens: Arc::new(InMemoryRefreshTokens::default()),
            password_resets: Arc::new(InMemoryPasswordResets::default()),
            mailer: Arc::new(DevOutbox::new(Arc::new(SystemClock))),
            gateway: Arc::new(SimulatedStripe::new(settings.public_url())),
            hasher: Arc::new(Argon2Hasher::new(Argon2Settings { memory_kib: 64, iterations: 1, parallelism: 1 })?),
            clock: Arc::new(SystemClock),
            market_clock: Arc::new(SystemClock),
        },
    )?;
    Ok(openapi_service(&app, "/", RefreshCookie::for_public_url("/")).spec())
}
