//! `/auth/refresh` and `/auth/logout`: keeping a session alive and ending it, through the
//! refresh cookie that `POST /auth/login` sets.
//!
//! Every answer that leaves the cookie useless also deletes it, so the browser stops sending
//! a dead token.

use std::sync::Arc;

use poem_openapi::param::Cookie;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};

use super::ApiTags;
use super::answer::answered;
use super::client::Client;
use super::token_body::{NO_STORE, TokenBody};
use crate::adapters::http::error_body::*;
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::http::request_error::*;
use crate::app::accounts::AccountsService;
use crate::app::accounts::{LogoutError, RefreshError};

pub struct SessionApi {
    pub accounts: Arc<AccountsService>,
    pub cookie: RefreshCookie,
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum RefreshResponse {
    /// A new access token. `Set-Cookie` replaces the refresh cookie with its successor: each
    /// refresh token works once (a cookie presented again within 10 seconds of its use is the
    /// same client retrying after a lost answer: it gets a new successor, which replaces the
    /// one it never received).
    #[oai(status = 200)]
    Ok(Json<TokenBody>, #[oai(header = "Set-Cookie")] String, #[oai(header = "Cache-Control")] String),
    /// No refresh cookie, or one that is unknown, expired, logged out or already used more than
    /// 10 seconds ago (which ends its session everywhere), or a session past its absolute
    /// lifetime. The cookie is deleted; log in again.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "Set-Cookie")] String),
    /// Too many refreshes from this client network or of this session; retry after
    /// `Retry-After` seconds. The cookie is kept: the session is still valid.
    #[oai(status = 429)]
    TooManyAttempts(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum LogoutResponse {
    /// Logged out (also when there was no session to end); the refresh cookie is deleted.
    #[oai(status = 204)]
    LoggedOut(#[oai(header = "Set-Cookie")] String),
    /// The session could not be ended; the cookie is kept so a retry can end it.
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

/// These operations take no body, header or credentials that could fail to parse (the cookie
/// is optional text), so a request error cannot really happen. Should one anyway, the answer
/// deletes the cookie without `Secure`, which deletes it on http and https alike.
fn insecure_clear() -> String {
    RefreshCookie::for_public_url("http://localhost").clear()
}

server_failures!(RefreshResponse, LogoutResponse);

impl FromRequestError for RefreshResponse {
    fn from_request_error(error: RequestError) -> Self {
        let detail = match error {
            RequestError::Unauthorized(_) => "invalid refresh token".to_owned(),
            RequestError::UnsupportedMediaType(d) | RequestError::Unprocessable(d) => d,
        };
        Self::Unauthorized(Json(ErrorBody::new(detail)), insecure_clear())
    }
}

impl FromRequestError for LogoutResponse {
    fn from_request_error(_: RequestError) -> Self {
        Self::LoggedOut(insecure_clear())
    }
}

#[OpenApi(tag = "ApiTags::Auth")]
impl SessionApi {
    /// Refresh the access token
    ///
    /// Exchanges the refresh cookie set by `POST /auth/login` for a new 30-minute access token
    /// and a new refresh cookie. Call it when a request gets 401, once, and share one call
    /// between concurrent requests: presenting a refresh token twice ends the session.
    /// Limited to 10 refreshes per minute per session and (by default) 60 per client network;
    /// a session ends 30 days (by default) after its login however often it is refreshed.
    #[oai(path = "/auth/refresh", method = "post")]
    async fn refresh(
        &self,
        Client(client): Client,
        #[oai(name = "signalbox_refresh")] refresh_token: Cookie<Option<String>>,
    ) -> RefreshResponse {
        answered(
            async {
                let presented = refresh_token.0.ok_or_else(|| self.unauthorized("missing refresh token"))?;
                let session = self.accounts.refresh(&client, &presented).await.map_err(|err| self.refused(err))?;
                let cookie = self.cookie.set(&session.refresh, session.refresh_expires_in_secs);
                Ok::<_, RefreshResponse>(RefreshResponse::Ok(
                    Json(TokenBody::new(&session)),
                    cookie,
                    NO_STORE.to_owned(),
                ))
            }
            .await,
        )
    }

    /// Log out
    ///
    /// Ends the session of the refresh cookie on every device it reached and deletes the
    /// cookie. Access tokens already issued keep working until they expire (30 minutes at
    /// most); drop yours.
    #[oai(path = "/auth/logout", method = "post")]
    async fn logout(&self, #[oai(name = "signalbox_refresh")] refresh_token: Cookie<Option<String>>) -> LogoutResponse {
        answered(
            async {
                if let Some(presented) = refresh_token.0 {
                    self.accounts.logout(&presented).await?;
                }
                Ok::<_, LogoutResponse>(LogoutResponse::LoggedOut(self.cookie.clear()))
            }
            .await,
        )
    }
}

impl SessionApi {
    /// The one 401 of a refresh: the cookie is useless, so it is deleted too.
    fn unauthorized(&self, detail: &str) -> RefreshResponse {
        RefreshResponse::Unauthorized(Json(ErrorBody::new(detail)), self.cookie.clear())
    }

    /// A refused refresh. Only a 401 deletes the cookie: after a 429 or an outage the session
    /// is still valid.
    fn refused(&self, err: RefreshError) -> RefreshResponse {
        match err {
            RefreshError::Invalid | RefreshError::Expired | RefreshError::SessionEnded | RefreshError::Reused => {
                self.unauthorized(&err.to_string())
            }
            RefreshError::TooManyAttempts { retry_after_secs } => {
                RefreshResponse::TooManyAttempts(too_many_attempts(retry_after_secs), retry_after_secs)
            }
            RefreshError::Unavailable(err) => RefreshResponse::outage(err),
            RefreshError::Unexpected(err) => RefreshResponse::bug(err),
        }
    }
}

impl From<LogoutError> for LogoutResponse {
    fn from(err: LogoutError) -> Self {
        match err {
            LogoutError::Unavailable(err) => Self::outage(err),
            LogoutError::Unexpected(err) => Self::bug(err),
        }
    }
}
