//! Each adapter's own small settings struct, cut from the settings tree.

use std::time::Duration;

use crate::adapters::auth::{Argon2Settings, JwtIssuer, JwtSettings};
use crate::adapters::sql::DatabaseSettings;
use crate::bootstrap::config::Settings;

pub fn database_settings(settings: &Settings) -> DatabaseSettings {
    DatabaseSettings {
        url: settings.database_url.clone(),
        max_connections: settings.database_max_connections,
        acquire_timeout: Duration::from_secs(5),
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
