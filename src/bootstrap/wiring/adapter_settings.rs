//! Each adapter's own small settings struct, cut from the settings tree.

use std::time::Duration;

use crate::adapters::auth::{Argon2Settings, JwtIssuer, JwtSettings};
use secrecy::SecretString;

use crate::adapters::sql::DatabaseSettings;
use crate::adapters::stripe::StripeSettings;
use crate::bootstrap::config::Settings;

pub fn database_settings(settings: &Settings) -> DatabaseSettings {
    DatabaseSettings {
        url: settings.database_url.clone(),
        max_connections: settings.database_max_connections,
        acquire_timeout: Duration::from_secs(5),
    }
}

/// Stripe sends people back to the dashboard (`FRONTEND_URL`), which may not be the API's host.
pub fn stripe_settings(settings: &Settings, secret_key: SecretString) -> StripeSettings {
    StripeSettings {
        secret_key,
        price_id: settings.stripe_price_id.clone(),
        frontend_url: settings.frontend_url(),
        api_base: settings.stripe_api_base.clone(),
    }
}

pub fn argon2_settings(settings: &Settings) -> Argon2Settings {
    Argon2Settings {
        memory_kib: settings.argon2_memory_kib,
        iterations: settings.argon2_iterations,
        parallelism: settings.argon2_parallelism,
    }
}

pub(super) fn jwt(settings: &Settings) -> JwtIssuer {
    JwtIssuer::new(&JwtSettings {
        secret: settings.secret_key.clone(),
        ttl: chrono::Duration::minutes(settings.access_token_minutes),
    })
}
