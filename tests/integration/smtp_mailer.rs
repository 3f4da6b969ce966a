//! The SMTP mail adapter against a local SMTP sink started by the test.

use std::time::Duration;

use secrecy::SecretString;
use signalbox::adapters::mail::{SmtpMailer, SmtpSettings};
use signalbox::domain::Email;
use signalbox::ports::{Mail, MailError, Mailer};

use crate::support::smtp_sink::SmtpSink;

fn mailer(url: String) -> SmtpMailer {
    SmtpMailer::new(&SmtpSettings {
        url: SecretString::from(url),
        from: "Signalbox <no-reply@signals.example.com>".into(),
        timeout: Duration::from_secs(5),
    })
    .unwrap()
}

fn reset_mail() -> Mail {
    Mail {
        to: Email::parse("trader@example.com").unwrap(),
        subject: "Reset your Signalbox password".into(),
        body: "Choose a new password here:\nhttps://signals.example.com/reset-password?token=abc\n".into(),
    }
}

#[tokio::test]
async fn a_mail_reaches_the_smtp_server_with_its_envelope_subject_and_body() {
    let sink = SmtpSink::start(false).await;

    mailer(format!("smtp://127.0.0.1:{}", sink.port)).send(&reset_mail()).await.unwrap();

    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].from, "<no-reply@signals.example.com>");
    assert_eq!(received[0].to, vec!["<trader@example.com>".to_owned()]);
    assert!(received[0].data.contains("Subject: Reset your Signalbox password"), "{}", received[0].data);
    assert!(received[0].data.contains("reset-password?token=abc"), "{}", received[0].data);
    assert!(received[0].data.contains("From: Signalbox <no-reply@signals.example.com>"));
}

#[tokio::test]
async fn a_refused_recipient_is_a_rejection_not_an_outage() {
    let sink = SmtpSink::start(true).await;

    let err = mailer(format!("smtp://127.0.0.1:{}", sink.port)).send(&reset_mail()).await.unwrap_err();

    assert!(matches!(err, MailError::Rejected(_)), "{err:?}");
}

#[tokio::test]
async fn a_server_that_is_not_there_is_unavailable() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };

    let err = mailer(format!("smtp://127.0.0.1:{port}")).send(&reset_mail()).await.unwrap_err();

    assert!(matches!(err, MailError::Unavailable(_)), "{err:?}");
}

#[test]
fn a_malformed_url_is_refused_without_quoting_its_password() {
    let Err(err) = SmtpMailer::new(&SmtpSettings {
        url: SecretString::from("ftp://user:hunter2@mail".to_owned()),
        from: "a@example.com".into(),
        timeout: Duration::from_secs(1),
    }) else {
        panic!("a malformed URL was accepted")
    };
    assert!(!format!("{err:#}").contains("hunter2"));
}
