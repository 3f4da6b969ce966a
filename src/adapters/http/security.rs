//! Bearer-token authentication, as a type operations take as a parameter: the requirement is
//! visible in each signature and in Swagger UI's "Authorize" dialog.

use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;

/// A JWT access token from `POST /auth/login`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT")]
pub struct BearerAuth(pub Bearer);

use poem_openapi::payload::Json;

use super::error_body::{BEARER_CHALLENGE, ErrorBody, INVALID_TOKEN_CHALLENGE};
use crate::app::Signalbox;
use crate::app::use_cases::AuthenticateError;
use crate::domain::UserId;

/// Why a request is not authenticated: the 401 body and its `WWW-Authenticate` challenge.
pub struct Unauthenticated {
    pub body: Json<ErrorBody>,
    pub challenge: String,
}

impl Unauthenticated {
    pub fn missing_token() -> Self {
        Self { body: Json(ErrorBody::new("missing bearer token")), challenge: BEARER_CHALLENGE.to_owned() }
    }

    pub fn invalid(detail: &str) -> Self {
        Self { body: Json(ErrorBody::new(detail)), challenge: INVALID_TOKEN_CHALLENGE.to_owned() }
    }
}

impl BearerAuth {
    /// The user this token was issued to.
    pub fn user(&self, app: &Signalbox) -> Result<UserId, Unauthenticated> {
        app.authenticate(&self.0.token).map_err(|err| match err {
            AuthenticateError::Expired => Unauthenticated::invalid("token expired"),
            AuthenticateError::Invalid => Unauthenticated::invalid("invalid token"),
        })
    }
}
