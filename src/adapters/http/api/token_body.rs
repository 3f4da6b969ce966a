//! The access-token answer of log-in and refresh (the seed's contract, unchanged).

use poem_openapi::Object;
use secrecy::ExposeSecret;

use crate::app::accounts::Session;

#[derive(Object)]
pub struct TokenBody {
    access_token: String,
    /// Always `bearer`.
    token_type: String,
    /// Seconds until the token expires.
    expires_in: u64,
}

impl TokenBody {
    pub fn new(session: &Session) -> Self {
        Self {
            access_token: session.access.token.expose_secret().to_owned(),
            token_type: "bearer".into(),
            expires_in: session.access.expires_in_secs,
        }
    }
}

/// Token responses must not be cached by browsers or proxies (RFC 6749 §5.1).
pub const NO_STORE: &str = "no-store";
