//! Outgoing mail: [`SmtpMailer`] sends through an SMTP server (`SMTP_URL`); without one, in
//! development, [`DevOutbox`] keeps every message in memory and lists it at `GET /dev/mailbox`
//! so the offline product (and its end-to-end walk) can follow a reset link.

mod mailbox_page;
mod outbox;
mod smtp;

pub use mailbox_page::MailSettled;
pub use outbox::{DevOutbox, SentMail};
pub use smtp::{SmtpMailer, SmtpSettings};
