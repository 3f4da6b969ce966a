//! "Forgot password": mail a single-use link that sets a new password.
//!
//! The answer is the same whether or not the email belongs to an account, so the form cannot
//! be used to find out who has one; attempts are limited per client address like log-in, and
//! mails per address whoever asks (so nobody can use us to flood an inbox from many networks).
//!
//! Its *timing* is the same too: before answering, this does only what every well-formed
//! address costs (the two counters), then hands the address to a background task that looks it
//! up and, for an account, issues a token and sends the mail (`password_reset_mail`). Those
//! tasks are bounded ([`RESET_MAIL_TASKS`] at once); beyond that a request is dropped with a
//! log line rather than queued, so a flood costs a fixed amount. Dropped, over the limit, or
//! failed: the answer is the same `Ok`, for the same reason.

use std::sync::Arc;

use super::AccountsService;
use super::auth_throttle::{Admitted, Attempt};
use crate::app::shared::failure::store_failures;
use crate::domain::Email;

pub const RESET_MAIL_SUBJECT: &str = "Reset your Signalbox password";

/// Reset mails being prepared or sent at once. Each holds a database connection for a moment
/// and an SMTP exchange (10 s at worst); 32 is far above what people asking for their own
/// password need, and small enough that a flood cannot take the pool.
pub const RESET_MAIL_TASKS: u32 = 32;

#[derive(Debug, thiserror::Error)]
pub enum RequestPasswordResetError {
    /// A backing service is unavailable; retrying may help.
    #[error(transparent)]
    Unavailable(crate::ports::StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(RequestPasswordResetError);

impl AccountsService {
    /// For a client already admitted ([`Attempt::PasswordReset`]): counts the request against
    /// `email`, then — within that limit — has a reset link mailed in the background if `email` has an account. Returns
    /// before any of that per-account work; [`AccountsService::reset_mails_idle`] waits for it.
    pub async fn request_password_reset(
        self: &Arc<Self>,
        admitted: Admitted,
        email: Email,
    ) -> Result<(), RequestPasswordResetError> {
        debug_assert!(admitted.is_for(Attempt::PasswordReset), "admitted for {admitted:?}");
        if !self.admit_reset_mail(&email).await? {
            tracing::info!("password reset asked too often for one email; nothing sent");
            return Ok(());
        }
        let app = Arc::clone(self);
        if !self.reset_mails.try_spawn(async move { app.mail_reset_link(email).await }) {
            metrics::counter!("signalbox_password_reset_mails_dropped_total").increment(1);
            tracing::warn!(capacity = RESET_MAIL_TASKS, "reset mails at capacity; this request was dropped");
        }
        Ok(())
    }

    /// Resolves once every reset mail asked for so far has been sent (or has failed): for
    /// tests, and for the development mailbox, which lists only what was sent.
    pub async fn reset_mails_idle(&self) {
        self.reset_mails.idle().await;
    }
}
