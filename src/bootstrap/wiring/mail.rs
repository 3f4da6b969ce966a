//! Where mail goes: SMTP, or the development outbox and its `GET /dev/mailbox` page.

use std::sync::Arc;
use std::time::Duration;

use super::pages::Pages;
use crate::adapters::mail::{DevOutbox, MailSettled, SmtpMailer, SmtpSettings};
use crate::app::accounts::AccountsService;
use crate::bootstrap::config::{AppEnv, Settings};
use crate::ports::{Clock, Mailer};

/// `GET /dev/mailbox`, listing `outbox` once the reset mails `accounts` is still sending are in it
/// (development only: see [`mailer`]).
pub fn mailbox_page(outbox: Arc<DevOutbox>, accounts: Arc<AccountsService>) -> Pages {
    let settled: MailSettled = Arc::new(move || {
        let accounts = accounts.clone();
        Box::pin(async move { accounts.reset_mails_idle().await })
    });
    Box::new(move |routes| DevOutbox::mount(outbox, settled, routes))
}

/// The mailer, and the development outbox again when [`mailbox_page`] should list it.
pub type MailerChoice = (Arc<dyn Mailer>, Option<Arc<DevOutbox>>);

/// SMTP when `SMTP_URL` is set. Otherwise the development outbox, returned a second time when
/// [`mailbox_page`] should list it: in development only — production refuses to start without
/// SMTP, and there the page is never mounted (it answers 404).
pub fn mailer(settings: &Settings, clock: Arc<dyn Clock>) -> anyhow::Result<MailerChoice> {
    match &settings.smtp_url {
        Some(url) => {
            let smtp = SmtpMailer::new(&SmtpSettings {
                url: url.clone(),
                from: settings.mail_from.clone(),
                timeout: Duration::from_secs(10),
            })?;
            Ok((Arc::new(smtp), None))
        }
        None => {
            let outbox = Arc::new(DevOutbox::new(clock));
            let listed = (settings.app_env == AppEnv::Development).then(|| outbox.clone());
            Ok((outbox, listed))
        }
    }
}
