//! `/auth/password-reset*`, `/auth/change-password` and `DELETE /auth/me`: getting back into
//! an account, and looking after one.
//!
//! A wrong current password is answered 400, not 401: 401 means "your token is no good" to
//! every client (the dashboard renews its session on it), and the token here is fine.

use std::sync::Arc;

use poem_openapi::OpenApi;
use poem_openapi::param::Cookie;
use poem_openapi::payload::Json;

mod bodies;
mod responses;

pub use bodies::*;
pub use responses::*;

use super::ApiTags;
use super::answer::answered;
use super::client::Client;
use super::input::InvalidInput;
use super::late_json::LateJson;
use super::new_password::new_password;
use crate::adapters::http::refresh_cookie::RefreshCookie;
use crate::adapters::http::security::BearerAuth;
use crate::app::accounts::AccountsService;
use crate::app::accounts::{Attempt, ChangePasswordCommand, ConfirmPasswordResetCommand, ConfirmPasswordResetError};
use crate::domain::{Email, Password, ResetToken};

/// The one answer to a reset request, whoever asked.
pub const RESET_REQUESTED: &str =
    "If an account uses this email, a link to choose a new password is on its way. It works once, for 30 minutes.";

pub struct AccountApi {
    pub accounts: Arc<AccountsService>,
    pub cookie: RefreshCookie,
}

#[OpenApi(tag = "ApiTags::Auth")]
impl AccountApi {
    /// Ask for a password-reset link
    ///
    /// Mails a link to `<PUBLIC_URL>/reset-password?token=…` if the email has an account. The
    /// answer is the same either way. Limited to 10 attempts per minute per client address, and
    /// to 3 mails per email address per hour (beyond that: the same answer, no mail).
    #[oai(path = "/auth/password-reset", method = "post")]
    async fn request_reset(
        &self,
        Client(client): Client,
        body: LateJson<PasswordResetRequestBody>,
    ) -> PasswordResetResponse {
        answered(
            async {
                let admitted = self.accounts.admit(Attempt::PasswordReset, client).await?;
                let body = body.parse()?;
                let email = Email::parse(&body.email).map_err(InvalidInput::from_error)?;
                self.accounts.request_password_reset(admitted, email).await?;
                let accepted = AcceptedBody { detail: RESET_REQUESTED.to_owned() };
                Ok::<_, PasswordResetResponse>(PasswordResetResponse::Accepted(Json(accepted)))
            }
            .await,
        )
    }

    /// Set a new password with a reset link
    ///
    /// The link works once, for 30 minutes. Every session of the account ends.
    #[oai(path = "/auth/password-reset/confirm", method = "post")]
    async fn confirm_reset(
        &self,
        Client(client): Client,
        body: LateJson<PasswordResetConfirmBody>,
    ) -> PasswordResetConfirmResponse {
        answered(
            async {
                let admitted = self.accounts.admit(Attempt::PasswordResetConfirm, client).await?;
                let body = body.parse()?;
                // A malformed link is answered like any dead one.
                let token = ResetToken::parse(&body.token).map_err(|_| ConfirmPasswordResetError::InvalidToken)?;
                let password = new_password(&body.password, None).await.map_err(InvalidInput)?;
                self.accounts.confirm_password_reset(admitted, ConfirmPasswordResetCommand { token, password }).await?;
                Ok::<_, PasswordResetConfirmResponse>(PasswordResetConfirmResponse::Done)
            }
            .await,
        )
    }

    /// Change the password
    ///
    /// Needs the current password. Every other session of the account ends; the one whose
    /// refresh cookie comes with the request continues.
    #[oai(path = "/auth/change-password", method = "post")]
    async fn change_password(
        &self,
        Client(client): Client,
        bearer: BearerAuth,
        #[oai(name = "signalbox_refresh")] refresh_token: Cookie<Option<String>>,
        body: Json<ChangePasswordBody>,
    ) -> ChangePasswordResponse {
        let user = bearer.0.user;
        answered(
            async {
                let new = new_password(&body.new_password, None).await.map_err(InvalidInput)?;
                let command = ChangePasswordCommand { current: Password::parse(&body.current_password).ok(), new };
                self.accounts.change_password(user, &client, refresh_token.0.as_deref(), command).await?;
                Ok::<_, ChangePasswordResponse>(ChangePasswordResponse::Done)
            }
            .await,
        )
    }
}
