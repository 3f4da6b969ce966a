//! Bearer-token authentication, written once: a type operations take as a parameter, so the
//! requirement is visible in each signature and in Swagger UI's "Authorize" dialog, and the
//! token is checked before the handler runs.
//!
//! The checker finds the accounts service in the request's data (see
//! [`super::routes::api_routes`]); a token it refuses reaches the operation's
//! `bad_request_handler` as a [`TokenRejected`], which answers 401 with the
//! `invalid_token` challenge.

use std::sync::Arc;

use poem::Request;
use poem::http::StatusCode;
use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;
use poem_openapi::payload::Json;

use super::error_body::{BEARER_CHALLENGE, ErrorBody, INVALID_TOKEN_CHALLENGE};
use crate::app::accounts::AccountsService;
use crate::app::accounts::AuthenticateError;
use crate::ports::VerifiedAccess;

// The doc comment below is the scheme's description in `openapi.json`. Holds the user the
// token was issued to.
/// A JWT access token from `POST /auth/login`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT", checker = "authenticate")]
pub struct BearerAuth(pub VerifiedAccess);

async fn authenticate(req: &Request, bearer: Bearer) -> poem::Result<VerifiedAccess> {
    let app = req.data::<Arc<AccountsService>>().ok_or_else(|| {
        poem::Error::from_string("the API is mounted without its accounts service", StatusCode::INTERNAL_SERVER_ERROR)
    })?;
    app.authenticate(&bearer.token).await.map_err(|err| TokenRejected(err).into())
}

/// A bearer token the application refused.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.detail())]
pub struct TokenRejected(AuthenticateError);

impl TokenRejected {
    pub fn detail(&self) -> &'static str {
        match self.0 {
            AuthenticateError::Expired => "token expired",
            AuthenticateError::Invalid => "invalid token",
            AuthenticateError::AccountGone => "account no longer exists",
        }
    }
}

impl poem::error::ResponseError for TokenRejected {
    fn status(&self) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }
}

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

    /// The token was good but its account is gone.
    pub fn account_gone() -> Self {
        Self::invalid("account no longer exists")
    }
}
