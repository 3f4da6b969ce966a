//! The per-account half of "forgot password", run after the answer has gone: look the address
//! up and, when it has an account, issue a single-use token and mail the link.
//!
//! It runs on a background task (see `request_password_reset`) because it is exactly the work
//! an unknown address skips; done before answering, the answer's timing would tell who has an
//! account. With no caller left to tell, every failure is logged here.

use super::AccountsService;
use crate::domain::password_reset::{reset_expires_at, reset_link, reset_mail_body};
use crate::domain::{Email, ResetToken};
use crate::ports::{Mail, NewResetToken};

use super::request_password_reset::RESET_MAIL_SUBJECT;

impl AccountsService {
    /// Mails a reset link to `email` if it has an account; logs what happened.
    pub(crate) async fn mail_reset_link(&self, email: Email) {
        if let Err(err) = self.try_mail_reset_link(email).await {
            tracing::error!(error = format!("{err:#}"), "password reset mail could not be sent");
        }
    }

    async fn try_mail_reset_link(&self, email: Email) -> anyhow::Result<()> {
        let Some(account) = self.users.find_credentials_by_email(&email).await? else {
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
        self.password_resets.issue(&stored).await?;
        let link = reset_link(&self.policies.frontend_url, &token);
        let mail = Mail { to: email, subject: RESET_MAIL_SUBJECT.into(), body: reset_mail_body(&link) };
        self.mailer.send(&mail).await?;
        tracing::info!(user_id = %account.user.id, "password reset link sent");
        Ok(())
    }
}
