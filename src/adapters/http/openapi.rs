//! The OpenAPI document as committed in `openapi.json` (a test fails when they differ).

use std::sync::Arc;

use crate::adapters::auth::{Argon2Hasher, Argon2Settings};
use crate::adapters::clock::SystemClock;
use crate::app::config::Settings;
use crate::app::wiring::in_memory;

use super::openapi_service;

/// Builds the document from the code, independent of configuration: handlers are not run, so
/// in-memory adapters and defaults suffice. Servers are relative (`/`) so Swagger UI works on
/// any host.
pub fn document() -> anyhow::Result<String> {
    let settings = Settings::from_figment(figment::Figment::new())?;
    let cheap = Argon2Settings { memory_kib: 64, iterations: 1, parallelism: 1 };
    let wired = in_memory(&settings, Arc::new(SystemClock), Argon2Hasher::new(cheap)?)?;
    Ok(openapi_service(wired.app, "/", false).spec())
}
