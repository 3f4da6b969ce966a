//! [`Mailer`] over SMTP (`lettre`), for production.
//!
//! `SMTP_URL` says everything about the connection in lettre's URL form:
//! `smtps://user:pass@smtp.example.com` (TLS from the first byte, port 465),
//! `smtp://user:pass@smtp.example.com:587?tls=required` (STARTTLS), or `smtp://host:port` (no
//! TLS: only for a relay on the same host or network). The URL may hold a password, so it is a
//! secret and never appears in errors.

use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

use crate::ports::{Mail, MailError, Mailer};

#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub url: SecretString,
    /// `Signalbox <no-reply@example.com>` or a bare address.
    pub from: String,
    /// Per connection and command; a hung server must not hold a request for long.
    pub timeout: Duration,
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// Builds the transport; makes no connection (the first mail does).
    ///
    /// # Errors
    /// When the URL or the sender address is malformed (the message never quotes the URL).
    pub fn new(settings: &SmtpSettings) -> anyhow::Result<Self> {
        let from: Mailbox = settings.from.parse().context("MAIL_FROM is not a valid mailbox")?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(settings.url.expose_secret())
            .map_err(|_| anyhow::anyhow!("SMTP_URL is malformed (expected smtp://… or smtps://…)"))?
            .timeout(Some(settings.timeout))
            .build();
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let to: Mailbox =
            mail.to.as_str().parse().map_err(|err| MailError::Rejected(format!("recipient address: {err}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|err| MailError::Rejected(format!("message could not be built: {err}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(err) if err.is_permanent() => Err(MailError::Rejected(err.to_string())),
            Err(err) => Err(MailError::Unavailable(anyhow::Error::new(err).context("sending mail over SMTP"))),
        }
    }
}
