//! "Forgot password": mail a single-use link that sets a new password.
//!
//! The answer is the same whether or not the email belongs to an account, so the form cannot
//! be used to find out who has one; attempts are limited per client address like log-in, and
//! mails per address whoever asks (so nobody can use us to flood an inbox from many networks).
//! A mail that cannot be sent, or is over the address's limit, is logged, not reported, for
//! the same reason.

use super::auth_throttle::{AuthBucket, MalformedInput, throttled_by};
use super::failure::store_failures;
use crate::app::Signalbox;
use crate::domain::password_reset::{reset_expires_at, reset_link, reset_mail_body};
use crate::domain::{Email, ResetToken};
use crate::ports::{Mail, NewResetToken};

pub const RESET_MAIL_SUBJECT: &str = "Reset your Signalbox password";

#[derive(Debug, thiserror::Error)]
pub enum RequestPasswordResetError {
    /// The email is not valid.
    #[error(transparent)]
    Invalid(#[from] MalformedInput),
    /// Too many attempts from this client address.
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyAttempts { retry_after_secs: u64 },
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(RequestPasswordResetError);
throttled_by!(RequestPasswordResetError);

impl Signalbox {
    /// Counts the attempt against `client` (its address), then mails a reset link if `email`
    /// has an account.
    pub async fn request_password_reset(
        &self,
        client: &crate::domain::ClientNetwork,
        email: Result<Email, MalformedInput>,
    ) -> Result<(), RequestPasswordResetError> {
        self.throttle_auth(AuthBucket::PasswordReset, client).await?;
        let email = email?;
        if !self.admit_reset_mail(&email).await? {
            tracing::info!("password reset asked too often for one email; nothing sent");
            return Ok(());
        }
        let Some(account) = self.deps.users.find_credentials_by_email(&email).await? else {
            tracing::info!("password reset asked for an email with no account; nothing sent");
            return Ok(());
        };
        let (token, now) = (ResetToken::generate(), self.now());
        let stored = NewResetToken {
            hash: token.hash(),
            user: account.user.id,
            issued_at: now,
            expires_at: reset_expires_at(now),
        };
        self.deps.password_resets.issue(&stored).await?;
        let link = reset_link(&self.policies.public_url, &token);
        let mail = Mail { to: email, subject: RESET_MAIL_SUBJECT.into(), body: reset_mail_body(&link) };
        match self.deps.mailer.send(&mail).await {
            Ok(()) => tracing::info!(user_id = %account.user.id, "password reset link sent"),
            Err(err) => tracing::error!(
                user_id = %account.user.id,
                error = format!("{:#}", anyhow::Error::from(err)),
                "password reset mail could not be sent"
            ),
        }
        Ok(())
    }
}
